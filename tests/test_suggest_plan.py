"""The optimiser on the seed catalogue, with figures worked out by hand, and the
``suggest_plan`` command that prints the same proposal without saving."""

import json
from fractions import Fraction
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from catalogue.models import Initiative
from prioritisation.models import Allocation, Plan, PlanItem
from prioritisation.optimise import Frame, Require, Rule, item_fields, load_problem, solve


def ids(*titles):
    return [Initiative.objects.get(title=title).pk for title in titles]


@pytest.fixture
def one_year(make_plan, member):
    """2019 only, a ceiling of 1.000.000 kr."""
    return make_plan(member, name="Et år", first_year=2019, last_year=2019, ceiling=1_000_000)


def chosen(proposal):
    return {c.option.title: c.scale.value for c in proposal.chosen}


def test_all_or_nothing_within_one_million_worked_by_hand(one_year):
    """Borgere within 1.000.000 kr., whole initiatives only. Only three fit alone:
    Sundhedsfremme (550.000 kr., 500 borgere), Undervisning fra erhvervsledere (600.000,
    100) and Mindspring (55.000, 40). The first two together cost 1.150.000: the best is
    Sundhedsfremme and Mindspring, 540 borgere for 605.000 kr."""
    problem = load_problem(one_year, objective="reach", default_rule=Rule(min_share=None))
    assert problem.unit == "borgere"  # the unit most initiatives count in
    proposal = solve(problem)
    assert proposal.is_optimal
    assert chosen(proposal) == {
        "Sundhedsfremme på arbejdspladsen": 1,
        "Mindspring-forløb for flygtninge": 1,
    }
    assert proposal.totals == {2019: 605_000}
    assert proposal.objective_value == 540
    reasons = {left.option.title: left.reasons for left in proposal.left_out}
    assert reasons["Undervisning fra erhvervsledere"][0] == (
        "Der er ikke plads i 2019: den koster mindst 600.000 kr., og der er 395.000 kr. "
        "tilbage under loftet."
    )
    assert reasons["Helhedsorienteret forebyggelse af social kontrol"][0] == (
        "Passer ikke ind i 2019: koster mindst 2.000.000 kr. alene, og loftet er 1.000.000 kr."
    )
    assert reasons["Virksomhedsindsats til bekæmpelse af ubevidst diskrimination"] == (
        "Beløbet er ikke oplyst, og et ukendt beløb er ikke 0.",
    )
    assert reasons["Gadehøjskoler"] == ("Når foreninger, ikke borgere, som målet tæller.",)
    (ceiling,) = proposal.limits
    assert (ceiling.total, ceiling.limit, ceiling.binds) == (605_000, 1_000_000, True)


def test_whole_persons_from_half_worked_by_hand(one_year):
    """The same year in whole persons from 50 %: social kontrol reaches a borger for 800
    kr., the cheapest; its half, 1.250 borgere, costs exactly 1.000.000 kr., and nothing
    else fits beside it (Sundhedsfremme's half alone is 275.000 kr.)."""
    proposal = solve(load_problem(one_year, objective="reach"))
    assert chosen(proposal) == {"Helhedsorienteret forebyggelse af social kontrol": 1250}
    assert proposal.totals == {2019: 1_000_000}
    assert proposal.objective_value == 1250


def test_per_unit_and_persons_for_unge_worked_by_hand(one_year):
    """Unge within 1.000.000 kr.: the consultant per housing area reaches 35 unge for
    100.000 kr., so all 3 units (300.000 kr., 105 unge); of the rest only the ambassadors
    fit (20 unge for 400.000 kr.; Flere lærepladser' half is 1.100.000): 125 unge for
    700.000 kr."""
    proposal = solve(load_problem(one_year, objective="reach", unit="unge"))
    assert chosen(proposal) == {
        "Ansættelse af fritidsjobambassadører på flere skoler": 20,
        "Fritidsjobkonsulent udstationeret i de udsatte byområder": 3,
    }
    assert proposal.totals == {2019: 700_000}
    assert proposal.objective_value == 125
    assert dict(proposal.reach)["unge"] == 125


def test_an_amount_the_catalogue_does_not_state_is_chosen_at_the_plans_own(one_year):
    """Virksomhedsindsats til bekæmpelse af ubevidst diskrimination states no amount; the
    plan gives it 100.000 kr. of its own. Required, it costs that, the proposal counts
    it, and the draft keeps it as udvalgets eget beløb."""
    (unstated,) = ids("Virksomhedsindsats til bekæmpelse af ubevidst diskrimination")
    item = PlanItem.for_initiative(
        Initiative.objects.get(pk=unstated), plan=one_year, start_year=2019, end_year=2019
    )
    item.own_first_year_amount = 100_000
    item.save()
    rules = {unstated: Rule(require=Require.IN, min_share=None)}
    problem = load_problem(one_year, objective="reach", rules=rules)
    proposal = solve(problem)
    assert proposal.is_optimal
    taken = {c.option.id: c for c in proposal.chosen}
    assert taken[unstated].costs == {2019: 100_000}
    assert proposal.totals[2019] <= 1_000_000
    assert item_fields(taken[unstated])["own_first_year_amount"] == 100_000
    # Without the plan's own amount it is left out, unknown, not 0.
    item.delete()
    proposal = solve(load_problem(one_year, objective="reach"))
    assert unstated not in {c.option.id for c in proposal.chosen}


