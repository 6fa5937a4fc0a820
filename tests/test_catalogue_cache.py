"""The catalogue pages' shared cache (catalogue/fragments.py): a change in the
catalogue shows at once, the cached part holds nothing of any user, each language has
its own, and a visitor's whole page comes from it."""

import time

import pytest
from django.conf import settings
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse

from catalogue.models import (
    CONTENT_VERSION_KEY,
    Initiative,
    content_version,
    keep_content_version,
)

pytestmark = pytest.mark.django_db


def _overview(client, catalogue):
    return client.get(reverse("catalogue:overview", args=[catalogue.pk])).content.decode()


def _table(client, catalogue, **params):
    url = reverse("catalogue:table", args=[catalogue.pk])
    return client.get(url, params).content.decode()


def _link(initiative):
    return f'href="{initiative.get_absolute_url()}">{initiative.title}</a>'


def test_an_edited_initiative_shows_at_once(client, catalogue, django_capture_on_commit_callbacks):
    leisure = Initiative.objects.get(title="Fritidsjob")
    assert _link(leisure) in _overview(client, catalogue)
    assert _link(leisure) in _table(client, catalogue, sort="-first_year_amount")
    leisure.title = "Sommerjob"
    leisure.first_year_amount = 9_900_000
    with django_capture_on_commit_callbacks(execute=True):  # the save commits
        leisure.save()  # as the admin saves it: with a history record

    overview = _overview(client, catalogue)
    assert _link(leisure) in overview
    assert ">Fritidsjob</a>" not in overview
    table = _table(client, catalogue, sort="-first_year_amount")
    assert _link(leisure) in table
    assert "9.900.000 kr." in table


def test_a_deleted_initiative_goes_at_once(client, catalogue, django_capture_on_commit_callbacks):
    leisure = Initiative.objects.get(title="Fritidsjob")
    link = _link(leisure)
    assert link in _overview(client, catalogue)
    with django_capture_on_commit_callbacks(execute=True):
        leisure.delete()
    assert link not in _overview(client, catalogue)


def test_an_edit_in_the_admin_shows_at_once(
    client, administrator, catalogue, django_capture_on_commit_callbacks
):
    leisure = Initiative.objects.get(title="Fritidsjob")
    visitor = Client()
    assert _link(leisure) in _overview(visitor, catalogue)
    client.force_login(administrator)
    change = reverse("admin:catalogue_initiative_change", args=[leisure.pk])
    form = client.get(change).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data["title"] = "Sommerjob"
    with django_capture_on_commit_callbacks(execute=True):  # the admin's transaction commits
        response = client.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert ">Sommerjob</a>" in _overview(visitor, catalogue)
    assert ">Fritidsjob</a>" not in _overview(visitor, catalogue)


def test_the_shared_version_is_forgotten_only_when_a_change_commits(
    catalogue, django_capture_on_commit_callbacks
):
    """Before the commit, another request would read the old version from the database
    and keep it again; after it, the next page reads the new one."""
    kept = keep_content_version()
    assert cache.get(CONTENT_VERSION_KEY) == kept
    leisure = Initiative.objects.get(title="Fritidsjob")
    with django_capture_on_commit_callbacks() as on_commit:
        leisure.save()
    assert cache.get(CONTENT_VERSION_KEY) == kept  # not yet committed
    for callback in on_commit:
        callback()
    assert cache.get(CONTENT_VERSION_KEY) is None
    assert content_version() != kept


def test_the_version_moves_on_every_save_and_delete(catalogue):
    before = content_version()
    leisure = Initiative.objects.get(title="Fritidsjob")
    leisure.save()
    after_save = content_version()
    leisure.focus_area.save()
    after_area = content_version()
    leisure.delete()
    assert len({before, after_save, after_area, content_version()}) == 4


def test_a_members_controls_never_reach_a_visitor(member_client, catalogue, make_plan, member):
    make_plan(member, name="Mettes hemmelige plan", titles=["Fritidsjob"])
    leisure = Initiative.objects.get(title="Fritidsjob")
    visitor = Client()
    # The member's visit fills the cache; the visitor's is served from it.
    for view in (_overview, _table):
        mine = view(member_client, catalogue)
        assert "Fjern fra Mettes hemmelige plan" in mine
        assert "Tilføj til Mettes hemmelige plan" in mine
        theirs = view(visitor, catalogue)
        assert "Mettes hemmelige plan" not in theirs
        assert "plan-controls" not in theirs  # no slot left behind either
        assert "Handleplan</th>" not in theirs
        assert _link(leisure) in theirs


