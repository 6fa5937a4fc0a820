"""The table of all initiatives: filters in the URL, search, sort, pages, totals."""

import re

import pytest
from django.db import connection
from django.urls import reverse

from catalogue.models import FocusArea, Goal
from tests.factories import make_catalogue
from tests.queries import CACHE_READ, CACHE_WRITE

pytestmark = pytest.mark.django_db


def _get(client, catalogue, **params):
    return client.get(reverse("catalogue:table", args=[catalogue.pk]), params)


def _titles(response):
    """The initiative titles in the table, in the order shown."""
    return re.findall(r'<a href="/indsatser/\d+/">([^<]+)</a></td>', response.content.decode())


def test_all_27_with_totals(client, catalogue):
    response = _get(client, catalogue)
    text = response.content.decode()
    assert "27 indsatser" in text
    assert "33.455.000 kr." in text  # the sum of every first-year amount in the seed
    assert "2 indsatser har intet oplyst beløb og er ikke med i summerne." in text
    assert "1 indsats har intet oplyst beløb for efterfølgende år." in text
    assert len(_titles(response)) == 25  # the first page


def test_starred_initiatives_of_one_focus_area(client, catalogue):
    area = FocusArea.objects.get(title="Unge i uddannelse")
    response = _get(client, catalogue, focus_area=area.pk, starred="ja")
    assert sorted(_titles(response)) == [
        "Flere lærepladser",
        "Forebyggelse af diskrimination målrettet unge på skoler og ungdomsuddannelser",
    ]
    assert "2 indsatser" in response.content.decode()


def test_goal_novelty_and_financing_kind(client, catalogue):
    goal = Goal.objects.get(number=3)
    assert len(_titles(_get(client, catalogue, goal=goal.pk))) == 5
    assert _titles(_get(client, catalogue, financing_kind="one_off")) == [
        "Vækstprogram for virksomheder"
    ]
    assert len(_titles(_get(client, catalogue, novelty="unstated"))) == 2


def test_cost_range_in_danish_notation(client, catalogue):
    response = _get(client, catalogue, cost_min="2.500.000", cost_max="4.400.000 kr.")
    # First-year amounts from 2,5 to 4,4 mio. kr. in the seed.
    assert sorted(_titles(response)) == [
        "Familieforsørgede i beskæftigelse",  # 2,5
        "Fritidsjob",  # 3,0
        "Håndholdt og kontinuerlig virksomhedsindsats",  # 4,4
        "Håndholdt og kontinuerlig virksomhedsindsats med indledende lægefaglig afklaring",  # 2,9
        "Individuel Placement and Support indsats (IPS)",  # 4,4
        "Opkvalificeringsindsats for beskæftigede borgere",  # 2,9
    ]
    assert "20.100.000 kr." in response.content.decode()  # 2,5 + 3,0 + 4,4 + 2,9 + 4,4 + 2,9


def test_search_finds_words_in_titles_and_texts(client, catalogue):
    titles = _titles(_get(client, catalogue, q="Mindspring"))
    assert titles == ["Mindspring-forløb for flygtninge"]
    # "Dansk Flygtningehjælp" stands only in that initiative's description.
    assert _titles(_get(client, catalogue, q="Flygtningehjælp")) == [
        "Mindspring-forløb for flygtninge"
    ]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="Danish stemming needs PostgreSQL")
def test_danish_full_text_search_stems_and_ranks(client, catalogue):
    # The seed writes "diskrimination"; the search word has the definite ending.
    titles = _titles(_get(client, catalogue, q="diskriminationen"))
    assert "Virksomhedsindsats til bekæmpelse af ubevidst diskrimination" in titles
    assert "Forebyggelse af diskrimination målrettet unge på skoler og ungdomsuddannelser" in titles
    # Matches in the title rank above matches only in the texts.
    assert "diskrimination" in titles[0].lower()


