"""The optimiser (prioritisation/optimise.py): proven optimal, exact in kroner.

Exhaustive search on instances small enough to enumerate is the reference: every scale a
member allows is a finite set there (all or nothing, whole units, whole persons), so the
enumeration covers every plan the MIP may choose, and equal objective values prove the
MIP's answer optimal. Continuous shares (by amount, in kroner) are checked against
optima worked out by hand and against the budget's rounding.
"""

import itertools
import random
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalogue.models import Initiative
from prioritisation import budget
from prioritisation.models import PlanItem
from prioritisation.optimise import (
    By,
    Chosen,
    Frame,
    Option,
    Problem,
    Require,
    Scale,
    choice_costs,
    item_fields,
    objective_value,
    reach_in_unit,
    scales,
    share,
    smallest_scale,
    solve,
    unknown_years,
)

Kind = Initiative.FinancingKind
ONE = Fraction(1)
YEARS = (2019, 2020, 2021)


def budget_costs(option, scale, years):
    """The plan page's own arithmetic (budget.item_costs) for the item the optimiser
    saves at ``scale`` (optimise.item_fields)."""
    chosen = Chosen(option=option, scale=scale, share=ONE, costs={}, conditional=None, reach=None)
    item = PlanItem(
        agreed_financing_kind=option.kind,
        agreed_first_year_amount=option.first,
        agreed_later_year_amount=option.later,
        agreed_target_quantity=option.target_quantity,
        **item_fields(chosen),  # with the member's own amounts, where given
    )
    return budget.item_costs(item=item, years=years)


# --- The budget's rounding, modelled exactly ------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    first=st.integers(1, 5_000_000),
    later=st.integers(0, 5_000_000),
    persons=st.integers(1, 400),
    percent=st.integers(1, 99),
    by=st.sampled_from([By.PERSONS, By.AMOUNT]),
)
def test_least_money_at_the_smallest_share_costs_what_the_budget_says(
    first, later, persons, percent, by
):
    """A required initiative at its smallest share: the MIP's cost in every year is the
    budget's (the answer is refused when the two differ)."""
    option = Option(
        id=1, title="A", goal=1, kind=Kind.ANNUAL, start_year=2019, end_year=2021,
        first=first, later=later, target_quantity=persons, target_unit="borgere",
        require=Require.IN, scale_by=by, min_share=Fraction(percent, 100),
    )  # fmt: skip
    proposal = solve(Problem(frame=Frame(years=YEARS), options=(option,), objective="cost"))
    assert proposal.is_optimal, proposal.solver_status
    (chosen,) = proposal.chosen
    assert chosen.costs == budget_costs(option, chosen.scale, YEARS)
    # Costs grow with the scale, so the smallest share is the cheapest.
    assert chosen.total == sum(budget_costs(option, smallest_scale(option), YEARS).values())


@settings(max_examples=60, deadline=None)
@given(
    first=st.integers(1, 2_000_000),
    later=st.integers(1, 2_000_000),
    persons=st.integers(2, 300),
    ceiling=st.integers(1, 2_000_000),
)
def test_the_largest_share_under_a_ceiling_is_found_to_the_person(first, later, persons, ceiling):
    """Most reach under a ceiling: the largest number of persons whose rounded costs fit
    in every year, found by trying them all."""
    option = Option(
        id=1, title="A", goal=1, kind=Kind.ANNUAL, start_year=2019, end_year=2021,
        first=first, later=later, target_quantity=persons, target_unit="borgere",
        scale_by=By.PERSONS, min_share=Fraction(1, persons),
    )  # fmt: skip
    frame = Frame(years=YEARS, ceiling=dict.fromkeys(YEARS, ceiling))
    fitting = [
        q
        for q in range(1, persons + 1)
        if all(c <= ceiling for c in budget_costs(option, Scale(By.PERSONS, q), YEARS).values())
    ]
    proposal = solve(Problem(frame=frame, options=(option,), objective="reach", unit="borgere"))
    assert proposal.is_optimal
    if not fitting:
        assert proposal.chosen == ()
        assert "alene" in proposal.left_out[0].reasons[0]
    else:
        assert [c.scale.value for c in proposal.chosen] == [max(fitting)]


