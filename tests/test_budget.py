"""The budget arithmetic on the seed's irregular cases, without HTTP.

The plans, items and allocations here are unsaved instances: ``prioritisation.budget``
reads only what it is given. Every expected amount is written by hand from the seed's
numbers (the seed, ``000_bf6ed4a4fc2a1b54.txt``), with the arithmetic beside it.
"""

from decimal import Decimal
from fractions import Fraction

import pytest

from catalogue.models import Catalogue, FocusArea, Goal, Initiative
from prioritisation.budget import (
    conditional_amount,
    item_budget,
    item_costs,
    plan_budget,
    reach,
    scale_ratio,
)
from prioritisation.models import Allocation, Plan, PlanItem

pytestmark = pytest.mark.django_db

YEARS = range(2019, 2023)

TEACHERS = "Undervisning af lærere i mangfoldig elevsammensætning"  # 0,3 mio., then 0,5 mio.
GROWTH = "Vækstprogram for virksomheder"  # one-off 550.000 kr.
CONSULTANT = "Fritidsjobkonsulent udstationeret i de udsatte byområder"  # 0,1 mio. per area
PAY_FOR_SUCCESS = "Beskæftigelsesforløb i samarbejde med civilsamfundet"  # 1,3 mio. if success
SENIORS = "Indsats for udsatte og ensomme seniorer"  # 600.000 kr., later years not stated
HOUSING = "Styrket ligebehandling på boligmarkedet"  # no amount at all
ANONYMOUS = "Anonymiseret rekruttering"  # 400.000 kr. first year, 500.000 kr. after
LEISURE_JOBS = "Fritidsjob"  # 3,0 mio. for 200 unge a year; larger variant 3,8 mio.
HANDHELD = "Håndholdt og kontinuerlig virksomhedsindsats"  # 4,4 mio. for min. 350 borgere
DISCRIMINATION = "Forebyggelse af diskrimination målrettet unge på skoler og ungdomsuddannelser"


@pytest.fixture
def plan(catalogue):
    return Plan(catalogue=catalogue, name="Prøve", first_year=2019, last_year=2022)


@pytest.fixture
def initiatives(catalogue):
    """The seed's initiatives by title, with the focus area and goal the budget reads."""
    return {i.title: i for i in Initiative.objects.with_structure()}


@pytest.fixture
def item(plan, initiatives):
    def make(title, *, start=2019, end=2022, **scale):
        return PlanItem.for_initiative(
            initiatives[title], plan=plan, start_year=start, end_year=end, **scale
        )

    return make


def _goal(catalogue, number):
    return Goal.objects.get(catalogue=catalogue, number=number)


# --- One item at a time ---------------------------------------------------------------


def test_first_year_then_later_years(item):
    # "udarbejdes for 0,3 mio. i 2019 … årligt i 2020–2022 for 0,5 mio. kr."
    assert item_costs(item=item(TEACHERS), years=YEARS) == {
        2019: 300_000,
        2020: 500_000,
        2021: 500_000,
        2022: 500_000,
    }


def test_one_off_only_in_its_start_year(item):
    # "550.000 kr. til udvikling af konceptet": once, nothing after.
    assert item_costs(item=item(GROWTH), years=YEARS) == {
        2019: 550_000,
        2020: 0,
        2021: 0,
        2022: 0,
    }
    assert item_costs(item=item(GROWTH, start=2020), years=YEARS)[2020] == 550_000


def test_per_unit_times_the_units(item):
    # "0,1 mio. kr. pr. boligområde" × 3 boligområder = 300.000 kr. a year.
    costs = item_costs(item=item(CONSULTANT, scale_by="units", units=3), years=YEARS)
    assert costs == dict.fromkeys(YEARS, 300_000)


def test_pay_for_success_is_never_a_cost(item):
    success = item(PAY_FOR_SUCCESS)
    assert item_costs(item=success, years=YEARS) == dict.fromkeys(YEARS, None)
    # "Såfremt 10 kvinder kommer i ordinær beskæftigelse … betales 1,3 mio. kr."
    assert conditional_amount(item=success) == 1_300_000
    # The 10 kvinder are the condition for paying, not a target group: the catalogue
    # states no quantity, so the item counts the whole 1,3 mio.
    assert conditional_amount(item=item(PAY_FOR_SUCCESS)) == 1_300_000


