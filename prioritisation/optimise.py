"""Foreslå en handleplan: the best plan for an objective within a frame, proven optimal.

A pure function of plain data (``Problem`` in, ``Proposal`` out) plus one loader from the
database (``load_problem``), so the page, ``manage.py
suggest_plan`` and the tests share it. The model is a mixed-integer programme solved to
proven optimality by HiGHS (``highspy``).

The rules:

- Money is whole kroner in every constraint. An initiative's cost in a year follows
  ``prioritisation.budget``: the first-year amount in its start year, the later-year
  amount in each later year (nothing after the start year for a one-off), 0 outside its
  years, scaled by its ratio and rounded half up to whole kroner once per item per year.
  The rounding is modelled exactly with integer variables and integer-only constraints:
  the cost ``c`` of base amount ``B`` at scale ``s`` of reference ``R`` (ratio s/R) is
  ``round_half_up(B·s/R) = floor((2·B·s + R) / (2·R))``, i.e.
  ``2·R·c ≤ 2·B·s + R ≤ 2·R·c + 2·R − 1`` (both sides times "chosen", so an initiative
  left out costs 0). With ``B = k·R + r`` the whole part ``k·s`` is exact, so only
  ``round(r·s/R)`` needs a column, in rows with coefficients below ``2·R``. The answer's
  costs are then recomputed with the budget's own rounding and must equal the model's,
  or the answer is refused (``status="error"``).
- Speed: each stage starts from the previous stage's answer, or from the LP
  relaxation's answer rounded down to whole persons, units and kroner (a frame of many
  initiatives has few fractional ones, so that is at or next to the optimum and HiGHS
  only has to prove it).
- Scales: ``whole`` (all or nothing, the catalogue's scale), ``units`` (per-unit
  initiatives, whole units between a least and a most), ``persons`` (the target group in
  whole persons, ratio persons / catalogue quantity), ``amount`` (the first-year amount in
  whole kroner, ratio amount / catalogue first-year amount; later years are rounded from
  it). ``persons`` and ``amount`` go from the smallest share (default 50 %) to 100 %.
- Unknown is not zero: an initiative whose cost is not known in a year it would run (no
  amount, a later-year amount not stated) is never chosen, unless the member gave an own
  amount. Pay-for-success money is never spent: it costs 0 in the frame and is listed
  apart (``Proposal.conditional_total``).
- The frame: a ceiling per year for the whole plan, and per pejlemærke per year an
  earmark as a least amount, a most amount, or both. Initiatives the member requires are
  in (at a locked scale or any allowed one), those excluded are out.
- Objectives, solved one after the other (lexicographic), each keeping the optimum of the
  ones before:

  ``reach``   the number reached in ONE target unit (``Problem.unit``, e.g. "borgere"): the
              units are never added together ("borgere" and "foreninger" are not the same
              thing), so the member picks the unit kind the plan is to reach; the answer
              then reports reach for every unit kind apart. Then least money.
  ``stars``   the number of starred initiatives; then their scale (a starred initiative
              at 50 % counts half); then least money.
  ``support`` the same with the committee's support: how many plans shared with the
              committee hold the initiative.
  ``weights`` the same with the member's own weights (1–5 per initiative).
  ``cost``    least money over the period for what must be in (and the least earmarks).

  A per-unit initiative counts once for stars, support and weights whatever its units.
  "Least money" is the sum over the plan's years. Ties left after the last objective are
  broken deterministically: the model is always built in catalogue order, whatever the
  order given, and HiGHS runs single-threaded with a fixed seed, so the same problem
  always gives the same plan.
- Where the frame cannot be met, no plan is proposed; the answer names a smallest set of
  the member's requirements (ceilings, least and most earmarks, required initiatives)
  that cannot hold together, found by dropping one at a time while the rest still
  conflict.
"""

import math
import time
from collections import defaultdict
from dataclasses import dataclass, field, replace
from enum import StrEnum
from fractions import Fraction

import highspy
from django.db.models import Count
from django.utils.translation import gettext as _

from catalogue.models import Initiative
from catalogue.money import format_kroner
from prioritisation.budget import item_costs, round_half_up
from prioritisation.models import PlanItem

Kind = Initiative.FinancingKind

OBJECTIVES = ("reach", "stars", "support", "weights", "cost")
DEFAULT_MIN_SHARE = Fraction(1, 2)
DEFAULT_WEIGHT = 3
TIME_LIMIT_SECONDS = 60.0


class By(StrEnum):
    WHOLE = "whole"
    UNITS = "units"
    PERSONS = "persons"
    AMOUNT = "amount"


class Require(StrEnum):
    FREE = "free"
    IN = "in"
    OUT = "out"


# --- The problem ----------------------------------------------------------------------


@dataclass(frozen=True)
class Scale:
    """How much of an initiative: ``value`` units, persons or first-year kroner (1 for whole)."""

    by: By
    value: int = 1


WHOLE = Scale(By.WHOLE, 1)


@dataclass(frozen=True)
class Option:
    """One initiative as the optimiser sees it: its figures and the member's rules for it."""

    id: int
    title: str
    goal: int  # the pejlemærke's number
    kind: str  # Initiative.FinancingKind
    start_year: int
    end_year: int
    order: tuple = ()  # catalogue order; the model is built in it
    first: int | None = None
    later: int | None = None
    success: int | None = None
    target_quantity: int | None = None
    target_unit: str = ""
    starred: bool = False
    support: int = 0
    weight: int = DEFAULT_WEIGHT
    # The member's rules.
    require: Require = Require.FREE
    locked: Scale | None = None  # with Require.IN: this scale and no other
    scale_by: By = By.WHOLE
    min_share: Fraction = DEFAULT_MIN_SHARE  # persons and amount
    min_units: int = 1
    max_units: int = 1
    own_first: int | None = None  # udvalgets eget beløb
    own_later: int | None = None

    @property
    def sort_key(self) -> tuple:
        return (self.order, self.id)


