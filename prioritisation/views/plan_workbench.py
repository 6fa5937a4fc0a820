"""The workbench (arbejdsbord): the catalogue beside the plan's running totals.

The owner filters the catalogue's initiatives (pejlemærke, fokusområde, star, search),
sees what each would cost in this plan per year before adding it, and adds, removes and
scales with the item views' own forms (item_add, item_remove, item_edit). Those forms
carry ``from=workbench`` and ``next`` (the workbench's address with its filters): with
htmx the item views answer with ``workbench_update`` (the totals panel, with the figures
the change moved marked ``changed``, and the list beside it), without JavaScript they
redirect back to ``next``. Every answer is built by one loader, ``workbench_context``,
in the same number of queries whatever the size of the plan and the catalogue.

Only the owner works here; anyone else who may read the plan (it is shared) is sent to
the plan page. An adopted plan shows, without a single control that writes.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from catalogue.filters import InitiativeFilter, kept_filters
from catalogue.models import Initiative
from catalogue.views.overview import LONG_TEXTS
from prioritisation import workbench
from prioritisation.budget import ItemBudget, item_budget, plan_budget

from ._helpers import get_plan_for_reading, safe_next
from .plan_detail import viewer_rights

PAGE_TEMPLATE = "prioritisation/workbench.html"
LIST_TEMPLATE = "prioritisation/_workbench_list.html"
UPDATE_TEMPLATE = "prioritisation/_workbench_update.html"

# The catalogue's filters the workbench offers (catalogue.filters.InitiativeFilter's).
FILTERS = ("q", "goal", "focus_area", "starred")
PER_PAGE = 25
# Where a form's confirmation is shown, and the keyboard's focus put: the list's row
# of the initiative ("list") or the totals panel ("side"); a form says which.
AT_FIELD = "at"


@dataclass(frozen=True)
class Change:
    """One item added, removed or scaled, for the answer to mark what it moved."""

    message: str
    initiative_id: int
    goal_id: int
    item_id: int | None  # None: removed
    before: ItemBudget | None = None  # the item's budget before; None: added
    at: str = "side"


@dataclass(frozen=True)
class RefusedAdd:
    """An amount typed beside "Tilføj" that was refused: shown in the initiative's row
    with its errors, the amount kept, and the confirmation where one would do."""

    initiative_id: int
    amount: str
    errors: tuple[str, ...]
    needs_confirmation: bool = False


def workbench_url(plan, query: QueryDict | None = None) -> str:
    url = reverse("prioritisation:plan_workbench", args=[plan.pk])
    return f"{url}?{query.urlencode()}" if query else url


def clean_filters(get: QueryDict) -> tuple[QueryDict, list[str]]:
    """The workbench's filters and page from a query string, each value checked; a
    Danish notice for each value dropped."""
    clean = QueryDict(mutable=True)
    kept, notices = kept_filters(get, FILTERS)
    clean.update(kept)
    page = get.get("page", "")
    if page.isascii() and page.isdigit() and len(page) <= 6 and int(page) > 0:
        clean["page"] = page
    clean._mutable = False
    return clean, notices


def posted_filters(request, plan) -> QueryDict:
    """The filters the workbench showed when its form was posted: those of ``next``, if
    it is this plan's workbench."""
    target = urlsplit(safe_next(request, ""))
    if target.path != workbench_url(plan):
        return QueryDict()
    return clean_filters(QueryDict(target.query))[0]


def _initiatives(plan):
    return (
        Initiative.objects.in_catalogue(plan.catalogue_id)
        .select_related("focus_area__goal")
        .defer(*LONG_TEXTS, "focus_area__purpose")
    )


