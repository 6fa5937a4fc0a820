"""The overview: the catalogue in the seed's own structure."""

import re

import pytest
from django.urls import reverse

from catalogue.models import Catalogue, Initiative
from tests.factories import make_catalogue
from tests.queries import CACHE_READ, CACHE_WRITE

pytestmark = pytest.mark.django_db


def _get(client, catalogue):
    return client.get(reverse("catalogue:overview", args=[catalogue.pk]))


def test_shows_every_goal_focus_area_and_initiative(client, catalogue):
    text = _get(client, catalogue).content.decode()
    assert "Flere københavnere med minoritetsbaggrund skal i job" in text
    assert "Unge i fritidsjob" in text
    assert "Formålet med fokusområdet er at forebygge social kontrol" in text
    for initiative in Initiative.objects.all():
        assert f'href="{initiative.get_absolute_url()}">{initiative.title}</a>' in text


def test_shows_star_legend_target_group_and_yearly_costs(client, catalogue):
    text = _get(client, catalogue).content.decode()
    assert "Stjernemarkering" in text
    assert "langsigtede og har effekt baseret på erfaring" in text
    assert "Min. 350 borgere" in text
    assert "4,4 mio. kr. årligt" in text
    assert "0,3 mio. kr. første år, derefter 0,5 mio. kr. årligt" in text
    assert "0,6 mio. kr. første år, derefter ikke oplyst" in text
    assert "0,55 mio. kr. én gang" in text
    assert "0,1 mio. kr. årligt pr. boligområde" in text
    assert "1,3 mio. kr., betales kun ved resultat" in text
    assert text.count("Beløb ikke oplyst") == 2
    # 16 starred initiatives carry the star's text for screen readers.
    assert text.count("Stjernemarkeret:") == 16


def test_home_goes_straight_to_the_only_catalogue(client, catalogue):
    response = client.get(reverse("catalogue:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("catalogue:overview", args=[catalogue.pk])


def test_home_lists_catalogues_side_by_side(client, catalogue):
    other = make_catalogue(initiatives=3, municipality="Aarhus Kommune")
    text = client.get(reverse("catalogue:home")).content.decode()
    assert "Københavns Kommune" in text
    assert "Aarhus Kommune" in text
    assert reverse("catalogue:overview", args=[other.pk]) in text


def test_unknown_catalogue_is_404(client, catalogue):
    assert client.get(reverse("catalogue:overview", args=[9999])).status_code == 404


@pytest.mark.parametrize("size", [30, 300])
def test_query_count_does_not_grow_with_the_catalogue(client, django_assert_num_queries, size):
    catalogue = make_catalogue(initiatives=size)
    # The first view: the catalogue, the cache (a miss), the goals, their focus areas,
    # their initiatives, and the cards kept in the cache.
    with django_assert_num_queries(1 + CACHE_READ + 3 + CACHE_WRITE):
        first = _get(client, catalogue).content.decode()
    # The next: the catalogue, and the cards from the cache.
    with django_assert_num_queries(1 + CACHE_READ):
        second = _get(client, catalogue).content.decode()
    assert first.count('class="initiative-card"') == size
    # The same page (but for the language form's CSRF token, new on every page).
    assert _without_tokens(second.split("<main")[1]) == _without_tokens(first.split("<main")[1])


def _without_tokens(html):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_overview_of_a_second_catalogue_shows_only_its_own(client, catalogue):
    other = make_catalogue(initiatives=2, municipality="Aarhus Kommune")
    text = _get(client, other).content.decode()
    assert "Indsats nr. 1 for ældre og unge" in text
    assert "Fritidsjob" not in text
    assert Catalogue.objects.count() == 2