@dataclass(frozen=True)
class Frame:
    years: tuple[int, ...]
    ceiling: dict[int, int] = field(default_factory=dict)  # {year: kroner}
    earmark_min: dict[tuple[int, int], int] = field(default_factory=dict)  # {(goal, year): kr}
    earmark_max: dict[tuple[int, int], int] = field(default_factory=dict)


@dataclass(frozen=True)
class Problem:
    frame: Frame
    options: tuple[Option, ...]
    objective: str = "reach"
    unit: str = ""  # the target unit that reach counts


# --- One initiative's figures, by the budget's rules ----------------------------------


def amounts(option: Option) -> tuple[int | None, int | None]:
    """(first-year, later-year) amounts the plan counts: the member's own where given."""
    first = option.own_first if option.own_first is not None else option.first
    later = option.own_later if option.own_later is not None else option.later
    return first, later


def is_conditional(option: Option) -> bool:
    return option.kind == Kind.PAY_FOR_SUCCESS and option.own_first is None


def _reference(option: Option, by: By) -> int:
    """R of the ratio s/R for a scale that goes by persons or by amount."""
    return option.target_quantity if by == By.PERSONS else amounts(option)[0]


def ratio(option: Option, scale: Scale) -> tuple[int, int]:
    """(numerator, denominator) the amounts are multiplied by, as the budget does."""
    if scale.by in (By.PERSONS, By.AMOUNT):
        return scale.value, _reference(option, scale.by)
    return scale.value, 1  # whole: 1/1; units: u/1


def base_amounts(option: Option, years) -> dict[int, int | None]:
    """{year: unscaled cost}; None where unknown (never 0), 0 outside the years."""
    first, later = amounts(option)
    base: dict[int, int | None] = {}
    for year in years:
        if not option.start_year <= year <= option.end_year or is_conditional(option):
            base[year] = 0
        elif first is None:
            base[year] = None
        elif year == option.start_year:
            base[year] = first
        elif option.kind == Kind.ONE_OFF:
            base[year] = 0
        else:
            base[year] = later
    return base


def choice_costs(option: Option, scale: Scale, years) -> dict[int, int | None]:
    """{year: cost in whole kroner} of the option at ``scale``, by the budget's rounding."""
    numerator, denominator = ratio(option, scale)
    return {
        year: None if amount is None else round_half_up(Fraction(amount * numerator, denominator))
        for year, amount in base_amounts(option, years).items()
    }


def conditional_amount(option: Option, scale: Scale) -> int | None:
    if not is_conditional(option) or option.success is None:
        return None
    numerator, denominator = ratio(option, scale)
    return round_half_up(Fraction(option.success * numerator, denominator))


def share(option: Option, scale: Scale) -> Fraction:
    """The share of the initiative: 1 whole or per unit (each unit is the whole thing)."""
    if scale.by in (By.PERSONS, By.AMOUNT):
        return Fraction(scale.value, _reference(option, scale.by))
    return Fraction(1)


def reach(option: Option, scale: Scale) -> Fraction | None:
    """How many in the target group: the catalogue's number times the ratio."""
    if option.target_quantity is None:
        return None
    numerator, denominator = ratio(option, scale)
    return Fraction(option.target_quantity * numerator, denominator)


def scales(option: Option) -> list[Scale]:
    """Every scale the member allows, smallest first (a locked one alone)."""
    if option.locked is not None:
        return [option.locked]
    by = effective_scale_by(option)
    if by == By.UNITS:
        return [Scale(By.UNITS, u) for u in range(option.min_units, option.max_units + 1)]
    if by in (By.PERSONS, By.AMOUNT):
        top = _reference(option, by)
        return [Scale(by, s) for s in range(smallest(option, by), top + 1)]
    return [WHOLE]


def effective_scale_by(option: Option) -> By:
    """The scale the option is chosen by: whole where the asked scale has no reference."""
    by = option.scale_by
    if is_conditional(option):
        return By.WHOLE
    if by == By.UNITS and option.kind != Kind.PER_UNIT:
        return By.WHOLE
    if by in (By.PERSONS, By.AMOUNT):
        reference = _reference(option, by)
        if not reference or option.min_share >= 1:
            return By.WHOLE
    return by


def smallest(option: Option, by: By) -> int:
    return max(1, math.ceil(option.min_share * _reference(option, by)))


def smallest_scale(option: Option) -> Scale:
    if option.locked is not None:
        return option.locked
    by = effective_scale_by(option)
    if by == By.UNITS:
        return Scale(By.UNITS, option.min_units)
    if by in (By.PERSONS, By.AMOUNT):
        return Scale(by, smallest(option, by))
    return WHOLE


def largest_scale(option: Option) -> Scale:
    if option.locked is not None:
        return option.locked
    by = effective_scale_by(option)
    if by == By.UNITS:
        return Scale(By.UNITS, option.max_units)
    if by in (By.PERSONS, By.AMOUNT):
        return Scale(by, _reference(option, by))
    return WHOLE


def unknown_years(option: Option, years) -> tuple[int, ...]:
    """The years the option would run with an unknown cost."""
    return tuple(y for y, amount in base_amounts(option, years).items() if amount is None)


def values(option: Option, objective: str, unit: str) -> tuple[int, int]:
    """(value, per) of the option for a counting objective: what it counts whole."""
    if objective == "stars":
        return int(option.starred), 1
    if objective == "support":
        return option.support, 1
    if objective == "weights":
        return option.weight, 1
    return 0, 1


def reach_in_unit(option: Option, scale: Scale, unit: str) -> Fraction:
    if option.target_unit != unit:
        return Fraction(0)
    return reach(option, scale) or Fraction(0)


# --- The answer -----------------------------------------------------------------------


@dataclass(frozen=True)
class Chosen:
    option: Option
    scale: Scale
    share: Fraction
    costs: dict[int, int]  # {year: kroner}; every year known
    conditional: int | None
    reach: Fraction | None

    @property
    def total(self) -> int:
        return sum(self.costs.values())


