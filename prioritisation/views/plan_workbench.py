"""The workbench (arbejdsbord): the catalogue beside the plan's running totals.

The owner filters the catalogue's initiatives (pejlemærke, fokusområde, star, search),
sees what each would cost in this plan per year before adding it, and adds, removes and
scales with the item views' own forms (item_add, item_remove, item_edit). Those forms
carry ``from=workbench`` and ``next`` (the workbench's address with its filters): with
htmx the item views answer with ``workbench_update``, which sends only what changed
(the panel's figures, with those the change moved marked ``changed``; out of band the
one entry added, changed or removed, the list's row of the initiative, and the other
rows' "Går over …" flags, which follow the money left); without JavaScript they
redirect back to ``next``. The page and every answer are built by one loader,
``workbench_context``, in the same number of queries whatever the size of the plan and
the catalogue.

Only the owner works here; anyone else who may read the plan (it is shared) is sent to
the plan page. An adopted plan shows, without a single control that writes.
"""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

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
    gone_item_id: int | None = None  # the item removed


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


def _url_of(name: str, *args) -> Callable[[int], str]:
    """``reverse(name, args=[*args, pk])`` for any pk, reversed once (a page lists many)."""
    marker = 987654321
    head, tail = reverse(name, args=[*args, marker]).rsplit(str(marker), 1)
    return lambda pk: f"{head}{pk}{tail}"


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
    edit_url = _url_of("prioritisation:item_edit", plan.pk)
    remove_url = _url_of("prioritisation:item_remove", plan.pk)
    initiative_url = _url_of("catalogue:initiative")
    for item in items:
        is_failed = bound_form is not None and bound_form.instance.pk == item.pk
        item.edit_form = bound_form if is_failed and rights["can_edit"] else None
        item.edit_url, item.remove_url = edit_url(item.pk), remove_url(item.pk)
        item.initiative_url = initiative_url(item.initiative_id)
    budget = plan_budget(plan=plan, items=items, allocations=allocations)

    filters = InitiativeFilter(query, queryset=_initiatives(plan), catalogue=plan.catalogue)
    valid = filters.is_valid()
    found = filters.qs if valid else Initiative.objects.none()
    page = Paginator(found, PER_PAGE).get_page(query.get("page"))
    offers = workbench.offers(
        plan=plan, initiatives=list(page.object_list), budget=budget, url_of=initiative_url
    )

    without_page = query.copy()
    without_page.pop("page", None)
    here = workbench_url(plan, query)
    context = {
        "plan": plan,
        "catalogue": plan.catalogue,
        "budget": budget,
        "filter": filters,
        "filter_errors": not valid,
        "page": page,
        "offers": offers,
        "here": here,
        "here_quoted": quote(here, safe="/"),
        "workbench_path": workbench_url(plan),
        "add_url": reverse("prioritisation:item_add"),
        "earmarked_goal_ids": {a.goal_id for a in allocations if a.goal_id is not None},
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


def change_of(item, *, message, request, before=None, removed_pk=None) -> Change:
    """The ``Change`` an item view made to ``item`` (its initiative's focus area loaded);
    ``before``: the item's budget before it (None: the item is new); ``removed_pk``: the
    pk of the item, removed."""
    return Change(
        message=message,
        initiative_id=item.initiative_id,
        goal_id=item.initiative.focus_area.goal_id,
        item_id=None if removed_pk is not None else item.pk,
        before=before,
        at="list" if request.POST.get(AT_FIELD) == "list" else "side",
        gone_item_id=removed_pk,
    )


def budget_before(item, plan) -> ItemBudget:
    """The item's budget as it stands, before a change."""
    return item_budget(item=item, years=tuple(plan.years))


def _entry_swap(budget, *, change, bound_form, earmarked_goal_ids) -> dict:
    """How the answer swaps the panel's entry of the item a write touched: replaced
    (scaled, or its form failed), inserted before the entry that follows it in its
    pejlemærke (added), deleted (removed); where the entry is its pejlemærke's first or
    last, the pejlemærke's group instead (it has no group yet, or keeps an empty one
    for its earmark, or loses it)."""
    entries = {entry.item.pk: entry for entry in budget.items}
    if bound_form is not None:
        entry = entries.get(bound_form.instance.pk)
        return {"entry_swap": "replace", "answer_entry": entry} if entry else {}
    if change is None:
        return {}
    goals = [group.goal.pk for group in budget.goals]
    group = next((g for g in budget.goals if g.goal.pk == change.goal_id), None)
    if change.item_id is None:  # removed
        if group is None:
            return {"entry_swap": "group_delete", "gone_goal_id": change.goal_id}
        if not group.focus_areas:
            return {"entry_swap": "group_replace", "answer_group": group}
        return {"entry_swap": "delete", "gone_item_id": change.gone_item_id}
    if group is None or change.item_id not in entries:
        return {}
    in_group = [entry for area in group.focus_areas for entry in area.items]
    index = next(i for i, entry in enumerate(in_group) if entry.item.pk == change.item_id)
    if change.before is not None:  # scaled (or added before: nothing moved)
        return {"entry_swap": "replace", "answer_entry": in_group[index]}
    if len(in_group) == 1:  # the pejlemærke's first item
        if change.goal_id in earmarked_goal_ids:  # its group is there, empty
            return {"entry_swap": "group_replace", "answer_group": group}
        after = goals[goals.index(group.goal.pk) + 1 :]
        anchor = f"beforebegin:#wb-items-goal-{after[0]}" if after else "beforeend:#wb-items"
        return {"entry_swap": "group_insert", "answer_group": group, "entry_anchor": anchor}
    if index + 1 < len(in_group):
        anchor = f"beforebegin:#wb-item-{in_group[index + 1].item.pk}"
    else:
        anchor = f"beforeend:#wb-items-list-{group.goal.pk}"
    return {"entry_swap": "insert", "answer_entry": in_group[index], "entry_anchor": anchor}


def workbench_update(request, plan, *, change=None, bound_form=None, refused=None):
    """The htmx answer to a write from the workbench, built by the page's loader: the
    panel's figures, and out of band only what changed (``_workbench_update.html``)."""
    context = workbench_context(
        request,
        plan,
        query=posted_filters(request, plan),
        change=change,
        bound_form=bound_form,
        refused=refused,
    )
    if change is not None:
        initiative_id = change.initiative_id
    elif refused is not None:
        initiative_id = refused.initiative_id
    else:
        initiative_id = None
    offers = context["offers"]
    context |= {
        "answer_offer": next((o for o in offers if o.initiative.pk == initiative_id), None),
        # The money left moved: every other row's "Går over …" flags may have too.
        "answer_flags": [
            offer for offer in offers if not offer.in_plan and offer.initiative.pk != initiative_id
        ]
        if context.get("changed_years")
        else [],
        **_entry_swap(
            context["budget"],
            change=change,
            bound_form=bound_form,
            earmarked_goal_ids=context["earmarked_goal_ids"],
        ),
    }
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
