"""Udvalgets billede: the plans shared with the committee in one catalogue, together;
its Excel export; and the consensus draft made from it (issue 20)."""

from dataclasses import dataclass
from typing import NamedTuple

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from catalogue.models import Catalogue, Initiative
from common.pagecache import shared_html
from common.spreadsheet import XLSX, download
from common.text import TEXT
from prioritisation import changes, committee
from prioritisation.access import can_build_plans
from prioritisation.budget import plan_budget
from prioritisation.committee_export import committee_xlsx
from prioritisation.export import file_name
from prioritisation.models import MAX_ID, Allocation, Plan, PlanItem

from ._helpers import member_required


@dataclass(frozen=True)
class SharedPlan:
    pk: int
    name: str
    owner: str
    version: int
    updated: object


class CatalogueChoice(NamedTuple):
    """A catalogue offered in the filter."""

    pk: int
    title: str
    first_year: int
    last_year: int


# What the picture reads of its catalogues (not the introduction).
CATALOGUE_FIELDS = ("id", "title", "municipality", "first_year", "last_year", "content_version")


@dataclass
class Selection:
    """What ``?katalog=…&plan=…`` asks for, as the user may read it."""

    catalogue: Catalogue | None
    catalogues: list[CatalogueChoice]  # catalogues with plans shared with the committee
    shared: list  # SharedPlan: the catalogue's shared plans
    chosen: list[int]  # the selected plans' ids, or every shared plan's
    notices: list[str]


def _ids(values) -> list[int]:
    ids = []
    for value in values:
        if value.isascii() and value.isdigit() and 0 < int(value) <= MAX_ID:
            ids.append(int(value))
    return list(dict.fromkeys(ids))


def select(params: QueryDict) -> Selection:
    """The catalogue and plans of the picture: the catalogues with shared plans, and
    the catalogue's shared plans (only shared, active plans: a private plan,
    even the reader's own, is never in the picture)."""
    shared_plans = Plan.objects.active().shared().filter(catalogue=OuterRef("pk"))
    rows = {
        row[0]: row
        for row in Catalogue.objects.filter(Exists(shared_plans))
        .order_by("-last_year", "title", "pk")
        .values_list(*CATALOGUE_FIELDS)
    }
    catalogues = [
        CatalogueChoice(pk, title, first, last)
        for pk, title, _municipality, first, last, _version in rows.values()
    ]
    notices = []
    wanted = params.get("katalog", "")
    row = next((rows[pk] for pk in _ids([wanted]) if pk in rows), None)
    if row is None:
        if wanted:
            notices.append(_("Kataloget har ingen handleplaner delt med udvalget."))
        row = next(iter(rows.values()), None)
    if row is None:
        return Selection(None, catalogues, [], [], notices)
    # The catalogue shown is a model; the others are only choices in the filter.
    catalogue = Catalogue.from_db(Catalogue.objects.db, CATALOGUE_FIELDS, row)
    shared = list(
        Plan.objects.active()
        .shared()
        .filter(catalogue=catalogue)
        .order_by("shared_at", "pk")
        .values_list(
            "pk",
            "name",
            "owner__first_name",
            "owner__last_name",
            "owner__username",
            "version",
            "updated",
        )
    )
    shared = [
        SharedPlan(pk, name, f"{first} {last}".strip() or user, version, updated)
        for pk, name, first, last, user, version, updated in shared
    ]
    asked = _ids(params.getlist("plan"))
    known = {plan.pk for plan in shared}
    chosen = [pk for pk in asked if pk in known]
    if len(chosen) != len(asked):
        notices.append(
            _(
                "En eller flere af de valgte handleplaner er ikke delt med udvalget i dette "
                "katalog og er ikke med."
            )
        )
    if not chosen:
        chosen = [plan.pk for plan in shared]
    return Selection(catalogue, catalogues, shared, chosen, notices)


