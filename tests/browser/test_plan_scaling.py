"""A member scales items by what they mean, in a real browser: an amount typed the
Danish way, units in their own field, udvalgets eget beløb; the form says what a scale
comes to before it is saved, with and without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import htmx_settled, log_in, serious_accessibility_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLAN = "Job først"
HANDHELD = "Håndholdt og kontinuerlig virksomhedsindsats"  # 4.400.000 kr., min. 350 borgere
RECRUITING = "Anonymiseret rekruttering"  # 400.000 kr. first year, then 500.000 kr.
HOUSING = "Styrket ligebehandling på boligmarkedet"  # no amount in the catalogue
CONSULTANT = "Fritidsjobkonsulent udstationeret i de udsatte byområder"  # 100.000 kr. per area


def plan_row(page, title):
    """The plan page's table row of one initiative."""
    return page.get_by_role("row").filter(has=page.get_by_role("link", name=title, exact=True))


def open_form(page, title):
    row = plan_row(page, title)
    row.get_by_text("Ret år, omfang og note").click()
    expect(row.get_by_role("button", name="Gem")).to_be_visible()
    htmx_settled(page)  # the form's live preview is bound
    return row


def test_scale_by_what_the_member_means(live_server, catalogue, member, make_plan, page):
    make_plan(member, name=PLAN, titles=[HANDHELD, RECRUITING, HOUSING, CONSULTANT])
    log_in(page, live_server)
    page.get_by_role("link", name="Mine handleplaner").first.click()
    page.get_by_role("link", name=PLAN).click()

    # 3,3 mio. for an initiative of 4,4 mio.: the preview says what it comes to, as typed.
    row = open_form(page, HANDHELD)
    row.get_by_label("Beløb pr. år").fill("3,3 mio.")
    expect(row.locator(".scale-preview")).to_contain_text("Med dette omfang: 3.300.000 kr. om året")
    expect(row.locator(".scale-preview")).to_contain_text("75 %")
    expect(row.locator(".scale-preview")).to_contain_text("262,5 borgere")
    assert serious_accessibility_violations(page) == []
    row.get_by_role("button", name="Gem").click()
    expect(page.get_by_text(f"Ændringerne af „{HANDHELD}“ er gemt.")).to_be_visible()
    # The amount is met exactly in every year: 262 borgere would be 3.293.714 kr.
    expect(plan_row(page, HANDHELD).locator("td")).to_have_text(
        ["3.300.000 kr."] * 4 + ["13.200.000 kr."]
    )

    # First and later years differ: the form says which year was typed and how the
    # other scales, before saving.
    row = open_form(page, RECRUITING)
    row.get_by_label("Beløb pr. år").fill("300.000")
    expect(row.locator(".scale-preview")).to_contain_text(
        "Beløbet er skrevet for første år (katalogets 400.000 kr.). De efterfølgende år "
        "skaleres med samme andel, 75 %: 375.000 kr. om året (katalogets 500.000 kr.)."
    )
    row.get_by_label("Beløbet gælder").select_option(
        label="efterfølgende år (katalogets 500.000 kr.)"
    )
    expect(row.locator(".scale-preview")).to_contain_text(
        "Første år skaleres med samme andel, 60 %: 240.000 kr."
    )
    row.get_by_role("button", name="Gem").click()
    expect(plan_row(page, RECRUITING).locator("td")).to_have_text(
        ["240.000 kr.", "300.000 kr.", "300.000 kr.", "300.000 kr.", "1.140.000 kr."]
    )

    # Units in their own, clearly named field.
    row = open_form(page, CONSULTANT)
    expect(row.get_by_label("Antal i målgruppen")).to_have_count(0)
    row.get_by_label("Antal boligområder").fill("3")
    row.get_by_role("button", name="Gem").click()
    expect(plan_row(page, CONSULTANT)).to_contain_text("3 boligområder")

    # No amount in the catalogue: udvalgets eget beløb, marked as such.
    row = open_form(page, HOUSING)
    row.get_by_label("Udvalgets eget beløb, første år").fill("1 mio.")
    row.get_by_role("button", name="Gem").click()
    housing = plan_row(page, HOUSING)
    expect(housing.locator("td").first).to_have_text("1.000.000 kr. udvalgets eget beløb")
    expect(housing).to_contain_text("Udvalgets eget beløb i 2019, 2020, 2021, 2022")

    # By hand:
    #   Håndholdt          3.300.000 a year
    #   Anonymiseret       240.000 in 2019, then 300.000 a year
    #   Konsulent          3 × 100.000 = 300.000 a year
    #   Ligebehandling     1.000.000 a year, udvalgets eget beløb
    # 2019: 3.300.000 + 240.000 + 300.000 + 1.000.000 = 4.840.000
    # 2020–2022: 3.300.000 + 300.000 + 300.000 + 1.000.000 = 4.900.000
    # Period: 4.840.000 + 3 × 4.900.000 = 19.540.000
    budget = page.get_by_role("table", name="Budget pr. år")
    totals = budget.get_by_role("row", name=re.compile(r"^Udgifter i alt"))
    expect(totals.get_by_role("cell")).to_have_text(
        ["4.840.000 kr.", "4.900.000 kr.", "4.900.000 kr.", "4.900.000 kr.", "19.540.000 kr."]
    )
    own = budget.get_by_role("row", name=re.compile(r"^Heraf udvalgets eget beløb"))
    expect(own.get_by_role("cell")).to_have_text(["1.000.000 kr."] * 4 + ["4.000.000 kr."])
    assert serious_accessibility_violations(page) == []