def test_amount_scale_worked_by_hand():
    """0,3 mio. first year, 0,5 mio. later (Undervisning af lærere), ceiling 250.001 kr. a
    year, by amount: the later years cost 5/3 of the first, so the first year can have
    at most 150.000 kr. (later 250.000); 150.001 would make the later years 250.002."""
    option = Option(
        id=18, title="Undervisning af lærere", goal=2, kind=Kind.ANNUAL,
        start_year=2019, end_year=2021, first=300_000, later=500_000,
        target_quantity=200, target_unit="lærere", scale_by=By.AMOUNT,
    )  # fmt: skip
    frame = Frame(years=YEARS, ceiling=dict.fromkeys(YEARS, 250_001))
    proposal = solve(Problem(frame=frame, options=(option,), objective="reach", unit="lærere"))
    (chosen,) = proposal.chosen
    assert chosen.scale == Scale(By.AMOUNT, 150_000)
    assert chosen.costs == {2019: 150_000, 2020: 250_000, 2021: 250_000}
    assert chosen.reach == 100
    assert choice_costs(option, Scale(By.AMOUNT, 150_001), YEARS)[2020] == 250_002
    # Half up, as the budget: 500.000 × 150.0003 / 300.000 = 250.000,5 → 250.001.
    assert budget_costs(option, Scale(By.AMOUNT, 150_000), YEARS)[2020] == 250_000


def test_a_continuous_share_between_two_initiatives_worked_by_hand():
    """1 mio. a year for two initiatives by amount, smallest share 50 %: A reaches 100
    borgere for 800.000 kr. (125 per mio.), B 100 for 400.000 kr. (250 per mio.). All of B
    (400.000, 100 borgere), and A gets the rest: 600.000 kr., 75 borgere."""
    a = Option(id=1, title="A", goal=1, kind=Kind.ANNUAL, start_year=2019, end_year=2019,
               first=800_000, later=800_000, target_quantity=100, target_unit="borgere",
               scale_by=By.AMOUNT)  # fmt: skip
    b = Option(id=2, title="B", goal=1, kind=Kind.ANNUAL, start_year=2019, end_year=2019,
               first=400_000, later=400_000, target_quantity=100, target_unit="borgere",
               scale_by=By.AMOUNT)  # fmt: skip
    frame = Frame(years=(2019,), ceiling={2019: 1_000_000})
    proposal = solve(Problem(frame=frame, options=(a, b), objective="reach", unit="borgere"))
    assert {c.option.id: (c.scale.value, c.costs[2019]) for c in proposal.chosen} == {
        1: (600_000, 600_000),
        2: (400_000, 400_000),
    }
    assert proposal.objective_value == 175
    assert proposal.totals == {2019: 1_000_000}
    assert [limit.binds for limit in proposal.limits] == [True]


# --- Exhaustive search on random instances --------------------------------------------

UNITS = ("borgere", "foreninger")


def random_option(rng: random.Random, i: int, years) -> Option:
    kind = rng.choice(
        [Kind.ANNUAL, Kind.ANNUAL, Kind.ONE_OFF, Kind.PER_UNIT, Kind.PAY_FOR_SUCCESS,
         Kind.NOT_STATED]
    )  # fmt: skip
    amount = lambda: rng.randrange(1, 40) * 25_000 + rng.choice([0, 1, 333])  # noqa: E731
    first = later = success = own_first = own_later = None
    if kind in (Kind.ANNUAL, Kind.PER_UNIT):
        first = amount()
        later = rng.choice([first, amount(), None]) if kind == Kind.ANNUAL else amount()
    elif kind == Kind.ONE_OFF:
        first = amount()
    elif kind == Kind.PAY_FOR_SUCCESS:
        success = amount()
    elif rng.random() < 0.5:  # an own amount for one the catalogue gives none
        own_first, own_later = amount(), amount()
    start = rng.choice(years)
    end = rng.choice([y for y in years if y >= start])
    quantity = rng.choice([None, 1, 2, 3, 4])
    by = By.WHOLE
    if kind == Kind.PER_UNIT:
        by = By.UNITS
    elif quantity and rng.random() < 0.5:
        by = By.PERSONS
    require = rng.choices([Require.FREE, Require.IN, Require.OUT], [8, 1, 1])[0]
    return Option(
        id=i, title=f"Indsats {i}", goal=rng.randint(1, 2), kind=kind, start_year=start,
        end_year=end, order=(i,), first=first, later=later, success=success,
        target_quantity=quantity, target_unit=rng.choice(UNITS), starred=rng.random() < 0.4,
        support=rng.randint(0, 3), weight=rng.randint(1, 5), require=require, scale_by=by,
        min_share=Fraction(rng.choice([1, 1, 2, 3]), 4), max_units=rng.randint(1, 3),
        own_first=own_first, own_later=own_later,
    )  # fmt: skip


