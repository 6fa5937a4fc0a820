from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from common.pagecache import shared_html
from prioritisation.access import can_adopt_plans, can_build_plans
from prioritisation.budget import plan_budget
from prioritisation.chart import bar_chart

from ._helpers import get_plan_for_reading, plan_key

TEMPLATE = "prioritisation/plan_detail.html"
CONTENT_TEMPLATE = "prioritisation/_plan_page.html"


def item_form_prefix(item) -> str:
    return f"item-{item.pk}"


def viewer_rights(plan, *, user) -> dict:
    """What the user may do on the plan page. The owner edits a plan that is not adopted;
    everyone else who may read it (it is shared) reads it."""
    is_owner = plan.owner_id == user.pk
    return {
        "is_owner": is_owner,
        "can_edit": is_owner and not plan.is_adopted,
        "can_copy": can_build_plans(user),
        "can_adopt": plan.is_shared and not plan.is_adopted and can_adopt_plans(user),
    }


def plan_page_context(plan, *, rights, bound_form=None) -> dict:
    """Everything the plan page's content shows, from the database, in the same number
    of queries whatever the number of items. ``bound_form``: an item form that
    failed validation, shown with its errors at its item; the other items link to their
    form (item_edit). Until adoption, an item whose figures the catalogue has changed
    since they were agreed shows both.
    """
    items, allocations = plan.budget_rows()
    for item in items:
        item.changes = [] if plan.is_adopted else item.catalogue_changes()
        if rights["can_edit"] and bound_form is not None and bound_form.instance.pk == item.pk:
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
        **rights,
        "changed_items": [item for item in items if item.changes],
    }


def render_plan_page(request, plan, *, bound_form=None):
    """The plan page. Its content is the same for every reader with the same rights
    until the plan or the catalogue changes, so it is kept in the shared cache under
    their versions, with the reader's CSRF token put in; a failed item form is the
    reader's own, so that page is rendered afresh."""
    rights = viewer_rights(plan, user=request.user)
    if bound_form is not None:
        context = plan_page_context(plan, rights=rights, bound_form=bound_form)
        content = render_to_string(CONTENT_TEMPLATE, context, request)
    else:
        content = shared_html(
            request,
            ("plan-page", plan_key(plan), tuple(sorted(rights.items()))),
            lambda shared: render_to_string(
                CONTENT_TEMPLATE, {**plan_page_context(plan, rights=rights), **shared}
            ),
        )
    page = {"plan": plan, "catalogue": plan.catalogue, "plan_html": content}
    return render(request, TEMPLATE, page)


@login_required
@require_safe
def plan_detail(request, pk):
    """The plan: its items by pejlemærke and fokusområde, and every budget figure."""
    plan = get_plan_for_reading(request, pk)
    return render_plan_page(request, plan)