def test_later_year_not_stated_is_unknown_not_zero(item):
    # "600.000 kr. i første år (indsatsen vil blive billigere i andet år)"
    assert item_costs(item=item(SENIORS), years=YEARS) == {
        2019: 600_000,
        2020: None,
        2021: None,
        2022: None,
    }


def test_no_amount_is_unknown_in_every_year(item):
    assert item_costs(item=item(HOUSING), years=YEARS) == dict.fromkeys(YEARS, None)


def test_item_that_starts_in_2021(item):
    # 400.000 kr. in its first year (2021), 500.000 kr. in the year after; nothing before.
    assert item_costs(item=item(ANONYMOUS, start=2021), years=YEARS) == {
        2019: 0,
        2020: 0,
        2021: 400_000,
        2022: 500_000,
    }


def test_item_that_ends_early(item):
    assert item_costs(item=item(ANONYMOUS, end=2020), years=YEARS) == {
        2019: 400_000,
        2020: 500_000,
        2021: 0,
        2022: 0,
    }


def test_half_scale(item):
    # 100 of the catalogue's 200 unge: 3.000.000 × 100 / 200 = 1.500.000 kr. a year.
    costs = item_costs(item=item(LEISURE_JOBS, scale_by="quantity", quantity=100), years=YEARS)
    assert costs == dict.fromkeys(YEARS, 1_500_000)


def test_larger_variant(item):
    # "3,0 mio. kr. (ved udvidelse ca. 3,8 mio. kr. årligt)"
    costs = item_costs(item=item(LEISURE_JOBS, use_larger_variant=True), years=YEARS)
    assert costs == dict.fromkeys(YEARS, 3_800_000)


def test_larger_variant_is_ignored_where_there_is_none(item):
    # Anonymiseret rekruttering has no larger variant: the flag changes nothing.
    costs = item_costs(item=item(ANONYMOUS, use_larger_variant=True), years=YEARS)
    assert costs[2019] == 400_000


def test_scaled_amounts_are_rounded_per_year_half_up(plan, item):
    # Forebyggelse af diskrimination: 500.000 kr. for min. 3000 elever. 1000 elever:
    # 500.000 × 1000 / 3000 = 166.666,67 → 166.667 kr. each year.
    title = "Forebyggelse af diskrimination målrettet unge på skoler og ungdomsuddannelser"
    one_third = item(title, scale_by="quantity", quantity=1000)
    assert item_costs(item=one_third, years=YEARS) == dict.fromkeys(YEARS, 166_667)
    # The period is the sum of the rounded years, 4 × 166.667 = 666.668, so the total
    # on the page always adds up (2.000.000 / 3 rounded once would be 666.667).
    assert plan_budget(plan=plan, items=[one_third], allocations=[]).totals.total == 666_668


def test_exactly_half_a_krone_rounds_up(catalogue):
    area = FocusArea.objects.select_related("goal").first()
    odd = Initiative(
        focus_area=area,
        title="Ulige beløb",
        financing_kind=Initiative.FinancingKind.ANNUAL,
        first_year_amount=1_000_001,
        later_year_amount=1_000_001,
        target_quantity=2,
    )
    one = PlanItem.for_initiative(
        odd, start_year=2019, end_year=2019, scale_by="quantity", quantity=1
    )
    # 1.000.001 × 1 / 2 = 500.000,5 → 500.001 kr. (half up, not to even).
    assert item_costs(item=one, years=[2019]) == {2019: 500_001}


# --- Scaling by what the member means --------------------------------------------------


def test_an_amount_typed_is_met_exactly_every_year(item):
    # 3.300.000 kr. of the catalogue's 4.400.000 kr.: ratio 3/4, 4.400.000 × 3/4 each year.
    handheld = item(HANDHELD, scale_by="amount", scale_amount=3_300_000)
    assert scale_ratio(item=handheld) == Fraction(3, 4)
    assert item_costs(item=handheld, years=YEARS) == dict.fromkeys(YEARS, 3_300_000)