def page_key(selection: Selection, query: QueryDict) -> tuple:
    """What names the kept part of the page (the filters and the picture) in the shared
    cache: the catalogues offered, the catalogue's content version (its pejlemærker and
    initiatives), and for each of its shared plans its name, owner's name, version and
    time of change (which move on every change to it, its items and its budget); and the
    cleaned query, which holds the chosen plans, the filter and the sort."""
    return (
        "committee-page",
        tuple(selection.catalogues),
        selection.catalogue.pk,
        selection.catalogue.content_version,
        tuple(
            (plan.pk, plan.name, plan.owner, plan.version, plan.updated.isoformat())
            for plan in selection.shared
        ),
        query.urlencode(),
    )


# Texts the picture never shows: left in the database.
UNREAD_TEXTS = ("description", "inspiration", "effect", "source_note")


def load_picture(selection: Selection) -> committee.Picture | None:
    """The picture of the chosen plans: the plans joined to catalogue and owner, their
    items, their budgets and the catalogue's initiatives, each read once whatever the
    number of plans and items. Each item is given its initiative from the one list of the
    catalogue's, rather than a joined copy of its own: 50 plans of 50 items make 2,500
    items but only the catalogue's initiatives (bench/run.py)."""
    if selection.catalogue is None:
        return None
    order = {pk: index for index, pk in enumerate(selection.chosen)}
    plans = list(
        Plan.objects.active()
        .shared()
        .filter(catalogue=selection.catalogue, pk__in=order)
        .select_related("catalogue", "owner")
    )
    plans.sort(key=lambda plan: order[plan.pk])
    initiatives = {
        initiative.pk: initiative
        for initiative in Initiative.objects.in_catalogue(selection.catalogue)
        .select_related("focus_area__goal")
        .defer(*UNREAD_TEXTS)
    }
    items: dict[int, list] = {plan.pk: [] for plan in plans}
    for item in PlanItem.objects.filter(plan__in=plans):
        item.initiative = initiatives[item.initiative_id]
        items[item.plan_id].append(item)
    allocations: dict[int, list] = {plan.pk: [] for plan in plans}
    for allocation in Allocation.objects.filter(plan__in=plans).select_related("goal"):
        allocations[allocation.plan_id].append(allocation)
    rows = [
        (plan, plan_budget(plan=plan, items=items[plan.pk], allocations=allocations[plan.pk]))
        for plan in plans
    ]
    return committee.committee_picture(rows=rows, initiatives=list(initiatives.values()))


def _number(value: str, choices) -> int | None:
    return int(value) if value.isascii() and value.isdigit() and int(value) in choices else None


def _query(params: QueryDict, **changes_) -> str:
    query = params.copy()
    for key, value in changes_.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


def _sort_links(params: QueryDict, sort: str) -> dict:
    """Per sortable column: the link that sorts by it (the other way if it already
    does) and its current direction ("ascending", "descending" or "")."""
    links = {}
    for name in committee.SORTS:
        current = "ascending" if sort == name else "descending" if sort == f"-{name}" else ""
        target = f"-{name}" if current == "ascending" else name
        links[name] = {"query": _query(params, sort=target), "direction": current}
    return links


def asked_filters(catalogue: Catalogue, params: QueryDict) -> dict:
    """The pejlemærke, group and sort asked for, each None or "" when not valid. The
    pejlemærker's numbers are read only when a number is asked for."""
    value = params.get("pejlemaerke", "")
    goal = None
    if value.isascii() and value.isdigit():
        goal = _number(value, set(catalogue.goals.order_by().values_list("number", flat=True)))
    group = params.get("gruppe") if params.get("gruppe") in committee.GROUPS else None
    sort = params.get("sort", "")
    sort = sort if sort.removeprefix("-") in committee.SORTS else ""
    return {"goal": goal, "group": group, "sort": sort}


def clean_query(selection: Selection, *, goal, group, sort) -> QueryDict:
    """The query of the picture as shown: the catalogue, the chosen plans unless they are
    all of its shared plans, and the valid filter and sort."""
    query = QueryDict(mutable=True)
    query["katalog"] = str(selection.catalogue.pk)
    if len(selection.chosen) != len(selection.shared):
        query.setlist("plan", [str(pk) for pk in selection.chosen])
    for name, value in (("pejlemaerke", goal), ("gruppe", group), ("sort", sort)):
        if value:
            query[name] = str(value)
    return query


