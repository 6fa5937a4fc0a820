"""Udvalgets billede in meeting mode: the picture on the projector, following the shared
plans' changes by polling (figures: tests/conftest.py, committee_plans)."""

import pytest
from django.urls import reverse
from django.utils import translation

from catalogue.models import Initiative
from prioritisation import changes
from tests.queries import CACHE_READ, SESSION_READ

pytestmark = pytest.mark.django_db

PAGE = reverse("prioritisation:committee_meeting")
POLL = reverse("prioritisation:committee_meeting_poll")
PICTURE = reverse("prioritisation:committee_picture")


def _row(text, title):
    """The table row of the initiative ``title``."""
    start = text.index(f">{title}</a>")
    return text[start : text.index("</tr>", start)]


def _poll_url(text):
    return text.split('hx-get="', 1)[1].split('"', 1)[0].replace("&amp;", "&")


def test_the_projector_shows_the_picture(client, member, committee_plans):
    client.force_login(member)
    response = client.get(PAGE)
    text = response.content.decode()
    assert 'class="wrap meeting"' in text
    assert "<h1>Udvalgets billede</h1>" in text
    assert "Mettes plan (Mette) · Bos plan (Bo) · Idas plan (Ida)" in text
    # The group summary: Fritidsjob in all three, Gadehøjskoler in two.
    summary = text.split('id="committee-summary"', 1)[1].split("</p>", 1)[0]
    assert "3 handleplaner i billedet." in summary
    assert "Alle handleplaner: 1" in summary and "Flertallet: 1" in summary
    fritidsjob = _row(text, "Fritidsjob")
    assert "3 af 3" in fritidsjob
    assert "<td>50 %</td><td>75 %</td><td>100 %</td>" in fritidsjob
    assert "9.000.000 kr." in fritidsjob
    assert "2 af 3" in _row(text, "Gadehøjskoler")
    # 2019: 3.600.000, 2.700.000 and 2.250.000 kr.: median 2.700.000 kr.
    whole = text.split('<tr class="sum">', 1)[1].split("</tr>", 1)[0]
    assert "2.700.000 kr." in whole and "2.250.000 kr. – 3.600.000 kr." in whole
    # Neither the filters nor the draft form nor the export; a way back to the picture.
    assert 'id="committee-filters"' not in text
    assert "Lav et udkast af det, flertallet er enige om" not in text
    assert "Hent som Excel" not in text
    catalogue = committee_plans["mette"].catalogue_id
    assert f'<a href="{PICTURE}?katalog={catalogue}">Luk mødevisningen</a>' in text
    # It polls every second, with the picture it shows.
    assert _poll_url(text).startswith(f"{POLL}?katalog={catalogue}&seen=")
    assert 'hx-trigger="every 1s"' in text


def test_the_filter_and_sort_of_the_picture_are_kept(client, reader, committee_plans):
    client.force_login(reader)
    ids = [committee_plans["mette"].pk, committee_plans["bo"].pk]
    text = client.get(PAGE, {"plan": ids, "gruppe": "alle", "sort": "-beloeb"}).content.decode()
    assert "2 handleplaner i billedet." in text
    assert "Idas plan" not in text
    assert "Har indsatsen med: Alle handleplaner" in text
    table = text.split('class="committee"', 1)[1].split("</table>", 1)[0]
    # Both hold both: Fritidsjob (9.000.000 kr.) before Gadehøjskoler (3.600.000 kr.).
    assert table.index(">Fritidsjob</a>") < table.index(">Gadehøjskoler</a>")
    assert ">Flere lærepladser</a>" not in table
    assert "plan=" in _poll_url(text) and "gruppe=alle" in _poll_url(text)
    close = text.split('class="meeting-bar', 1)[1].split('">Luk', 1)[0]
    assert "gruppe=alle" in close and "sort=-beloeb" in close


def test_nothing_changed_costs_one_query_and_no_rendering(
    client, reader, committee_plans, django_assert_num_queries, monkeypatch
):
    from prioritisation.views import meeting

    client.force_login(reader)
    poll = _poll_url(client.get(PAGE).content.decode())
    rendered = []
    monkeypatch.setattr(meeting, "render_to_string", lambda *a, **k: rendered.append(a) or "")
    monkeypatch.setattr(meeting, "load_picture", lambda *a: rendered.append(a))
    # The session and the picture's state (Plan.objects.committee_state): not the user.
    with django_assert_num_queries(SESSION_READ + 1):
        response = client.get(poll)
    assert response.status_code == 204 and response.content == b""
    assert rendered == []


def test_a_shared_plans_change_is_sent_with_its_new_poll(client, reader, committee_plans):
    client.force_login(reader)
    page = client.get(PAGE).content.decode()
    poll = _poll_url(page)
    assert "0 af 3" in _row(page, "Flere lærepladser")
    changes.add_initiative(
        committee_plans["ida"], Initiative.objects.get(title="Flere lærepladser")
    )
    answer = client.get(poll)
    assert answer.status_code == 200
    text = answer.content.decode()
    assert "1 af 3" in _row(text, "Flere lærepladser")
    assert client.get(poll).status_code == 200  # the old digest stays old
    assert _poll_url(text) != poll
    assert client.get(_poll_url(text)).status_code == 204