@dataclass(frozen=True)
class LeftOut:
    option: Option
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Limit:
    """One constraint of the frame in one year, with the proposal's total against it."""

    year: int
    goal: int | None  # None: the ceiling
    bound: str  # "max" or "min"
    limit: int
    total: int
    binds: bool

    @property
    def left(self) -> int:
        return self.limit - self.total if self.bound == "max" else self.total - self.limit

    @property
    def text(self) -> str:
        return describe_limit(self.year, self.goal, self.bound, self.limit)


@dataclass(frozen=True)
class Proposal:
    status: str  # "optimal", "infeasible", "not_proven" (time limit), "error"
    objective: str
    unit: str
    years: tuple[int, ...]
    chosen: tuple[Chosen, ...] = ()
    left_out: tuple[LeftOut, ...] = ()
    totals: dict[int, int] = field(default_factory=dict)
    goal_totals: dict[tuple[int, int], int] = field(default_factory=dict)
    limits: tuple[Limit, ...] = ()
    conflicts: tuple[str, ...] = ()
    objective_value: Fraction | None = None
    reach: tuple[tuple[str, Fraction], ...] = ()
    conditional_total: int = 0
    seconds: float = 0.0
    solver_status: str = ""

    @property
    def is_optimal(self) -> bool:
        return self.status == "optimal"

    @property
    def total(self) -> int:
        return sum(self.totals.values())

    @property
    def binding(self) -> tuple[Limit, ...]:
        return tuple(limit for limit in self.limits if limit.binds)


def describe_limit(year: int, goal: int | None, bound: str, limit: int) -> str:
    money = format_kroner(limit)
    if goal is None:
        return _("Loftet i %(year)s: %(amount)s") % {"year": year, "amount": money}
    if bound == "min":
        return _("Mindst %(amount)s til pejlemærke %(goal)s i %(year)s") % {
            "amount": money,
            "goal": goal,
            "year": year,
        }
    return _("Højst %(amount)s til pejlemærke %(goal)s i %(year)s") % {
        "amount": money,
        "goal": goal,
        "year": year,
    }


# --- The model ------------------------------------------------------------------------

INF = highspy.kHighsInf


class _Model:
    """Columns and rows for HiGHS, with the linear expressions the objectives use."""

    def __init__(self):
        self.lower, self.upper, self.integer = [], [], []
        self.rows: list[tuple[dict[int, float], float, float, object]] = []

    def col(self, lower, upper, integer=True) -> int:
        self.lower.append(float(lower))
        self.upper.append(float(upper))
        self.integer.append(integer)
        return len(self.lower) - 1

    def row(self, terms: dict[int, float], lower=-INF, upper=INF, group=None) -> int:
        self.rows.append((terms, float(lower), float(upper), group))
        return len(self.rows) - 1

    def lp(self) -> highspy.HighsLp:
        lp = highspy.HighsLp()
        lp.num_col_ = len(self.lower)
        lp.num_row_ = len(self.rows)
        lp.col_cost_ = [0.0] * lp.num_col_
        lp.col_lower_ = self.lower
        lp.col_upper_ = self.upper
        lp.row_lower_ = [r[1] for r in self.rows]
        lp.row_upper_ = [r[2] for r in self.rows]
        starts, index, value = [0], [], []
        for terms, *_rest in self.rows:
            for col, coef in sorted(terms.items()):
                index.append(col)
                value.append(float(coef))
            starts.append(len(index))
        lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
        lp.a_matrix_.start_ = starts
        lp.a_matrix_.index_ = index
        lp.a_matrix_.value_ = value
        lp.integrality_ = [
            highspy.HighsVarType.kInteger if i else highspy.HighsVarType.kContinuous
            for i in self.integer
        ]
        return lp


@dataclass
class _Var:
    """An option's columns: chosen (x), its scale (s, for units/persons/amount)."""

    option: Option
    x: int
    by: By
    s: int | None = None
    fixed: Scale | None = None  # whole or locked: the scale when chosen
    cost: dict[int, dict[int, int]] = field(default_factory=dict)  # {year: {col: coef}}
    rounding: list[tuple[int, int, int]] = field(default_factory=list)  # (column d, r, R)


def _add(expr: dict[int, Fraction], col: int, coef) -> None:
    if coef:
        expr[col] = expr.get(col, 0) + coef


def _build(problem: Problem, candidates: list[Option]) -> tuple[_Model, list[_Var]]:
    frame = problem.frame
    model = _Model()
    model.years = frame.years
    covered = {goal for goal, _year in frame.earmark_min}
    model.col(0, 0, integer=False)  # HiGHS calls a model without columns empty, not solved
    variables = []
    for option in candidates:
        required = option.require == Require.IN
        x = model.col(1 if required else 0, 1)
        by = By.WHOLE if option.locked is not None else effective_scale_by(option)
        var = _Var(option=option, x=x, by=by)
        if by == By.WHOLE:
            var.fixed = option.locked or WHOLE
            for year, cost in choice_costs(option, var.fixed, frame.years).items():
                var.cost[year] = {x: cost} if cost else {}
        elif by == By.UNITS:
            var.s = s = model.col(0, option.max_units)
            model.row({s: 1, x: -option.min_units}, lower=0)
            model.row({s: 1, x: -option.max_units}, upper=0)
            for year, cost in choice_costs(option, Scale(By.UNITS, 1), frame.years).items():
                var.cost[year] = {s: cost} if cost else {}
        else:  # persons or amount: s of R, the later years rounded from it
            top = _reference(option, by)
            var.s = s = model.col(0, top)
            model.row({s: 1, x: -smallest(option, by)}, lower=0)
            model.row({s: 1, x: -top}, upper=0)
            rounded: dict[int, int] = {}  # one rounding column per distinct remainder
            for year, base in base_amounts(option, frame.years).items():
                # B·s/R = k·s + r·s/R with k = B // R and r = B % R, and k·s is whole, so
                # round(B·s/R) = k·s + d with d = round(r·s/R) in 0..r: the rounding
                # rows then have coefficients below 2·R, not 2·B.
                whole, rest = divmod(base or 0, top)
                var.cost[year] = {s: whole} if whole else {}
                if not rest:
                    continue
                if rest not in rounded:
                    d = rounded[rest] = model.col(0, rest)
                    var.rounding.append((d, rest, top))
                    # 2·R·d ≤ 2·r·s + R·x ≤ 2·R·d + (2·R − 1)·x. The first half (d no
                    # more than the rounding) only matters where a least earmark could
                    # want more money: elsewhere every objective ends with least money,
                    # which holds d at the rounding.
                    if option.goal in covered:
                        model.row({d: 2 * top, s: -2 * rest, x: -top}, upper=0)
                    model.row({d: 2 * top, s: -2 * rest, x: top - 1}, lower=0)
                var.cost[year][rounded[rest]] = 1
        variables.append(var)

    for year in frame.years:
        spent: dict[int, Fraction] = {}
        by_goal: dict[int, dict[int, Fraction]] = defaultdict(dict)
        for var in variables:
            for col, coef in var.cost[year].items():
                _add(spent, col, coef)
                _add(by_goal[var.option.goal], col, coef)
        if year in frame.ceiling:
            model.row(spent, upper=frame.ceiling[year], group=("ceiling", None, year))
        goals = {g for g, y in (*frame.earmark_min, *frame.earmark_max) if y == year}
        for goal in sorted(goals):
            if (goal, year) in frame.earmark_min:
                limit = frame.earmark_min[goal, year]
                model.row(by_goal[goal], lower=limit, group=("min", goal, year))
            if (goal, year) in frame.earmark_max:
                limit = frame.earmark_max[goal, year]
                model.row(by_goal[goal], upper=limit, group=("max", goal, year))
    return model, variables


