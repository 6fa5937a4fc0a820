"""A member asks for the best plan within a frame she types, and compares it with hers."""

import re

import pytest
from playwright.sync_api import expect

from prioritisation.models import Plan
from tests.browser.helpers import log_in, serious_accessibility_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_propose_a_plan_within_a_frame_and_compare(live_server, catalogue, make_plan, member, page):
    make_plan(
        member, name="Mit forslag", first_year=2019, last_year=2020,
        titles=["Sundhedsfremme på arbejdspladsen"],
    )  # fmt: skip
    log_in(page, live_server, "mette")
    page.get_by_role("link", name="Mine handleplaner").first.click()
    page.get_by_role("link", name="Mit forslag").click()
    page.get_by_role("link", name="Foreslå en handleplan").click()
    expect(page.get_by_role("heading", name="Foreslå en handleplan")).to_be_visible()
    assert serious_accessibility_violations(page) == []

    # The frame: 1 mio. a year, typed the Danish way; social kontrol must not be in.
    page.get_by_label("Loft 2019").fill("1 mio.")
    page.get_by_label("Loft 2020").fill("1.000.000")
    page.get_by_label("Regel for Helhedsorienteret forebyggelse af social kontrol").select_option(
        label="Skal ikke med"
    )
    page.get_by_role("button", name="Foreslå en handleplan").click()

    # Worked out by hand, borgere from 50 % in whole persons: Sundhedsfremme whole (500
    # borgere, 550.000 kr.), Mindspring whole (40, 55.000), and of Undervisning fra
    # erhvervsledere (6.000 kr. a borger) the 65 that fit in the 395.000 left: 390.000.
    # 605 borgere for 995.000 kr. in each year.
    expect(page.get_by_role("heading", name="Forslag: Mit forslag")).to_be_visible()
    expect(page.get_by_text("er gemt som en ny kladde")).to_be_visible()
    totals = page.get_by_role("row", name=re.compile(r"^Udgifter i alt"))
    expect(totals).to_contain_text("995.000 kr.")
    assert totals.inner_text().count("995.000 kr.") == 2
    expect(page.locator(".objective-value")).to_have_text("605")
    expect(
        page.get_by_role("row", name=re.compile(r"^Undervisning fra erhvervsledere"))
    ).to_contain_text("65 af 100 borgere")
    expect(page.get_by_text("Du har valgt den fra.")).to_be_visible()
    expect(page.locator("ul.reach")).to_contain_text("605 borgere")
    assert serious_accessibility_violations(page) == []

    # Her own plan is untouched; she compares the two.
    page.get_by_role("link", name="Sammenlign med „Mit forslag“").click()
    expect(page.get_by_role("heading", name="Sammenlign handleplaner")).to_be_visible()
    # 2019: 995.000 against her 550.000 kr.
    expect(page.get_by_role("row", name=re.compile(r"^2019")).first).to_contain_text("445.000 kr.")
    assert Plan.objects.get(name="Mit forslag").items.count() == 1