def picture_context(picture: committee.Picture, query: QueryDict, *, goal, group, sort):
    """The picture's content: the same for every reader of the same selection."""
    rows = committee.filtered_rows(picture.initiatives, goal=goal, group=group)
    rows = committee.sorted_rows(rows, sort)
    counts = picture.group_counts()
    export = QueryDict(mutable=True)
    export["katalog"] = query["katalog"]
    export.setlist("plan", query.getlist("plan"))
    return {
        "picture": picture,
        "rows": [_row_words(row) for row in rows],
        "group_summary": [(label, counts[key]) for key, label in committee.GROUPS.items()],
        "sorts": _sort_links(query, sort),
        "spending": [_spending_words(row) for row in picture.spending],
        "export_query": export.urlencode(),
    }


@login_required
@require_safe
def committee_picture(request):
    """Udvalgets billede, for every role: per initiative how many of the shared plans
    hold it and at what scale and amount; per pejlemærke and year what they spend; the
    consensus draft's form for members.

    The filters and the picture are the same for everyone until a shared plan of the
    catalogue, the catalogue or the list of catalogues changes, so they are kept in the
    shared cache under what they show (``page_key``); a cache hit reads only the
    catalogues and the shared plans' versions (and the pejlemærker's numbers when one is
    asked for), and renders only the page around them."""
    params = request.GET
    selection = select(params)
    context = {"selection": selection, "notices": selection.notices}
    if selection.catalogue is not None:
        catalogue = selection.catalogue
        asked = asked_filters(catalogue, params)
        goal, group, sort = asked["goal"], asked["group"], asked["sort"]
        filters = {
            "selection": selection,
            "chosen_goal": goal,
            "chosen_group": group,
            "groups": list(committee.GROUPS.items()),
            "chosen": set(selection.chosen),
        }
        context["catalogue"] = catalogue
        if not selection.chosen:
            filters["goal_choices"] = list(catalogue.goals.order_by("number"))
            context |= filters
            return render(request, "prioritisation/committee_picture.html", context)
        query = clean_query(selection, **asked)

        def render_content(_shared) -> str:
            filters["goal_choices"] = list(catalogue.goals.order_by("number"))
            picture = load_picture(selection)
            return render_to_string(
                "prioritisation/_committee_filters.html", filters
            ) + render_to_string(
                "prioritisation/_committee_picture.html",
                picture_context(picture, query, goal=goal, group=group, sort=sort),
            )

        context |= {
            "picture_html": shared_html(request, page_key(selection, query), render_content),
            "plan_count": len(selection.chosen),
            "majority": committee.majority(len(selection.chosen)),
            "query": query.urlencode(),
        }
        if can_build_plans(request.user):
            names = {plan.pk: plan.name for plan in selection.shared}
            own = Plan.objects.active().owned_by(request.user).filter(catalogue=catalogue)
            own = own.exclude(pk__in=selection.chosen).order_by("name", "pk")
            context["frames"] = [(pk, names[pk]) for pk in selection.chosen] + list(
                own.values_list("pk", "name")
            )
    return render(request, "prioritisation/committee_picture.html", context)


def _row_words(row: committee.InitiativePicture) -> dict:
    """A table row's figures in words (the scale and amount spread)."""
    initiative = row.initiative
    return {
        "row": row,
        "scale": [
            committee.scale_in_words(value, initiative)
            for value in (row.scale.least, row.scale.median, row.scale.most)
        ],
        "amount": [
            committee.amount_in_words(value)
            for value in (row.amount.least, row.amount.median, row.amount.most)
        ],
    }


