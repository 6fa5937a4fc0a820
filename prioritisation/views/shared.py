from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from prioritisation.models import Plan

from .plan_list import plans_with_budgets


@login_required
@require_safe
def shared_plans(request):
    """Udvalgets handleplaner: every plan shared with the committee, for every role;
    below them the user's own unshared plans, so any of them can be ticked to compare.
    """
    plans = Plan.objects.active()
    rows = plans_with_budgets(plans.shared().order_by("-shared_at", "-pk"))
    own_rows = plans_with_budgets(plans.owned_by(request.user).filter(shared_at__isnull=True))
    return render(request, "prioritisation/shared_plans.html", {"rows": rows, "own_rows": own_rows})