def test_the_period_later_years_unknown_and_conditional_money(make_plan, member):
    """2019–2020 at 600.000 kr. a year, whole initiatives, most starred. "Indsats for
    udsatte og ensomme seniorer" states no later-year amount, so it is never chosen; the
    pay-for-success one costs nothing in the frame and is shown apart."""
    plan = make_plan(member, first_year=2019, last_year=2020, ceiling=600_000)
    problem = load_problem(plan, objective="weights", default_rule=Rule(min_share=None))
    proposal = solve(problem)
    titles = chosen(proposal)
    assert "Beskæftigelsesforløb i samarbejde med civilsamfundet" in titles
    assert proposal.conditional_total == 1_300_000
    assert "Indsats for udsatte og ensomme seniorer" not in titles
    for year in (2019, 2020):
        assert proposal.totals[year] <= 600_000


def test_the_plans_own_earmarks_and_required_initiatives(make_plan, member):
    plan = make_plan(member, first_year=2019, last_year=2019, ceiling=5_000_000)
    goal = plan.catalogue.goals.get(number=1)
    Allocation.objects.create(plan=plan, year=2019, goal=goal, amount=1_000_000)
    required, excluded = ids("Flere lærepladser", "Sundhedsfremme på arbejdspladsen")
    rules = {required: Rule(require=Require.IN, locked=True),
             excluded: Rule(require=Require.OUT)}  # fmt: skip
    proposal = solve(load_problem(plan, objective="stars", rules=rules))
    titles = chosen(proposal)
    locked = next(c for c in proposal.chosen if c.option.title == "Flere lærepladser")
    assert (locked.share, locked.costs) == (1, {2019: 2_200_000})  # the catalogue's scale
    assert "Sundhedsfremme på arbejdspladsen" not in titles
    assert proposal.goal_totals[1, 2019] <= 1_000_000
    reasons = {left.option.title: left.reasons for left in proposal.left_out}
    assert reasons["Sundhedsfremme på arbejdspladsen"] == ("Du har valgt den fra.",)


def test_support_counts_plans_shared_with_the_committee(make_plan, member, other_member):
    from django.utils import timezone

    for owner in (member, other_member):
        make_plan(owner, name="Delt", titles=["Gadehøjskoler"]).__class__.objects.filter(
            name="Delt", owner=owner
        ).update(shared_at=timezone.now())
    make_plan(member, name="Ikke delt", titles=["Fritidsjob"])
    plan = make_plan(member, first_year=2019, last_year=2019, ceiling=2_000_000)
    problem = load_problem(plan, objective="support")
    support = {o.title: o.support for o in problem.options if o.support}
    assert support == {"Gadehøjskoler": 2}
    proposal = solve(problem)
    assert chosen(proposal) == {"Gadehøjskoler": 8}


def test_the_loader_reads_a_plan_in_four_queries(one_year, django_assert_num_queries):
    with django_assert_num_queries(4):
        load_problem(one_year)


def test_conflicting_frame(one_year):
    frame = Frame(years=(2019,), ceiling={2019: 1_000_000},
                  earmark_min={(1, 2019): 800_000, (2, 2019): 800_000})  # fmt: skip
    proposal = solve(load_problem(one_year, frame=frame))
    assert proposal.status == "infeasible"
    assert proposal.conflicts == (
        "Loftet i 2019: 1.000.000 kr.",
        "Mindst 800.000 kr. til pejlemærke 1 i 2019",
        "Mindst 800.000 kr. til pejlemærke 2 i 2019",
    )


# --- manage.py suggest_plan ----------------------------------------------------------------


def test_command_prints_the_proposal_as_json_and_saves_nothing(one_year):
    plans, items = Plan.objects.count(), PlanItem.objects.count()
    out = StringIO()
    call_command("suggest_plan", plan=one_year.pk, min_share=100, json=True, stdout=out)
    answer = json.loads(out.getvalue())
    assert answer["status"] == "optimal"
    assert answer["solver_status"] == "Optimal"
    assert answer["objective_value"] == 540
    assert answer["totals"] == {"2019": 605_000}
    assert [i["title"] for i in answer["initiatives"]] == [
        "Sundhedsfremme på arbejdspladsen",
        "Mindspring-forløb for flygtninge",
    ]
    assert answer["seconds"] > 0
    assert (Plan.objects.count(), PlanItem.objects.count()) == (plans, items)


def test_command_text_and_objectives(one_year):
    out = StringIO()
    call_command("suggest_plan", plan=one_year.pk, objective="cost", stdout=out)
    text = out.getvalue()
    assert "Status: optimal (Optimal)" in text
    assert "Mål: cost = 0" in text
    out = StringIO()
    call_command(
        "suggest_plan", plan=one_year.pk, by_amount=True, unit="unge", stdout=out, json=True
    )
    answer = json.loads(out.getvalue())
    assert answer["status"] == "optimal"
    assert sum(answer["totals"].values()) <= 1_000_000
    assert {i["scale_by"] for i in answer["initiatives"]} <= {"amount", "units"}


def test_command_refuses_an_unknown_plan(db):
    with pytest.raises(CommandError):
        call_command("suggest_plan", plan=999)


def test_fraction_reach_by_amount(one_year):
    proposal = solve(load_problem(one_year, by_amount=True))
    assert isinstance(proposal.objective_value, Fraction)