def _spending_words(row: committee.SpendingRow) -> dict:
    return {
        "goal": row.goal,
        "cells": [
            {
                "cell": cell,
                "least": committee.amount_in_words(cell.spread.least),
                "median": committee.amount_in_words(cell.spread.median),
                "most": committee.amount_in_words(cell.spread.most),
            }
            for cell in row.cells
        ],
    }


@login_required
@require_safe
def committee_export(request):
    """Udvalgets billede as an Excel workbook, for whoever may see the page."""
    selection = select(request.GET)
    picture = load_picture(selection)
    if picture is None or not picture.plan_count:
        messages.error(request, _("Ingen handleplaner er delt med udvalget i kataloget."))
        return redirect("prioritisation:committee_picture")
    today = timezone.localdate()
    return download(
        committee_xlsx(picture, catalogue=selection.catalogue, today=today),
        filename=file_name(
            _("Udvalgets billede"), selection.catalogue.title, today=today, extension="xlsx"
        ),
        content_type=XLSX,
    )


@member_required
@require_POST
def committee_draft(request):
    """ "Lav et udkast af det, flertallet er enige om": a new draft of the member's own
    with the initiatives held by at least N of the chosen plans at their median scale,
    in the frame (period, ceiling, earmarks) of a plan the member may read."""
    selection = select(request.POST)
    back = reverse("prioritisation:committee_picture")
    if selection.catalogue is not None:
        back += "?" + _query(QueryDict(mutable=True), katalog=str(selection.catalogue.pk))
        back += "".join(f"&plan={pk}" for pk in selection.chosen)
    picture = load_picture(selection)
    if picture is None or not picture.plan_count:
        messages.error(request, _("Ingen handleplaner er delt med udvalget i kataloget."))
        return redirect(back)
    minimum = _number(request.POST.get("mindst", ""), range(1, picture.plan_count + 1))
    if minimum is None:
        messages.error(
            request,
            _("Vælg et antal handleplaner mellem 1 og %(count)s. Intet udkast er lavet.")
            % {"count": picture.plan_count},
        )
        return redirect(back)
    frame_id = _ids([request.POST.get("ramme", "")])
    frame = (
        Plan.objects.active()
        .readable_by(request.user)
        .filter(catalogue=selection.catalogue, pk__in=frame_id)
        .first()
    )
    if frame is None:
        messages.error(
            request,
            _(
                "Vælg den handleplan, hvis loft og øremærkninger udkastet skal vises imod. "
                "Intet udkast er lavet."
            ),
        )
        return redirect(back)
    items = committee.consensus_items(
        picture, minimum=minimum, first_year=frame.first_year, last_year=frame.last_year
    )
    names = ", ".join(f"„{plan.name}“" for plan in picture.plans)
    description = _(
        "Lavet i Udvalgets billede %(date)s: de indsatser, som mindst %(minimum)s af "
        "%(count)s delte handleplaner har med, hver i det mediane omfang. Loft og "
        "øremærkninger som i „%(frame)s“. Handleplanerne: %(names)s."
    ) % {
        "date": date_format(timezone.localdate()),
        "minimum": minimum,
        "count": picture.plan_count,
        "frame": frame.name,
        "names": names,
    }
    try:
        draft = changes.create_consensus_draft(
            owner=request.user,
            frame=frame,
            items=items,
            name=_("Flertallets udkast (mindst %(minimum)s af %(count)s)")
            % {"minimum": minimum, "count": picture.plan_count},
            description=description[:TEXT],
        )
    except changes.PlanGone:
        messages.error(request, _("Rammens handleplan er slettet. Intet udkast er lavet."))
        return redirect(back)
    messages.success(
        request,
        _(
            "Udkastet er lavet med %(items)s indsatser, som mindst %(minimum)s af %(count)s "
            "handleplaner har med. Det vises mod loft og øremærkninger fra „%(frame)s“. Brug "
            "„Foreslå en handleplan“ med udvalgets opbakning for at tilpasse det til loftet."
        )
        % {
            "items": len(items),
            "minimum": minimum,
            "count": picture.plan_count,
            "frame": frame.name,
        },
    )
    return redirect(draft)
