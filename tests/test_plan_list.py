"""Mine handleplaner: my plans with their totals, nobody else's, a flat query count."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.queries import SESSION_READ

pytestmark = pytest.mark.django_db

URL = reverse("prioritisation:plan_list")


def _text(client):
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def test_lists_my_plans_with_totals(member_client, plan):
    text = _text(member_client)
    assert "<h1>Mine handleplaner</h1>" in text
    assert "Job og skole" in text
    assert plan.get_absolute_url() in text
    # First year 2019: 400.000 (anonymiseret rekruttering) + 3.000.000 (fritidsjob).
    assert "3.400.000 kr." in text
    # Period: 3.400.000 + 3 × (500.000 + 3.000.000).
    assert "13.900.000 kr." in text
    assert "Intet loft" in text


def test_over_and_within_the_ceiling(make_plan, member, member_client):
    make_plan(member, name="Stram", titles=["Fritidsjob"], ceiling=2_000_000)
    make_plan(member, name="Rummelig", titles=["Fritidsjob"], ceiling=5_000_000)
    text = _text(member_client)
    assert text.count("Over budgettet") == 1
    assert text.count("Inden for loftet") == 1


def test_unknown_amounts_make_a_minimum(make_plan, member, member_client):
    make_plan(member, titles=["Styrket ligebehandling på boligmarkedet", "Fritidsjob"])
    text = _text(member_client)
    assert '<span class="at-least">mindst</span> 12.000.000 kr.' in text
    assert "1 indsats uden kendt beløb er ikke med" in text


def test_only_my_active_plans(make_plan, member, other_member, member_client):
    make_plan(other_member, name="Bos plan")
    make_plan(member, name="Slettet plan", deleted_at=timezone.now())
    make_plan(member, name="Min plan")
    text = _text(member_client)
    assert "Min plan" in text
    assert "Bos plan" not in text
    assert "Slettet plan" not in text
    assert "Slettede handleplaner" in text


def test_most_recently_changed_first(make_plan, member, member_client):
    make_plan(member, name="Ældste")
    make_plan(member, name="Nyeste")
    text = _text(member_client)
    assert text.index("Nyeste") < text.index("Ældste")


def test_member_can_create_reader_cannot(client, member, reader):
    client.force_login(member)
    assert "Opret en handleplan" in _text(client)
    client.force_login(reader)
    text = _text(client)
    assert "Opret en handleplan" not in text
    assert "Du har ingen handleplaner endnu." in text


def test_menu_link_for_logged_in_users(client, member, catalogue):
    overview = reverse("catalogue:overview", args=[catalogue.pk])
    assert "Mine handleplaner" not in client.get(overview).content.decode()
    client.force_login(member)
    assert "Mine handleplaner" in client.get(overview).content.decode()


def test_login_required(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("count", [1, 30])
def test_query_count_is_flat(make_plan, member, member_client, django_assert_num_queries, count):
    for i in range(count):
        make_plan(
            member,
            name=f"Plan {i}",
            titles=["Anonymiseret rekruttering", "Fritidsjob"],
            ceiling=4_000_000,
        )
    with django_assert_num_queries(7 + SESSION_READ):
        # The session, the user, the plans (joined to their catalogues), all their items
        # (joined to initiative, focus area, goal), all their allocations, the user's own
        # and their groups' permissions (for "Opret en handleplan"), and the catalogue the
        # menu links to.
        text = _text(member_client)
    assert text.count("13.900.000 kr.") == count


def test_the_committees_own_amount_is_said_apart(make_plan, member, member_client):
    plan = make_plan(member, titles=["Styrket ligebehandling på boligmarkedet", "Fritidsjob"])
    plan.items.filter(initiative__title__startswith="Styrket").update(
        own_first_year_amount=1_000_000, own_later_year_amount=500_000
    )
    text = _text(member_client)
    # First year: 1.000.000 (own) + 3.000.000; the period: 1.000.000 + 3 × 500.000 own
    # + 4 × 3.000.000 = 14.500.000 kr., of it 2.500.000 kr. the committee's own.
    assert "4.000.000 kr." in text
    assert "heraf 1.000.000 kr. udvalgets eget beløb" in text
    assert "14.500.000 kr." in text
    assert "heraf 2.500.000 kr. udvalgets eget beløb" in text
    assert "mindst" not in text
