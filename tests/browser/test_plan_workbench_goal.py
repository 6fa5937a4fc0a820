"""Issue 18's goals on the workbench, in a real browser.

A member builds a realistic plan from an empty one as a person does, every click, typing
and choice counted as one action: a ceiling and three earmarks, a dozen initiatives, two
at amounts typed in kroner, one with udvalgets eget beløb; under 25 actions, and the
totals on the page equal the figures worked out by hand below. Keyboard alone can add,
scale and remove; axe-core finds nothing serious on the workbench and the comparison.

The plan, 2019–2022 (seed catalogue, fixtures/catalogue.json):

Pejlemærke 1
  Håndholdt og kontinuerlig virksomhedsindsats  4.400.000 kr., typed "3,3 mio."  3.300.000
  Undervisning fra erhvervsledere                                                  600.000
  Familieforsørgede i beskæftigelse             2.500.000 kr., typed "1.250.000"  1.250.000
  Virksomhedsindsats til bekæmpelse af ubevidst forskelsbehandling
                        no amount in the catalogue, udvalgets eget beløb "400.000"   400.000
  Anonymiseret rekruttering                      400.000 in 2019, then 500.000 kr.
  = 3.300.000 + 600.000 + 1.250.000 + 400.000 + 400.000 = 5.950.000 kr. in 2019,
    and 5.950.000 + 100.000                                 = 6.050.000 kr. in 2020–2022
Pejlemærke 2
  Flere lærepladser 2.200.000 + Brobygning 600.000 + Fritidsjob 3.000.000
  + Fritidsjobambassadører 400.000                          = 6.200.000 kr. every year
Pejlemærke 3
  Match mellem flygtninge og frivillige 1.000.000 + Gadehøjskoler 1.200.000
  + Helhedsorienteret forebyggelse af social kontrol 2.000.000
                                                            = 4.200.000 kr. every year

Every year: 2019 5.950.000 + 6.200.000 + 4.200.000 = 16.350.000 kr.;
            2020–2022 6.050.000 + 6.200.000 + 4.200.000 = 16.450.000 kr.
Ceiling 18.000.000 kr. a year: left 1.650.000 kr. in 2019, 1.550.000 kr. after.
Earmarks 6.500.000 / 6.500.000 / 4.500.000 kr. (17.500.000 kr., under the ceiling):
  pejlemærke 1 left 550.000 kr. in 2019, 450.000 kr. after; 2 and 3 left 300.000 kr.
The period: 16.350.000 + 3 × 16.450.000 = 65.700.000 kr., of which udvalgets eget
beløb 4 × 400.000 = 1.600.000 kr.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import htmx_settled, log_in, serious_accessibility_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLAN = "Job og skole"
HANDHELD = "Håndholdt og kontinuerlig virksomhedsindsats"
FAMILIES = "Familieforsørgede i beskæftigelse"
OWN = "Virksomhedsindsats til bekæmpelse af ubevidst"
AS_IN_CATALOGUE = [
    "Undervisning fra erhvervsledere",
    "Anonymiseret rekruttering",
    "Flere lærepladser",
    "Brobygning til håndværkervirksomheder",
    "Fritidsjob",
    "Ansættelse af fritidsjobambassadører",
    "Match mellem flygtninge og frivillige",
    "Gadehøjskoler",
]
ON_PAGE_TWO = "Helhedsorienteret forebyggelse af social"


class Actions:
    """What a person does, each counted once: a click, a field filled, a key pressed,
    an option chosen, an address opened; each after the page has answered the last."""

    def __init__(self, page):
        self.page = page
        self.count = 0

    def _next(self):
        self.count += 1
        htmx_settled(self.page)

    def goto(self, url):
        self.count += 1
        self.page.goto(url)

    def click(self, locator):
        self._next()
        locator.click()

    def fill(self, locator, text):
        self._next()
        locator.fill(text)

    def select(self, locator, **option):
        self._next()
        locator.select_option(**option)

    def press(self, locator, key):
        self._next()
        locator.press(key)


def offer(page, title):
    """The list's row of one initiative."""
    return page.locator("#workbench-list tbody tr").filter(
        has=page.get_by_role("link", name=title, exact=True)
    )


