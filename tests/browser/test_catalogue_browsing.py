"""A committee member reads the catalogue in a real browser, as a person would."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import serious_accessibility_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_browse_filter_search_sort_and_open(live_server, catalogue, page):
    page.goto(live_server.url + "/")

    # The overview, in the seed's structure, with the star explained.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Bruttokatalog over mulige fokusområder i Integrationshandleplanen"
    )
    expect(page.get_by_role("heading", name="Unge i uddannelse")).to_be_visible()
    expect(page.get_by_text("langsigtede og har effekt baseret på erfaring")).to_be_visible()
    assert serious_accessibility_violations(page) == []

    # To the table; the starred initiatives of "Unge i uddannelse".
    page.get_by_role("link", name="Alle indsatser").first.click()
    expect(page.get_by_role("heading", name="27 indsatser")).to_be_visible()
    page.get_by_label("Fokusområde").select_option(label="Unge i uddannelse")
    page.get_by_label("Stjernemarkering").select_option(label="Kun stjernemarkerede")
    page.get_by_role("button", name="Vis indsatser").click()
    expect(page.get_by_role("heading", name="2 indsatser")).to_be_visible()
    table = page.get_by_role("table")
    expect(table.get_by_role("link", name="Flere lærepladser")).to_be_visible()
    expect(
        table.get_by_role("link", name="Brobygning til håndværkervirksomheder og erhvervsskoler")
    ).to_have_count(0)
    assert "starred=ja" in page.url  # the view can be bookmarked and shared
    assert serious_accessibility_violations(page) == []

    # Search a word over all initiatives.
    page.get_by_role("link", name="Nulstil filtre").click()
    page.get_by_label("Søg i titel og tekster").fill("flygtninge")
    page.get_by_label("Søg i titel og tekster").press("Enter")
    expect(table.get_by_role("link", name="Mindspring-forløb for flygtninge")).to_be_visible()
    expect(table.get_by_role("link", name="Fritidsjob", exact=True)).to_have_count(0)

    # Sort by first-year cost, most expensive first.
    page.get_by_role("link", name="Nulstil filtre").click()
    page.get_by_role("link", name="Første år").click()
    expect(page.get_by_role("columnheader", name="Første år")).to_have_attribute(
        "aria-sort", "ascending"
    )
    first_row = page.get_by_role("row").nth(1)
    expect(first_row).to_contain_text("55.000 kr.")
    page.get_by_role("link", name="Første år").click()
    expect(page.get_by_role("columnheader", name="Første år")).to_have_attribute(
        "aria-sort", "descending"
    )
    expect(page.get_by_role("row").nth(1)).to_contain_text("4.400.000 kr.")

    # Open an initiative.
    page.get_by_role("link", name="Fritidsjob", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Fritidsjob")
    expect(
        page.get_by_text("3.000.000 kr. årligt (ved udvidelse: 3.800.000 kr. årligt)")
    ).to_be_visible()
    expect(page.get_by_role("row", name="2019 3.000.000 kr.")).to_be_visible()
    expect(page.get_by_role("heading", name="Forventet effekt")).to_be_visible()
    assert serious_accessibility_violations(page) == []


def test_keyboard_alone_reaches_the_content(live_server, catalogue, page):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Spring til indholdet")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    page.keyboard.press("Tab")
    # The first thing in the content a keyboard reaches is a link of the page itself.
    focused = page.evaluate("document.activeElement.closest('main') !== null")
    assert focused


def test_usable_on_a_phone(live_server, catalogue, page):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Alle indsatser").first.click()
    expect(page.get_by_role("heading", name="27 indsatser")).to_be_visible()
    # Nothing but the table itself scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_prints_without_menus_and_filters(live_server, catalogue, page):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Alle indsatser").first.click()
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Vis indsatser")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Hovedmenu")).to_be_hidden()
    expect(page.get_by_role("table")).to_be_visible()


def test_a_visitor_switches_to_english_and_back(live_server, catalogue, page):
    """The language menu is a form like any other, with the page's CSRF token."""
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Alle indsatser").first.click()
    expect(page.get_by_role("heading", name="27 indsatser")).to_be_visible()

    page.get_by_label("Sprog").select_option(label="English")
    page.get_by_role("button", name="Skift sprog").click()
    expect(page.get_by_role("heading", name="27 initiatives")).to_be_visible()  # same page

    page.get_by_label("Language").select_option(label="Dansk")
    page.get_by_role("button", name="Change language").click()
    expect(page.get_by_role("heading", name="27 indsatser")).to_be_visible()