def _objectives(problem: Problem, variables: list[_Var]) -> list[tuple[str, dict]]:
    """[(sense, {col: coef})]: the objectives in the order they are solved."""
    money: dict[int, Fraction] = {}
    for var in variables:
        for terms in var.cost.values():
            for col, coef in terms.items():
                _add(money, col, coef)
    if problem.objective == "cost":
        return [("min", money)]
    if problem.objective == "reach":
        reached: dict[int, Fraction] = {}
        for var in variables:
            option = var.option
            if option.target_unit != problem.unit or not option.target_quantity:
                continue
            if var.by == By.WHOLE:
                _add(reached, var.x, reach(option, var.fixed))
            else:  # reach per unit of s: T per unit, 1 per person, T/F per krone
                _add(reached, var.s, reach(option, Scale(var.by, 1)))
        return [("max", reached), ("min", money)]
    counted: dict[int, Fraction] = {}
    scaled: dict[int, Fraction] = {}
    for var in variables:
        value, _per = values(var.option, problem.objective, problem.unit)
        _add(counted, var.x, Fraction(value))
        if var.by in (By.PERSONS, By.AMOUNT):
            _add(scaled, var.s, Fraction(value, _reference(var.option, var.by)))
        elif var.by == By.WHOLE:
            _add(scaled, var.x, value * share(var.option, var.fixed))
        else:
            _add(scaled, var.x, Fraction(value))
    return [("max", counted), ("max", scaled), ("min", money)]


def _integral(expr: dict) -> bool:
    return all(isinstance(coef, int) or coef.denominator == 1 for coef in expr.values())


def _whole(expr: dict) -> dict:
    """The objective times the least common multiple of its denominators, where that is
    small enough to keep the numbers exact: whole steps then prove the optimum and hold
    it exactly in the next stage (reach by amount counts T/F persons per krone)."""
    multiple = math.lcm(*(Fraction(coef).denominator for coef in expr.values()))
    if multiple == 1:
        return expr
    if multiple > 10**7:
        return expr
    return {col: Fraction(coef) * multiple for col, coef in expr.items()}


class _Solver:
    def __init__(self, model: _Model, time_limit: float = TIME_LIMIT_SECONDS):
        self.model = model
        self.highs = highspy.Highs()
        h = self.highs
        h.setOptionValue("output_flag", False)
        h.setOptionValue("threads", 1)
        h.setOptionValue("random_seed", 0)
        h.setOptionValue("mip_rel_gap", 0.0)
        h.setOptionValue("time_limit", float(time_limit))
        h.passModel(model.lp())
        self.ncols = len(model.lower)
        self.status_text = ""

    def solve(
        self, sense: str, expr: dict, start=None, rounder=None
    ) -> tuple[str, list[float] | None]:
        """Solve for ``expr``; ``start``: a solution to begin from; else ``rounder`` makes
        one from the LP relaxation's answer (HiGHS ignores a start that breaks a row)."""
        h = self.highs
        costs = [0.0] * self.ncols
        for col, coef in expr.items():
            costs[col] = float(coef)
        h.changeColsCost(self.ncols, list(range(self.ncols)), costs)
        h.changeObjectiveSense(
            highspy.ObjSense.kMaximize if sense == "max" else highspy.ObjSense.kMinimize
        )
        # An objective with integer coefficients over integer columns moves in whole
        # steps: a gap under 1 proves the optimum.
        h.setOptionValue("mip_abs_gap", 0.999 if _integral(expr) else 1e-7)
        if start is None and rounder is not None:
            start = self._rounded_relaxation(rounder)
        if start is not None:
            solution = highspy.HighsSolution()
            solution.col_value = start
            solution.value_valid = True
            h.setSolution(solution)
        h.run()
        status = h.getModelStatus()
        self.status_text = h.modelStatusToString(status)
        if status == highspy.HighsModelStatus.kOptimal:
            return "optimal", list(h.getSolution().col_value)
        if status == highspy.HighsModelStatus.kInfeasible:
            return "infeasible", None
        if status == highspy.HighsModelStatus.kTimeLimit and h.getInfo().primal_solution_status:
            return "not_proven", list(h.getSolution().col_value)
        return "error", None

    def _rounded_relaxation(self, rounder):
        """The LP relaxation's answer, rounded to whole persons, units and kroner: where
        it has few fractional columns (as a frame of many initiatives has) it is at or
        next to the optimum, and HiGHS proves it without searching for one."""
        h = self.highs
        integer = [i for i, whole in enumerate(self.model.integer) if whole]
        continuous = [highspy.HighsVarType.kContinuous] * len(integer)
        h.changeColsIntegrality(len(integer), integer, continuous)
        h.run()
        relaxed = None
        if h.getModelStatus() == highspy.HighsModelStatus.kOptimal:
            relaxed = list(h.getSolution().col_value)
        h.changeColsIntegrality(
            len(integer), integer, [highspy.HighsVarType.kInteger] * len(integer)
        )
        return None if relaxed is None else rounder(relaxed)

    def relax(self, rows: list[int]) -> None:
        for row in rows:
            self.highs.changeRowBounds(row, -INF, INF)

    def restore(self, rows: list[int]) -> None:
        for row in rows:
            _terms, lower, upper, _group = self.model.rows[row]
            self.highs.changeRowBounds(row, lower, upper)

    def keep(self, sense: str, expr: dict, value: float) -> None:
        """Hold an objective at its optimum while the next one is solved."""
        slack = 0.5 if _integral(expr) else 1e-9 * max(1.0, abs(value))
        terms = {col: float(coef) for col, coef in expr.items()}
        if sense == "max":
            self._add_row(terms, value - slack, INF)
        else:
            self._add_row(terms, -INF, value + slack)

    def _add_row(self, terms, lower, upper):
        cols = sorted(terms)
        self.highs.addRow(lower, upper, len(cols), cols, [terms[c] for c in cols])


