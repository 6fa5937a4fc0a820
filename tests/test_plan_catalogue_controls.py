"""The catalogue's pages offer "add to plan" to members, and the initiative's page says
which of your plans hold it. Visitors and readers see none of it."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from catalogue.models import Initiative
from tests.queries import CACHE_READ, SESSION_READ

pytestmark = pytest.mark.django_db


def _overview(client, catalogue):
    return client.get(reverse("catalogue:overview", args=[catalogue.pk])).content.decode()


def _table(client, catalogue):
    return client.get(reverse("catalogue:table", args=[catalogue.pk])).content.decode()


def _initiative_page(client, title):
    initiative = Initiative.objects.get(title=title)
    return client.get(reverse("catalogue:initiative", args=[initiative.pk])).content.decode()


def test_visitor_and_reader_see_no_controls(client, reader, catalogue):
    for _ in range(2):
        assert "Tilføj til" not in _overview(client, catalogue)
        assert "Opret en handleplan" not in _initiative_page(client, "Fritidsjob")
        assert "Handleplan</th>" not in _table(client, catalogue)
        client.force_login(reader)


def test_member_without_a_plan_is_offered_to_create_one(member_client, catalogue):
    text = _initiative_page(member_client, "Fritidsjob")
    assert "Dine handleplaner" in text
    assert reverse("prioritisation:plan_create") in text
    assert "Opret en handleplan" in text


def test_one_plan_one_button(member_client, plan, catalogue):
    text = _overview(member_client, catalogue)
    # 27 initiatives, 2 already in the plan.
    assert text.count("Tilføj til Job og skole") == 25
    assert text.count("Fjern fra Job og skole") == 2
    assert f'hx-post="{reverse("prioritisation:item_add")}"' in text


def test_choose_among_plans_newest_change_first(member_client, make_plan, member, catalogue):
    older = make_plan(member, name="Ældre plan")
    newer = make_plan(member, name="Nyere plan")
    text = _initiative_page(member_client, "Gadehøjskoler")
    assert '<label for="plan-for-' in text
    assert f'<option value="{newer.pk}" selected>Nyere plan</option>' in text
    assert f'<option value="{older.pk}">Ældre plan</option>' in text
    assert text.index("Nyere plan") < text.index("Ældre plan")
    assert "Tilføj til handleplan" in text


def test_initiative_page_says_which_plans_hold_it(member_client, plan, make_plan, member):
    make_plan(member, name="Uden fritidsjob")
    text = _initiative_page(member_client, "Fritidsjob")
    assert f'I <a href="{plan.get_absolute_url()}">Job og skole</a>' in text
    assert "Fjern fra Job og skole" in text
    assert "Tilføj til Uden fritidsjob" in text


def test_table_rows_have_the_control(member_client, plan, catalogue):
    text = _table(member_client, catalogue)
    assert "Handleplan</th>" in text
    assert text.count("Tilføj til Job og skole") + text.count("Fjern fra Job og skole") == 25


def test_other_members_plans_are_not_offered(client, other_member, plan, catalogue):
    client.force_login(other_member)
    text = _overview(client, catalogue)
    assert "Job og skole" not in text


@pytest.mark.parametrize("plans", [1, 10])
def test_a_members_catalogue_page_is_a_constant_number_of_queries(
    member_client, make_plan, member, catalogue, django_assert_num_queries, plans
):
    for i in range(plans):
        make_plan(member, name=f"Plan {i}", titles=["Fritidsjob", "Gadehøjskoler"])
    _overview(Client(), catalogue)  # a visitor has put the cards in the cache
    # The session, the user, the catalogue, the cards from the cache, their plans and
    # those plans' items for the controls.
    with django_assert_num_queries(4 + SESSION_READ + CACHE_READ):
        first = _overview(member_client, catalogue)
    with django_assert_num_queries(4 + SESSION_READ + CACHE_READ):
        text = _overview(member_client, catalogue)
    assert text.count("Fjern fra Plan") == 2 * plans
    # The same page, but for the CSRF tokens of its forms (each page gets new ones).
    tokens = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert tokens.sub("", text) == tokens.sub("", first)
