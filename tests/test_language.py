"""Danish for everyone by default; English when the user picks it in the menu."""

import datetime

import pytest
from django.urls import reverse

from prioritisation.models import Plan

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


def test_unknown_language_cookie_falls_back_to_danish(client, small_catalogue):
    client.cookies["django_language"] = "xx"
    url = reverse("catalogue:overview", args=[small_catalogue.pk])
    text = client.get(url).content.decode()
    assert '<html lang="da">' in text


def test_english_reaches_the_pages_added_last(client, administrator, make_plan, member):
    """The change log and an item's form page were written after the first translation."""
    client.cookies["django_language"] = "en"
    client.force_login(administrator)
    log = client.get(reverse("audit_log")).content.decode()
    assert "<h1>Change log</h1>" in log
    assert "Ændringslog" not in log

    plan = make_plan(member, titles=["Fritidsjob"])
    client.force_login(member)
    item = plan.items.get()
    form = client.get(reverse("prioritisation:item_edit", args=[plan.pk, item.pk]))
    text = form.content.decode()
    assert "Edit years, scale and note for Fritidsjob" in text
    assert "Back to Job og skole" in text


def test_the_menu_names_each_language_in_its_own_words(client, small_catalogue):
    overview = reverse("catalogue:overview", args=[small_catalogue.pk])
    for chosen in ("da", "en"):
        client.cookies["django_language"] = chosen
        text = client.get(overview).content.decode()
        assert '<option value="da" lang="da"' in text
        assert ">Dansk</option>" in text
        assert ">English</option>" in text


def test_dates_read_as_each_language_writes_them(client, member, make_plan):
    plan = make_plan(member)
    when = datetime.datetime(2026, 11, 29, 10, 30, tzinfo=datetime.UTC)
    Plan.objects.filter(pk=plan.pk).update(updated=when)
    client.force_login(member)
    assert "Ændret 29. november 2026 11:30" in client.get(plan.get_absolute_url()).content.decode()
    client.cookies["django_language"] = "en"
    assert "Changed 29 November 2026 11:30" in client.get(plan.get_absolute_url()).content.decode()


def test_the_comparison_speaks_english_too(client, member, make_plan):
    first, second = make_plan(member, name="A"), make_plan(member, name="B")
    client.force_login(member)
    client.cookies["django_language"] = "en"
    url = reverse("prioritisation:compare")
    text = client.get(url, {"plan": [first.pk, second.pk]}).content.decode()
    for heading in (
        "Spending per year",
        "Per goal, against the earmarks",
        "Count differences from",
    ):
        assert heading in text
    assert "Pr. pejlemærke" not in text


def test_the_menu_is_the_same_on_every_page(client, member, small_catalogue):
    client.force_login(member)
    overview = reverse("catalogue:overview", args=[small_catalogue.pk])
    for url in (reverse("prioritisation:plan_list"), reverse("prioritisation:shared_plans")):
        text = client.get(url).content.decode()
        assert f'<a href="{overview}">Oversigt</a>' in text, url
        assert "Alle indsatser</a>" in text, url


def test_the_language_cookie_stays_on_this_site(client, small_catalogue):
    """SameSite=Lax and HttpOnly; over plain HTTP in development, so not Secure here
    (tests/test_settings.py checks production's)."""
    overview = reverse("catalogue:overview", args=[small_catalogue.pk])
    response = client.post(reverse("set_language"), {"language": "en", "next": overview})
    cookie = response.cookies["django_language"]
    assert cookie.value == "en"
    assert cookie["samesite"] == "Lax"
    assert cookie["httponly"]
    assert not cookie["secure"]
