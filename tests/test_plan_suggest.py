"""Foreslå en handleplan: the form from the plan page, the proposal as a new draft."""

import pytest
from django.urls import reverse

from catalogue.models import Initiative
from prioritisation import budget
from prioritisation.models import Allocation, Plan


@pytest.fixture
def one_year(make_plan, member):
    plan = make_plan(
        member, name="Et år", first_year=2019, last_year=2019, ceiling=1_000_000,
        titles=["Fritidsjob"],
    )  # fmt: skip
    goal = plan.catalogue.goals.get(number=1)
    Allocation.objects.create(plan=plan, year=2019, goal=goal, amount=900_000)
    return plan


def form_data(plan, **changes):
    """What the form posts when the member leaves it as it starts."""
    data = {"objective": "reach", "unit": "borgere", "ceiling_2019": "1.000.000",
            "max_1_2019": "900.000"}  # fmt: skip
    for initiative in Initiative.objects.in_catalogue(plan.catalogue_id):
        data[f"rule_{initiative.pk}"] = "free"
        data[f"weight_{initiative.pk}"] = "3"
        if initiative.financing_kind == "per_unit":
            data[f"units_{initiative.pk}"] = "3"
        elif initiative.target_quantity and initiative.financing_kind in ("annual", "one_off"):
            data[f"share_{initiative.pk}"] = "50"
    data.update(changes)
    return data


def pk(title):
    return Initiative.objects.get(title=title).pk


def test_the_plan_page_links_to_the_form(member_client, one_year):
    page = member_client.get(one_year.get_absolute_url()).content.decode()
    assert reverse("prioritisation:plan_suggest", args=[one_year.pk]) in page
    assert "Foreslå en handleplan" in page


def test_the_form_starts_from_the_plans_own_frame(member_client, one_year):
    response = member_client.get(reverse("prioritisation:plan_suggest", args=[one_year.pk]))
    assert response.status_code == 200
    form = response.context["form"]
    assert form["ceiling_2019"].value() == "1.000.000"
    assert form["max_1_2019"].value() == "900.000"
    assert form["min_1_2019"].value() is None
    assert form.fields["unit"].choices[0] == ("borgere", "borgere")
    page = response.content.decode()
    assert 'value="1.000.000"' in page
    assert "(i handleplanen)" in page  # Fritidsjob


def test_a_proposal_is_a_new_draft_with_figures_worked_out_by_hand(member_client, one_year):
    """Borgere within 1.000.000 kr., whole persons from 50 %: social kontrol (pejlemærke 3)
    at its half, 1.250 borgere for exactly 1.000.000 kr. (see test_suggest_plan)."""
    url = reverse("prioritisation:plan_suggest", args=[one_year.pk])
    response = member_client.post(url, form_data(one_year))
    proposal = Plan.objects.exclude(pk=one_year.pk).get()
    assert response.status_code == 302
    assert response.url == reverse("prioritisation:plan_proposal", args=[proposal.pk])
    assert proposal.name == "Forslag: Et år"
    assert proposal.status == Plan.Status.DRAFT and proposal.owner == one_year.owner
    (item,) = proposal.items.all()
    assert (item.initiative.title, item.quantity) == (
        "Helhedsorienteret forebyggelse af social kontrol",
        1250,
    )
    items, allocations = proposal.budget_rows()
    plan_budget = budget.plan_budget(plan=proposal, items=items, allocations=allocations)
    assert [y.total for y in plan_budget.totals.years] == [1_000_000]
    assert {(a.goal_id, a.amount) for a in allocations} == {
        (None, 1_000_000),
        (one_year.catalogue.goals.get(number=1).pk, 900_000),
    }
    # The member's plan is untouched.
    assert [i.initiative.title for i in one_year.items.all()] == ["Fritidsjob"]

    page = member_client.get(response.url).content.decode()
    assert "Forslag: Et år" in page
    assert "1.250" in page  # the objective's value
    assert "1.000.000 kr." in page
    assert "Loftet i 2019: 1.000.000 kr." in page  # it binds
    assert "Når foreninger, ikke borgere, som målet tæller." in page
    assert f"?plan={one_year.pk}&amp;plan={proposal.pk}" in page


def test_scaled_by_amount_the_draft_holds_the_amount(member_client, one_year):
    """By amount in whole kroner: the same best choice as by persons (social kontrol,
    2.500 borgere for 2.000.000 kr., at 1.000.000 kr.), saved as an amount."""
    url = reverse("prioritisation:plan_suggest", args=[one_year.pk])
    member_client.post(url, form_data(one_year, by_amount="on"))
    (item,) = Plan.objects.exclude(pk=one_year.pk).get().items.all()
    assert item.initiative.title == "Helhedsorienteret forebyggelse af social kontrol"
    assert (item.scale_by, item.scale_amount) == (item.Scale.AMOUNT, 1_000_000)


def test_required_excluded_and_least_earmark(member_client, one_year):
    data = form_data(
        one_year,
        objective="stars",
        min_3_2019="100.000",
        **{
            f"rule_{pk('Mindspring-forløb for flygtninge')}": "locked",
            f"rule_{pk('Ansættelse af fritidsjobambassadører på flere skoler')}": "out",
        },
    )
    member_client.post(reverse("prioritisation:plan_suggest", args=[one_year.pk]), data)
    proposal = Plan.objects.exclude(pk=one_year.pk).get()
    titles = set(proposal.items.values_list("initiative__title", flat=True))
    assert "Mindspring-forløb for flygtninge" in titles
    assert "Ansættelse af fritidsjobambassadører på flere skoler" not in titles
    assert "Mindstebeløb: pejlemærke 3 i 2019: 100.000 kr." in proposal.description


