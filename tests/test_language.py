"""Danish for everyone by default; English when the user picks it in the menu."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_danish_even_for_an_english_browser(client, catalogue):
    response = client.get(
        reverse("catalogue:overview", args=[catalogue.pk]), HTTP_ACCEPT_LANGUAGE="en-GB,en"
    )
    text = response.content.decode()
    assert '<html lang="da">' in text
    assert "Pejlemærke 1" in text
    assert "4,4 mio. kr. årligt" in text


def test_english_when_chosen_in_the_menu(client, catalogue):
    overview = reverse("catalogue:overview", args=[catalogue.pk])
    response = client.post(reverse("set_language"), {"language": "en", "next": overview})
    assert response.status_code == 302
    text = client.get(overview).content.decode()
    assert '<html lang="en">' in text
    assert "Goal 1" in text
    assert "DKK 4.4 million a year" in text
    # The catalogue's own content stays as the administration wrote it.
    assert "Flere københavnere med minoritetsbaggrund skal i job" in text


def test_unknown_language_cookie_falls_back_to_danish(client, catalogue):
    client.cookies["django_language"] = "xx"
    text = client.get(reverse("catalogue:overview", args=[catalogue.pk])).content.decode()
    assert '<html lang="da">' in text
