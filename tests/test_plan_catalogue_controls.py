"""The catalogue's pages offer "add to plan" to members, and the initiative's page says
which of your plans hold it. Visitors and readers see none of it."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from catalogue.models import Initiative
from prioritisation import changes
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


def test_buttons_add_to_the_plan_changed_last(member_client, make_plan, member, catalogue):
    older = make_plan(member, name="Ældre plan", titles=["Fritidsjob"])
    make_plan(member, name="Nyere plan", titles=["Fritidsjob"])
    text = _overview(member_client, catalogue)
    assert text.count("Tilføj til Nyere plan") == 26
    assert text.count("Fjern fra Nyere plan") == 1
    assert "Tilføj til Ældre plan" not in text
    # The other plan holding Fritidsjob is counted, not listed.
    assert text.count("Også i 1 af dine andre handleplaner") == 1
    chooser = re.search(r'<select id="plan-chooser" name="handleplan">(.*?)</select>', text, re.S)
    assert chooser.group(1).index("Nyere plan") < chooser.group(1).index("Ældre plan")
    assert f'<option value="{older.pk}">Ældre plan</option>' in chooser.group(1)


def test_choosing_another_plan(member_client, make_plan, member, catalogue):
    older = make_plan(member, name="Ældre plan", titles=["Fritidsjob"])
    make_plan(member, name="Nyere plan")
    url = reverse("catalogue:table", args=[catalogue.pk])
    text = member_client.get(url, {"starred": "ja", "handleplan": older.pk}).content.decode()
    assert "Tilføj til Ældre plan" in text
    assert "Tilføj til Nyere plan" not in text
    assert f'<option value="{older.pk}" selected>Ældre plan</option>' in text
    # The chooser keeps the table's filter.
    assert '<input type="hidden" name="starred" value="ja">' in text
    # Someone else's plan, or nonsense, falls back to the plan changed last.
    for wrong in ("999999", "x" * 300):
        text = member_client.get(url, {"handleplan": wrong}).content.decode()
        assert "Tilføj til Nyere plan" in text


def test_an_adopted_plan_takes_nothing_new(
    member_client, make_plan, member, administrator, catalogue
):
    plan = make_plan(member, name="Vedtaget", titles=["Fritidsjob"])
    changes.share_plan(plan)
    changes.adopt_plan(plan, by=administrator)
    text = _overview(member_client, catalogue)
    assert "Tilføj til Vedtaget" not in text
    assert "Også i 1 af dine andre handleplaner" in text


def test_initiative_page_says_which_plans_hold_it(member_client, plan, make_plan, member):
    other = make_plan(member, name="Uden fritidsjob")
    text = _initiative_page(member_client, "Fritidsjob")
    assert "Tilføj til Uden fritidsjob" in text
    initiative = Initiative.objects.get(title="Fritidsjob")
    text = member_client.get(
        reverse("catalogue:initiative", args=[initiative.pk]), {"handleplan": plan.pk}
    ).content.decode()
    assert f'I <a href="{plan.get_absolute_url()}">Job og skole</a>' in text
    assert "Fjern fra Job og skole" in text
    assert f'<option value="{other.pk}">Uden fritidsjob</option>' in text


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
    assert text.count("Fjern fra Plan") == 2
    assert text.count(f"Også i {plans - 1} af dine andre") == (2 if plans > 1 else 0)
    # The same page, but for the CSRF tokens of its forms (each page gets new ones).
    tokens = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert tokens.sub("", text) == tokens.sub("", first)