def test_far_outside_asks_for_confirmation(live_server, catalogue, member, make_plan, page):
    make_plan(member, name=PLAN, titles=[HANDHELD])
    log_in(page, live_server)
    page.goto(live_server.url + "/handleplaner/")
    page.get_by_role("link", name=PLAN).click()
    row = open_form(page, HANDHELD)
    row.get_by_label("Antal i målgruppen").fill("1000")
    expect(row.locator(".scale-preview")).to_contain_text(
        "Det er ca. 2,9 gange katalogets omfang (350 borgere) og koster 12.571.429 kr. om året."
    )
    row.get_by_role("button", name="Gem").click()
    row = plan_row(page, HANDHELD)
    expect(row).to_contain_text("Sæt hak ved „Ja, omfanget er rigtigt“ og gem igen")
    row.get_by_label("Ja, omfanget er rigtigt").check()
    row.get_by_role("button", name="Gem").click()
    expect(page.get_by_text(f"Ændringerne af „{HANDHELD}“ er gemt.")).to_be_visible()
    expect(plan_row(page, HANDHELD).locator("td").first).to_have_text("12.571.429 kr.")


@pytest.mark.browser_context_args(java_script_enabled=False)
def test_the_preview_works_without_javascript(live_server, catalogue, member, make_plan, page):
    make_plan(member, name=PLAN, titles=[HANDHELD])
    log_in(page, live_server)
    page.goto(live_server.url + "/handleplaner/")
    page.get_by_role("link", name=PLAN).click()
    page.get_by_role("link", name="Ret år, omfang og note").click()  # its own page
    page.get_by_label("Andel af katalogets beløb (%)").fill("50 %")
    page.get_by_role("button", name="Vis virkning").click()
    expect(page.get_by_text("Intet er gemt endnu.")).to_be_visible()
    expect(page.locator(".scale-preview")).to_contain_text(
        "Med dette omfang: 2.200.000 kr. om året"
    )
    expect(page.locator(".scale-preview")).to_contain_text("175 borgere")
    page.get_by_role("button", name="Gem").click()
    expect(plan_row(page, HANDHELD).locator("td")).to_have_text(
        ["2.200.000 kr."] * 4 + ["8.800.000 kr."]
    )