def test_an_amount_typed_for_the_first_year_scales_the_later_years(item):
    # Anonymiseret rekruttering: 400.000 kr. first year, 500.000 kr. after. 300.000 kr.
    # typed for the first year is 3/4 of it; the later years 500.000 × 3/4 = 375.000.
    first = item(ANONYMOUS, scale_by="amount", scale_amount=300_000)
    assert item_costs(item=first, years=YEARS) == {
        2019: 300_000,
        2020: 375_000,
        2021: 375_000,
        2022: 375_000,
    }


def test_an_amount_typed_for_the_later_years_scales_the_first(item):
    # 600.000 kr. typed for the later years is 6/5 of 500.000; first year 400.000 × 6/5.
    later = item(ANONYMOUS, scale_by="amount", scale_amount=600_000, scale_amount_year="later")
    assert scale_ratio(item=later) == Fraction(6, 5)
    assert item_costs(item=later, years=YEARS) == {
        2019: 480_000,
        2020: 600_000,
        2021: 600_000,
        2022: 600_000,
    }
    # Lærerne: 0,3 mio., then 0,5 mio. 400.000 kr. for the later years is 4/5:
    # first year 300.000 × 4/5 = 240.000.
    teachers = item(TEACHERS, scale_by="amount", scale_amount=400_000, scale_amount_year="later")
    assert item_costs(item=teachers, years=YEARS)[2019] == 240_000


def test_rounding_once_per_item_per_year(plan, item):
    # Lærerne, 100.001 kr. typed for the first year: the later years are
    # 500.000 × 100.001 / 300.000 = 166.668,33 → 166.668 kr. each.
    odd = item(TEACHERS, scale_by="amount", scale_amount=100_001)
    assert item_costs(item=odd, years=YEARS) == {
        2019: 100_001,
        2020: 166_668,
        2021: 166_668,
        2022: 166_668,
    }
    # The period is the sum of the rounded years: 100.001 + 3 × 166.668 = 600.005 (the
    # unrounded sum, 600.006, is never shown).
    assert plan_budget(plan=plan, items=[odd], allocations=[]).totals.total == 600_005


def test_a_share_in_per_cent(item):
    # 50 % of Fritidsjob's 3.000.000 kr. = 1.500.000 kr.; 12,5 % of 4.400.000 = 550.000.
    half = item(LEISURE_JOBS, scale_by="share", scale_share=Decimal("50"))
    assert item_costs(item=half, years=YEARS) == dict.fromkeys(YEARS, 1_500_000)
    eighth = item(HANDHELD, scale_by="share", scale_share=Decimal("12.50"))
    assert scale_ratio(item=eighth) == Fraction(1, 8)
    assert item_costs(item=eighth, years=YEARS) == dict.fromkeys(YEARS, 550_000)
    # 33,33 % of 500.000 = 500.000 × 3.333 / 10.000 = 166.650 kr. exactly.
    third = item(DISCRIMINATION, scale_by="share", scale_share=Decimal("33.33"))
    assert item_costs(item=third, years=YEARS) == dict.fromkeys(YEARS, 166_650)


def test_a_one_off_by_amount_and_by_share(item):
    # Vækstprogram, 550.000 kr. once: 275.000 kr. typed is met in its start year only.
    growth = item(GROWTH, scale_by="amount", scale_amount=275_000)
    assert item_costs(item=growth, years=YEARS) == {2019: 275_000, 2020: 0, 2021: 0, 2022: 0}
    # 20 % of it: 110.000 kr., once.
    share = item(GROWTH, scale_by="share", scale_share=Decimal(20), start=2021)
    assert item_costs(item=share, years=YEARS) == {2019: 0, 2020: 0, 2021: 110_000, 2022: 0}


