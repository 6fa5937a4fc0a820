"""The catalogue pages' shared cache (catalogue/fragments.py): a change in the
catalogue shows at once, the cached part holds nothing of any user, and each language
has its own."""

import pytest
from django.test import Client
from django.urls import reverse

from catalogue.models import Initiative, content_version

pytestmark = pytest.mark.django_db


def _overview(client, catalogue):
    return client.get(reverse("catalogue:overview", args=[catalogue.pk])).content.decode()


def _table(client, catalogue, **params):
    url = reverse("catalogue:table", args=[catalogue.pk])
    return client.get(url, params).content.decode()


def _link(initiative):
    return f'href="{initiative.get_absolute_url()}">{initiative.title}</a>'


def test_an_edited_initiative_shows_at_once(client, catalogue):
    leisure = Initiative.objects.get(title="Fritidsjob")
    assert _link(leisure) in _overview(client, catalogue)
    assert _link(leisure) in _table(client, catalogue, sort="-first_year_amount")
    leisure.title = "Sommerjob"
    leisure.first_year_amount = 9_900_000
    leisure.save()  # as the admin saves it: with a history record

    overview = _overview(client, catalogue)
    assert _link(leisure) in overview
    assert ">Fritidsjob</a>" not in overview
    table = _table(client, catalogue, sort="-first_year_amount")
    assert _link(leisure) in table
    assert "9.900.000 kr." in table


def test_a_deleted_initiative_goes_at_once(client, catalogue):
    leisure = Initiative.objects.get(title="Fritidsjob")
    link = _link(leisure)
    assert link in _overview(client, catalogue)
    leisure.delete()
    assert link not in _overview(client, catalogue)


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
