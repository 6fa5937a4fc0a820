"""Mødevisning: a plan on the projector, following its owner's changes by polling."""

import pytest
from django.urls import reverse

from catalogue.models import Initiative
from prioritisation import changes
from prioritisation.models import Allocation
from tests.queries import CACHE_READ, SESSION_READ

pytestmark = pytest.mark.django_db


def _urls(plan):
    return (
        reverse("prioritisation:plan_meeting", args=[plan.pk]),
        reverse("prioritisation:plan_meeting_poll", args=[plan.pk]),
    )


@pytest.fixture
def shared_plan(make_plan, member, catalogue):
    plan = make_plan(member, name="Mettes plan", titles=["Fritidsjob"], ceiling=3_500_000)
    Allocation.objects.create(
        plan=plan, year=2019, goal=catalogue.goals.get(number=2), amount=2_000_000
    )
    changes.share_plan(plan)
    plan.refresh_from_db()
    return plan


def test_the_projector_shows_years_against_ceiling_and_earmarks(client, reader, shared_plan):
    client.force_login(reader)
    page, poll = _urls(shared_plan)
    text = client.get(page).content.decode()
    assert "<h1>Mettes plan</h1>" in text
    # 2019: Fritidsjob 3.000.000 kr. under a ceiling of 3.500.000 kr.: 500.000 kr. left.
    years = text.split('class="meeting-years"', 1)[1].split("</table>", 1)[0]
    assert "3.000.000 kr." in years and "3.500.000 kr." in years and "500.000 kr." in years
    assert 'id="meeting-chart-title"' in text
    # Pejlemærke 2's earmark in 2019: 3,0 mio. against 2,0 mio.: over.
    assert "Pejlemærke 2 mod øremærkningen" in text
    assert "1.000.000 kr. over øremærkningen på 2.000.000 kr." in text
    assert "over øremærkningen</text>" in text
    # It polls every second with the version it shows.
    assert f'hx-get="{poll}?version={shared_plan.version}"' in text
    assert 'hx-trigger="every 1s"' in text


def test_nothing_changed_costs_one_query_and_no_rendering(
    client, reader, shared_plan, django_assert_num_queries, monkeypatch
):
    from prioritisation.views import meeting

    client.force_login(reader)
    _page, poll = _urls(shared_plan)
    rendered = []
    monkeypatch.setattr(meeting, "render_to_string", lambda *a, **k: rendered.append(a) or "")
    # The session, the user, and the plan's version.
    with django_assert_num_queries(SESSION_READ + 2):
        response = client.get(poll, {"version": shared_plan.version})
    assert response.status_code == 204 and response.content == b""
    assert rendered == []


def test_a_change_is_sent_with_its_new_version(client, reader, member, shared_plan):
    client.force_login(reader)
    _page, poll = _urls(shared_plan)
    old = shared_plan.version
    changes.add_initiative(shared_plan, Initiative.objects.get(title="Gadehøjskoler"))
    shared_plan.refresh_from_db()
    assert shared_plan.version > old
    response = client.get(poll, {"version": old})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Gadehøjskoler" in text
    assert f"?version={shared_plan.version}" in text
    assert "4.200.000 kr." in text  # 2019: 3,0 + 1,2 mio.
    # The next poll at the new version: nothing.
    assert client.get(poll, {"version": shared_plan.version}).status_code == 204


def test_the_content_is_shared_by_every_viewer(
    client, reader, other_member, shared_plan, django_assert_num_queries
):
    """After the first viewer renders it, the next only reads it from the cache."""
    _page, poll = _urls(shared_plan)
    client.force_login(reader)
    client.get(poll, {"version": 0})
    client.force_login(other_member)
    # The session, the user, the version, the plan, the kept content.
    with django_assert_num_queries(SESSION_READ + 3 + CACHE_READ):
        assert client.get(poll, {"version": 0}).status_code == 200


def test_who_may_watch(client, make_plan, member, other_member, reader, shared_plan):
    private = make_plan(member, name="Mettes private plan", titles=["Fritidsjob"])
    for plan in (shared_plan, private):
        for url in _urls(plan):
            response = client.get(url, {"version": 1})
            assert response.status_code == 302  # to log in
    for user in (reader, other_member):
        client.force_login(user)
        for url in _urls(private):
            assert client.get(url, {"version": 1}).status_code == 404
        assert client.get(_urls(shared_plan)[0]).status_code == 200
    client.force_login(member)
    assert client.get(_urls(private)[0]).status_code == 200
    # Unshared now: the others' polls find nothing.
    changes.withdraw_sharing(shared_plan)
    client.force_login(reader)
    assert client.get(_urls(shared_plan)[1], {"version": 1}).status_code == 404