def test_per_unit_by_amount_and_by_the_whole_target_group(item):
    # 100.000 kr. pr. boligområde. 250.000 kr. a year is 2,5 boligområder.
    by_amount = item(CONSULTANT, scale_by="amount", scale_amount=250_000)
    assert scale_ratio(item=by_amount) == Fraction(5, 2)
    assert item_costs(item=by_amount, years=YEARS) == dict.fromkeys(YEARS, 250_000)
    # 35 unge pr. boligområde × 2,5 = 87,5 unge: an estimate, rounded to 88.
    entry = item_budget(item=by_amount, years=YEARS)
    assert (entry.reach, entry.reach_is_estimate) == (88, True)
    # A quantity of a per-unit amount counts the whole target group: 105 unge at 35
    # pr. boligområde is 3 boligområder, 300.000 kr. a year (as 3 units).
    by_quantity = item(CONSULTANT, scale_by="quantity", quantity=105)
    assert item_costs(item=by_quantity, years=YEARS) == dict.fromkeys(YEARS, 300_000)
    assert reach(item=by_quantity) == 105


def test_the_larger_variant_is_not_scaled(item):
    # The form refuses a share with the larger variant; were one stored, it is not
    # applied: the larger variant is stated for no particular size.
    larger = item(LEISURE_JOBS, use_larger_variant=True, scale_by="share", scale_share=Decimal(50))
    assert item_costs(item=larger, years=YEARS) == dict.fromkeys(YEARS, 3_800_000)


def test_a_ratio_that_cannot_be_known_makes_every_cost_unknown(item):
    # Seniorer: the later-year amount is not stated, so an amount typed for the later
    # years has nothing to be a share of.
    seniors = item(SENIORS, scale_by="amount", scale_amount=300_000, scale_amount_year="later")
    assert scale_ratio(item=seniors) is None
    assert item_costs(item=seniors, years=YEARS) == dict.fromkeys(YEARS, None)
    # Vækstprogram states no quantity to compare a quantity with.
    growth = item(GROWTH, scale_by="quantity", quantity=5)
    assert item_costs(item=growth, years=YEARS) == {2019: None, 2020: 0, 2021: 0, 2022: 0}


def test_reach_follows_the_scale(item):
    # 75 % of min. 350 borgere is 262,5: rounded to 263 and marked as an estimate.
    share = item_budget(item=item(HANDHELD, scale_by="share", scale_share=Decimal(75)), years=YEARS)
    assert (share.reach, share.reach_is_estimate) == (263, True)
    # 3.300.000 kr. of 4.400.000 kr. is the same 3/4.
    amount = item_budget(
        item=item(HANDHELD, scale_by="amount", scale_amount=3_300_000), years=YEARS
    )
    assert (amount.reach, amount.reach_is_estimate) == (263, True)
    # 50 % of 200 unge is exactly 100; a quantity is itself.
    exact = item_budget(item=item(LEISURE_JOBS, scale_by="share", scale_share=50), years=YEARS)
    assert (exact.reach, exact.reach_is_estimate) == (100, False)
    typed = item_budget(item=item(HANDHELD, scale_by="quantity", quantity=262), years=YEARS)
    assert (typed.reach, typed.reach_is_estimate) == (262, False)


# --- Udvalgets eget beløb ------------------------------------------------------------------


def test_own_amount_where_the_catalogue_states_none(plan, item):
    # Styrket ligebehandling på boligmarkedet has no amount. The committee gives it
    # 1.000.000 kr. the first year and 800.000 kr. a year after.
    housing = item(HOUSING, own_first_year_amount=1_000_000, own_later_year_amount=800_000)
    assert item_costs(item=housing, years=YEARS) == {
        2019: 1_000_000,
        2020: 800_000,
        2021: 800_000,
        2022: 800_000,
    }
    budget = plan_budget(plan=plan, items=[housing, item(ANONYMOUS)], allocations=[])
    entry = next(e for e in budget.items if e.item is housing)
    assert entry.own_amount_years == (2019, 2020, 2021, 2022)
    assert not entry.has_no_amount and not entry.unknown_years
    assert budget.no_amount == () and budget.own_amount == (entry,)
    # Counted in the totals, and said to be the committee's own:
    # 2019: 1.000.000 + anonymiseret 400.000; 2020: 800.000 + 500.000.
    years = {y.year: y for y in budget.totals.years}
    assert (years[2019].total, years[2019].own_amount) == (1_400_000, 1_000_000)
    assert (years[2020].total, years[2020].own_amount) == (1_300_000, 800_000)
    # 1.000.000 + 3 × 800.000
    assert budget.totals.own_amount == 3_400_000
    assert not budget.totals.is_partial


