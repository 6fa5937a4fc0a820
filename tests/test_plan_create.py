"""A member creates a plan: name, period (the catalogue's by default), ceiling, earmarks."""

import pytest
from django.urls import reverse

from catalogue.models import Catalogue
from prioritisation.models import Allocation, Plan

pytestmark = pytest.mark.django_db

URL = reverse("prioritisation:plan_create")


def _data(**changes):
    data = {"name": "Job først", "description": "", "first_year": "2019", "last_year": "2022"}
    data.update(changes)
    return data


def _allocations(plan):
    """[(year, goal number or None for the ceiling, amount)], the ceiling last in a year."""
    return sorted(
        ((a.year, a.goal.number if a.goal else None, a.amount) for a in plan.allocations.all()),
        key=lambda a: (a[0], a[1] is None, a[1] or 0),
    )


def test_form_has_the_catalogues_period_and_a_budget_grid(member_client, catalogue):
    response = member_client.get(URL)
    text = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Ny handleplan</h1>" in text
    assert '<option value="2019" selected>2019</option>' in text
    assert '<option value="2022" selected>2022</option>' in text
    assert "Samme loft alle år" in text
    assert "Loft 2021" in text  # the label of a grid input
    assert "Pejlemærke 3, 2022" in text


def test_create_with_one_ceiling_for_all_years(member_client, member, catalogue):
    response = member_client.post(URL, _data(ceiling_all="4.400.000"))
    plan = Plan.objects.get()
    assert response.status_code == 302
    assert response.url == plan.get_absolute_url()
    assert (plan.owner, plan.catalogue, plan.name) == (member, catalogue, "Job først")
    assert (plan.first_year, plan.last_year) == (2019, 2022)
    assert _allocations(plan) == [(year, None, 4_400_000) for year in range(2019, 2023)]
    text = member_client.get(response.url).content.decode()
    assert "Handleplanen „Job først“ er oprettet." in text


def test_a_years_own_ceiling_wins_and_earmarks_per_goal(member_client, catalogue):
    member_client.post(
        URL,
        _data(
            ceiling_all="4.000.000",
            ceiling_2019="1.000.000 kr.",
            earmark_2019_1="600.000",
            earmark_2019_2="400.000",
            earmark_2020_1="2.000.000",
        ),
    )
    plan = Plan.objects.get()
    assert _allocations(plan) == [
        (2019, 1, 600_000),
        (2019, 2, 400_000),
        (2019, None, 1_000_000),
        (2020, 1, 2_000_000),
        (2020, None, 4_000_000),
        (2021, None, 4_000_000),
        (2022, None, 4_000_000),
    ]


def test_shorter_period_drops_amounts_outside_it(member_client, catalogue):
    member_client.post(
        URL, _data(first_year="2020", last_year="2021", ceiling_all="1.000.000", ceiling_2019="5")
    )
    plan = Plan.objects.get()
    assert (plan.first_year, plan.last_year) == (2020, 2021)
    assert _allocations(plan) == [(2020, None, 1_000_000), (2021, None, 1_000_000)]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "Dette felt er påkrævet."),
        ({"first_year": "2022", "last_year": "2019"}, "Sidste år kan ikke ligge før første år."),
        ({"first_year": "2018"}, "Vælg et år i perioden."),
        ({"ceiling_all": "abc"}, "Skriv et beløb med tallene 0–9, fx 4.400.000 eller 4,4 mio."),
        ({"ceiling_2020": "-5"}, "Et beløb kan ikke være negativt."),
        (
            {"ceiling_2020": "1,5"},
            "Skriv hele kroner uden øre, eller millioner med „mio.“, fx 4,4 mio.",
        ),
        (
            {"ceiling_2019": "1.000.000", "earmark_2019_1": "700.000", "earmark_2019_2": "400.000"},
            "Øremærkningerne i 2019 er tilsammen 1.100.000 kr., mere end loftet på 1.000.000 kr.",
        ),
    ],
)
def test_bad_input_is_explained_and_nothing_saved(member_client, catalogue, changes, message):
    response = member_client.post(URL, _data(**changes))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Handleplanen er ikke gemt. Ret fejlene nedenfor." in text
    assert message in text
    assert not Plan.objects.exists()
    assert not Allocation.objects.exists()


