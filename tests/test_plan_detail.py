"""The plan page: items by pejlemærke and fokusområde, every budget figure, warnings."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from catalogue.models import FocusArea, Goal, Initiative
from prioritisation.changes import share_plan
from prioritisation.models import Allocation, PlanItem
from tests.queries import CACHE_READ, CACHE_WRITE, SESSION_READ

pytestmark = pytest.mark.django_db


def _page(client, plan):
    response = client.get(reverse("prioritisation:plan", args=[plan.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _row(text, heading):
    """The text of the budget table's row with this heading, tags and spaces squeezed."""
    match = re.search(rf"<th scope=\"row\">{heading}</th>(.*?)</tr>", text, re.S)
    assert match, heading
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1))).strip()


def test_items_grouped_with_costs_per_year(member_client, plan):
    text = _page(member_client, plan)
    assert "<h1>Job og skole</h1>" in text
    assert "Flere københavnere med minoritetsbaggrund skal i job" in text  # pejlemærke 1
    assert "Mangfoldig rekruttering" in text  # its fokusområde
    assert "Unge i fritidsjob" in text
    # Anonymiseret rekruttering: 400.000 kr. in its first year, then 500.000 kr.
    assert re.search(r"400\.000 kr\.</td>\s*<td class=\"money\">500\.000 kr\.", text)


def test_totals_establishment_and_running(member_client, plan):
    text = _page(member_client, plan)
    # 2019: 400.000 + 3.000.000; 2020–2022: 500.000 + 3.000.000; period 3.400.000 + 3 × 3.500.000
    assert _row(text, "Udgifter i alt") == (
        "3.400.000 kr. 3.500.000 kr. 3.500.000 kr. 3.500.000 kr. 13.900.000 kr."
    )
    assert _row(text, r"Etablering \(første års udgifter\)") == (
        "3.400.000 kr. 0 kr. 0 kr. 0 kr. 3.400.000 kr."
    )
    assert _row(text, r"Drift \(efterfølgende års udgifter\)") == (
        "0 kr. 3.500.000 kr. 3.500.000 kr. 3.500.000 kr. 10.500.000 kr."
    )
    assert "2 indsatser, heraf 2 stjernemarkerede." in text
    assert "Handleplanen har intet loft." in text


def test_unknown_amounts_are_said_not_summed_as_zero(make_plan, member, member_client):
    plan = make_plan(
        member,
        titles=[
            "Indsats for udsatte og ensomme seniorer",
            "Styrket ligebehandling på boligmarkedet",
            "Beskæftigelsesforløb i samarbejde med civilsamfundet",
        ],
    )
    text = _page(member_client, plan)
    # 2019: only the seniors' 600.000 kr. is known; ligebehandling has no amount.
    assert _row(text, "Udgifter i alt").startswith(
        "mindst 600.000 kr. 1 indsats uden kendt beløb er ikke med"
    )
    assert "1 indsats uden kendt beløb er ikke med" in text
    # 2020–2022: neither is known.
    assert "2 indsatser uden kendt beløb er ikke med" in text
    assert "Ikke med i summerne" in text
    assert "Uden beløb i kataloget" in text
    assert "Efterfølgende år ikke oplyst" in text
    assert "ukendt i 2020, 2021, 2022" in text
    assert "Betaling ved resultat" in text
    assert "1.300.000 kr." in text  # conditional, listed apart
    assert "Dertil betinget betaling ved resultat: 1.300.000 kr., ikke med i summerne." in text


def test_ceiling_left_and_warning(make_plan, member, member_client):
    plan = make_plan(member, titles=["Anonymiseret rekruttering", "Fritidsjob"], ceiling=3_450_000)
    text = _page(member_client, plan)
    # 3.450.000 − 3.400.000 = 50.000 left in 2019; 3.500.000 − 3.450.000 = 50.000 over after.
    assert _row(text, "Tilbage under loftet").startswith("50.000 kr. 50.000 kr. over")
    assert 'role="alert"' in text
    assert "Handleplanen er over budgettet" in text
    assert "2020: 50.000 kr. over loftet (3.500.000 kr. mod 3.450.000 kr.)." in text
    assert "2019: 50.000 kr. over" not in text


def test_no_warning_within_the_ceiling(make_plan, member, member_client):
    plan = make_plan(member, titles=["Fritidsjob"], ceiling=3_000_000)
    text = _page(member_client, plan)
    assert "over budgettet" not in text
    assert 'role="alert"' not in text


def test_earmark_over_and_left(plan, member_client, catalogue):
    jobs = Goal.objects.get(catalogue=catalogue, number=1)
    Allocation.objects.create(plan=plan, year=2019, goal=jobs, amount=300_000)
    Allocation.objects.create(plan=plan, year=2020, goal=jobs, amount=600_000)
    text = _page(member_client, plan)
    # Anonymiseret rekruttering (pejlemærke 1): 400.000 kr. in 2019 against 300.000 kr.
    assert (
        "2019: Pejlemærke 1 er 100.000 kr. over øremærkningen (400.000 kr. mod 300.000 kr.)."
        in (text)
    )
    assert "Tilbage af øremærkningen" in text
    assert "100.000 kr. over" in text
    assert "2020: Pejlemærke 1" not in text  # 500.000 of 600.000: 100.000 kr. left