def test_own_amount_for_later_years_not_stated(plan, item):
    # Seniorer: 600.000 kr. the first year (the catalogue's), later years not stated;
    # the committee's own 400.000 kr. a year for them.
    seniors = item(SENIORS, own_later_year_amount=400_000)
    entry = item_budget(item=seniors, years=YEARS)
    assert [cost.amount for cost in entry.costs] == [600_000, 400_000, 400_000, 400_000]
    assert [cost.is_own_amount for cost in entry.costs] == [False, True, True, True]
    assert entry.own_amount_years == (2020, 2021, 2022)
    budget = plan_budget(plan=plan, items=[seniors], allocations=[])
    assert budget.unknown_later_cost == ()
    # 600.000 + 3 × 400.000, of which 1.200.000 the committee's own.
    assert (budget.totals.total, budget.totals.own_amount) == (1_800_000, 1_200_000)
    # Scaled like the catalogue's: 20 of the 40 personer halves both years.
    half = item(SENIORS, own_later_year_amount=400_000, scale_by="quantity", quantity=20)
    assert item_costs(item=half, years=YEARS) == {
        2019: 300_000,
        2020: 200_000,
        2021: 200_000,
        2022: 200_000,
    }


def test_an_own_amount_never_replaces_a_stated_one(item):
    # Anonymiseret rekruttering states both years: an own amount stored anyway is not
    # counted, and nothing is marked as the committee's.
    anonymous = item(ANONYMOUS, own_first_year_amount=1, own_later_year_amount=1)
    entry = item_budget(item=anonymous, years=YEARS)
    assert [cost.amount for cost in entry.costs] == [400_000, 500_000, 500_000, 500_000]
    assert entry.own_amount_years == ()
    # Nor pay-for-success money, which stays conditional.
    success = item(PAY_FOR_SUCCESS, own_first_year_amount=5, own_later_year_amount=5)
    assert item_costs(item=success, years=YEARS) == dict.fromkeys(YEARS, None)


# --- A whole plan ---------------------------------------------------------------------


@pytest.fixture
def mixed_items(item):
    """Every irregular shape in one plan."""
    return [
        item(TEACHERS),
        item(GROWTH),
        item(CONSULTANT, scale_by="units", units=3),
        item(PAY_FOR_SUCCESS),
        item(SENIORS),
        item(HOUSING),
        item(ANONYMOUS, start=2021),
        item(LEISURE_JOBS, scale_by="quantity", quantity=100),
    ]


def test_year_totals_count_what_they_leave_out(plan, mixed_items, django_assert_num_queries):
    with django_assert_num_queries(0):
        budget = plan_budget(plan=plan, items=mixed_items, allocations=[])
    years = {y.year: y for y in budget.totals.years}

    # 2019: lærere 300.000 + vækst 550.000 + konsulent 300.000 + seniorer 600.000
    #       + fritidsjob 1.500.000 = 3.250.000; ligebehandling (no amount) left out.
    assert years[2019].total == 3_250_000
    assert years[2019].unknown_count == 1
    # 2020: lærere 500.000 + konsulent 300.000 + fritidsjob 1.500.000 = 2.300.000;
    #       seniorer (later year not stated) and ligebehandling left out.
    assert years[2020].total == 2_300_000
    assert years[2020].unknown_count == 2
    # 2021: 2020's 2.300.000 + anonymiseret rekruttering's first year 400.000.
    assert years[2021].total == 2_700_000
    assert years[2021].unknown_count == 2
    # 2022: 2.300.000 + anonymiseret rekruttering's later year 500.000.
    assert years[2022].total == 2_800_000

    # 3.250.000 + 2.300.000 + 2.700.000 + 2.800.000
    assert budget.totals.total == 11_050_000
    assert budget.totals.is_partial
    assert budget.totals.unknown_count == 2  # seniorer and ligebehandling


