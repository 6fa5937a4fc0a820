"""Sharing a plan with the committee, proposing it, and adopting it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from prioritisation import changes
from prioritisation.access import can_adopt_plans
from prioritisation.budget import plan_budget

from ._helpers import get_plan_for_reading, get_plan_for_user, member_required, refused_writes_shown


def _owner_action(change, message):
    """A POST view for the plan's owner that applies ``change`` and says ``message``."""

    @member_required
    @require_POST
    @refused_writes_shown
    def view(request, pk):
        plan = get_plan_for_user(request, pk)
        change(plan)
        messages.success(request, message % {"name": plan.name})
        return redirect(plan)

    return view


plan_share = _owner_action(
    changes.share_plan,
    _("„%(name)s“ er delt med udvalget. Alle udvalgsmedlemmer og læsere kan nu læse den."),
)
plan_unshare = _owner_action(
    changes.withdraw_sharing,
    _("„%(name)s“ er ikke længere delt med udvalget. Kun du kan se den."),
)
plan_propose = _owner_action(
    changes.propose_plan,
    _("„%(name)s“ er foreslået til udvalget og delt, så alle kan læse den."),
)
plan_to_draft = _owner_action(changes.return_to_draft, _("„%(name)s“ er en kladde igen."))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@refused_writes_shown
def plan_adopt(request, pk):
    """An administrator adopts a plan shared with the committee; it is frozen from now.

    GET asks first, on a page that names the plan, its totals per year and what
    adoption freezes; the POST from that page adopts.
    """
    if not can_adopt_plans(request.user):
        return render(
            request,
            "prioritisation/forbidden.html",
            {"reason": _("Kun en administrator kan vedtage en handleplan.")},
            status=403,
        )
    plan = get_plan_for_reading(request, pk)
    if request.method != "POST":
        items, allocations = plan.budget_rows()
        budget = plan_budget(plan=plan, items=items, allocations=allocations)
        context = {"plan": plan, "catalogue": plan.catalogue, "budget": budget}
        return render(request, "prioritisation/plan_confirm_adopt.html", context)
    changes.adopt_plan(plan, by=request.user)
    messages.success(
        request,
        _(
            "„%(name)s“ er vedtaget. Beløb og tekster er låst; kataloget kan ændres uden at "
            "ændre den."
        )
        % {"name": plan.name},
    )
    return redirect(plan)
