from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import render
from django.views.decorators.http import require_safe

from prioritisation.access import can_build_plans
from prioritisation.budget import plan_budget
from prioritisation.models import Allocation, Plan, PlanItem


def plans_with_budgets(plans) -> list[tuple[Plan, object]]:
    """[(plan, its PlanBudget)] for a queryset of plans, in the same number of queries
    for any number of plans. The totals come from budget.py, so a list and the plan page
    never disagree."""
    plans = plans.select_related("catalogue", "owner").prefetch_related(
        Prefetch("items", queryset=PlanItem.objects.select_related("initiative__focus_area__goal")),
        Prefetch("allocations", queryset=Allocation.objects.select_related("goal")),
    )
    return [
        (plan, plan_budget(plan=plan, items=plan.items.all(), allocations=plan.allocations.all()))
        for plan in plans
    ]


@login_required
@require_safe
def plan_list(request):
    """Mine handleplaner, with each plan's totals and whether it is over its ceiling."""
    rows = plans_with_budgets(Plan.objects.active().owned_by(request.user))
    return render(
        request,
        "prioritisation/plan_list.html",
        {"rows": rows, "can_create": can_build_plans(request.user)},
    )