def random_problem(rng: random.Random, n: int, objective: str) -> Problem:
    years = tuple(range(2019, 2019 + rng.randint(1, 3)))
    options = [random_option(rng, i, years) for i in range(1, n + 1)]
    # At most three initiatives with more than two choices keep the enumeration small.
    many = [o for o in options if len(scales(o)) > 1]
    for option in many[3:]:
        options[options.index(option)] = Option(
            **{**option.__dict__, "scale_by": By.WHOLE, "max_units": 1}
        )
    level = rng.randrange(1, 15) * 100_000
    frame = Frame(
        years=years,
        ceiling={y: level + rng.randrange(0, 300_000) for y in years if rng.random() < 0.9},
        earmark_min={(g, y): rng.randrange(0, 4) * 100_000 for g in (1, 2) for y in years
                     if rng.random() < 0.25},
        earmark_max={(g, y): level // 2 + rng.randrange(0, 400_000) for g in (1, 2)
                     for y in years if rng.random() < 0.3},
    )  # fmt: skip
    rng.shuffle(options)  # the answer may not depend on the order given
    return Problem(frame=frame, options=tuple(options), objective=objective, unit="borgere")


def key(problem: Problem, chosen) -> tuple:
    """The lexicographic objectives, as numbers to compare (all to be maximised)."""
    money = sum(sum(costs.values()) for _option, _scale, costs in chosen)
    if problem.objective == "cost":
        return (-money,)
    if problem.objective == "reach":
        return (sum(reach_in_unit(o, s, problem.unit) for o, s, _c in chosen), -money)
    value = {"stars": lambda o: int(o.starred), "support": lambda o: o.support,
             "weights": lambda o: o.weight}[problem.objective]  # fmt: skip
    return (
        sum(value(o) for o, _s, _c in chosen),
        sum(value(o) * share(o, s) for o, s, _c in chosen),
        -money,
    )


def exhaustive(problem: Problem):
    """The best key over every plan that keeps the frame; None when none does."""
    frame = problem.frame
    choices = []
    for option in problem.options:
        possible = []
        if option.require != Require.OUT and not unknown_years(option, frame.years):
            possible = [(option, s, choice_costs(option, s, frame.years)) for s in scales(option)]
        if option.require != Require.IN:
            possible.append(None)
        choices.append(possible)
    best = None
    for combination in itertools.product(*choices):
        chosen = [c for c in combination if c is not None]
        ok = True
        for year in frame.years:
            total = sum(c[year] for _o, _s, c in chosen)
            if year in frame.ceiling and total > frame.ceiling[year]:
                ok = False
                break
            for goal in (1, 2):
                spent = sum(c[year] for o, _s, c in chosen if o.goal == goal)
                if spent < frame.earmark_min.get((goal, year), 0) or spent > frame.earmark_max.get(
                    (goal, year), spent
                ):
                    ok = False
            if not ok:
                break
        if ok:
            k = key(problem, chosen)
            best = k if best is None or k > best else best
    return best


def check_against_exhaustive(problem: Problem):
    proposal = solve(problem)
    best = exhaustive(problem)
    if best is None:
        assert proposal.status == "infeasible"
        assert proposal.conflicts and not proposal.chosen
        return proposal
    assert proposal.is_optimal, (proposal.status, proposal.solver_status)
    chosen = [(c.option, c.scale, c.costs) for c in proposal.chosen]
    assert key(problem, chosen) == best
    assert proposal.objective_value == best[0] or problem.objective == "cost"
    return proposal


@pytest.mark.parametrize("objective", ["reach", "stars", "support", "weights", "cost"])
def test_equal_to_exhaustive_search_on_random_catalogues(objective):
    rng = random.Random(f"optimise-{objective}")
    statuses = set()
    for _ in range(25):
        n = rng.randint(1, 14)
        problem = random_problem(rng, n, objective)
        statuses.add(check_against_exhaustive(problem).status)
    assert statuses == {"optimal", "infeasible"}  # both kinds of answer were checked


def test_fourteen_initiatives_against_exhaustive_search():
    rng = random.Random("fourteen")
    for _ in range(6):
        check_against_exhaustive(random_problem(rng, 14, "reach"))


def test_the_same_problem_in_another_order_gives_the_same_plan():
    rng = random.Random("order")
    problem = random_problem(rng, 14, "stars")
    first = solve(problem)
    again = solve(Problem(**{**problem.__dict__, "options": tuple(reversed(problem.options))}))
    assert [(c.option.id, c.scale) for c in first.chosen] == [
        (c.option.id, c.scale) for c in again.chosen
    ]


