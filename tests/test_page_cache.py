"""The shared page cache (common/pagecache.py): what it keeps is keyed by the versions of
what it shows, so any change, however it is made, shows on the next request; nothing of
one reader reaches another; and odd URLs do not fill it."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse

from catalogue.models import Catalogue, Initiative
from prioritisation.models import Allocation, Plan, PlanItem
from tests.factories import make_catalogue

pytestmark = pytest.mark.django_db


def _overview(client, catalogue):
    return client.get(reverse("catalogue:overview", args=[catalogue.pk])).content.decode()


def _table(client, catalogue, **params):
    url = reverse("catalogue:table", args=[catalogue.pk])
    return client.get(url, params).content.decode()


def _link(initiative):
    return f'href="{initiative.get_absolute_url()}">{initiative.title}</a>'


# --- A change shows at once, however it is made --------------------------------------


def test_a_plain_save_of_an_initiative_shows_at_once(client, catalogue):
    leisure = Initiative.objects.get(title="Fritidsjob")
    assert _link(leisure) in _overview(client, catalogue)
    assert _link(leisure) in _table(client, catalogue, sort="-first_year_amount")
    leisure.title = "Sommerjob"
    leisure.first_year_amount = 9_900_000
    leisure.save()  # as a shell fix or a new command would

    overview = _overview(client, catalogue)
    assert _link(leisure) in overview
    assert ">Fritidsjob</a>" not in overview
    table = _table(client, catalogue, sort="-first_year_amount")
    assert _link(leisure) in table
    assert "9.900.000 kr." in table


def test_an_update_shows_at_once_with_the_documented_hook(client, catalogue):
    assert ">Fritidsjob</a>" in _overview(client, catalogue)
    Initiative.objects.filter(title="Fritidsjob").update(title="Sommerjob")
    Catalogue.objects.mark_changed()  # QuerySet.update sends no signal: say so
    assert ">Sommerjob</a>" in _overview(client, catalogue)


def test_a_deleted_initiative_and_a_renamed_goal_show_at_once(client, catalogue):
    leisure = Initiative.objects.get(title="Fritidsjob")
    link = _link(leisure)
    assert link in _overview(client, catalogue)
    leisure.delete()
    goal = catalogue.goals.get(number=2)
    goal.title = "Et nyt pejlemærke"
    goal.save()
    page = _overview(client, catalogue)
    assert link not in page
    assert "Et nyt pejlemærke" in page


def test_an_edit_in_the_admin_shows_at_once(client, administrator, catalogue):
    leisure = Initiative.objects.get(title="Fritidsjob")
    visitor = Client()
    assert _link(leisure) in _overview(visitor, catalogue)
    client.force_login(administrator)
    change = reverse("admin:catalogue_initiative_change", args=[leisure.pk])
    form = client.get(change).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data["title"] = "Sommerjob"
    response = client.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert ">Sommerjob</a>" in _overview(visitor, catalogue)


def test_a_change_loaded_with_loaddata_shows_at_once(client, catalogue, tmp_path):
    leisure = Initiative.objects.get(title="Fritidsjob")
    assert _link(leisure) in _overview(client, catalogue)
    fixture = tmp_path / "rettelse.json"
    call_command("dumpdata", "catalogue.initiative", pks=str(leisure.pk), output=fixture)
    fixture.write_text(fixture.read_text().replace('"Fritidsjob"', '"Sommerjob"'))
    call_command("loaddata", fixture, verbosity=0)
    assert ">Sommerjob</a>" in _overview(client, catalogue)


def test_pages_are_renewed_after_a_migration(client, catalogue):
    """A data migration's saves send no model signals; every migrate moves the version."""
    assert ">Fritidsjob</a>" in _overview(client, catalogue)
    with connection.cursor() as cursor:  # as a data migration might, around the models
        cursor.execute(
            "UPDATE catalogue_initiative SET title = %s WHERE title = %s",
            ["Sommerjob", "Fritidsjob"],
        )
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert ">Sommerjob</a>" in _overview(client, catalogue)


