from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from prioritisation.access import can_restore_any_plan
from prioritisation.changes import restore_plan
from prioritisation.models import Plan


def _deleted_plans_for(user):
    """Deleted plans the user may restore: their own; an administrator's, everyone's.

    Like get_plan_for_user, the owner is in the query, not checked afterwards.
    """
    plans = Plan.objects.deleted().select_related("catalogue", "owner")
    if can_restore_any_plan(user):
        return plans
    return plans.owned_by(user)


@login_required
@require_safe
def deleted_plans(request):
    """Slettede handleplaner, newest deletion first, each with a "Gendan" button."""
    plans = _deleted_plans_for(request.user).order_by("-deleted_at", "-pk")
    return render(
        request,
        "prioritisation/deleted_plans.html",
        {"plans": plans, "sees_all": can_restore_any_plan(request.user)},
    )


@login_required
@require_POST
def plan_restore(request, pk):
    plan = get_object_or_404(_deleted_plans_for(request.user), pk=pk)
    restore_plan(plan)
    messages.success(request, _("„%(name)s“ er gendannet.") % {"name": plan.name})
    if plan.owner_id == request.user.pk:
        return redirect(plan)
    return redirect("prioritisation:deleted_plans")
