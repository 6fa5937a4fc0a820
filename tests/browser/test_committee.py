"""The committee together: a reader reads where the members' shared plans agree, the
chair makes a draft of what the majority agrees on, and the meeting room's screen
follows an owner's change within two seconds."""

import re
import time

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import log_in, printed_pages, serious_accessibility_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def initiative_row(page, title):
    return page.get_by_role("row").filter(has=page.get_by_role("link", name=title, exact=True))


def test_picture_draft_and_meeting_mode(live_server, committee_plans, reader, browser, page):
    # A reader opens Udvalgets billede from Udvalgets handleplaner.
    log_in(page, live_server, "lise")
    page.get_by_role("navigation", name="Hovedmenu").get_by_role(
        "link", name="Udvalgets handleplaner"
    ).click()
    page.get_by_role("link", name="Udvalgets billede").click()
    expect(page.get_by_role("heading", name="Udvalgets billede", level=1)).to_be_visible()
    expect(page.get_by_text("3 handleplaner i billedet.")).to_be_visible()
    expect(page.get_by_text("Mettes private plan")).to_have_count(0)
    # Worked out by hand (tests/conftest.py, committee_plans).
    fritidsjob = initiative_row(page, "Fritidsjob")
    expect(fritidsjob).to_contain_text("3 af 3")
    expect(fritidsjob.get_by_role("cell")).to_have_text(
        ["3 af 3", "50 %", "75 %", "100 %", "6.000.000 kr.", "9.000.000 kr.", "12.000.000 kr."]
    )
    gade = initiative_row(page, "Gadehøjskoler")
    expect(gade).to_contain_text("2 af 3")
    expect(gade).to_contain_text("3.600.000 kr.")
    # Only what the majority holds.
    page.get_by_label("Har indsatsen med").select_option(label="Flertallet")
    page.get_by_role("button", name="Vis billedet").click()
    expect(initiative_row(page, "Gadehøjskoler")).to_be_visible()
    expect(initiative_row(page, "Fritidsjob")).to_have_count(0)
    assert serious_accessibility_violations(page) == []
    # The picture in meeting mode, with the same filter; and back.
    page.get_by_role("link", name="Mødevisning").click()
    expect(page.get_by_role("heading", name="Udvalgets billede", level=1)).to_be_visible()
    expect(page.get_by_text("Har indsatsen med: Flertallet")).to_be_visible()
    expect(initiative_row(page, "Gadehøjskoler")).to_contain_text("2 af 3")
    expect(initiative_row(page, "Fritidsjob")).to_have_count(0)
    expect(page.get_by_role("button", name="Vis billedet")).to_have_count(0)
    assert serious_accessibility_violations(page) == []
    assert printed_pages(page) == 1
    page.get_by_role("link", name="Luk mødevisningen").click()
    expect(page.get_by_label("Har indsatsen med")).to_have_value("flertal")
    # A reader makes no drafts.
    expect(
        page.get_by_role("button", name="Lav et udkast af det, flertallet er enige om")
    ).to_have_count(0)

    # The chair (Mette) makes a draft of what the majority agrees on, in Bo's frame.
    log_in(page, live_server, "mette")
    page.goto(live_server.url + "/handleplaner/udvalget/billede/")
    expect(page.get_by_label("Mindst så mange handleplaner har indsatsen med")).to_have_value("2")
    page.get_by_label("Vis udkastet mod loft og øremærkninger fra").select_option(label="Bos plan")
    page.get_by_role("button", name="Lav et udkast af det, flertallet er enige om").click()
    expect(page.get_by_role("heading", name="Flertallets udkast (mindst 2 af 3)")).to_be_visible()
    expect(page.get_by_text("Udkastet er lavet med 2 indsatser")).to_be_visible()
    # 2019: Fritidsjob and Gadehøjskoler at 75 %: 2.250.000 + 900.000 kr., under 5 mio.
    expect(page.get_by_role("row", name=re.compile(r"^Udgifter i alt"))).to_contain_text(
        "3.150.000 kr."
    )

    # The meeting room's screen: the reader opens Bo's plan in meeting mode.
    screen = browser.new_context(viewport={"width": 1920, "height": 1080}).new_page()
    log_in(screen, live_server, "lise")
    screen.goto(live_server.url + committee_plans["bo"].get_absolute_url())
    screen.get_by_role("link", name="Mødevisning").click()
    expect(screen.get_by_role("heading", name="Bos plan", level=1)).to_be_visible()
    expect(screen.get_by_text("Gadehøjskoler")).to_be_visible()
    assert serious_accessibility_violations(screen) == []
    assert printed_pages(screen) == 1

    # Bo removes Gadehøjskoler from his plan; the screen shows it within two seconds.
    log_in(page, live_server, "bo")
    page.goto(live_server.url + committee_plans["bo"].get_absolute_url())
    page.get_by_role("button", name="Fjern Gadehøjskoler fra handleplanen").click()
    expect(page.get_by_text("Gadehøjskoler", exact=True)).to_have_count(0)
    changed = time.monotonic()
    expect(screen.get_by_text("Gadehøjskoler")).to_have_count(0, timeout=2000)
    assert time.monotonic() - changed < 2
    # 2019 now: Fritidsjob at 50 %, 1.500.000 kr. of a 5.000.000 kr. ceiling.
    expect(screen.locator(".meeting-years")).to_contain_text("3.500.000 kr.")
    screen.context.close()
