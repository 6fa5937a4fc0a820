from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from prioritisation.budget import plan_budget
from prioritisation.chart import bar_chart
from prioritisation.forms import PlanItemForm

from ._helpers import get_plan_for_user

TEMPLATE = "prioritisation/plan_detail.html"


def item_form_prefix(item) -> str:
    return f"item-{item.pk}"


def plan_page_context(plan, *, bound_form=None) -> dict:
    """Everything the plan page shows, recomputed from the database on every request.

    Two queries (the items joined to initiative, focus area and goal; the allocations
    joined to goal), whatever the number of items. ``bound_form``: an item form that
    failed validation, shown with its errors in place of a fresh one.
    """
    items = list(plan.items.select_related("initiative__focus_area__goal"))
    allocations = list(plan.allocations.select_related("goal"))
    for item in items:
        if bound_form is not None and bound_form.instance.pk == item.pk:
            # A fresh instance for the sums: the invalid form has changed its own.
            item.edit_form = bound_form
        else:
            item.edit_form = PlanItemForm(instance=item, prefix=item_form_prefix(item))
    budget = plan_budget(plan=plan, items=items, allocations=allocations)
    return {
        "plan": plan,
        "catalogue": plan.catalogue,
        "budget": budget,
        "chart": bar_chart(budget),
        "failed_form": bound_form,
    }


@login_required
def plan_detail(request, pk):
    """The plan: its items by pejlemærke and fokusområde, and every budget figure.

    Queries: the session and user, the plan (owner in the query, joined to its
    catalogue), its items, its allocations. Five, from 0 to 200 items.
    """
    plan = get_plan_for_user(request, pk)
    return render(request, TEMPLATE, plan_page_context(plan))