# --- Properties on larger random instances --------------------------------------------


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**9), n=st.integers(1, 40),
       objective=st.sampled_from(["reach", "stars", "support", "weights", "cost"]))  # fmt: skip
def test_a_proposal_never_breaks_the_frame_nor_counts_unknown_as_zero(seed, n, objective):
    rng = random.Random(seed)
    problem = random_problem(rng, n, objective)
    proposal = solve(problem)
    frame = problem.frame
    if proposal.status == "infeasible":
        assert proposal.conflicts and not proposal.chosen
        return
    assert proposal.is_optimal
    ids = {c.option.id for c in proposal.chosen}
    for option in problem.options:
        if option.require == Require.IN:
            assert option.id in ids
        if option.require == Require.OUT:
            assert option.id not in ids
    for c in proposal.chosen:
        assert not unknown_years(c.option, frame.years)  # never an unknown amount as 0
        assert c.costs == choice_costs(c.option, c.scale, frame.years)
        assert c.scale in scales(c.option)
        if c.option.kind == Kind.PAY_FOR_SUCCESS and c.option.own_first is None:
            assert set(c.costs.values()) == {0}  # conditional money is never spent
    for year in frame.years:
        total = sum(c.costs[year] for c in proposal.chosen)
        assert proposal.totals[year] == total
        assert total <= frame.ceiling.get(year, total)
        for goal in (1, 2):
            spent = sum(c.costs[year] for c in proposal.chosen if c.option.goal == goal)
            assert frame.earmark_min.get((goal, year), 0) <= spent
            assert spent <= frame.earmark_max.get((goal, year), spent)
    assert len(proposal.left_out) == len(problem.options) - len(ids)
    assert all(left.reasons for left in proposal.left_out)
    assert proposal.objective_value == objective_value(problem, proposal.chosen)


# --- Conflicts, in Danish ---------------------------------------------------------------


def test_earmarks_over_the_ceiling_are_named_and_nothing_is_proposed():
    option = Option(id=1, title="A", goal=1, kind=Kind.ANNUAL, start_year=2019, end_year=2019,
                    first=100_000, later=100_000)  # fmt: skip
    other = Option(id=2, title="B", goal=2, kind=Kind.ANNUAL, start_year=2019, end_year=2019,
                   first=100_000, later=100_000)  # fmt: skip
    frame = Frame(
        years=(2019,),
        ceiling={2019: 150_000},
        earmark_min={(1, 2019): 100_000, (2, 2019): 100_000},
    )
    proposal = solve(Problem(frame=frame, options=(option, other), objective="reach"))
    assert proposal.status == "infeasible"
    assert proposal.chosen == ()
    assert proposal.conflicts == (
        "Loftet i 2019: 150.000 kr.",
        "Mindst 100.000 kr. til pejlemærke 1 i 2019",
        "Mindst 100.000 kr. til pejlemærke 2 i 2019",
    )


def test_a_required_initiative_that_alone_breaks_a_year():
    big = Option(id=1, title="Fritidsjob", goal=3, kind=Kind.ANNUAL, start_year=2019,
                 end_year=2020, first=3_000_000, later=3_000_000, require=Require.IN)  # fmt: skip
    small = Option(id=2, title="B", goal=3, kind=Kind.ANNUAL, start_year=2019, end_year=2020,
                   first=10_000, later=10_000)  # fmt: skip
    frame = Frame(years=(2019, 2020), ceiling={2019: 5_000_000, 2020: 2_000_000})
    proposal = solve(Problem(frame=frame, options=(big, small), objective="reach"))
    assert proposal.status == "infeasible"
    assert proposal.conflicts == (
        "Loftet i 2020: 2.000.000 kr.",
        "„Fritidsjob“ skal med (mindst 3.000.000 kr. i 2019, 3.000.000 kr. i 2020)",
    )


def test_a_required_initiative_without_an_amount_is_a_conflict_not_zero():
    unknown = Option(id=1, title="Virksomhedsindsats", goal=1, kind=Kind.NOT_STATED,
                     start_year=2019, end_year=2019, require=Require.IN)  # fmt: skip
    proposal = solve(Problem(frame=Frame(years=(2019,)), options=(unknown,), objective="cost"))
    assert proposal.status == "infeasible"
    assert "beløbet er ikke oplyst" in proposal.conflicts[0]
    own = Option(**{**unknown.__dict__, "own_first": 200_000})
    proposal = solve(Problem(frame=Frame(years=(2019,)), options=(own,), objective="cost"))
    assert [c.costs for c in proposal.chosen] == [{2019: 200_000}]
