"""A logged-in user's catalogue page says whose it is from the shared cache
(handleplan/viewers.py). It follows every change to the user, their roles and their
plans as soon as the change commits, and loads nothing from the database meanwhile."""

from unittest import mock

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.core.cache import caches
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from catalogue.models import Initiative
from common import roles
from handleplan.viewers import VIEWER_COOKIE
from prioritisation.models import Plan

from .test_catalogue_cache import REDIS_URL, _redis_reachable

pytestmark = pytest.mark.django_db


def _overview(client, catalogue):
    return client.get(reverse("catalogue:overview", args=[catalogue.pk])).content.decode()


def _initiative_page(client, title):
    initiative = Initiative.objects.get(title=title)
    return client.get(initiative.get_absolute_url()).content.decode()


def _add(client, plan, title):
    """Add an initiative through the page's button, and read the message on the page the
    button leads back to: the next page is then one the cache may serve."""
    initiative = Initiative.objects.get(title=title)
    back = initiative.get_absolute_url()
    client.post(
        reverse("prioritisation:item_add"),
        {"plan": plan.pk, "initiative": initiative.pk, "next": back},
        follow=True,
    )


def test_an_added_initiative_shows_once_the_change_commits(
    member_client, member, catalogue, make_plan, django_capture_on_commit_callbacks
):
    plan = make_plan(member, name="Mettes plan")
    assert "Fjern fra Mettes plan" not in _overview(member_client, catalogue)
    with django_capture_on_commit_callbacks(execute=True):
        _add(member_client, plan, "Fritidsjob")
    assert "Fjern fra Mettes plan" in _overview(member_client, catalogue)


def test_the_old_page_stays_until_the_change_commits(
    member_client, member, catalogue, django_capture_on_commit_callbacks
):
    assert "Log ud (Mette)" in _overview(member_client, catalogue)
    member.first_name = "Mette Frederiksen"
    with django_capture_on_commit_callbacks() as on_commit:
        member.save()
    # Not yet committed: another request would read the old name, so nothing is
    # forgotten yet.
    assert "Log ud (Mette)" in _overview(member_client, catalogue)
    for callback in on_commit:
        callback()
    assert "Log ud (Mette Frederiksen)" in _overview(member_client, catalogue)


def test_a_copied_plan_is_offered_at_once(
    member_client, plan, catalogue, django_capture_on_commit_callbacks
):
    assert "Kopi af Job og skole</option>" not in _overview(member_client, catalogue)
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(reverse("prioritisation:plan_duplicate", args=[plan.pk]), follow=True)
    copy = Plan.objects.get(name="Kopi af Job og skole")
    assert f'<option value="{copy.pk}" selected>Kopi af Job og skole</option>' in _overview(
        member_client, catalogue
    )


def test_a_deactivated_user_gets_a_visitors_page(
    member_client, member, plan, catalogue, django_capture_on_commit_callbacks
):
    assert "Log ud (Mette)" in _overview(member_client, catalogue)
    member.is_active = False
    with django_capture_on_commit_callbacks(execute=True):
        member.save()
    text = _overview(member_client, catalogue)
    assert "Log ud" not in text
    assert "Job og skole" not in text


def test_a_new_password_ends_the_other_sessions(
    member_client, member, catalogue, django_capture_on_commit_callbacks
):
    assert "Log ud (Mette)" in _overview(member_client, catalogue)
    member.set_password("et-helt-nyt-kodeord-2026")
    with django_capture_on_commit_callbacks(execute=True):
        member.save()
    assert "Log ud" not in _overview(member_client, catalogue)


def test_leaving_the_members_group_takes_the_controls_away(
    member_client, member, groups, catalogue, django_capture_on_commit_callbacks
):
    members = groups[roles.MEMBER]
    assert "Opret en handleplan" in _initiative_page(member_client, "Fritidsjob")
    with django_capture_on_commit_callbacks(execute=True):
        member.groups.remove(members)
    assert "Opret en handleplan" not in _initiative_page(member_client, "Fritidsjob")
    # And back, from the group's side of the relation.
    with django_capture_on_commit_callbacks(execute=True):
        members.user_set.add(member)
    assert "Opret en handleplan" in _initiative_page(member_client, "Fritidsjob")
    # Emptied from the group's side: whose membership ended is not told.
    with django_capture_on_commit_callbacks(execute=True):
        members.user_set.clear()
    assert "Opret en handleplan" not in _initiative_page(member_client, "Fritidsjob")


def test_a_groups_new_permissions_reach_every_member(
    member_client, other_member, groups, catalogue, django_capture_on_commit_callbacks
):
    other = Client()
    other.force_login(other_member)
    for client in (member_client, other):
        assert "Opret en handleplan" in _initiative_page(client, "Fritidsjob")
    add_plan = Permission.objects.get(codename="add_plan")
    with django_capture_on_commit_callbacks(execute=True):
        groups[roles.MEMBER].permissions.remove(add_plan)
    for client in (member_client, other):
        assert "Opret en handleplan" not in _initiative_page(client, "Fritidsjob")


