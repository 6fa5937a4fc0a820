from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from common.pagecache import shared_html
from prioritisation.budget import entries_across
from prioritisation.models import MAX_ID, Plan

from ._helpers import plan_key
from .plan_list import plans_with_budgets

MIN_PLANS, MAX_PLANS = 2, 4
CONTENT_TEMPLATE = "prioritisation/_compare.html"


@dataclass(frozen=True)
class InitiativeRow:
    """One initiative across the compared plans: its entry in each, or None."""

    initiative: object
    entries: tuple  # ItemBudget or None, one per plan, in the plans' order


class NotCompared(Exception):
    """The plans asked for cannot be compared; the message says why in Danish."""


def compared_plans(request) -> tuple[list, int]:
    """The plans of ``?plan=1&plan=2`` in the order asked, each one the user may read,
    and the index of the baseline (``&basis=``). Raises NotCompared."""
    ids = _ids(request.GET.getlist("plan"))
    if ids is None or len(ids) < MIN_PLANS:
        raise NotCompared(_("Vælg mindst to handleplaner at sammenligne."))
    if len(ids) > MAX_PLANS:
        raise NotCompared(_("Du kan sammenligne højst fire handleplaner ad gangen."))
    # An id beyond a bigint exists nowhere (and SQLite cannot even be asked for it).
    findable = [pk for pk in ids if 0 < pk <= MAX_ID]
    readable = Plan.objects.active().readable_by(request.user).select_related("catalogue", "owner")
    plans = list(readable.filter(pk__in=findable))
    if len(plans) != len(ids):
        raise NotCompared(
            _(
                "En eller flere af handleplanerne findes ikke eller er ikke delt med dig. "
                "Intet er sammenlignet."
            )
        )
    plans.sort(key=lambda plan: ids.index(plan.pk))  # in the order they were ticked
    return plans, _base_index(request.GET.get("basis"), plans)


def compare_key(plans, base_index) -> tuple:
    """What names a comparison: every plan's key (its version, time of change, owner's
    name and catalogue version) and the baseline."""
    return ("compare", tuple(plan_key(plan) for plan in plans), base_index)


def compare_html(request, plans, base_index):
    """The comparison's content, kept in the shared cache under ``compare_key``."""
    ids = [plan.pk for plan in plans]

    def render_content(shared) -> str:
        rows = plans_with_budgets(Plan.objects.filter(pk__in=ids))
        rows.sort(key=lambda row: ids.index(row[0].pk))
        return render_to_string(CONTENT_TEMPLATE, {**_context(rows, base_index), **shared})

    return shared_html(request, compare_key(plans, base_index), render_content)


@login_required
@require_safe
def compare(request):
    """2–4 of the user's own or shared plans side by side.

    ``?plan=1&plan=2``: ticked on "Mine handleplaner" or "Udvalgets handleplaner";
    ``&basis=2``: the plan the others' differences are counted from. The comparison is
    the same for everyone until one of the plans or the catalogue changes, so it is kept
    in the shared cache under their versions.
    """
    back = request.GET.get("fra") == "udvalget" and "prioritisation:shared_plans"
    try:
        plans, base_index = compared_plans(request)
    except NotCompared as refusal:
        messages.error(request, str(refusal))
        return redirect(back or "prioritisation:plan_list")
    page = {
        "catalogue": plans[0].catalogue,
        "compare_html": compare_html(request, plans, base_index),
        "plans": plans,
        "base": plans[base_index],
        "came_from": request.GET.get("fra", ""),
    }
    return render(request, "prioritisation/compare.html", page)


def _ids(values) -> list[int] | None:
    """Distinct plan ids in the order given; None if one is not a number."""
    try:
        numbers = [int(value) for value in values]
    except ValueError:
        return None
    return list(dict.fromkeys(numbers))


def _base_index(value, plans) -> int:
    """The plan the differences are counted from: ``?basis=<id>`` if it is one of the
    compared plans, else the first."""
    ids = [str(plan.pk) for plan in plans]
    return ids.index(value) if value in ids else 0


def _cells(totals, base_index: int) -> list[dict]:
    """One comparison row: each plan's total (a YearTotal or Totals, None where the
    plan has no such year) and its difference from the baseline plan's."""
    base = totals[base_index]
    return [
        {
            "sum": total,
            "difference": None
            if total is None or base is None or index == base_index
            else total.total - base.total,
        }
        for index, total in enumerate(totals)
    ]


def _context(rows, base_index: int) -> dict:
    plans = [plan for plan, _budget in rows]
    budgets = [budget for _plan, budget in rows]
    years = sorted({year for budget in budgets for year in budget.years})

    year_rows = [
        {"year": year, "cells": _cells([_year(b.totals, year) for b in budgets], base_index)}
        for year in years
    ]
    period_cells = _cells([budget.totals for budget in budgets], base_index)

    # Each pejlemærke in any of the plans, per year against each plan's earmark.
    goals = {}
    for budget in budgets:
        for goal_budget in budget.goals:
            goals.setdefault(goal_budget.goal.pk, goal_budget.goal)
    goal_rows = []
    for goal in sorted(goals.values(), key=lambda goal: goal.number):
        totals = [_goal_totals(budget, goal) for budget in budgets]
        goal_rows.append(
            {
                "goal": goal,
                "years": [
                    {
                        "year": year,
                        "cells": _cells(
                            [None if t is None else _year(t, year) for t in totals], base_index
                        ),
                    }
                    for year in years
                ],
            }
        )

    # Every initiative in any of the plans, in catalogue order, with its entry in each.
    initiative_rows = [
        InitiativeRow(initiative=next(e for e in row if e is not None).initiative, entries=row)
        for row in entries_across(budgets)
    ]
    return {
        "plans": plans,
        "budgets": budgets,
        "columns": list(zip(plans, budgets, strict=True)),
        "base": plans[base_index],
        "base_budget": budgets[base_index],
        "year_rows": year_rows,
        "period_cells": period_cells,
        "goal_rows": goal_rows,
        "initiative_rows": initiative_rows,
        "catalogue": plans[0].catalogue,
    }


def _goal_totals(budget, goal):
    """The plan's totals for ``goal`` (its earmarks as limits); None if it has none."""
    for goal_budget in budget.goals:
        if goal_budget.goal.pk == goal.pk:
            return goal_budget.totals
    return None


def _year(totals, year):
    for total in totals.years:
        if total.year == year:
            return total
    return None
