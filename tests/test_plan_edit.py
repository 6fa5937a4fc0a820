"""Rename a plan, change its period, ceiling and earmarks; only the owner, only a member."""

import pytest
from django.urls import reverse

from catalogue.models import Goal
from prioritisation.models import Allocation

pytestmark = pytest.mark.django_db


def _url(plan):
    return reverse("prioritisation:plan_edit", args=[plan.pk])


def _data(**changes):
    data = {"name": "Job og skole", "description": "", "first_year": "2019", "last_year": "2022"}
    data.update(changes)
    return data


def test_form_shows_the_current_values(member_client, make_plan, member, catalogue):
    plan = make_plan(member, ceiling=4_400_000, description="Første udkast.")
    jobs = Goal.objects.get(catalogue=catalogue, number=1)
    Allocation.objects.create(plan=plan, year=2020, goal=jobs, amount=1_500_000)
    text = member_client.get(_url(plan)).content.decode()
    assert "<h1>Ret Job og skole</h1>" in text
    assert 'value="Job og skole"' in text
    assert "Første udkast." in text
    # The same ceiling every year is shown once, in "Samme loft alle år".
    assert 'name="ceiling_all" value="4.400.000"' in text
    assert 'name="earmark_2020_1" value="1.500.000"' in text


def test_different_ceilings_are_shown_per_year(member_client, plan):
    Allocation.objects.create(plan=plan, year=2019, amount=1_000_000)
    Allocation.objects.create(plan=plan, year=2020, amount=2_000_000)
    text = member_client.get(_url(plan)).content.decode()
    assert 'name="ceiling_all" maxlength="40"' in text  # empty
    assert 'name="ceiling_2019" value="1.000.000"' in text
    assert 'name="ceiling_2020" value="2.000.000"' in text


def test_rename_and_set_a_ceiling(member_client, plan):
    before = plan.version
    response = member_client.post(
        _url(plan), _data(name="Job først", description="Variant A", ceiling_all="3.000.000")
    )
    assert response.status_code == 302
    assert response.url == plan.get_absolute_url()
    plan.refresh_from_db()
    assert (plan.name, plan.description) == ("Job først", "Variant A")
    assert plan.version > before  # open forms of the old plan are refused
    assert sorted(plan.allocations.values_list("year", "amount")) == [
        (year, 3_000_000) for year in range(2019, 2023)
    ]
    text = member_client.get(response.url).content.decode()
    assert "Ændringerne i „Job først“ er gemt." in text
    assert "Handleplanen er over budgettet" in text  # 3.400.000 kr. in 2019


def test_clearing_the_ceiling_removes_it(member_client, make_plan, member):
    plan = make_plan(member, ceiling=1_000_000)
    member_client.post(_url(plan), _data())
    assert not plan.allocations.exists()


def test_shorter_period_moves_items_inside_and_says_so(member_client, plan):
    item = plan.items.get(initiative__title="Fritidsjob")
    item.start_year = 2022
    item.save()
    response = member_client.post(_url(plan), _data(first_year="2019", last_year="2021"))
    item.refresh_from_db()
    assert (item.start_year, item.end_year) == (2021, 2021)
    text = member_client.get(response.url).content.decode()
    assert "Årene for 2 indsatser er flyttet ind i den nye periode" in text


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"first_year": "2021", "last_year": "2020"}, "Sidste år kan ikke ligge før første år."),
        ({"last_year": "2030"}, "Vælg et år i perioden."),
        ({"ceiling_all": "-5"}, "Et beløb kan ikke være negativt."),
        (
            {"earmark_2019_2": "mange"},
            "Skriv et beløb med tallene 0–9, fx 4.400.000 eller 4,4 mio.",
        ),
        ({"earmark_all_1": "7,2"}, "Skriv hele kroner uden øre, eller millioner med „mio.“"),
        ({"earmark_all_1": "-1"}, "Et beløb kan ikke være negativt."),
        (
            {"ceiling_all": "1.000.000", "earmark_all_1": "1,5 mio."},
            "Øremærkningerne i 2019 er tilsammen 1.500.000 kr., mere end loftet på 1.000.000 kr.",
        ),
    ],
)
def test_bad_input_changes_nothing(member_client, make_plan, member, changes, message):
    plan = make_plan(member, ceiling=1_000_000)
    before = plan.version
    response = member_client.post(_url(plan), _data(name="Nyt navn", **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    plan.refresh_from_db()
    assert (plan.name, plan.version) == ("Job og skole", before)
    assert sorted(plan.allocations.values_list("amount", flat=True)) == [1_000_000] * 4


def test_other_member_gets_404(client, other_member, plan):
    client.force_login(other_member)
    assert client.get(_url(plan)).status_code == 404
    assert client.post(_url(plan), _data(name="Kapret")).status_code == 404
    plan.refresh_from_db()
    assert plan.name == "Job og skole"


def test_reader_gets_403(client, reader, plan):
    client.force_login(reader)
    assert client.get(_url(plan)).status_code == 403


def test_a_pasted_wall_of_spaces_is_refused_at_once(member_client, plan):
    # It once held a worker for a minute: the old parser was quadratic on whitespace.
    response = member_client.post(_url(plan), _data(ceiling_all=" " * 120_000 + "x"))
    assert response.status_code == 200
    assert "Beløbet er for langt. Skriv fx 4.400.000 eller 4,4 mio." in response.content.decode()
    assert not plan.allocations.exists()


def test_earmarks_typed_once_for_every_year(member_client, make_plan, member, catalogue):
    plan = make_plan(member)
    response = member_client.post(
        _url(plan),
        _data(ceiling_all="20 mio.", earmark_all_1="7,2 mio.", earmark_all_2="5.000.000 kr."),
    )
    assert response.status_code == 302
    earmarks = plan.allocations.filter(goal__isnull=False)
    assert sorted(earmarks.values_list("goal__number", "year", "amount")) == [
        (1, year, 7_200_000) for year in range(2019, 2023)
    ] + [(2, year, 5_000_000) for year in range(2019, 2023)]
    # Shown again as one number each.
    text = member_client.get(_url(plan)).content.decode()
    assert 'name="earmark_all_1" value="7.200.000"' in text
    assert 'name="earmark_2020_1" maxlength="40"' in text  # empty


def test_a_years_own_earmark_wins(member_client, make_plan, member):
    plan = make_plan(member)
    member_client.post(_url(plan), _data(earmark_all_3="1 mio.", earmark_2021_3="250.000"))
    assert sorted(plan.allocations.filter(goal__number=3).values_list("year", "amount")) == [
        (2019, 1_000_000),
        (2020, 1_000_000),
        (2021, 250_000),
        (2022, 1_000_000),
    ]
    # Different amounts are shown per year.
    text = member_client.get(_url(plan)).content.decode()
    assert 'name="earmark_all_3" maxlength="40"' in text
    assert 'name="earmark_2021_3" value="250.000"' in text