def test_scaled_items_show_their_scale(plan, member_client):
    item = plan.items.get(initiative__title="Fritidsjob")
    item.scale_by, item.quantity = "quantity", 100
    item.save()
    text = _page(member_client, plan)
    assert "100 af 200 unge" in text
    # 3.000.000 × 100 / 200 = 1.500.000 kr. a year; 2019 = 400.000 + 1.500.000.
    assert _row(text, "Udgifter i alt").startswith("1.900.000 kr. 2.000.000 kr.")


def test_reach_and_what_it_counts(plan, member_client):
    text = _page(member_client, plan)
    assert "<strong>200</strong> unge" in text
    assert "<strong>20</strong> virksomheder" in text
    assert "lagt sammen pr. målgruppe" in text


def test_bar_chart_is_server_side_svg_with_text_alternative(make_plan, member, member_client):
    plan = make_plan(member, titles=["Fritidsjob"], ceiling=2_000_000)
    text = _page(member_client, plan)
    assert '<svg role="img" aria-labelledby="chart-title chart-desc"' in text
    assert '<title id="chart-title">Udgifter pr. år mod loftet</title>' in text
    assert "2019: 3.000.000 kr., 1.000.000 kr. over loftet på 2.000.000 kr." in text
    assert text.count('class="chart-bar is-over"') == 4
    assert "<script" not in text.split('<main id="main"')[1]  # no JavaScript in the page


def test_empty_plan_points_to_the_catalogue(make_plan, member, member_client, catalogue):
    text = _page(member_client, make_plan(member, name="Tom"))
    assert "Handleplanen har ingen indsatser endnu." in text
    assert reverse("catalogue:overview", args=[catalogue.pk]) in text


def test_other_members_plan_is_404(client, other_member, plan):
    client.force_login(other_member)
    assert client.get(reverse("prioritisation:plan", args=[plan.pk])).status_code == 404


def test_deleted_plan_is_404(member_client, plan):
    plan.deleted_at = plan.updated
    plan.save()
    assert member_client.get(reverse("prioritisation:plan", args=[plan.pk])).status_code == 404


def test_login_required(client, plan):
    response = client.get(reverse("prioritisation:plan", args=[plan.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def _fill_with_items(plan, count):
    """``count`` items: the seed has 27 initiatives, so add more to a focus area."""
    area = FocusArea.objects.get(goal__catalogue=plan.catalogue, number=1)
    Initiative.objects.bulk_create(
        Initiative(
            focus_area=area,
            position=100 + i,
            title=f"Ekstra indsats {i}",
            description="Til måling af forespørgsler.",
            financing_kind=Initiative.FinancingKind.ANNUAL,
            first_year_amount=100_000 + i,
            later_year_amount=90_000,
            target_quantity=10,
            target_unit="borgere",
        )
        for i in range(count)
    )
    PlanItem.objects.bulk_create(
        PlanItem.for_initiative(
            initiative, plan=plan, start_year=2019, end_year=2022, scale_by="quantity", quantity=5
        )
        for initiative in Initiative.objects.filter(title__startswith="Ekstra indsats")
    )


@pytest.mark.parametrize("count", [5, 200])
def test_query_count_is_flat(make_plan, member, member_client, django_assert_num_queries, count):
    plan = make_plan(member, name="Stor", ceiling=50_000_000)
    _fill_with_items(plan, count)
    # The session, the user, the plan (owner or shared in the query, joined to its
    # catalogue and owner), the user's own and their groups' permissions, the cache (a
    # miss), the items (joined to initiative, focus area, goal), the allocations, and
    # the page's content kept in the cache.
    with django_assert_num_queries(4 + SESSION_READ + CACHE_READ + 2 + CACHE_WRITE):
        text = _page(member_client, plan)
    assert text.count('id="indsats-') == count
    with django_assert_num_queries(4 + SESSION_READ + CACHE_READ):  # the content from the cache
        again = _page(member_client, plan)
    assert again.count('id="indsats-') == count


def test_a_change_shows_at_once_though_the_page_is_shared(member_client, plan):
    """The page's content comes from the shared cache under the plan's version and the
    catalogue's; a change to either is a new page."""
    assert ">Fritidsjob</a>" in _page(member_client, plan)
    item = plan.items.get(initiative__title="Fritidsjob")
    member_client.post(reverse("prioritisation:item_remove", args=[plan.pk, item.pk]))
    assert ">Fritidsjob</a>" not in _page(member_client, plan)
    assert "Kataloget er ændret" not in _page(member_client, plan)
    initiative = Initiative.objects.get(title="Anonymiseret rekruttering")
    initiative.first_year_amount = 450_000
    initiative.save()  # as the admin saves it
    assert "Kataloget er ændret" in _page(member_client, plan)


def test_the_owner_and_a_committee_reader_each_get_their_own_page(
    member_client, other_member, plan
):
    share_plan(plan)
    owner_page = _page(member_client, plan)
    reader = Client()
    reader.force_login(other_member)
    reader_page = _page(reader, plan)
    assert "Fjern <span" in owner_page
    assert "Fjern <span" not in reader_page
    assert "Ejer: Mette" in reader_page
    assert "Ejer:" not in owner_page
    assert "Fjern <span" in _page(member_client, plan)