def _rounder(variables: list[_Var], ncols: int):
    """A function from a relaxed answer to whole numbers: each scale rounded down (to 0
    below its smallest share, unless required), the rounding columns set exactly."""

    def rounded(relaxed: list[float]) -> list[float]:
        values = [0.0] * ncols
        for var in variables:
            required = var.option.require == Require.IN
            x = 1 if relaxed[var.x] > 1 - 1e-6 or required else 0
            if var.s is not None:
                least = var.option.min_units if var.by == By.UNITS else smallest(var.option, var.by)
                s = math.floor(relaxed[var.s] + 1e-6)
                if s < least:
                    s = least if required else 0
                x = 1 if s else 0
                values[var.s] = float(s)
                for d, rest, top in var.rounding:
                    values[d] = float((2 * rest * s + top * x) // (2 * top))
            values[var.x] = float(x)
        return values

    return rounded


def _value(expr: dict, solution: list[float]) -> float:
    return sum(float(coef) * solution[col] for col, coef in expr.items())


# --- Solving --------------------------------------------------------------------------


def solve(problem: Problem, *, time_limit: float = TIME_LIMIT_SECONDS) -> Proposal:
    """The best plan for ``problem``, or the conflicts that make every plan impossible.

    ``time_limit``: seconds for HiGHS in each stage; an answer not proven optimal by then
    has ``status="not_proven"`` (the page saves only a proven one)."""
    started = time.perf_counter()
    frame = problem.frame
    options = sorted(problem.options, key=lambda o: o.sort_key)
    candidates, unknown_required = [], []
    covered = {goal for goal, _year in frame.earmark_min}
    for option in options:
        if option.require == Require.OUT:
            continue
        if unknown_years(option, frame.years):
            if option.require == Require.IN:
                unknown_required.append(option)
            continue
        free = option.require == Require.FREE and option.goal not in covered
        if free and not _counts(problem, option):
            # It adds nothing to any objective but money, and no least earmark needs
            # it: every best plan leaves it out (least money), so the model does not
            # carry it.
            continue
        candidates.append(option)

    def answer(**fields) -> Proposal:
        return Proposal(
            objective=problem.objective,
            unit=problem.unit,
            years=tuple(frame.years),
            seconds=time.perf_counter() - started,
            **fields,
        )

    if unknown_required:
        return answer(
            status="infeasible",
            conflicts=tuple(
                _(
                    "„%(title)s“ skal med, men beløbet er ikke oplyst i %(years)s, og et ukendt "
                    "beløb er ikke 0."
                )
                % {
                    "title": o.title,
                    "years": ", ".join(str(y) for y in unknown_years(o, frame.years)),
                }
                for o in unknown_required
            ),
            solver_status=_("Ikke løst"),
        )

    model, variables = _build(problem, candidates)
    solver = _Solver(model, time_limit)
    rounder = _rounder(variables, len(model.lower))
    status, solution, kept = "optimal", None, None  # kept: the last stage's answer
    # The least earmarks are added only when an answer falls short of them: without them
    # the model is a relaxation, so an answer that meets them anyway is optimal for the
    # whole frame (and HiGHS proves a packing problem much faster than a covering one).
    waiting = [i for i, row in enumerate(model.rows) if row[3] and row[3][0] == "min"]
    solver.relax(waiting)
    for sense, expr in _objectives(problem, variables):
        expr = _whole(expr)
        while True:
            status, found = solver.solve(sense, expr, start=solution, rounder=rounder)
            short = [
                i
                for i in waiting
                if found and _value(model.rows[i][0], found) < model.rows[i][1] - 0.5
            ]
            if not short:
                break
            solver.restore(short)
            waiting = [i for i in waiting if i not in short]
            solution = kept  # meets every row; this answer does not
        if found is None:
            break
        solution = found
        if status != "optimal":
            break
        solver.keep(sense, expr, _value(expr, solution))
        kept = solution

    if status == "infeasible":
        return answer(
            status="infeasible",
            conflicts=tuple(_conflicts(model, candidates, variables)),
            solver_status=solver.status_text,
        )
    if solution is None:
        return answer(status="error", solver_status=solver.status_text)

    chosen = []
    for var in variables:
        if round(solution[var.x]) != 1:
            continue
        scale = var.fixed if var.by == By.WHOLE else Scale(var.by, round(solution[var.s]))
        costs = choice_costs(var.option, scale, frame.years)
        model_costs = {y: round(_value(t, solution)) for y, t in var.cost.items()}
        if costs != model_costs and status == "optimal":  # the model's rounding, the budget's
            return answer(status="error", solver_status=_("Afrundingen stemmer ikke"))
        chosen.append(
            Chosen(
                option=var.option,
                scale=scale,
                share=share(var.option, scale),
                costs=costs,
                conditional=conditional_amount(var.option, scale),
                reach=reach(var.option, scale),
            )
        )
    proposal = _proposal(problem, options, chosen, answer)
    if any(limit.left < 0 for limit in proposal.limits):
        return answer(status="error", solver_status=_("Rammen er ikke overholdt"))
    return replace(
        proposal,
        status=status,
        solver_status=solver.status_text,
        seconds=time.perf_counter() - started,
    )


def _counts(problem: Problem, option: Option) -> bool:
    """Whether the option adds to the first objective (before least money)."""
    if problem.objective == "cost":
        return False
    if problem.objective == "reach":
        return option.target_unit == problem.unit and bool(option.target_quantity)
    return values(option, problem.objective, problem.unit)[0] > 0


def objective_value(problem: Problem, chosen) -> Fraction:
    """The first objective's value for a set of chosen initiatives (exact)."""
    if problem.objective == "cost":
        return Fraction(sum(c.total for c in chosen))
    if problem.objective == "reach":
        return sum((reach_in_unit(c.option, c.scale, problem.unit) for c in chosen), Fraction(0))
    return Fraction(sum(values(c.option, problem.objective, problem.unit)[0] for c in chosen))


def _proposal(problem: Problem, options, chosen: list[Chosen], answer) -> Proposal:
    frame = problem.frame
    totals = {year: sum(c.costs[year] for c in chosen) for year in frame.years}
    goals = sorted(
        {o.goal for o in options}
        | {g for g, _y in frame.earmark_min}
        | {g for g, _y in frame.earmark_max}
    )
    goal_totals = {
        (goal, year): sum(c.costs[year] for c in chosen if c.option.goal == goal)
        for goal in goals
        for year in frame.years
    }
    chosen_ids = {c.option.id for c in chosen}
    spent = sum(c.total for c in chosen)
    theirs = objective_value(problem, chosen) / spent if spent else None  # value per krone
    left_out, blocked = [], set()
    for option in options:
        if option.id in chosen_ids:
            continue
        reasons, blocks = _reasons(problem, option, theirs, totals, goal_totals)
        blocked |= blocks
        left_out.append(LeftOut(option=option, reasons=tuple(reasons)))

    limits = []
    for year in frame.years:
        if year in frame.ceiling:
            limit = frame.ceiling[year]
            binds = totals[year] == limit or ("ceiling", None, year) in blocked
            limits.append(Limit(year, None, "max", limit, totals[year], binds))
        for goal in goals:
            total = goal_totals[goal, year]
            if (goal, year) in frame.earmark_min:
                limit = frame.earmark_min[goal, year]
                limits.append(Limit(year, goal, "min", limit, total, total == limit))
            if (goal, year) in frame.earmark_max:
                limit = frame.earmark_max[goal, year]
                binds = total == limit or ("max", goal, year) in blocked
                limits.append(Limit(year, goal, "max", limit, total, binds))

    reached: dict[str, Fraction] = defaultdict(Fraction)
    for c in chosen:
        if c.reach is not None:
            reached[c.option.target_unit] += c.reach
    return answer(
        status="optimal",
        chosen=tuple(chosen),
        left_out=tuple(left_out),
        totals=totals,
        goal_totals=goal_totals,
        limits=tuple(limits),
        objective_value=objective_value(problem, chosen),
        reach=tuple(sorted(reached.items(), key=lambda pair: (-pair[1], pair[0]))),
        conditional_total=sum(c.conditional or 0 for c in chosen),
    )


# --- Reasons and conflicts, in Danish --------------------------------------------------


def _value_per_krone(problem: Problem, option: Option, scale: Scale, money: int):
    if problem.objective == "reach":
        value = reach_in_unit(option, scale, problem.unit)
    else:
        value = Fraction(values(option, problem.objective, problem.unit)[0])
    return None if not money else value / money


def _reasons(problem, option, theirs, totals, goal_totals) -> tuple[list[str], set]:
    """Why ``option`` is not in the proposal, and which limits stopped it."""
    frame = problem.frame
    if option.require == Require.OUT:
        return [_("Du har valgt den fra.")], set()
    missing = unknown_years(option, frame.years)
    if missing:
        years = ", ".join(str(y) for y in missing)
        first, _later = amounts(option)
        if first is None:
            text = _("Beløbet er ikke oplyst, og et ukendt beløb er ikke 0.")
        else:
            text = _("Beløbet for %(years)s er ikke oplyst, og et ukendt beløb er ikke 0.") % {
                "years": years
            }
        return [text], set()
    objective = problem.objective
    if objective == "cost":
        return [_("Ikke nødvendig: målet er færrest kroner, og den skal ikke med.")], set()
    if objective == "reach" and option.target_unit != problem.unit:
        if option.target_quantity is None:
            return [_("Har intet antal i målgruppen og tæller ikke med i målet.")], set()
        return [
            _("Når %(unit)s, ikke %(goal)s, som målet tæller.")
            % {"unit": option.target_unit or _("ingen angivet enhed"), "goal": problem.unit}
        ], set()
    if objective == "stars" and not option.starred:
        return [_("Er ikke stjernemarkeret.")], set()
    if objective == "support" and not option.support:
        return [_("Er ikke med i nogen handleplan, der er delt med udvalget.")], set()

    least = smallest_scale(option)
    costs = choice_costs(option, least, frame.years)
    found: dict[tuple, list] = defaultdict(list)  # (alone?, where) → [(year, cost, limit, left)]
    blocks = set()
    for year in frame.years:
        cost = costs[year]
        if not cost:
            continue
        goal_key = (option.goal, year)
        checks = []
        if year in frame.ceiling:
            checks.append((("ceiling", None, year), frame.ceiling[year], totals[year]))
        if goal_key in frame.earmark_max:
            checks.append(
                (("max", option.goal, year), frame.earmark_max[goal_key], goal_totals[goal_key])
            )
        for key, limit, total in checks:
            if total + cost > limit:
                blocks.add(key)
                found[cost > limit, key[1]].append((year, cost, limit, limit - total))
    reasons = []
    for (alone, goal), entries in found.items():
        year, cost, limit, left = entries[0]
        where = (
            _("loftet")
            if goal is None
            else _("øremærkningen til pejlemærke %(goal)s") % {"goal": goal}
        )
        figures = {
            "year": year,
            "cost": format_kroner(cost),
            "where": where,
            "limit": format_kroner(limit),
            "left": format_kroner(left),
        }
        if alone:
            text = (
                _(
                    "Passer ikke ind i %(year)s: koster mindst %(cost)s alene, og %(where)s er "
                    "%(limit)s"
                )
                % figures
            )
        else:
            text = (
                _(
                    "Der er ikke plads i %(year)s: den koster mindst %(cost)s, og der er "
                    "%(left)s tilbage under %(where)s."
                )
                % figures
            )
        if len(entries) > 1:
            text += " " + _("Det samme gælder %(years)s.") % {
                "years": ", ".join(str(entry[0]) for entry in entries[1:])
            }
        reasons.append(text)
    if reasons:
        top = largest_scale(option)
        own = _value_per_krone(
            problem, option, top, sum(choice_costs(option, top, frame.years).values())
        )
        if own is not None and theirs is not None and own < theirs:
            reasons.append(_per_krone_text(problem, own, theirs))
        return reasons, blocks
    return [_("Det valgte giver et bedre resultat inden for rammen.")], set()


def _per_krone_text(problem, own: Fraction, theirs: Fraction) -> str:
    million = 1_000_000
    figures = {
        "own": _decimal(own * million),
        "theirs": _decimal(theirs * million),
    }
    if problem.objective == "reach":
        return _(
            "Den når færre %(unit)s pr. krone end det valgte (%(own)s mod %(theirs)s pr. mio. kr.)."
        ) % {**figures, "unit": problem.unit}
    if problem.objective == "stars":
        return (
            _(
                "Den giver færre stjernemarkerede pr. krone end det valgte (%(own)s mod "
                "%(theirs)s pr. mio. kr.)."
            )
            % figures
        )
    if problem.objective == "support":
        return (
            _(
                "Den har mindre opbakning i udvalget pr. krone end det valgte (%(own)s mod "
                "%(theirs)s pr. mio. kr.)."
            )
            % figures
        )
    return (
        _(
            "Den giver mindre af din vægt pr. krone end det valgte (%(own)s mod %(theirs)s "
            "pr. mio. kr.)."
        )
        % figures
    )


def _decimal(value: Fraction) -> str:
    """One decimal, the Danish way: 12,5."""
    tenths = round(value * 10)
    return f"{tenths // 10},{tenths % 10}"


def _conflicts(model: _Model, candidates, variables) -> list[str]:
    """A smallest set of requirements that cannot hold together (a deletion filter over
    the ceilings, earmarks and required initiatives), in Danish."""
    groups = [row[3] for row in model.rows if row[3] is not None]
    groups += [("in", var.option, None) for var in variables if var.option.require == Require.IN]
    rows = {row[3]: index for index, row in enumerate(model.rows) if row[3] is not None}
    xs = {var.option.id: var.x for var in variables}
    solver = _Solver(model)
    h = solver.highs
    h.setOptionValue("time_limit", 5.0)

    def drop(group):
        if group[0] == "in":
            h.changeColBounds(xs[group[1].id], 0.0, 1.0)
        else:
            h.changeRowBounds(rows[group], -INF, INF)

    def restore(group):
        if group[0] == "in":
            h.changeColBounds(xs[group[1].id], 1.0, 1.0)
        else:
            _terms, lower, upper, _group = model.rows[rows[group]]
            h.changeRowBounds(rows[group], lower, upper)

    needed = []
    for group in groups:
        drop(group)
        status, _solution = solver.solve("min", {})
        if status != "infeasible":  # without it the rest can be met: it is part of it
            restore(group)
            needed.append(group)
    texts = []
    for group in needed:
        if group[0] == "in":
            option = group[1]
            costs = choice_costs(option, smallest_scale(option), sorted(model.years))
            texts.append(
                _("„%(title)s“ skal med (mindst %(costs)s)")
                % {
                    "title": option.title,
                    "costs": ", ".join(
                        _("%(amount)s i %(year)s") % {"amount": format_kroner(c), "year": y}
                        for y, c in costs.items()
                        if c
                    )
                    or format_kroner(0),
                }
            )
        else:
            kind, goal, year = group
            limit = model.rows[rows[group]][1 if kind == "min" else 2]
            texts.append(
                describe_limit(year, goal, "max" if kind == "ceiling" else kind, int(limit))
            )
    if not texts:
        texts.append(_("Rammen kan ikke overholdes."))
    return texts


# --- From the database, and back ------------------------------------------------------

DEFAULT_MAX_UNITS = 3


@dataclass(frozen=True)
class Rule:
    """The member's rule for one initiative, as the form gives it."""

    require: Require = Require.FREE
    locked: bool = False  # with Require.IN: at the plan's scale (the catalogue's if not in it)
    min_share: Fraction | None = DEFAULT_MIN_SHARE  # None: all or nothing
    max_units: int | None = None  # per-unit initiatives; None: DEFAULT_MAX_UNITS
    weight: int = DEFAULT_WEIGHT


def default_unit(initiatives) -> str:
    """The target unit most initiatives count in (ties: the first by name)."""
    counts: dict[str, int] = defaultdict(int)
    for initiative in initiatives:
        if initiative.target_quantity and initiative.target_unit:
            counts[initiative.target_unit] += 1
    return min(counts, key=lambda unit: (-counts[unit], unit)) if counts else ""


def plan_frame(plan, allocations) -> Frame:
    """The plan's own frame: its ceilings, and its earmarks as most amounts."""
    years = tuple(plan.years)
    ceiling, most = {}, {}
    for allocation in allocations:
        if allocation.year not in years:
            continue
        if allocation.goal_id is None:
            ceiling[allocation.year] = allocation.amount
        else:
            most[allocation.goal.number, allocation.year] = allocation.amount
    return Frame(years=years, ceiling=ceiling, earmark_max=most)


def load_problem(
    plan,
    *,
    objective: str = "reach",
    unit: str | None = None,
    frame: Frame | None = None,
    rules: dict[int, Rule] | None = None,
    default_rule: Rule = Rule(),  # noqa: B008 (frozen)
    by_amount: bool = False,
) -> Problem:
    """The problem for ``plan``: its catalogue's initiatives at today's figures, the
    committee's support, the plan's own frame unless ``frame`` is given, and the member's
    ``rules`` by initiative id (``default_rule`` for the others).

    Initiatives already in the plan keep its years (and, when locked, its scale); the
    others run the plan's whole period. Scalable initiatives go by whole persons where the
    catalogue has a number, by amount with ``by_amount`` (not saved before issue 18).
    """
    initiatives = list(
        Initiative.objects.in_catalogue(plan.catalogue_id).select_related("focus_area__goal")
    )
    items = {item.initiative_id: item for item in plan.items.all()}
    support = dict(
        PlanItem.objects.filter(
            plan__catalogue_id=plan.catalogue_id,
            plan__shared_at__isnull=False,
            plan__deleted_at__isnull=True,
        )
        .values_list("initiative_id")
        .annotate(plans=Count("plan_id", distinct=True))
        .order_by()
    )
    if frame is None:
        frame = plan_frame(plan, plan.allocations.select_related("goal"))
    rules = rules or {}
    options = []
    for initiative in initiatives:
        rule = rules.get(initiative.pk, default_rule)
        item = items.get(initiative.pk)
        area = initiative.focus_area
        if initiative.financing_kind == Kind.PER_UNIT:
            by = By.UNITS
        elif rule.min_share is None:
            by = By.WHOLE
        elif by_amount:
            by = By.AMOUNT
        else:
            by = By.PERSONS
        locked = None
        if rule.require == Require.IN and rule.locked:
            locked = _scale_of(item) if item is not None else WHOLE
        max_units = rule.max_units or max(DEFAULT_MAX_UNITS, item.units if item else 1)
        options.append(
            Option(
                id=initiative.pk,
                title=initiative.title,
                goal=area.goal.number,
                kind=initiative.financing_kind,
                start_year=item.start_year if item else plan.first_year,
                end_year=item.end_year if item else plan.last_year,
                order=(area.goal.number, area.number, initiative.position),
                first=initiative.first_year_amount,
                later=initiative.later_year_amount,
                success=initiative.success_payment_amount,
                target_quantity=initiative.target_quantity,
                target_unit=initiative.target_unit,
                starred=initiative.starred,
                support=support.get(initiative.pk, 0),
                weight=rule.weight,
                require=rule.require,
                locked=locked,
                scale_by=by,
                min_share=rule.min_share if rule.min_share is not None else Fraction(1),
                max_units=max_units,
                # Udvalgets eget beløb, where the plan gives one for an amount the
                # catalogue does not state (budget.py's rule).
                own_first=_own(item, initiative, "first_year_amount"),
                own_later=_own(item, initiative, "later_year_amount"),
            )
        )
    return Problem(
        frame=frame,
        options=tuple(options),
        objective=objective,
        unit=default_unit(initiatives) if unit is None else unit,
    )


def _own(item, initiative, field: str) -> int | None:
    """The plan item's own amount for ``field``, where the catalogue states none."""
    if item is None or getattr(initiative, field) is not None:
        return None
    if initiative.financing_kind == Kind.PAY_FOR_SUCCESS:
        return None  # never replaced by an own amount (budget.py)
    return getattr(item, f"own_{field}")


def _scale_of(item) -> Scale:
    """A plan item's scale as the optimiser counts it. A share locks the initiative at the
    first-year amount it comes to (whole kroner, as the budget rounds it; a later year
    can then differ from the share's by a krone)."""
    Kinds = PlanItem.Scale
    if item.agreed_financing_kind == Kind.PER_UNIT:
        return Scale(By.UNITS, item.units)
    if item.scale_by == Kinds.QUANTITY and item.agreed_target_quantity:
        return Scale(By.PERSONS, item.quantity)
    if item.scale_by in (Kinds.AMOUNT, Kinds.SHARE):
        first = item_costs(item=item, years=[item.start_year])[item.start_year]
        if first is not None:
            return Scale(By.AMOUNT, first)
    return WHOLE


def item_fields(chosen: Chosen) -> dict:
    """The plan item's fields for a chosen initiative: its years and its scale, as the
    member would type it (PlanItem.Scale). The one place that maps a solution to an item."""
    option, scale = chosen.option, chosen.scale
    fields = {
        "start_year": option.start_year,
        "end_year": option.end_year,
        "scale_by": PlanItem.Scale.CATALOGUE,
    }
    if scale.by == By.UNITS and scale.value != 1:
        fields |= {"scale_by": PlanItem.Scale.UNITS, "units": scale.value}
    elif scale.by == By.PERSONS and scale.value != option.target_quantity:
        fields |= {"scale_by": PlanItem.Scale.QUANTITY, "quantity": scale.value}
    elif scale.by == By.AMOUNT and scale.value != amounts(option)[0]:
        fields |= {
            "scale_by": PlanItem.Scale.AMOUNT,
            "scale_amount": scale.value,
            "scale_amount_year": PlanItem.AmountYear.FIRST,
        }
    if option.own_first is not None:
        fields["own_first_year_amount"] = option.own_first
    if option.own_later is not None:
        fields["own_later_year_amount"] = option.own_later
    return fields