def test_each_language_has_its_own(client, catalogue):
    assert "Beløb ikke oplyst" in _overview(client, catalogue)
    client.cookies["django_language"] = "en"
    english = _overview(client, catalogue)
    assert "Amount not stated" in english
    assert "Beløb ikke oplyst" not in english
    client.cookies["django_language"] = "da"
    assert "Beløb ikke oplyst" in _overview(client, catalogue)


def test_a_visitor_gets_the_whole_page_from_the_cache(client, catalogue, django_assert_num_queries):
    first = _overview(client, catalogue)
    with django_assert_num_queries(0):  # page and version from the process's memory
        response = client.get(reverse("catalogue:overview", args=[catalogue.pk]))
    assert response.context is None  # no template rendered
    assert response.content.decode().split("<main")[1] == first.split("<main")[1]
    assert response["Content-Type"] == "text/html; charset=utf-8"


def test_a_processs_copy_is_used_only_while_the_shared_cache_names_its_version(client, catalogue):
    """A visitor's page is also kept in the process's memory (CACHES["local"]); another
    server that sees a change puts the new version in the shared cache, and once the
    process reads that (every CATALOGUE_VERSION_LOCAL_SECONDS), its copy is not used."""
    leisure = Initiative.objects.get(title="Fritidsjob")
    assert ">Fritidsjob</a>" in _overview(client, catalogue)
    # A write that leaves no history, so the version stays: the copy is still served.
    Initiative.objects.filter(pk=leisure.pk).update(title="Sommerjob")
    assert ">Fritidsjob</a>" in _overview(client, catalogue)
    cache.set(CONTENT_VERSION_KEY, "0-0-0-999")  # as a request elsewhere keeps a newer one
    assert ">Fritidsjob</a>" in _overview(client, catalogue)  # within the second
    time.sleep(settings.CATALOGUE_VERSION_LOCAL_SECONDS + 0.05)
    page = _overview(client, catalogue)
    assert ">Sommerjob</a>" in page
    assert ">Fritidsjob</a>" not in page


def test_a_visitors_cached_page_never_reaches_a_member(member_client, catalogue):
    _overview(Client(), catalogue)  # a visitor fills the cache
    page = _overview(member_client, catalogue)
    assert "Log ud" in page
    assert "Log ind" not in page


def test_a_visitors_message_is_shown_once_not_skipped_by_the_cache(client, catalogue):
    _overview(Client(), catalogue)  # another visitor fills the cache
    waiting = CookieStorage(HttpRequest())._encode([Message(constants.INFO, "Velkommen tilbage")])
    client.cookies["messages"] = waiting
    assert "Velkommen tilbage" in _overview(client, catalogue)
    assert "Velkommen tilbage" not in _overview(client, catalogue)


def test_a_missing_catalogue_is_404_every_time(client):
    for _ in range(2):
        assert client.get(reverse("catalogue:overview", args=[9999])).status_code == 404


REDIS_URL = "redis://127.0.0.1:6379/14"


def _redis_reachable() -> bool:
    import redis

    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        return False


@pytest.mark.skipif(not _redis_reachable(), reason="no Redis on 127.0.0.1:6379")
def test_pages_are_shared_through_redis_too(
    client, catalogue, django_assert_num_queries, django_capture_on_commit_callbacks
):
    """With REDIS_URL set (settings.CACHES: handleplan.cache.RedisCache), a visitor's page
    makes no query, and an edit still shows at once."""
    from django.core.cache import caches
    from django.test import override_settings

    redis = {"BACKEND": "handleplan.cache.RedisCache", "LOCATION": REDIS_URL}
    backend = {**settings.CACHES, "default": redis}
    with override_settings(CACHES=backend):
        caches["default"].clear()
        try:
            leisure = Initiative.objects.get(title="Fritidsjob")
            assert _link(leisure) in _overview(client, catalogue)
            with django_assert_num_queries(0):  # version and page from Redis
                assert _link(leisure) in _overview(client, catalogue)
            leisure.title = "Sommerjob"
            with django_capture_on_commit_callbacks(execute=True):
                leisure.save()
            assert _link(leisure) in _overview(client, catalogue)
        finally:
            caches["default"].clear()


def test_a_members_page_is_their_own_and_follows_their_plans(
    member_client, other_member, catalogue, make_plan, member
):
    plan = make_plan(member, name="Mettes plan")
    leisure = Initiative.objects.get(title="Fritidsjob")
    before = _overview(member_client, catalogue)
    assert "Tilføj til Mettes plan" in before
    assert "Fjern fra Mettes plan" not in before
    other = Client()
    other.force_login(other_member)
    assert "Mettes plan" not in _overview(other, catalogue)
    member_client.post(
        reverse("prioritisation:item_add"), {"plan": plan.pk, "initiative": leisure.pk}
    )
    assert "Fjern fra Mettes plan" in _overview(member_client, catalogue)
