"""What the browser tests do the way a person does: log in by the form, and ask axe-core
what a screen-reader user would stumble over."""

import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect


def serious_accessibility_violations(page) -> list[str]:
    """axe-core's serious and critical findings on the page, one line each."""
    results = Axe().run(page)
    return [
        f"{violation['id']}: {violation['help']} ({len(violation['nodes'])} elements)"
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def log_in(page, live_server, username="mette"):
    """Log in as ``username`` (the personas' password) from a fresh session."""
    page.context.clear_cookies()
    page.goto(live_server.url + "/log-ind/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill("kodeord-til-test")
    page.get_by_role("button", name="Log ind").click()
    expect(page.get_by_role("button", name=re.compile(r"^Log ud"))).to_be_visible()


def htmx_settled(page) -> None:
    """Wait, as a person does, until the page has answered: no htmx request under way,
    and what htmx swapped in bound. It binds new content when it settles, 20 ms after
    the swap: no person acts that fast, a test does, and what it types or clicks in
    between asks for nothing or loads a whole page."""
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
    )


def printed_pages(page) -> int:
    """How many sheets the page prints on, as Chromium prints it with its print CSS."""
    pdf = page.pdf(prefer_css_page_size=True)
    return len(re.findall(rb"/Type\s*/Page\b", pdf))
