"""Foreslå en handleplan: the form, and the proposal saved as a new draft.

The form starts from the plan's own frame. A proposal is saved as a NEW draft plan
"Forslag: …" of the member (the plan it came from is never changed) and shown on its
own page with the totals, the constraints that bind and why each initiative was left
out; those come from the solve and are kept in the session for that page. A frame that
cannot be met is said on the form, with the requirements that conflict, and nothing
is saved.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from catalogue.models import Initiative
from prioritisation.budget import plan_budget
from prioritisation.changes import create_proposal
from prioritisation.optimise import item_fields, load_problem, solve
from prioritisation.suggest import OBJECTIVE_CHOICES, SuggestForm

from ._helpers import get_plan_for_reading, get_plan_for_user, member_required

# The latest proposal's summary: one at a time, so the session does not grow with each.
SESSION_KEY = "proposal"
TIME_LIMIT_SECONDS = 10  # per stage: a page waits no longer; the command may


def suggest_page_context(plan) -> dict:
    """What the form shows: the catalogue's initiatives and goals, the plan's frame and
    items, the target units."""
    initiatives = list(
        Initiative.objects.in_catalogue(plan.catalogue_id)
        .select_related("focus_area__goal")
        .order_by("focus_area__goal__number", "focus_area__number", "position")
    )
    goals = list(plan.catalogue.goals.order_by("number"))
    counts: dict[str, int] = {}
    for initiative in initiatives:
        if initiative.target_quantity and initiative.target_unit:
            counts[initiative.target_unit] = counts.get(initiative.target_unit, 0) + 1
    return {
        "initiatives": initiatives,
        "goals": goals,
        "allocations": list(plan.allocations.all()),
        "items": list(plan.items.all()),
        "units": sorted(counts, key=lambda unit: (-counts[unit], unit)),
    }


@member_required
def plan_suggest(request, pk):
    """The form (GET), and the proposal (POST): of your own plan or one shared with the
    committee; the proposal is always a new draft of yours."""
    plan = get_plan_for_reading(request, pk)
    form = SuggestForm(request.POST or None, plan=plan, **suggest_page_context(plan))
    conflicts = ()
    if request.method == "POST" and form.is_valid():
        problem = load_problem(plan, **form.problem_kwargs())
        proposal = solve(problem, time_limit=TIME_LIMIT_SECONDS)
        if proposal.is_optimal:
            copy = _save(plan, proposal, problem, owner=request.user)
            request.session[SESSION_KEY] = _summary(plan, proposal, saved=copy)
            messages.success(
                request,
                _("Forslaget er gemt som en ny kladde, „%(name)s“. „%(source)s“ er ikke ændret.")
                % {"name": copy.name, "source": plan.name},
            )
            return redirect("prioritisation:plan_proposal", pk=copy.pk)
        conflicts = proposal.conflicts or (
            _("Der blev ikke fundet et bevist bedste forslag (%(status)s). Prøv en mindre ramme.")
            % {"status": proposal.solver_status},
        )
    return render(
        request,
        "prioritisation/plan_suggest.html",
        {"plan": plan, "catalogue": plan.catalogue, "form": form, "conflicts": conflicts},
    )


def _save(plan, proposal, problem, *, owner):
    goal_ids = dict(plan.catalogue.goals.values_list("number", "pk"))
    frame = problem.frame
    objective = dict(OBJECTIVE_CHOICES)[proposal.objective]
    description = _("Foreslået ud fra „%(name)s“. Mål: %(objective)s.") % {
        "name": plan.name,
        "objective": objective,
    }
    if frame.earmark_min:
        description += " " + _("Mindstebeløb: %(amounts)s.") % {
            "amounts": "; ".join(
                _("pejlemærke %(goal)s i %(year)s: %(amount)s kr.")
                % {"goal": goal, "year": year, "amount": f"{amount:,}".replace(",", ".")}
                for (goal, year), amount in sorted(frame.earmark_min.items())
            )
        }
    return create_proposal(
        source=plan,
        owner=owner,
        items=[(chosen.option.id, item_fields(chosen)) for chosen in proposal.chosen],
        ceiling=frame.ceiling,
        earmarks={
            (goal_ids[goal], year): amount for (goal, year), amount in frame.earmark_max.items()
        },
        description=description,
    )


def _summary(plan, proposal, *, saved) -> dict:
    """What the proposal page shows besides the saved plan: from the solve."""
    value = proposal.objective_value
    return {
        "plan": saved.pk,
        "source": plan.pk,
        "source_name": plan.name,
        "objective": str(dict(OBJECTIVE_CHOICES)[proposal.objective]),
        "unit": proposal.unit if proposal.objective == "reach" else "",
        "value": None if value is None else _danish_number(value),
        "seconds": round(proposal.seconds, 3),
        "solver_status": proposal.solver_status,
        "binding": [limit.text for limit in proposal.binding],
        "least": [
            {"goal": limit.goal, "year": limit.year, "limit": limit.limit, "total": limit.total}
            for limit in proposal.limits
            if limit.bound == "min"
        ],
        "left_out": [[left.option.title, list(left.reasons)] for left in proposal.left_out],
    }


def _danish_number(value) -> str:
    if value.denominator == 1:
        return f"{value.numerator:,}".replace(",", ".")
    tenths = round(value * 10)
    return f"{tenths // 10:,}".replace(",", ".") + f",{tenths % 10}"


@member_required
@require_safe
def plan_proposal(request, pk):
    """The saved proposal with its totals against the frame (the budget's own figures of
    the saved plan), the constraints that bind and the reasons. Your own plan only."""
    plan = get_plan_for_user(request, pk)
    summary = request.session.get(SESSION_KEY)
    if summary is None or summary["plan"] != plan.pk:  # an older proposal: the plan itself
        return redirect(plan)
    items, allocations = plan.budget_rows()
    budget = plan_budget(plan=plan, items=items, allocations=allocations)
    return render(
        request,
        "prioritisation/plan_proposal.html",
        {"plan": plan, "catalogue": plan.catalogue, "budget": budget, "summary": summary},
    )
