"""The workbench in a real browser: the owner filters the catalogue, adds, scales and
removes, and sees the totals and the money left change in place, without a page load.

The plan: Fritidsjob (3.000.000 kr. a year) and Gadehøjskoler (1.200.000 kr. a year),
2019–2022, under a ceiling of 5.000.000 kr. a year: 4.200.000 kr. spent, 800.000 kr.
left in each year.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import htmx_settled, log_in, serious_accessibility_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLAN = "Job og skole"
RECRUITING = "Anonymiseret rekruttering"  # 400.000 kr. the first year, then 500.000 kr.
SCHOOLS = "Gadehøjskoler"


def year_row(page, year):
    """The totals panel's cells for one year: spent, ceiling, left."""
    return page.locator("#wb-totals tbody tr").filter(has_text=str(year)).locator("td")


def offer(page, title):
    """The list's row of one initiative."""
    return page.locator("#workbench-list tbody tr").filter(
        has=page.get_by_role("link", name=title, exact=True)
    )


def side_item(page, title):
    """The totals panel's entry of one of the plan's items."""
    return page.locator("#workbench-side li").filter(
        has=page.get_by_role("link", name=title, exact=True)
    )


def test_build_on_the_workbench(live_server, catalogue, member, make_plan, page):
    make_plan(member, name=PLAN, titles=["Fritidsjob", SCHOOLS], ceiling=5_000_000)
    log_in(page, live_server)
    page.get_by_role("link", name="Mine handleplaner").first.click()
    page.get_by_role("link", name=PLAN).click()
    page.get_by_role("link", name="Åbn arbejdsbordet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Arbejdsbord: {PLAN}")
    expect(page.get_by_role("link", name="Foreslå en handleplan")).to_be_visible()
    page.evaluate("window.sameDocument = 'yes'")  # gone if anything loads a new page

    # On a wide screen the totals are open beside the catalogue and stay in view.
    panel = page.locator("#workbench-totals")
    expect(panel).to_have_attribute("open", "")
    assert panel.evaluate("e => getComputedStyle(e).position") == "sticky"
    expect(year_row(page, 2019)).to_have_text(["4.200.000 kr.", "5.000.000 kr.", "800.000 kr."])

    # Filter by a pejlemærke: the list follows, in place.
    page.get_by_label("Pejlemærke", exact=True).select_option(
        label="Pejlemærke 1: Flere københavnere med minoritetsbaggrund skal i job"
    )
    expect(page.get_by_text("14 indsatser passer til filtrene.")).to_be_visible()
    expect(offer(page, "Fritidsjob")).to_have_count(0)
    # What it would cost in this plan, before it is added.
    expect(offer(page, RECRUITING).locator("td")).to_contain_text(
        ["400.000 kr.", "500.000 kr.", "500.000 kr.", "500.000 kr.", "1.900.000 kr."]
    )

    # Add: the year totals and the money left change in place, marked.
    htmx_settled(page)
    offer(page, RECRUITING).get_by_role("button", name=f"Tilføj {RECRUITING}").click()
    expect(offer(page, RECRUITING).get_by_role("status")).to_have_text(
        f"✓ „{RECRUITING}“ er tilføjet til „{PLAN}“."
    )
    expect(year_row(page, 2019)).to_have_text(["4.600.000 kr.", "5.000.000 kr.", "400.000 kr."])
    expect(year_row(page, 2020)).to_have_text(["4.700.000 kr.", "5.000.000 kr.", "300.000 kr."])
    expect(year_row(page, 2019).first).to_have_class(re.compile(r"\bchanged\b"))
    expect(year_row(page, 2019).last).to_have_class(re.compile(r"\bchanged\b"))
    expect(page.locator("#wb-goal-1 tbody tr").first.locator("td")).to_have_text(["400.000 kr."])
    expect(page.locator("#workbench-summary")).to_have_text(
        "3 indsatser · 400.000 kr. tilbage i 2019"
    )
    assert page.evaluate("window.sameDocument") == "yes"

    # Scale it by typing the amount meant for the first year: 200.000 kr. of 400.000 kr.,
    # so the later years follow at the same half, 250.000 kr.
    htmx_settled(page)
    side_item(page, RECRUITING).get_by_role("link", name=f"Ret omfang for {RECRUITING}").click()
    form = side_item(page, RECRUITING)
    htmx_settled(page)
    form.get_by_label("Beløb pr. år").fill("200.000")
    expect(form.locator(".scale-preview")).to_contain_text("Med dette omfang")
    form.get_by_role("button", name="Gem").click()
    expect(side_item(page, RECRUITING).get_by_role("status")).to_have_text(
        f"✓ Ændringerne af „{RECRUITING}“ er gemt."
    )
    expect(year_row(page, 2019)).to_have_text(["4.400.000 kr.", "5.000.000 kr.", "600.000 kr."])
    expect(year_row(page, 2020)).to_have_text(["4.450.000 kr.", "5.000.000 kr.", "550.000 kr."])
    expect(offer(page, RECRUITING).locator("td")).to_contain_text(
        ["200.000 kr.", "250.000 kr.", "250.000 kr.", "250.000 kr.", "950.000 kr."]
    )

    # Remove another from the panel: 1.200.000 kr. a year less.
    htmx_settled(page)
    side_item(page, SCHOOLS).get_by_role("button", name=f"Fjern {SCHOOLS}").click()
    expect(page.locator("#workbench-side").get_by_role("status")).to_have_text(
        f"✓ „{SCHOOLS}“ er fjernet fra „{PLAN}“."
    )
    expect(year_row(page, 2019)).to_have_text(["3.200.000 kr.", "5.000.000 kr.", "1.800.000 kr."])
    expect(year_row(page, 2020)).to_have_text(["3.250.000 kr.", "5.000.000 kr.", "1.750.000 kr."])
    expect(year_row(page, 2020).last).to_have_class(re.compile(r"\bchanged\b"))
    expect(side_item(page, SCHOOLS)).to_have_count(0)
    assert page.evaluate("window.sameDocument") == "yes"
    assert serious_accessibility_violations(page) == []


def test_on_a_phone_the_totals_come_first_folded(live_server, catalogue, member, make_plan, page):
    plan = make_plan(member, name=PLAN, titles=["Fritidsjob"], ceiling=5_000_000)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server)
    page.goto(f"{live_server.url}/handleplaner/{plan.pk}/arbejdsbord/")
    panel = page.locator("#workbench-totals")
    expect(panel).not_to_have_attribute("open", "")
    expect(panel.locator("summary")).to_contain_text("1 indsats · 2.000.000 kr. tilbage i 2019")
    catalogue_box = page.locator(".workbench-catalogue").bounding_box()
    assert panel.bounding_box()["y"] < catalogue_box["y"]
    # The page itself does not scroll sideways; the wide list scrolls in its own box.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    panel.locator("summary").click()
    expect(year_row(page, 2019)).to_have_text(["3.000.000 kr.", "5.000.000 kr.", "2.000.000 kr."])