def cells(page, table_id, year):
    return page.locator(f"#{table_id} tbody tr").filter(has_text=str(year)).locator("td")


def full_title(page, start):
    return page.locator("#workbench-list th a").filter(has_text=start).first.inner_text()


def test_a_realistic_plan_in_under_25_actions(live_server, catalogue, member, make_plan, page):
    plan = make_plan(member, name=PLAN)
    log_in(page, live_server)
    do = Actions(page)
    do.goto(f"{live_server.url}/handleplaner/{plan.pk}/arbejdsbord/")
    expect(page.get_by_text("Handleplanen har ingen indsatser endnu.")).to_be_visible()

    # The ceiling and three earmarks, the Danish way, once for every year; the form
    # comes back to the workbench.
    do.click(page.get_by_role("link", name="Sæt loft og øremærkninger"))
    do.fill(page.get_by_label("Samme loft alle år"), "18 mio.")
    do.fill(page.get_by_label("Pejlemærke 1, samme beløb alle år"), "6,5 mio.")
    do.fill(page.get_by_label("Pejlemærke 2, samme beløb alle år"), "6.500.000")
    do.fill(page.get_by_label("Pejlemærke 3, samme beløb alle år"), "4500000 kr.")
    do.click(page.get_by_role("button", name="Gem ændringerne"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Arbejdsbord: {PLAN}")
    expect(cells(page, "wb-totals", 2019)).to_have_text(
        ["0 kr.", "18.000.000 kr.", "18.000.000 kr."]
    )

    # Eight as in the catalogue, one click each.
    for title in AS_IN_CATALOGUE:
        title = full_title(page, title)
        do.click(offer(page, title).get_by_role("button", name=f"Tilføj {title}", exact=True))
        expect(offer(page, title).get_by_role("status")).to_contain_text("er tilføjet")

    # Two at amounts typed beside "Tilføj", one with udvalgets eget beløb.
    for title, amount in ((HANDHELD, "3,3 mio."), (FAMILIES, "1.250.000"), (OWN, "400.000")):
        title = full_title(page, title)
        do.fill(offer(page, title).get_by_role("textbox"), amount)
        do.click(offer(page, title).get_by_role("button", name=f"Tilføj {title}", exact=True))
        expect(offer(page, title).get_by_role("status")).to_contain_text("er tilføjet")

    # The twelfth is on the list's second page.
    do.click(page.get_by_role("link", name="Næste side"))
    expect(page.get_by_text("Side 2 af 2")).to_be_visible()
    title = full_title(page, ON_PAGE_TWO)
    do.click(offer(page, title).get_by_role("button", name=f"Tilføj {title}", exact=True))
    expect(offer(page, title).get_by_role("status")).to_contain_text("er tilføjet")

    assert do.count < 25, do.count
    assert do.count == 23  # 1 address, 6 for the budget, 8 adds, 3 × 2 typed, 2 on page two

    expect(page.get_by_role("heading", name="12 indsatser i handleplanen")).to_be_visible()
    expect(cells(page, "wb-totals", 2019)).to_have_text(
        ["16.350.000 kr.", "18.000.000 kr.", "1.650.000 kr."]
    )
    for year in (2020, 2021, 2022):
        expect(cells(page, "wb-totals", year)).to_have_text(
            ["16.450.000 kr.", "18.000.000 kr.", "1.550.000 kr."]
        )
    expect(page.locator("#wb-totals tfoot td").first).to_have_text("65.700.000 kr.")
    expect(page.locator("#workbench-side")).to_contain_text(
        "Heraf udvalgets eget beløb: 1.600.000 kr."
    )
    expect(cells(page, "wb-goal-1", 2019)).to_have_text(
        ["5.950.000 kr.", "6.500.000 kr.", "550.000 kr."]
    )
    expect(cells(page, "wb-goal-1", 2022)).to_have_text(
        ["6.050.000 kr.", "6.500.000 kr.", "450.000 kr."]
    )
    for year in (2019, 2022):
        expect(cells(page, "wb-goal-2", year)).to_have_text(
            ["6.200.000 kr.", "6.500.000 kr.", "300.000 kr."]
        )
        expect(cells(page, "wb-goal-3", year)).to_have_text(
            ["4.200.000 kr.", "4.500.000 kr.", "300.000 kr."]
        )
    # The amounts typed are met exactly and the own amount is named as such.
    handheld = page.locator("#workbench-side li").filter(
        has=page.get_by_role("link", name=HANDHELD, exact=True)
    )
    expect(handheld).to_contain_text("13.200.000 kr. i perioden")
    own = page.locator("#workbench-side li").filter(has_text=re.compile(r"ubevidst"))
    expect(own).to_contain_text("Udvalgets eget beløb i 2019, 2020, 2021, 2022")
    assert serious_accessibility_violations(page) == []


def tab_to(page, name, *, limit=400):
    """Press Tab until the focused element's accessible name starts with ``name``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const e = document.activeElement;"
            " return (e.getAttribute('aria-label') || e.labels?.[0]?.textContent"
            " || e.textContent || '').replace(/\\s+/g, ' ').trim(); }"
        )
        if focused.startswith(name):
            return
    raise AssertionError(f"Tab never reached {name!r}")


def test_keyboard_alone_adds_scales_and_removes(live_server, catalogue, member, make_plan, page):
    plan = make_plan(member, name=PLAN, titles=["Fritidsjob"], ceiling=5_000_000)
    log_in(page, live_server)
    page.goto(f"{live_server.url}/handleplaner/{plan.pk}/arbejdsbord/")
    # Add Gadehøjskoler (1.200.000 kr. a year) at 600.000 kr., typed in its row.
    tab_to(page, "Beløb pr. år (valgfrit) for Gadehøjskoler")
    page.keyboard.type("600.000")
    page.keyboard.press("Enter")
    expect(offer(page, "Gadehøjskoler").get_by_role("status")).to_contain_text("er tilføjet")
    expect(cells(page, "wb-totals", 2019)).to_have_text(
        ["3.600.000 kr.", "5.000.000 kr.", "1.400.000 kr."]
    )
    # Scale Fritidsjob (3.000.000 kr.) to 1,5 mio. from the panel.
    tab_to(page, "Ret omfang for Fritidsjob")
    page.keyboard.press("Enter")
    # The form opens in the panel with the focus in its amount.
    amount = page.locator("#workbench-side").get_by_label("Beløb pr. år", exact=True)
    expect(amount).to_be_focused()
    page.keyboard.type("1,5 mio.")
    page.keyboard.press("Enter")
    expect(page.locator("#workbench-side").get_by_role("status")).to_contain_text("er gemt")
    expect(cells(page, "wb-totals", 2019)).to_have_text(
        ["2.100.000 kr.", "5.000.000 kr.", "2.900.000 kr."]
    )
    # Remove Gadehøjskoler from the list.
    page.keyboard.press("Shift+Tab")  # back into the page from wherever focus was put
    tab_to(page, "Fjern Gadehøjskoler")
    page.keyboard.press("Enter")
    expect(cells(page, "wb-totals", 2019)).to_have_text(
        ["1.500.000 kr.", "5.000.000 kr.", "3.500.000 kr."]
    )


def test_axe_finds_nothing_serious_on_the_workbench_and_the_comparison(
    live_server, catalogue, member, make_plan, page
):
    plan = make_plan(member, name=PLAN, titles=["Fritidsjob", "Gadehøjskoler"], ceiling=5_000_000)
    other = make_plan(member, name="Andet forslag", titles=["Fritidsjob"])
    log_in(page, live_server)
    page.goto(f"{live_server.url}/handleplaner/{plan.pk}/arbejdsbord/")
    # A refused amount in a row, and an item's form open in the panel.
    row = offer(page, HANDHELD)
    row.get_by_role("textbox").fill("mange penge")
    row.get_by_role("button", name=f"Tilføj {HANDHELD}", exact=True).click()
    expect(offer(page, HANDHELD).get_by_role("alert")).to_be_visible()
    page.get_by_role("link", name="Ret omfang for Gadehøjskoler").click()
    expect(page.locator("#workbench-side").get_by_label("Beløb pr. år", exact=True)).to_be_visible()
    assert serious_accessibility_violations(page) == []
    page.goto(f"{live_server.url}/handleplaner/sammenlign/?plan={plan.pk}&plan={other.pk}")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert serious_accessibility_violations(page) == []