def test_establishment_against_running(plan, mixed_items):
    budget = plan_budget(plan=plan, items=mixed_items, allocations=[])
    years = {y.year: y for y in budget.totals.years}
    # First-year costs in 2019: lærere 300.000 + vækst 550.000 + konsulent 300.000
    #   + seniorer 600.000 + fritidsjob 1.500.000.
    assert years[2019].establishment == 3_250_000
    assert years[2019].running == 0
    # 2021: anonymiseret rekruttering starts (400.000); the rest run on:
    #   lærere 500.000 + konsulent 300.000 + fritidsjob 1.500.000.
    assert years[2021].establishment == 400_000
    assert years[2021].running == 2_300_000
    # 3.250.000 + 400.000
    assert budget.totals.establishment == 3_650_000
    # 2.300.000 (2020) + 2.300.000 (2021) + 2.800.000 (2022)
    assert budget.totals.running == 7_400_000


def test_items_not_counted_are_listed_apart(plan, mixed_items):
    budget = plan_budget(plan=plan, items=mixed_items, allocations=[])
    titles = lambda budgets: [b.initiative.title for b in budgets]  # noqa: E731
    assert titles(budget.no_amount) == [HOUSING]
    assert titles(budget.unknown_later_cost) == [SENIORS]
    assert titles(budget.conditional) == [PAY_FOR_SUCCESS]
    assert budget.conditional_total == 1_300_000


def test_a_seniors_item_of_one_year_has_no_unknown(plan, item):
    budget = plan_budget(plan=plan, items=[item(SENIORS, end=2019)], allocations=[])
    assert budget.unknown_later_cost == ()
    assert budget.totals.total == 600_000
    assert not budget.totals.is_partial


def test_totals_by_goal_and_focus_area(plan, mixed_items):
    budget = plan_budget(plan=plan, items=mixed_items, allocations=[])
    by_goal = {g.goal.number: g for g in budget.goals}
    assert list(by_goal) == [1, 2, 3]

    # Pejlemærke 1 = vækst 550.000 (once) + anonymiseret 400.000 (2021) + 500.000 (2022);
    # beskæftigelsesforløb is conditional and not in it.
    assert by_goal[1].totals.total == 1_450_000
    # Pejlemærke 2 = lærere 300.000 + 3 × 500.000, konsulent 4 × 300.000,
    #   fritidsjob 4 × 1.500.000, ligebehandling unknown.
    assert by_goal[2].totals.total == 1_800_000 + 1_200_000 + 6_000_000
    assert by_goal[2].totals.unknown_count == 1
    # Pejlemærke 3 = seniorer 600.000 in 2019, later years unknown.
    assert by_goal[3].totals.total == 600_000

    areas = {a.focus_area.title: a for a in by_goal[2].focus_areas}
    # Unge i fritidsjob: konsulent 4 × 300.000 + fritidsjob 4 × 1.500.000
    assert areas["Unge i fritidsjob"].totals.total == 7_200_000
    assert areas["Unge i uddannelse"].totals.total == 1_800_000
    assert [a.focus_area.number for a in by_goal[1].focus_areas] == [2, 3, 4]


def test_reach_and_stars(plan, mixed_items):
    budget = plan_budget(plan=plan, items=mixed_items, allocations=[])
    reach = {r.unit: r.quantity for r in budget.reach}
    # Unge: 35 pr. boligområde × 3 + 100 in fritidsjob = 205.
    assert reach["unge"] == 205
    assert reach["lærere"] == 200
    assert "kvinder" not in reach  # "10 kvinder" is the condition for paying
    assert reach["personer"] == 40
    assert reach["københavnere"] == 10_000
    assert reach["virksomheder el. offentlige arbejdspladser"] == 20
    # Vækstprogram and the pay-for-success course state no number.
    assert [b.initiative.title for b in budget.without_reach] == [GROWTH, PAY_FOR_SUCCESS]
    # Stars: anonymiseret rekruttering and fritidsjob.
    assert budget.starred_count == 2


