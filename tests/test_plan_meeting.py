"""Mødevisning: a plan on the projector, following its owner's changes by polling."""

import pytest
from django.urls import reverse

from catalogue.models import Initiative
from catalogue.money import format_kroner
from prioritisation import changes
from prioritisation.models import Allocation
from tests.queries import CACHE_READ, SESSION_READ

pytestmark = pytest.mark.django_db


def _seen(plan, **changes):
    """The poll's query for ``plan`` as it stands (its version, its catalogue's)."""
    plan.refresh_from_db()
    plan.catalogue.refresh_from_db()
    return {"version": plan.version, "katalog": plan.catalogue.content_version} | changes


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
    seen = _seen(shared_plan)
    assert f'hx-get="{poll}?version={seen["version"]}&amp;katalog={seen["katalog"]}"' in text
    assert 'hx-trigger="every 1s"' in text


def test_nothing_changed_costs_one_query_and_no_rendering(
    client, reader, shared_plan, django_assert_num_queries, monkeypatch
):
    from prioritisation.views import meeting

    client.force_login(reader)
    _page, poll = _urls(shared_plan)
    rendered = []
    monkeypatch.setattr(meeting, "render_to_string", lambda *a, **k: rendered.append(a) or "")
    # The session and the versions: not the user.
    seen = _seen(shared_plan)
    with django_assert_num_queries(SESSION_READ + 1):
        response = client.get(poll, seen)
    assert response.status_code == 204 and response.content == b""
    assert rendered == []


def test_a_poll_shows_nothing_new_to_a_session_that_no_longer_holds(client, reader, shared_plan):
    """ "Nothing changed" is answered from the session alone; anything new needs Django's
    whole log-in check, which a deactivated user or a changed password fails."""
    client.force_login(reader)
    _page, poll = _urls(shared_plan)
    reader.is_active = False
    reader.save()
    assert client.get(poll, _seen(shared_plan)).status_code == 204
    old = _seen(shared_plan)
    changes.add_initiative(shared_plan, Initiative.objects.get(title="Gadehøjskoler"))
    response = client.get(poll, old)
    assert response.status_code == 302 and "Gadehøjskoler" not in response.content.decode()
    reader.is_active = True
    reader.save()
    client.force_login(reader)
    reader.set_password("et nyt kodeord, ikke det gamle")
    reader.save()
    response = client.get(poll, old)
    assert response.status_code == 302 and "Gadehøjskoler" not in response.content.decode()
    # Logged out: not even "nothing changed".
    client.logout()
    assert client.get(poll, _seen(shared_plan)).status_code == 302


@pytest.mark.parametrize("seen", ["", "x", "-1", "1" * 40, "١"])
def test_a_poll_with_a_strange_version_gets_the_content(client, reader, shared_plan, seen):
    client.force_login(reader)
    response = client.get(_urls(shared_plan)[1], _seen(shared_plan, version=seen))
    assert response.status_code == 200 and "Mettes plan" in response.content.decode()


def test_the_polls_reading_of_a_version_follows_who_may_read(
    make_plan, member, other_member, reader, shared_plan
):
    """The poll's own SQL gives versions exactly where active().readable_by() does."""
    from prioritisation.models import Plan

    private = make_plan(member, name="Privat", titles=["Fritidsjob"])
    deleted = make_plan(member, name="Slettet")
    changes.delete_plan(deleted)
    for user in (member, other_member, reader):
        for plan in (shared_plan, private, deleted):
            readable = Plan.objects.active().readable_by(user).filter(pk=plan.pk)
            expected = readable.values_list("version", "catalogue__content_version").first()
            assert Plan.objects.versions_for_reader([plan.pk], user.pk).get(plan.pk) == expected
        all_three = [shared_plan.pk, private.pk, deleted.pk]
        readable = Plan.objects.active().readable_by(user).filter(pk__in=all_three)
        assert Plan.objects.versions_for_reader(all_three, user.pk) == {
            pk: (version, content)
            for pk, version, content in readable.values_list(
                "pk", "version", "catalogue__content_version"
            )
        }
    assert shared_plan.pk in Plan.objects.versions_for_reader([shared_plan.pk], member.pk)
    assert Plan.objects.versions_for_reader([private.pk], reader.pk) == {}
    assert Plan.objects.versions_for_reader([2**64], member.pk) == {}
    assert Plan.objects.versions_for_reader([], member.pk) == {}