def test_sort_by_first_year_cost_puts_unknown_last(client, catalogue):
    last_page = _titles(_get(client, catalogue, sort="-first_year_amount", page=2))
    # 27 at 25 a page: page 2 holds the last two, both among the three without a
    # committed first-year amount (two not stated, one pay-for-success).
    without_amount = {
        "Beskæftigelsesforløb i samarbejde med civilsamfundet",
        "Styrket ligebehandling på boligmarkedet",
        "Virksomhedsindsats til bekæmpelse af ubevidst diskrimination",
    }
    assert len(last_page) == 2
    assert set(last_page) <= without_amount
    first_page = _titles(_get(client, catalogue, sort="-first_year_amount"))
    assert first_page[0] in (
        "Håndholdt og kontinuerlig virksomhedsindsats",
        "Individuel Placement and Support indsats (IPS)",
    )
    cheapest = _titles(_get(client, catalogue, sort="first_year_amount"))[0]
    assert cheapest == "Mindspring-forløb for flygtninge"  # 55.000 kr.


def test_filters_stay_in_links_for_sorting_pages_and_export(client, catalogue):
    text = _get(client, catalogue, starred="ja", q="unge").content.decode()
    assert "starred=ja" in text.split('class="exports"')[1].split("</p>")[0]
    # The query in its own order (catalogue/views/table.clean_query), whatever was typed.
    assert 'href="?q=unge&amp;starred=ja&amp;sort=title#resultater"' in text


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"goal": "999"}, "Marker en gyldig valgmulighed"),
        ({"focus_area": "abc"}, "Marker en gyldig valgmulighed"),
        ({"cost_min": "abc"}, "Skriv et beløb med tallene 0–9"),
        ({"cost_min": "5.000.000", "cost_max": "1"}, "må ikke være større end"),
        ({"starred": "måske"}, "Marker en gyldig valgmulighed"),
        ({"financing_kind": "gratis"}, "Marker en gyldig valgmulighed"),
    ],
)
def test_bad_filters_give_a_message_and_an_empty_table(client, catalogue, params, message):
    response = _get(client, catalogue, **params)
    text = response.content.decode()
    assert response.status_code == 200
    assert message in text
    assert "Filtrene indeholder fejl" in text
    assert _titles(response) == []


@pytest.mark.parametrize(
    "params", [{"page": "9999"}, {"page": "abc"}, {"sort": "nonsense"}, {"export": "pdf"}]
)
def test_odd_query_strings_never_break_the_page(client, catalogue, params):
    response = _get(client, catalogue, **params)
    assert response.status_code == 200
    assert _titles(response)


def test_unknown_catalogue_is_404(client, catalogue):
    assert client.get(reverse("catalogue:table", args=[9999])).status_code == 404


@pytest.mark.parametrize("size", [30, 300])
def test_query_count_does_not_grow(client, django_assert_num_queries, size):
    catalogue = make_catalogue(initiatives=size)
    # The first view: the catalogue, the cache (a miss), the goal choices, the
    # focus-area choices, the count for the pages, the page of initiatives with their
    # focus area, goal and catalogue, the totals, and the content kept in the cache.
    rendered = 1 + CACHE_READ + 5 + CACHE_WRITE
    with django_assert_num_queries(rendered):
        response = _get(client, catalogue, sort="-first_year_amount")
    assert len(_titles(response)) == 25
    # The same filters again: the catalogue, and the content from the cache.
    with django_assert_num_queries(1 + CACHE_READ):
        again = _get(client, catalogue, sort="-first_year_amount")
    assert _titles(again) == _titles(response)
    # Another page is other content, rendered and kept as the first.
    with django_assert_num_queries(rendered):
        second_page = _get(client, catalogue, sort="-first_year_amount", page=2)
    assert len(_titles(second_page)) == min(25, size - 25)
    assert set(_titles(second_page)).isdisjoint(_titles(response))