def test_a_frame_that_cannot_be_met_says_why_and_saves_nothing(member_client, one_year):
    data = form_data(one_year, min_1_2019="800.000", min_2_2019="800.000", max_1_2019="")
    response = member_client.post(reverse("prioritisation:plan_suggest", args=[one_year.pk]), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Rammen kan ikke overholdes" in page
    assert "Mindst 800.000 kr. til pejlemærke 1 i 2019" in page
    assert Plan.objects.count() == 1


def test_bad_input_gets_danish_messages_and_saves_nothing(member_client, one_year):
    data = form_data(one_year, ceiling_2019="mange penge", min_1_2019="950.000",
                     objective="alt")  # fmt: skip
    data[f"share_{pk('Sundhedsfremme på arbejdspladsen')}"] = "0"
    response = member_client.post(reverse("prioritisation:plan_suggest", args=[one_year.pk]), data)
    page = response.content.decode()
    assert "fx 4.400.000" in page  # how to type an amount
    assert "Mindst kan ikke være mere end højst (2019)." in page
    assert "Vælg et af målene." in page
    assert "Mindst 1." in page
    assert Plan.objects.count() == 1


def test_only_members_and_only_readable_plans(client, reader, other_member, one_year):
    url = reverse("prioritisation:plan_suggest", args=[one_year.pk])
    assert client.get(url).status_code == 302  # to the log-in
    client.force_login(reader)
    assert client.get(url).status_code == 403
    client.force_login(other_member)
    assert client.get(url).status_code == 404  # not shared
    proposal_url = reverse("prioritisation:plan_proposal", args=[one_year.pk])
    assert client.get(proposal_url).status_code == 404


def test_a_shared_plan_gives_a_draft_of_ones_own(client, other_member, one_year):
    from django.utils import timezone

    Plan.objects.filter(pk=one_year.pk).update(shared_at=timezone.now())
    client.force_login(other_member)
    url = reverse("prioritisation:plan_suggest", args=[one_year.pk])
    assert client.post(url, form_data(one_year)).status_code == 302
    assert Plan.objects.get(name="Forslag: Et år").owner == other_member


def test_the_proposal_page_without_its_summary_shows_the_plan(member_client, one_year):
    url = reverse("prioritisation:plan_proposal", args=[one_year.pk])
    response = member_client.get(url)
    assert response.status_code == 302 and response.url == one_year.get_absolute_url()


def test_the_form_reads_in_a_flat_number_of_queries(
    member_client, one_year, django_assert_max_num_queries
):
    url = reverse("prioritisation:plan_suggest", args=[one_year.pk])
    member_client.get(url)
    with django_assert_max_num_queries(9):
        member_client.get(url)


@pytest.mark.parametrize("objective", ["reach", "stars", "support", "weights", "cost"])
def test_the_saved_draft_costs_what_the_optimiser_said(objective, make_plan, member):
    """Per year and per pejlemærke, the budget of the saved draft (budget.py, the plan
    page's arithmetic) equals the optimiser's totals, to the krone."""
    from prioritisation.changes import create_proposal
    from prioritisation.optimise import Frame, item_fields, load_problem, solve

    plan = make_plan(member, first_year=2019, last_year=2022)
    years = tuple(plan.years)
    frame = Frame(
        years=years,
        ceiling={2019: 3_333_333, 2020: 4_000_001, 2021: 2_500_000, 2022: 5_123_457},
        earmark_max={(1, 2020): 1_234_567, (2, 2022): 2_000_000},
        earmark_min={(3, 2019): 300_000},
    )
    proposal = solve(load_problem(plan, objective=objective, frame=frame))
    assert proposal.is_optimal
    goal_ids = dict(plan.catalogue.goals.values_list("number", "pk"))
    saved = create_proposal(
        source=plan,
        owner=member,
        items=[(c.option.id, item_fields(c)) for c in proposal.chosen],
        ceiling=frame.ceiling,
        earmarks={(goal_ids[g], y): a for (g, y), a in frame.earmark_max.items()},
    )
    items, allocations = saved.budget_rows()
    plan_budget = budget.plan_budget(plan=saved, items=items, allocations=allocations)
    assert {y.year: y.total for y in plan_budget.totals.years} == proposal.totals
    assert not plan_budget.overruns
    for goal_budget in plan_budget.goals:
        number = goal_budget.goal.number
        assert {y.year: y.total for y in goal_budget.totals.years} == {
            year: proposal.goal_totals[number, year] for year in years
        }
    assert plan_budget.conditional_total == proposal.conditional_total
    assert not plan_budget.no_amount and not plan_budget.unknown_later_cost


def test_the_proposal_page_reads_in_a_flat_number_of_queries(
    member_client, one_year, django_assert_max_num_queries
):
    url = reverse("prioritisation:plan_suggest", args=[one_year.pk])
    response = member_client.post(url, form_data(one_year, objective="weights"))
    with django_assert_max_num_queries(7):  # session, user, permissions (2), plan, items, frame
        page = member_client.get(response.url)
    assert page.status_code == 200
    # A second proposal replaces the first in the session; the first shows as a plan.
    again = member_client.post(url, form_data(one_year, objective="stars"))
    assert member_client.get(response.url).status_code == 302
    assert member_client.get(again.url).status_code == 200