def test_a_plain_save_of_an_item_shows_on_the_plan_page_at_once(member_client, plan):
    item = plan.items.get(initiative__title="Fritidsjob")
    assert "Første udgave" not in member_client.get(plan.get_absolute_url()).content.decode()
    item.note = "Første udgave"
    item.save()
    assert "Første udgave" in member_client.get(plan.get_absolute_url()).content.decode()
    PlanItem.objects.filter(pk=item.pk).update(note="Anden udgave")
    Plan.objects.filter(pk=plan.pk).mark_changed()  # the documented hook after update()
    page = member_client.get(plan.get_absolute_url()).content.decode()
    assert "Anden udgave" in page


def test_a_new_ceiling_and_a_removed_item_show_on_the_plan_page_at_once(member_client, plan):
    member_client.get(plan.get_absolute_url())
    Allocation.objects.create(plan=plan, year=2019, amount=7_000_000)
    plan.items.get(initiative__title="Fritidsjob").delete()
    page = member_client.get(plan.get_absolute_url()).content.decode()
    assert "7.000.000 kr." in page
    assert "Fritidsjob" not in page


def test_a_renamed_owner_shows_on_a_shared_plan_at_once(client, reader, plan, member):
    plan.shared_at = plan.created
    plan.save()
    client.force_login(reader)
    assert "Mette" in client.get(plan.get_absolute_url()).content.decode()
    member.first_name = "Mette-Marie"
    member.save()
    assert "Mette-Marie" in client.get(plan.get_absolute_url()).content.decode()


# --- Nothing of one reader reaches another --------------------------------------------


def test_a_members_controls_never_reach_a_visitor_or_another_member(
    member_client, other_member, catalogue, make_plan, member
):
    make_plan(member, name="Mettes hemmelige plan", titles=["Fritidsjob"])
    leisure = Initiative.objects.get(title="Fritidsjob")
    other = Client()
    other.force_login(other_member)
    # The member's visit fills the cache; the visitor's and Bo's are served from it.
    for view in (_overview, _table):
        mine = view(member_client, catalogue)
        assert "Fjern fra Mettes hemmelige plan" in mine
        for reader in (Client(), other):
            theirs = view(reader, catalogue)
            assert "Mettes hemmelige plan" not in theirs
            assert "<!--plan-controls" not in theirs  # no slot left behind
            assert _link(leisure) in theirs
        assert "Handleplan</th>" not in _table(Client(), catalogue)


def test_a_message_is_shown_once_to_its_reader_only(client, catalogue):
    _overview(Client(), catalogue)  # another visitor fills the cache
    waiting = CookieStorage(HttpRequest())._encode([Message(constants.INFO, "Velkommen tilbage")])
    client.cookies["messages"] = waiting
    assert "Velkommen tilbage" in _overview(client, catalogue)
    assert "Velkommen tilbage" not in _overview(client, catalogue)
    assert "Velkommen tilbage" not in _overview(Client(), catalogue)


def test_what_a_cookie_chooses_is_never_served_to_another(client, catalogue):
    english = Client()
    english.cookies["django_language"] = "en"
    assert "Amount not stated" in _overview(english, catalogue)
    danish = _overview(client, catalogue)
    assert "Beløb ikke oplyst" in danish
    assert "Amount not stated" not in danish
    assert '<html lang="da">' in danish


def test_a_page_with_a_session_cookie_is_never_shared(member_client, small_catalogue, member):
    """Each logged-in page says whose it is; a visitor's never does."""
    assert "Log ud (Mette)" in _overview(member_client, small_catalogue)
    page = _overview(Client(), small_catalogue)
    assert "Mette" not in page
    assert "Log ind" in page


def test_a_readers_plan_page_has_no_owners_buttons(client, reader, plan, member_client):
    plan.shared_at = plan.created
    plan.save()
    owner_page = member_client.get(plan.get_absolute_url()).content.decode()
    assert reverse("prioritisation:plan_edit", args=[plan.pk]) in owner_page
    client.force_login(reader)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert reverse("prioritisation:plan_edit", args=[plan.pk]) not in page
    assert reverse("prioritisation:plan_delete", args=[plan.pk]) not in page


# --- Odd URLs do not fill the cache ---------------------------------------------------