def test_a_change_is_sent_with_its_new_version(client, reader, member, shared_plan):
    client.force_login(reader)
    _page, poll = _urls(shared_plan)
    old = _seen(shared_plan)
    changes.add_initiative(shared_plan, Initiative.objects.get(title="Gadehøjskoler"))
    shared_plan.refresh_from_db()
    assert shared_plan.version > old["version"]
    response = client.get(poll, old)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Gadehøjskoler" in text
    assert f"?version={shared_plan.version}" in text
    assert "4.200.000 kr." in text  # 2019: 3,0 + 1,2 mio.
    # The next poll at the new version: nothing.
    assert client.get(poll, _seen(shared_plan)).status_code == 204


def test_a_change_to_the_catalogue_is_sent_too(client, reader, shared_plan):
    """An administrator renames Fritidsjob during the meeting: the projector shows the
    new name, though the plan itself did not change."""
    client.force_login(reader)
    _page, poll = _urls(shared_plan)
    old = _seen(shared_plan)
    fritidsjob = Initiative.objects.get(title="Fritidsjob")
    fritidsjob.title = "Fritidsjob for unge"
    fritidsjob.save()
    response = client.get(poll, old)
    assert response.status_code == 200
    assert "Fritidsjob for unge" in response.content.decode()
    assert client.get(poll, _seen(shared_plan)).status_code == 204


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


# --- The comparison in meeting mode ---------------------------------------------------


def _period_total(plan) -> int:
    from prioritisation.budget import plan_budget

    items, allocations = plan.budget_rows()
    return plan_budget(plan=plan, items=items, allocations=allocations).totals.total


def test_a_comparison_on_the_projector_follows_both_owners(
    client, reader, make_plan, other_member, shared_plan, django_assert_num_queries
):
    other = make_plan(other_member, name="Bos plan", titles=["Gadehøjskoler"])
    changes.share_plan(other)
    client.force_login(reader)
    query = f"plan={shared_plan.pk}&plan={other.pk}"
    page = client.get(f"{reverse('prioritisation:compare_meeting')}?{query}").content.decode()
    assert "Mettes plan" in page and "Bos plan" in page
    assert 'class="wrap meeting"' in page
    poll = page.split('hx-get="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    assert 'hx-trigger="every 1s"' in page
    # Nothing changed: 204, from the session and one read of the plans' versions; not
    # the user.
    with django_assert_num_queries(SESSION_READ + 1):
        assert client.get(poll).status_code == 204
    # Bo adds Fritidsjob (3.000.000 kr. a year, 2019–2022): the next poll brings his
    # plan's new total for the period.
    before = _period_total(other)
    changes.add_initiative(other, Initiative.objects.get(title="Fritidsjob"))
    after = _period_total(other)
    assert after == before + 4 * 3_000_000
    answer = client.get(poll)
    assert answer.status_code == 200
    assert format_kroner(after) in answer.content.decode()
    assert format_kroner(after) not in page
    assert client.get(poll).status_code == 200  # the old digest stays old
    new_poll = answer.content.decode().split('hx-get="', 1)[1].split('"', 1)[0]
    assert client.get(new_poll.replace("&amp;", "&")).status_code == 204


def test_a_comparison_meeting_of_a_private_plan_is_refused(client, reader, make_plan, member):
    private = make_plan(member, name="Privat")
    other = make_plan(member, name="Også privat")
    client.force_login(reader)
    query = f"plan={private.pk}&plan={other.pk}"
    response = client.get(f"{reverse('prioritisation:compare_meeting')}?{query}")
    assert response.status_code == 302
    poll = client.get(f"{reverse('prioritisation:compare_meeting_poll')}?{query}&seen=x")
    assert poll.status_code == 404


def test_a_comparison_poll_stops_when_a_plan_is_no_longer_shared(
    client, reader, make_plan, other_member, shared_plan
):
    other = make_plan(other_member, name="Bos plan", titles=["Gadehøjskoler"])
    changes.share_plan(other)
    client.force_login(reader)
    query = f"plan={shared_plan.pk}&plan={other.pk}"
    page = client.get(f"{reverse('prioritisation:compare_meeting')}?{query}").content.decode()
    poll = page.split('hx-get="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    assert client.get(poll).status_code == 204
    changes.withdraw_sharing(other)
    response = client.get(poll)
    assert response.status_code == 404 and "Bos plan" not in response.content.decode()
    # A poll address made up for another plan is no better.
    forged = poll.replace(f"plan={other.pk}", f"plan={other.pk + 1000}")
    assert client.get(forged).status_code == 404