def workbench_context(request, plan, *, query, change=None, bound_form=None, refused=None) -> dict:
    """Everything the workbench shows: the plan's budget and items, and one page of the
    catalogue's initiatives as the filters in ``query`` choose them, each priced in the
    plan. ``change``: what a write just did, marked in the answer; ``bound_form``: an
    item form that failed, shown at its item with its errors; ``refused``: an amount
    typed beside "Tilføj" that was refused (``RefusedAdd``).

    Queries: the items (joined to initiative, focus area and goal), the allocations, the
    filters' choices of pejlemærke and fokusområde, the count and the page of
    initiatives (and the chosen pejlemærke and fokusområde, to check them); as many
    whatever the number of items and initiatives.
    """
    rights = viewer_rights(plan, user=request.user)
    items, allocations = plan.budget_rows()
    for item in items:
        is_failed = bound_form is not None and bound_form.instance.pk == item.pk
        item.edit_form = bound_form if is_failed and rights["can_edit"] else None
    budget = plan_budget(plan=plan, items=items, allocations=allocations)

    filters = InitiativeFilter(query, queryset=_initiatives(plan), catalogue=plan.catalogue)
    valid = filters.is_valid()
    found = filters.qs if valid else Initiative.objects.none()
    page = Paginator(found, PER_PAGE).get_page(query.get("page"))
    offers = workbench.offers(plan=plan, initiatives=list(page.object_list), budget=budget)

    without_page = query.copy()
    without_page.pop("page", None)
    context = {
        "plan": plan,
        "catalogue": plan.catalogue,
        "budget": budget,
        "filter": filters,
        "filter_errors": not valid,
        "page": page,
        "offers": offers,
        "here": workbench_url(plan, query),
        "workbench_path": workbench_url(plan),
        "page_query": without_page.urlencode(),
        "refused": refused,
        **rights,
    }
    if change is not None:
        after = next((e for e in budget.items if e.item.pk == change.item_id), None)
        if change.at == "list" and any(o.initiative.pk == change.initiative_id for o in offers):
            at = "list"  # the row in the list, where the button was
        elif after is not None and change.at == "side":
            at = "item"  # the item in the totals panel, where its form was
        else:
            at = "side"  # the top of the panel: the item is gone, or not on this page
        context |= {
            "confirmation": change.message,
            "confirmation_at": at,
            "changed_years": workbench.changed_years(
                before=change.before, after=after, years=budget.years
            ),
            "changed_goal_id": change.goal_id,
            "changed_item_id": change.item_id,
            "changed_initiative_id": change.initiative_id,
        }
    return context


def change_of(item, *, message, request, before=None, removed=False) -> Change:
    """The ``Change`` an item view made to ``item`` (its initiative's focus area loaded);
    ``before``: the item's budget before it (None: the item is new)."""
    return Change(
        message=message,
        initiative_id=item.initiative_id,
        goal_id=item.initiative.focus_area.goal_id,
        item_id=None if removed else item.pk,
        before=before,
        at="list" if request.POST.get(AT_FIELD) == "list" else "side",
    )


def budget_before(item, plan) -> ItemBudget:
    """The item's budget as it stands, before a change."""
    return item_budget(item=item, years=tuple(plan.years))


def workbench_update(request, plan, *, change=None, bound_form=None, refused=None):
    """The htmx answer to a write from the workbench: the totals panel and, swapped out
    of band, the panel's summary and the list of initiatives as the filters showed it."""
    context = workbench_context(
        request,
        plan,
        query=posted_filters(request, plan),
        change=change,
        bound_form=bound_form,
        refused=refused,
    )
    return render(request, UPDATE_TEMPLATE, context)


def render_workbench(request, plan, *, query, notices=(), bound_form=None):
    context = workbench_context(request, plan, query=query, bound_form=bound_form)
    return render(request, PAGE_TEMPLATE, {**context, "notices": notices})


@login_required
@require_safe
def plan_workbench(request, pk):
    """The workbench of the user's own plan; a plan shared with them is read on the plan
    page. htmx (the filter form) gets the list of initiatives only."""
    plan = get_plan_for_reading(request, pk)
    if plan.owner_id != request.user.pk:
        return redirect(plan)
    query, notices = clean_filters(request.GET)
    if request.htmx and not request.htmx.history_restore_request:
        response = render(request, LIST_TEMPLATE, workbench_context(request, plan, query=query))
    else:
        response = render_workbench(request, plan, query=query, notices=notices)
    patch_vary_headers(response, ("HX-Request",))
    return response