def _cache_size() -> int:
    if hasattr(cache, "_cache") and hasattr(cache._cache, "get_client"):  # Redis
        client = cache._cache.get_client()
        return sum(1 for _key in client.scan_iter(match=f"*{cache.make_key('*')}"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM handleplan_cache")
        return cursor.fetchone()[0]


def test_unknown_query_parameters_make_no_new_entries(client):
    catalogue = make_catalogue(initiatives=2)  # small pages: 2,000 of them take seconds
    overview = reverse("catalogue:overview", args=[catalogue.pk])
    table = reverse("catalogue:table", args=[catalogue.pk])
    client.get(overview)
    client.get(table, {"sort": "title"})
    size = _cache_size()
    for number in range(1000):
        assert client.get(overview, {f"x{number}": number}).status_code == 200
        response = client.get(table, {"sort": "title", f"utm_{number}": "kampagne"})
        assert response.status_code == 200
    assert _cache_size() == size


def test_a_bad_table_parameter_falls_back_with_a_danish_message(client, small_catalogue):
    for params, message in [
        ({"per_page": "-1"}, "Vælg 25, 50 eller 100 indsatser pr. side"),
        ({"per_page": "9" * 4000}, "Vælg 25, 50 eller 100 indsatser pr. side"),
        ({"page": "-3"}, "Siden findes ikke"),
        ({"page": "١"}, "Siden findes ikke"),
        ({"sort": "description"}, "Tabellen kan ikke sorteres sådan"),
        ({"q": "unge" * 100}, "Et filter var for langt"),
    ]:
        response = client.get(reverse("catalogue:table", args=[small_catalogue.pk]), params)
        assert response.status_code == 200, params
        assert message in response.content.decode(), params


def test_a_user_model_change_needs_no_hook(member_client, small_catalogue, member):
    """Whose page it is comes from the request, never from the cache."""
    assert "Log ud (Mette)" in _overview(member_client, small_catalogue)
    get_user_model().objects.filter(pk=member.pk).update(first_name="Mette-Marie")
    assert "Log ud (Mette-Marie)" in _overview(member_client, small_catalogue)


def test_an_address_longer_than_any_page_uses_is_refused_in_danish(client, small_catalogue):
    url = reverse("catalogue:table", args=[small_catalogue.pk])
    response = client.get(url, {"q": "x" * 10_000})
    assert response.status_code == 414
    text = response.content.decode()
    assert "Adressen er for lang" in text
    assert "x" * 100 not in text  # not echoed back
    assert client.get(url, {"q": "x" * 150}).status_code == 200


def test_an_initiative_moved_to_another_catalogue_leaves_the_first_at_once(client, catalogue):
    other = make_catalogue(initiatives=1, municipality="Aarhus Kommune")
    leisure = Initiative.objects.get(title="Fritidsjob")
    assert _link(leisure) in _overview(client, catalogue)
    assert _link(leisure) not in _overview(client, other)
    leisure.focus_area = other.goals.get(number=1).focus_areas.first()
    leisure.position = 99
    leisure.save()
    assert _link(leisure) not in _overview(client, catalogue)
    assert _link(leisure) in _overview(client, other)


def test_a_change_in_one_catalogue_keeps_the_others_pages(client, catalogue):
    other = make_catalogue(initiatives=1, municipality="Aarhus Kommune")
    before = Catalogue.objects.get(pk=other.pk).content_version
    leisure = Initiative.objects.get(title="Fritidsjob")
    leisure.title = "Sommerjob"
    leisure.save()
    assert Catalogue.objects.get(pk=other.pk).content_version == before
    assert Catalogue.objects.get(pk=catalogue.pk).content_version != before


def test_a_bulk_write_renews_its_catalogue_once_and_shows_every_change(
    client, catalogue, django_assert_num_queries
):
    """Inside one_renewal (an import, its undo) the first save under a focus area gives
    the catalogue a new version and the next ones under it do not; the page then shows
    all of them."""
    from catalogue.models import one_renewal

    _overview(client, catalogue)
    area = Initiative.objects.get(title="Fritidsjob").focus_area

    def new(title, position):
        return Initiative(focus_area=area, title=title, position=position)

    with one_renewal():
        new("Sommerjob", 90).save()
        renewed = Catalogue.objects.get(pk=catalogue.pk).content_version
        with django_assert_num_queries(2):  # the insert and its history; no renewal
            new("Vinterjob", 91).save()
    assert Catalogue.objects.get(pk=catalogue.pk).content_version == renewed
    page = _overview(client, catalogue)
    assert "Sommerjob" in page and "Vinterjob" in page
    # Outside the block every save renews again.
    new("Forårsjob", 92).save()
    assert Catalogue.objects.get(pk=catalogue.pk).content_version != renewed
