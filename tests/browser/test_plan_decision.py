"""A committee decides between plans: share, compare, adopt, and the catalogue moves on."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from catalogue.models import Initiative
from tests.browser.helpers import log_in, serious_accessibility_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def nav(page, name):
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name=name).click()


def totals(page):
    """The plan page's per-year totals, as the page writes them."""
    return page.get_by_role("row", name=re.compile(r"^Udgifter i alt")).inner_text()


def test_share_compare_adopt_and_change_the_catalogue(
    live_server, catalogue, make_plan, member, other_member, administrator, page
):
    mettes = make_plan(member, name="Mettes plan", titles=["Fritidsjob", "Gadehøjskoler"])
    make_plan(other_member, name="Bos plan", titles=["Fritidsjob", "Flere lærepladser"])

    # Mette shares her plan with the committee.
    log_in(page, live_server, "mette")
    nav(page, "Mine handleplaner")
    page.get_by_role("link", name="Mettes plan").click()
    page.get_by_role("button", name="Del med udvalget").click()
    expect(page.get_by_text("er delt med udvalget")).to_be_visible()

    # Bo compares it with his own.
    log_in(page, live_server, "bo")
    nav(page, "Udvalgets handleplaner")
    expect(page.get_by_role("link", name="Mettes plan")).to_be_visible()
    page.get_by_label("Sammenlign Mettes plan").check()
    page.get_by_role("button", name="Sammenlign de valgte").click()
    expect(page.get_by_text("Vælg mindst to handleplaner at sammenligne.")).to_be_visible()
    page.get_by_label("Sammenlign Mettes plan").check()
    page.get_by_label("Sammenlign Bos plan").check()
    page.get_by_role("button", name="Sammenlign de valgte").click()
    expect(page.get_by_role("heading", name="Sammenlign handleplaner")).to_be_visible()
    expect(page.get_by_role("columnheader", name="Bos plan", exact=True).first).to_be_visible()
    # 2019: Mette 3,0 + 1,2 = 4,2 mio.; Bo 3,0 + 2,2 = 5,2 mio.: 1,0 mio. more.
    expect(page.get_by_role("row", name=re.compile(r"^2019")).first).to_contain_text(
        "+1.000.000 kr."
    )
    assert serious_accessibility_violations(page) == []
    # He counts the differences from his own plan instead.
    page.get_by_label("Regn forskelle i forhold til").select_option(label="Bos plan")
    page.get_by_role("button", name="Vis", exact=True).click()
    expect(page.get_by_text("Forskelle er regnet i forhold til „Bos plan“.")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile(r"^2019")).first).to_contain_text(
        "-1.000.000 kr."
    )
    # On a phone the page itself does not scroll sideways; the wide tables scroll inside.
    page.set_viewport_size({"width": 390, "height": 844})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    page.set_viewport_size({"width": 1280, "height": 720})

    # An administrator adopts Mette's plan.
    log_in(page, live_server, "anne")
    nav(page, "Udvalgets handleplaner")
    page.get_by_role("link", name="Mettes plan").click()
    page.get_by_role("link", name="Vedtag handleplanen …").click()
    expect(page.get_by_role("heading", name="Vedtag „Mettes plan“?")).to_be_visible()
    page.get_by_role("button", name="Vedtag handleplanen").click()
    expect(page.get_by_text("er vedtaget")).to_be_visible()
    adopted_totals = totals(page)
    assert "4.200.000 kr." in adopted_totals

    # ... then changes Fritidsjob's amount in the catalogue, in admin.
    fritidsjob = Initiative.objects.get(title="Fritidsjob")
    page.goto(live_server.url + reverse("admin:catalogue_initiative_change", args=[fritidsjob.pk]))
    page.get_by_label("Beløb første år (kr.)").fill("3.500.000")
    page.get_by_label("Beløb efterfølgende år (kr.)").fill("3.500.000")
    page.get_by_role("button", name="Gem", exact=True).click()
    expect(page.get_by_text("blev ændret")).to_be_visible()

    # Mette's adopted plan keeps its totals.
    log_in(page, live_server, "mette")
    page.goto(live_server.url + mettes.get_absolute_url())
    expect(page.get_by_text("Vedtaget", exact=True)).to_be_visible()
    assert totals(page) == adopted_totals
    expect(page.get_by_role("heading", name="Kataloget er ændret")).to_have_count(0)

    # Bo's draft shows the change, and takes the new amounts when he accepts them.
    log_in(page, live_server, "bo")
    nav(page, "Mine handleplaner")
    page.get_by_role("link", name="Bos plan").click()
    expect(page.get_by_role("heading", name="Kataloget er ændret")).to_be_visible()
    expect(
        page.get_by_text("Første år: 3.000.000 kr. i handleplanen, nu 3.500.000 kr. i kataloget")
    ).to_be_visible()
    assert "5.200.000 kr." in totals(page)
    page.get_by_role("button", name=re.compile("Brug katalogets nye beløb")).click()
    expect(page.get_by_text("regner nu med katalogets nye beløb")).to_be_visible()
    assert "5.700.000 kr." in totals(page)