def test_a_plan_given_to_another_member_in_admin_leaves_the_first_owners_page(
    member_client, plan, other_member, administrator, catalogue, django_capture_on_commit_callbacks
):
    other = Client()
    other.force_login(other_member)
    assert "Tilføj til Job og skole" in _overview(member_client, catalogue)
    assert "Tilføj til Job og skole" not in _overview(other, catalogue)
    request = RequestFactory().post("/")
    request.user = administrator
    plan.owner = other_member
    with django_capture_on_commit_callbacks(execute=True):
        admin.site._registry[Plan].save_model(request, plan, form=None, change=True)
    assert "Tilføj til Job og skole" not in _overview(member_client, catalogue)
    assert "Tilføj til Job og skole" in _overview(other, catalogue)


@pytest.fixture
def redis_sessions():
    """The cache in Redis and sessions read through it, as production at scale runs
    (settings: REDIS_URL). Yields a list of the Redis commands sent, oldest first."""
    if not _redis_reachable():
        pytest.skip("no Redis on 127.0.0.1:6379")
    import redis as redis_py

    redis = {"BACKEND": "handleplan.cache.RedisCache", "LOCATION": REDIS_URL}
    backend = {**settings.CACHES, "default": redis}
    sent = []
    execute = redis_py.Redis.execute_command

    def counted(client, *args, **options):
        sent.append(args[0])
        return execute(client, *args, **options)

    with (
        override_settings(CACHES=backend, SESSION_ENGINE="handleplan.sessions"),
        mock.patch.object(redis_py.Redis, "execute_command", counted),
    ):
        caches["default"].clear()
        try:
            yield sent
        finally:
            caches["default"].clear()


def test_a_members_cached_page_makes_no_query_and_one_read_with_redis(
    redis_sessions, member, plan, django_assert_num_queries, django_capture_on_commit_callbacks
):
    """A member's page from the cache loads neither the session, the user nor their
    plans from the database, reads the session, their description and the page from
    Redis at once, and still follows a change to their plan."""
    client = Client()
    client.force_login(member)
    page = Initiative.objects.get(title="Gadehøjskoler").get_absolute_url()
    first = client.get(page)
    assert "Fjern fra Job og skole" not in first.content.decode()
    assert first.cookies[VIEWER_COOKIE].value == str(member.pk)
    assert first.cookies[VIEWER_COOKIE]["httponly"]
    assert not first.cookies[VIEWER_COOKIE]["max-age"]  # gone with the session, at closing
    redis_sessions.clear()
    with django_assert_num_queries(0):
        assert "Tilføj til Job og skole" in client.get(page).content.decode()
    assert redis_sessions == ["MGET"]  # one round trip
    with django_capture_on_commit_callbacks(execute=True):
        _add(client, plan, "Gadehøjskoler")
    assert "Fjern fra Job og skole" in client.get(page).content.decode()


def test_a_viewer_cookie_naming_someone_else_shows_the_sessions_own_page(
    redis_sessions, member, other_member, make_plan, plan, catalogue, django_assert_num_queries
):
    """The viewer cookie only says which cache keys to read with the session: a cookie
    changed to another user's id still shows the session's user their own page, from
    the cache (their own keys are read again), and the cookie is set right."""
    make_plan(other_member, name="Bos plan")
    other = Client()
    other.force_login(other_member)
    assert "Tilføj til Bos plan" in _overview(other, catalogue)  # kept for Bo
    client = Client()
    client.force_login(member)
    _overview(client, catalogue)  # kept for Mette
    client.cookies[VIEWER_COOKIE] = str(other_member.pk)
    with django_assert_num_queries(0):
        response = client.get(reverse("catalogue:overview", args=[catalogue.pk]))
    html = response.content.decode()
    assert "Tilføj til Job og skole" in html
    assert "Bos plan" not in html and "Log ud (Bo)" not in html
    assert response.cookies[VIEWER_COOKIE].value == str(member.pk)


def test_without_redis_no_viewer_cookie_is_set(member_client, catalogue):
    """Sessions in the database are read on their own: the cookie would serve nothing."""
    response = member_client.get(reverse("catalogue:overview", args=[catalogue.pk]))
    assert "Log ud (Mette)" in response.content.decode()
    assert VIEWER_COOKIE not in response.cookies


def test_logging_out_clears_the_viewer_cookie(redis_sessions, member_client, catalogue):
    _overview(member_client, catalogue)
    assert member_client.cookies[VIEWER_COOKIE].value
    member_client.post(reverse("logout"))
    page = member_client.get(reverse("catalogue:overview", args=[catalogue.pk]))
    assert "Log ind" in page.content.decode()
    assert page.cookies[VIEWER_COOKIE].value == ""  # deleted
