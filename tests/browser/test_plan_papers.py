"""A member downloads the committee papers from the plan page and the comparison, as a
person would: by the visible links, and the files the browser saves."""

import io

import docx
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.helpers import log_in, serious_accessibility_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_download_the_plans_annex_as_pdf_and_word(live_server, make_plan, member, page):
    plan = make_plan(member, titles=["Anonymiseret rekruttering", "Fritidsjob"])
    other = make_plan(member, name="Kun fritidsjob", titles=["Fritidsjob"])
    log_in(page, live_server)
    page.goto(live_server.url + plan.get_absolute_url())

    papers = page.get_by_role("region", name="Bilag til udvalget")
    expect(papers).to_be_visible()
    today = timezone.localdate()
    with page.expect_download() as download:
        papers.get_by_role("link", name="Hent bilag som PDF").click()
    assert download.value.suggested_filename == f"Handleplan – Job og skole – {today:%Y-%m-%d}.pdf"
    assert download.value.path().read_bytes().startswith(b"%PDF-")

    with page.expect_download() as download:
        papers.get_by_role("link", name="Hent bilag som Word").click()
    assert download.value.suggested_filename.endswith("Job og skole – " + f"{today:%Y-%m-%d}.docx")
    document = docx.Document(io.BytesIO(download.value.path().read_bytes()))
    assert document.paragraphs[1].text == "Handleplan: Job og skole"
    assert serious_accessibility_violations(page) == []

    # The comparison of the two, side by side.
    page.goto(live_server.url + f"/handleplaner/sammenlign/?plan={plan.pk}&plan={other.pk}")
    with page.expect_download() as download:
        page.get_by_role("region", name="Bilag til udvalget").get_by_role(
            "link", name="Hent bilag som PDF"
        ).click()
    assert download.value.suggested_filename == (
        f"Sammenligning – Job og skole, Kun fritidsjob – {today:%Y-%m-%d}.pdf"
    )