def test_reader_gets_403_in_danish(client, reader, catalogue):
    client.force_login(reader)
    for response in (client.get(URL), client.post(URL, _data())):
        assert response.status_code == 403
        assert "Kun udvalgsmedlemmer og administratorer kan oprette" in response.content.decode()
    assert not Plan.objects.exists()


def test_administrator_may_create(client, administrator, catalogue):
    client.force_login(administrator)
    assert client.post(URL, _data()).status_code == 302
    assert Plan.objects.get().owner == administrator


def test_login_required(client, catalogue):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_choose_among_several_catalogues(member_client, catalogue):
    other = Catalogue.objects.create(
        title="Andet katalog", municipality="Aarhus Kommune", first_year=2023, last_year=2026
    )
    text = member_client.get(URL).content.decode()
    assert "Vælg det katalog, handleplanen skal bygges af:" in text
    response = member_client.get(URL, {"katalog": other.pk})
    assert '<option value="2026" selected>2026</option>' in response.content.decode()
    member_client.post(f"{URL}?katalog={other.pk}", _data(first_year="2023", last_year="2026"))
    assert Plan.objects.get().catalogue == other


@pytest.mark.parametrize("wanted", ["abc", "9999"])
def test_unknown_catalogue_is_404(member_client, catalogue, wanted):
    assert member_client.get(URL, {"katalog": wanted}).status_code == 404


# --- Submitted twice: one plan ---------------------------------------------------------


def _token(client) -> str:
    """The one-time token in the form, as the browser sends it back."""
    import re

    html = client.get(URL).content.decode()
    return re.search(r'name="creation_token" value="([^"]+)"', html).group(1)


def test_a_form_submitted_twice_makes_one_plan(member_client, catalogue):
    data = _data(ceiling_all="4.400.000", creation_token=_token(member_client))
    first = member_client.post(URL, data)
    second = member_client.post(URL, data, follow=True)  # a double click, or Back and again
    plan = Plan.objects.get()
    assert first.url == plan.get_absolute_url()
    assert second.redirect_chain == [(plan.get_absolute_url(), 302)]
    text = second.content.decode()
    assert "Handleplanen „Job først“ er oprettet." in text  # as after one submit: no error
    assert Allocation.objects.count() == 4
    assert plan.history.count() == 1


def test_each_form_makes_its_own_plan(member_client, catalogue):
    member_client.post(URL, _data(creation_token=_token(member_client)))
    member_client.post(URL, _data(creation_token=_token(member_client)))
    assert Plan.objects.count() == 2


def test_a_form_sent_back_with_errors_keeps_its_token(member_client, catalogue):
    token = _token(member_client)
    response = member_client.post(URL, _data(name="", creation_token=token))
    assert f'name="creation_token" value="{token}"' in response.content.decode()
    member_client.post(URL, _data(creation_token=token))
    member_client.post(URL, _data(creation_token=token))
    assert Plan.objects.count() == 1


def test_another_members_token_makes_their_own_plan(client, member, other_member, catalogue):
    client.force_login(member)
    token = _token(client)
    client.post(URL, _data(creation_token=token))
    client.force_login(other_member)
    response = client.post(URL, _data(name="Bos plan", creation_token=token))
    theirs = Plan.objects.get(owner=other_member)
    assert response.url == theirs.get_absolute_url()
    assert theirs.name == "Bos plan"


def test_a_deleted_plans_form_makes_a_new_one(member_client, catalogue):
    data = _data(creation_token=_token(member_client))
    member_client.post(URL, data)
    plan = Plan.objects.get()
    member_client.post(reverse("prioritisation:plan_delete", args=[plan.pk]))
    response = member_client.post(URL, data)
    new = Plan.objects.active().get()
    assert new != plan
    assert response.url == new.get_absolute_url()


def test_a_broken_token_is_refused_in_danish(member_client, catalogue):
    response = member_client.post(URL, _data(creation_token="abc"))
    assert "Formularen er ikke gyldig. Åbn siden igen, og prøv igen." in response.content.decode()
    assert not Plan.objects.exists()