def test_ceiling_and_earmarks_over_and_under(catalogue, plan, item):
    jobs, school = _goal(catalogue, 1), _goal(catalogue, 2)
    items = [item(ANONYMOUS), item(LEISURE_JOBS, scale_by="quantity", quantity=100)]
    allocations = [
        Allocation(plan=plan, year=year, goal=None, amount=2_000_000) for year in YEARS
    ] + [
        Allocation(plan=plan, year=2019, goal=jobs, amount=300_000),
        Allocation(plan=plan, year=2020, goal=jobs, amount=600_000),
        Allocation(plan=plan, year=2019, goal=school, amount=1_500_000),
    ]
    budget = plan_budget(plan=plan, items=items, allocations=allocations)

    # 2019: 400.000 + 1.500.000 = 1.900.000 of 2.000.000 → 100.000 kr. left.
    year_2019 = budget.totals.years[0]
    assert (year_2019.total, year_2019.limit, year_2019.left) == (1_900_000, 2_000_000, 100_000)
    assert not year_2019.over
    # 2020: 500.000 + 1.500.000 = 2.000.000: exactly the ceiling is not over.
    assert budget.totals.years[1].left == 0
    assert not budget.totals.over

    by_goal = {g.goal.number: g for g in budget.goals}
    # Pejlemærke 1 in 2019: 400.000 against 300.000 earmarked → 100.000 kr. over.
    jobs_2019 = by_goal[1].totals.years[0]
    assert jobs_2019.over and jobs_2019.over_by == 100_000
    # 2020: 500.000 of 600.000 → 100.000 kr. left. 2021: no earmark, never over.
    assert by_goal[1].totals.years[1].left == 100_000
    assert by_goal[1].totals.years[2].limit is None
    # Pejlemærke 2 in 2019: 1.500.000 of 1.500.000.
    assert not by_goal[2].totals.years[0].over

    assert [(o.year, o.goal, o.over_by) for o in budget.overruns] == [(2019, jobs, 100_000)]


def test_over_the_ceiling(plan, item):
    items = [item(ANONYMOUS), item(LEISURE_JOBS, scale_by="quantity", quantity=100)]
    allocations = [Allocation(plan=plan, year=2020, goal=None, amount=1_800_000)]
    budget = plan_budget(plan=plan, items=items, allocations=allocations)
    # 2020: 500.000 + 1.500.000 = 2.000.000 against 1.800.000 → 200.000 kr. over.
    year_2020 = budget.totals.years[1]
    assert year_2020.over and year_2020.over_by == 200_000 and year_2020.left == -200_000
    assert budget.totals.years[0].limit is None  # no ceiling in 2019
    assert [(o.year, o.goal, o.over_by) for o in budget.overruns] == [(2020, None, 200_000)]
    assert budget.over


def test_earmark_for_a_goal_without_items_is_shown(catalogue, plan):
    culture = _goal(catalogue, 3)
    allocations = [Allocation(plan=plan, year=2019, goal=culture, amount=1_000_000)]
    budget = plan_budget(plan=plan, items=[], allocations=allocations)
    assert [g.goal for g in budget.goals] == [culture]
    assert budget.goals[0].totals.years[0].left == 1_000_000


def test_allocations_outside_the_period_are_ignored(plan, item):
    plan.last_year = 2020
    allocations = [Allocation(plan=plan, year=2022, goal=None, amount=1)]
    budget = plan_budget(plan=plan, items=[item(TEACHERS, end=2020)], allocations=allocations)
    assert [y.year for y in budget.totals.years] == [2019, 2020]
    assert not budget.over
    # 300.000 + 500.000
    assert budget.totals.total == 800_000


def test_empty_plan(plan):
    budget = plan_budget(plan=plan, items=[], allocations=[])
    assert budget.totals.total == 0
    assert not budget.totals.is_partial
    assert budget.goals == ()


def test_other_catalogue_periods(django_user_model):
    catalogue = Catalogue.objects.create(
        title="Kort", municipality="Testrup", first_year=2024, last_year=2025
    )
    plan = Plan(catalogue=catalogue, first_year=2025, last_year=2025)
    assert [y.year for y in plan_budget(plan=plan, items=[], allocations=[]).totals.years] == [2025]
