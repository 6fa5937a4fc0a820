from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import render

from prioritisation.access import can_build_plans
from prioritisation.budget import plan_budget
from prioritisation.models import Allocation, Plan, PlanItem


@login_required
def plan_list(request):
    """Mine handleplaner, with each plan's totals and whether it is over its ceiling.

    The totals come from budget.py, so the list and the plan page never disagree.
    Queries, whatever the number of plans: the plans (joined to their catalogues),
    all their items (joined to initiative, focus area and goal), all their
    allocations, and the permission check for the "Opret" button (two).
    """
    plans = (
        Plan.objects.active()
        .owned_by(request.user)
        .select_related("catalogue")
        .prefetch_related(
            Prefetch(
                "items", queryset=PlanItem.objects.select_related("initiative__focus_area__goal")
            ),
            Prefetch("allocations", queryset=Allocation.objects.select_related("goal")),
        )
    )
    rows = [
        (plan, plan_budget(plan=plan, items=plan.items.all(), allocations=plan.allocations.all()))
        for plan in plans
    ]
    return render(
        request,
        "prioritisation/plan_list.html",
        {"rows": rows, "can_create": can_build_plans(request.user)},
    )