def test_the_content_is_shared_by_every_viewer(
    client, reader, other_member, committee_plans, django_assert_num_queries
):
    """After the first viewer renders it, the next only reads it from the cache."""
    client.force_login(reader)
    poll = _poll_url(client.get(PAGE).content.decode())
    changes.add_initiative(committee_plans["bo"], Initiative.objects.get(title="Flere lærepladser"))
    assert client.get(poll).status_code == 200
    client.force_login(other_member)
    # The session, the state (changed), the user, the catalogues, the shared plans, and
    # the kept content (which holds the next poll's address).
    with django_assert_num_queries(SESSION_READ + 4 + CACHE_READ):
        assert "1 af 3" in _row(client.get(poll).content.decode(), "Flere lærepladser")


def test_a_private_plan_never_counts_or_shows(client, member, committee_plans):
    client.force_login(member)
    private = committee_plans["private"]
    text = client.get(PAGE).content.decode()
    assert "Mettes private plan" not in text
    # Only the private plan holds Flere lærepladser: none of the picture's plans do.
    assert "0 af 3" in _row(text, "Flere lærepladser")
    # Asked for by id, it is left out, and the page says so.
    text = client.get(PAGE, {"plan": [private.pk]}).content.decode()
    assert "Mettes private plan" not in text
    assert "er ikke delt med udvalget" in text
    assert "3 handleplaner i billedet." in text
    # A change to it changes nothing on the screen.
    poll = _poll_url(text)
    changes.add_initiative(private, Initiative.objects.get(title="Gadehøjskoler"))
    assert client.get(poll).status_code == 204


def test_the_poll_follows_a_plan_unshared(client, reader, committee_plans):
    client.force_login(reader)
    poll = _poll_url(client.get(PAGE).content.decode())
    changes.withdraw_sharing(committee_plans["ida"])
    text = client.get(poll).content.decode()
    assert "2 handleplaner i billedet." in text and "Idas plan" not in text


def test_visitors_log_in_first(client, committee_plans):
    for url in (PAGE, POLL):
        response = client.get(url)
        assert response.status_code == 302 and reverse("login") in response["Location"]


def test_bad_input_does_not_fail(client, reader, committee_plans):
    client.force_login(reader)
    text = client.get(
        PAGE, {"katalog": "999999", "plan": ["x", "0"], "pejlemaerke": "99", "sort": "nej"}
    ).content.decode()
    assert "Kataloget har ingen handleplaner delt med udvalget." in text
    assert "3 handleplaner i billedet." in text
    response = client.get(POLL, {"katalog": "x", "gruppe": "<b>", "seen": "x"})
    assert response.status_code == 200
    assert "3 handleplaner i billedet." in response.content.decode()


def test_nothing_shared(client, reader, catalogue):
    client.force_login(reader)
    text = client.get(PAGE).content.decode()
    assert "Ingen har delt en handleplan med udvalget endnu." in text
    assert "hx-get" not in text
    assert client.get(POLL, {"katalog": catalogue.pk, "seen": "x"}).status_code == 404


def test_the_picture_links_to_its_meeting_mode(client, reader, committee_plans):
    client.force_login(reader)
    catalogue = committee_plans["mette"].catalogue_id
    text = client.get(PICTURE, {"gruppe": "flertal"}).content.decode()
    link = f'href="{PAGE}?katalog={catalogue}&amp;gruppe=flertal">Mødevisning</a>'
    assert link in text


def test_it_speaks_english_too(client, reader, committee_plans):
    # The requests leave English active in this thread: give the next test back its own.
    with translation.override(translation.get_language()):
        client.force_login(reader)
        client.cookies["django_language"] = "en"
        text = client.get(PAGE, {"gruppe": "flertal"}).content.decode()
        assert "<title>Meeting mode: the committee's picture –" in text
        assert "Close meeting mode</a>" in text
        assert "The page follows changes to the shared plans by itself." in text
        assert "Included by: " in text and "Har indsatsen med" not in text
        picture = client.get(PICTURE).content.decode()
        assert "it follows changes to the shared plans by itself." in picture


def test_the_polls_state_follows_the_shared_plans(committee_plans, member):
    """The poll's own SQL reads exactly active().shared() of the catalogue."""
    from prioritisation.models import Plan

    catalogue = committee_plans["mette"].catalogue
    state = Plan.objects.committee_state(catalogue.pk)
    shared = Plan.objects.active().shared().filter(catalogue=catalogue).order_by("pk")
    assert [(row[1], row[3]) for row in state] == list(shared.values_list("pk", "version"))
    assert {row[0] for row in state} == {catalogue.content_version}
    assert committee_plans["private"].pk not in {row[1] for row in state}
    changes.delete_plan(committee_plans["ida"])
    assert committee_plans["ida"].pk not in {
        row[1] for row in Plan.objects.committee_state(catalogue.pk)
    }
    assert Plan.objects.committee_state(2**64) == ()


def test_a_poll_shows_nothing_new_to_a_user_no_longer_active(client, reader, committee_plans):
    client.force_login(reader)
    poll = _poll_url(client.get(PAGE).content.decode())
    reader.is_active = False
    reader.save()
    assert client.get(poll).status_code == 204  # nothing new: from the session alone
    changes.add_initiative(
        committee_plans["ida"], Initiative.objects.get(title="Flere lærepladser")
    )
    response = client.get(poll)
    assert response.status_code == 302 and "Flere lærepladser" not in response.content.decode()
