"""A committee member builds a handleplan in a real browser, as a person would: by the
visible labels, buttons and texts."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import log_in, serious_accessibility_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLAN = "Integration 2019–2022"


def card(page, title):
    """The overview's card of one initiative."""
    return page.get_by_role("listitem").filter(has=page.get_by_role("link", name=title, exact=True))


def plan_row(page, title):
    """The plan page's table row of one initiative."""
    return page.get_by_role("row").filter(has=page.get_by_role("link", name=title, exact=True))


def test_build_a_plan_within_a_ceiling(live_server, catalogue, member, page):
    log_in(page, live_server)

    # A new plan, with a ceiling of 20 mio. kr. a year.
    page.get_by_role("navigation", name="Hovedmenu").get_by_role(
        "link", name="Mine handleplaner"
    ).click()
    expect(page.get_by_text("Du har ingen handleplaner endnu.")).to_be_visible()
    page.get_by_role("link", name="Opret en handleplan").click()
    expect(page.get_by_label("Første år")).to_have_value("2019")
    expect(page.get_by_label("Sidste år")).to_have_value("2022")
    page.get_by_label("Navn").fill(PLAN)
    page.get_by_label("Samme loft alle år").fill("20.000.000")
    page.get_by_role("button", name="Opret handleplanen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(PLAN)
    expect(page.get_by_text(f"Handleplanen „{PLAN}“ er oprettet.")).to_be_visible()

    # Four from the overview, in one click each (htmx), each confirmed where it was added.
    page.get_by_role("link", name="Tilføj indsatser fra kataloget").first.click()
    for title in (
        "Anonymiseret rekruttering",
        "Fritidsjob",
        "Vækstprogram for virksomheder",
        "Gadehøjskoler",
    ):
        card(page, title).get_by_role("button", name=f"Tilføj til {PLAN}").click()
        expect(card(page, title).get_by_role("status")).to_have_text(
            f"✓ „{title}“ er tilføjet til „{PLAN}“."
        )
        expect(card(page, title).get_by_role("button", name=f"Fjern fra {PLAN}")).to_be_visible()

    # The fifth from the initiative's own page.
    page.get_by_role("link", name="Mindspring-forløb for flygtninge").click()
    page.get_by_role("button", name=f"Tilføj til {PLAN}").click()
    expect(page.get_by_role("status")).to_contain_text("er tilføjet til")
    assert serious_accessibility_violations(page) == []

    # To the plan the page says they work in. Anonymiseret rekruttering runs from 2019, as
    # every item does at first.
    page.locator(".plan-chooser").get_by_role("link", name=PLAN).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(PLAN)
    expect(plan_row(page, "Anonymiseret rekruttering")).to_contain_text("2019–2022")

    # Fritidsjob at half scale: 100 of the catalogue's 200 unge.
    leisure = plan_row(page, "Fritidsjob")
    leisure.get_by_text("Ret år, omfang og note").click()
    leisure.get_by_label("Antal i målgruppen").fill("100")
    leisure.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Ændringerne af „Fritidsjob“ er gemt.")).to_be_visible()
    expect(plan_row(page, "Fritidsjob")).to_contain_text("100 af 200 unge")

    # By hand, from the catalogue's amounts:
    #   Anonymiseret rekruttering   400.000 in 2019, then 500.000 a year
    #   Fritidsjob, 100 of 200 unge 3.000.000 × 100 / 200 = 1.500.000 a year
    #   Vækstprogram for virksomheder 550.000 once, in 2019
    #   Gadehøjskoler               1.200.000 a year
    #   Mindspring-forløb           55.000 a year
    # 2019:      400.000 + 1.500.000 + 550.000 + 1.200.000 + 55.000 = 3.705.000
    # 2020–2022: 500.000 + 1.500.000 +       0 + 1.200.000 + 55.000 = 3.255.000
    # Period:    3.705.000 + 3 × 3.255.000 = 13.470.000
    budget = page.get_by_role("table", name="Budget pr. år")
    totals = budget.get_by_role("row", name=re.compile(r"^Udgifter i alt"))
    expect(totals.get_by_role("cell")).to_have_text(
        ["3.705.000 kr.", "3.255.000 kr.", "3.255.000 kr.", "3.255.000 kr.", "13.470.000 kr."]
    )
    expect(page.get_by_role("alert")).to_have_count(0)
    expect(page.get_by_role("img", name="Udgifter pr. år mod loftet")).to_be_visible()
    assert serious_accessibility_violations(page) == []

    # Lower the ceiling to 3,5 mio. kr.: 2019 is 205.000 kr. over, the other years are not.
    page.get_by_role("link", name="Ret navn, periode og budget").click()
    expect(page.get_by_label("Samme loft alle år")).to_have_value("20.000.000")
    page.get_by_label("Samme loft alle år").fill("3.500.000")
    page.get_by_role("button", name="Gem ændringerne").click()
    warning = page.get_by_role("alert")
    expect(warning).to_contain_text("Handleplanen er over budgettet")
    expect(warning).to_contain_text(
        "2019: 205.000 kr. over loftet (3.705.000 kr. mod 3.500.000 kr.)."
    )
    expect(warning).not_to_contain_text("2020")
    left = budget.get_by_role("row", name=re.compile(r"^Tilbage under loftet"))
    # 3.500.000 − 3.255.000 = 245.000 kr. left in 2020–2022.
    expect(left.get_by_role("cell")).to_have_text(
        ["205.000 kr. over", "245.000 kr.", "245.000 kr.", "245.000 kr.", "–"]
    )

    # Duplicate it to try a variant; both are in "Mine handleplaner".
    page.get_by_role("button", name="Kopier handleplanen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Kopi af {PLAN}")
    page.get_by_role("navigation", name="Hovedmenu").get_by_role(
        "link", name="Mine handleplaner"
    ).click()
    plans = page.get_by_role("table", name="Mine handleplaner med deres udgifter")
    expect(plans.get_by_role("link", name=PLAN, exact=True)).to_be_visible()
    expect(plans.get_by_role("link", name=f"Kopi af {PLAN}")).to_be_visible()
    expect(plans.get_by_text("Over budgettet")).to_have_count(2)


@pytest.mark.browser_context_args(java_script_enabled=False)
def test_adding_works_without_javascript(live_server, catalogue, member, make_plan, page):
    make_plan(member, name=PLAN)
    log_in(page, live_server)
    page.goto(live_server.url + f"/katalog/{catalogue.pk}/indsatser/")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Gadehøjskoler"))
    row.get_by_role("button", name=f"Tilføj til {PLAN}").click()
    # A plain POST: the page comes back with Django's message and the row updated.
    expect(page.get_by_text(f"„Gadehøjskoler“ er tilføjet til „{PLAN}“.")).to_be_visible()
    expect(row.get_by_role("button", name=f"Fjern fra {PLAN}")).to_be_visible()
    row.get_by_role("button", name=f"Fjern fra {PLAN}").click()
    expect(page.get_by_text(f"„Gadehøjskoler“ er fjernet fra „{PLAN}“.")).to_be_visible()
