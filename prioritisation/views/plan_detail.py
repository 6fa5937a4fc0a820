from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from prioritisation.access import can_adopt_plans, can_build_plans
from prioritisation.budget import plan_budget
from prioritisation.chart import bar_chart

from ._helpers import get_plan_for_reading

TEMPLATE = "prioritisation/plan_detail.html"


def item_form_prefix(item) -> str:
    return f"item-{item.pk}"


def plan_page_context(plan, *, user, bound_form=None) -> dict:
    """Everything the plan page shows, recomputed from the database on every request.

    Two queries (the items joined to initiative, focus area and goal; the allocations
    joined to goal), whatever the number of items, and the user's permissions (two,
    cached for the request). ``bound_form``: an item form that failed validation,
    shown with its errors at its item; the other items link to their form (item_edit).

    The owner edits a plan that is not adopted; everyone else who may read it (it is
    shared) reads it. Until adoption, an item whose figures the catalogue has changed
    since they were agreed shows both.
    """
    is_owner = plan.owner_id == user.pk
    can_edit = is_owner and not plan.is_adopted
    items, allocations = plan.budget_rows()
    for item in items:
        item.changes = [] if plan.is_adopted else item.catalogue_changes()
        if can_edit and bound_form is not None and bound_form.instance.pk == item.pk:
            # A fresh instance for the sums: the invalid form has changed its own.
            item.edit_form = bound_form
        else:
            item.edit_form = None
    budget = plan_budget(plan=plan, items=items, allocations=allocations)
    return {
        "plan": plan,
        "catalogue": plan.catalogue,
        "budget": budget,
        "chart": bar_chart(budget),
        "failed_form": bound_form,
        "is_owner": is_owner,
        "can_edit": can_edit,
        "can_copy": can_build_plans(user),
        "can_adopt": plan.is_shared and not plan.is_adopted and can_adopt_plans(user),
        "changed_items": [item for item in items if item.changes],
    }


@login_required
@require_safe
def plan_detail(request, pk):
    """The plan: its items by pejlemærke and fokusområde, and every budget figure.

    Queries: the session and user, the plan (owner or shared in the query, joined to
    its catalogue and owner), its items, its allocations, and the user's permissions
    (two). Seven, from 0 to 200 items.
    """
    plan = get_plan_for_reading(request, pk)
    return render(request, TEMPLATE, plan_page_context(plan, user=request.user))
