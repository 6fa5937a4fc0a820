from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from common.pagecache import shared_html
from prioritisation.models import Plan

from ._helpers import plan_key
from .plan_list import plans_with_budgets

MIN_PLANS, MAX_PLANS = 2, 4
CONTENT_TEMPLATE = "prioritisation/_compare.html"
MAX_ID = 2**63 - 1


@dataclass(frozen=True)
class InitiativeRow:
    """One initiative across the compared plans: its entry in each, or None."""

    initiative: object
    entries: tuple  # ItemBudget or None, one per plan, in the plans' order


@login_required
@require_safe
def compare(request):
    """2–4 of the user's own or shared plans side by side.

    ``?plan=1&plan=2``: ticked on "Mine handleplaner" or "Udvalgets handleplaner".
    The comparison is the same for everyone until one of the plans or the catalogue
    changes, so it is kept in the shared cache under their versions.
    """
    back = request.GET.get("fra") == "udvalget" and "prioritisation:shared_plans"
    back = back or "prioritisation:plan_list"
    ids = _ids(request.GET.getlist("plan"))
    if ids is None or len(ids) < MIN_PLANS:
        messages.error(request, _("Vælg mindst to handleplaner at sammenligne."))
        return redirect(back)
    if len(ids) > MAX_PLANS:
        messages.error(request, _("Du kan sammenligne højst fire handleplaner ad gangen."))
        return redirect(back)
    # An id beyond a bigint exists nowhere (and SQLite cannot even be asked for it).
    findable = [pk for pk in ids if 0 < pk <= MAX_ID]
    readable = Plan.objects.active().readable_by(request.user).select_related("catalogue", "owner")
    plans = list(readable.filter(pk__in=findable))
    if len(plans) != len(ids):
        messages.error(
            request,
            _(
                "En eller flere af handleplanerne findes ikke eller er ikke delt med dig. "
                "Intet er sammenlignet."
            ),
        )
        return redirect(back)
    plans.sort(key=lambda plan: ids.index(plan.pk))  # in the order they were ticked

    def render_content(shared) -> str:
        rows = plans_with_budgets(Plan.objects.filter(pk__in=[plan.pk for plan in plans]))
        rows.sort(key=lambda row: ids.index(row[0].pk))
        return render_to_string(CONTENT_TEMPLATE, {**_context(rows), **shared})

    key = ("compare", tuple(plan_key(plan) for plan in plans))
    content = shared_html(request, key, render_content)
    page = {"catalogue": plans[0].catalogue, "compare_html": content}
    return render(request, "prioritisation/compare.html", page)


def _ids(values) -> list[int] | None:
    """Distinct plan ids in the order given; None if one is not a number."""
    try:
        numbers = [int(value) for value in values]
    except ValueError:
        return None
    return list(dict.fromkeys(numbers))


def _context(rows) -> dict:
    plans = [plan for plan, _budget in rows]
    budgets = [budget for _plan, budget in rows]
    years = sorted({year for budget in budgets for year in budget.years})
    base = budgets[0]

    # Per-year totals of each plan, and the difference from the first plan.
    year_rows = []
    for year in years:
        cells = [_year(budget, year) for budget in budgets]
        base_cell = cells[0]
        year_rows.append(
            {
                "year": year,
                "cells": [
                    {
                        "sum": cell,
                        "difference": None
                        if cell is None or base_cell is None or index == 0
                        else cell.total - base_cell.total,
                    }
                    for index, cell in enumerate(cells)
                ],
            }
        )

    period_cells = [
        {
            "sum": budget.totals,
            "difference": None if index == 0 else budget.totals.total - base.totals.total,
        }
        for index, budget in enumerate(budgets)
    ]

    # Every initiative in any of the plans, in catalogue order, with its entry in each.
    entries: dict[int, list] = {}
    order: dict[int, tuple] = {}
    for index, budget in enumerate(budgets):
        for entry in budget.items:
            initiative = entry.initiative
            entries.setdefault(initiative.pk, [None] * len(budgets))[index] = entry
            order[initiative.pk] = (
                initiative.focus_area.goal.number,
                initiative.focus_area.number,
                initiative.position,
            )
    initiative_rows = [
        InitiativeRow(
            initiative=next(e for e in entries[pk] if e is not None).initiative,
            entries=tuple(entries[pk]),
        )
        for pk in sorted(entries, key=lambda pk: order[pk])
    ]
    return {
        "plans": plans,
        "budgets": budgets,
        "columns": list(zip(plans, budgets, strict=True)),
        "base": plans[0],
        "base_budget": base,
        "year_rows": year_rows,
        "period_cells": period_cells,
        "initiative_rows": initiative_rows,
        "catalogue": plans[0].catalogue,
    }


def _year(budget, year):
    for total in budget.totals.years:
        if total.year == year:
            return total
    return None
