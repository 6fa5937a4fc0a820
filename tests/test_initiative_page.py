"""An initiative's page: every text, the target group, the financing in words and per year."""

import pytest
from django.urls import reverse

from catalogue.models import Initiative
from tests.queries import SESSION_READ

pytestmark = pytest.mark.django_db


def _page(client, title):
    initiative = Initiative.objects.get(title=title)
    return client.get(reverse("catalogue:initiative", args=[initiative.pk])).content.decode()


def test_shows_every_text_and_the_star(client, catalogue):
    text = _page(client, "Fritidsjob")
    initiative = Initiative.objects.get(title="Fritidsjob")
    for paragraph in (initiative.description, initiative.inspiration, initiative.effect):
        assert paragraph.split("\n\n")[0][:60] in text
    assert "<h2>Forventet effekt</h2>" in text
    assert "200 unge mellem 15–24 år" in text
    assert "Stjernemarkeret" in text
    assert "langsigtede og har effekt baseret på erfaring" in text


def test_financing_in_words_and_per_year(client, catalogue):
    text = _page(client, "Undervisning af lærere i mangfoldig elevsammensætning")
    assert "300.000 kr. første år, derefter 500.000 kr. årligt" in text
    assert '<th scope="row">2019</th><td class="money">300.000 kr.</td>' in text
    assert '<th scope="row">2022</th><td class="money">500.000 kr.</td>' in text


def test_unknown_later_years_are_not_zero(client, catalogue):
    text = _page(client, "Indsats for udsatte og ensomme seniorer")
    assert '<th scope="row">2019</th><td class="money">600.000 kr.</td>' in text
    assert '<th scope="row">2020</th><td class="money">Ikke oplyst</td>' in text


def test_larger_variant_and_per_unit(client, catalogue):
    assert "(ved udvidelse: 3.800.000 kr. årligt)" in _page(client, "Fritidsjob")
    text = _page(client, "Fritidsjobkonsulent udstationeret i de udsatte byområder")
    assert "100.000 kr. årligt pr. boligområde" in text
    assert "Beløbene gælder pr. boligområde." in text


def test_pay_for_success_and_source_note(client, catalogue):
    text = _page(client, "Beskæftigelsesforløb i samarbejde med civilsamfundet")
    assert "1.300.000 kr., betales kun ved resultat" in text
    assert "Note om kilden" in text
    text = _page(client, "Barselsgruppe med fokus på job og uddannelse")
    assert "Note om kilden" in text
    assert "stjerne" in text


def test_unknown_initiative_is_404(client, catalogue):
    assert client.get(reverse("catalogue:initiative", args=[9999])).status_code == 404
    assert client.get("/indsatser/abc/").status_code == 404


def test_query_count(client, member, make_plan, catalogue, django_assert_num_queries):
    initiative = Initiative.objects.get(title="Fritidsjob")
    url = reverse("catalogue:initiative", args=[initiative.pk])
    # A visitor: the initiative joined to its focus area, goal and catalogue.
    with django_assert_num_queries(1):
        client.get(url)
    # A member without a plan adds the session, the user, their plans of the catalogue
    # (none), and their own and their groups' permissions (may they make one?).
    client.force_login(member)
    with django_assert_num_queries(5 + SESSION_READ):
        client.get(url)
    # With plans, their items instead of the permissions: the same for any number.
    for number in range(3):
        make_plan(member, name=f"Plan {number}", titles=["Fritidsjob", "Gadehøjskoler"])
    with django_assert_num_queries(4 + SESSION_READ):
        assert "Fjern fra Plan 2" in client.get(url).content.decode()
