"""The filtered table as Excel and CSV: Danish headers, money as numbers, text as text."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from catalogue.models import Initiative
from common.spreadsheet import KRONER_FORMAT

pytestmark = pytest.mark.django_db


def _export(client, catalogue, kind, **params):
    response = client.get(
        reverse("catalogue:table", args=[catalogue.pk]), {**params, "export": kind}
    )
    assert response.status_code == 200
    return response


def test_excel_has_danish_headers_numbers_and_totals(client, catalogue):
    response = _export(client, catalogue, "xlsx")
    assert "filename*=utf-8''indsatser-k%C3%B8benhavns-kommune-" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[:3] == ("Pejlemærke", "Fokusområde", "Indsats")
    assert "Første år (kr.)" in header
    first_year = header.index("Første år (kr.)")
    by_title = {row[2]: row for row in rows[1:28]}
    assert len(by_title) == 27
    assert by_title["Håndholdt og kontinuerlig virksomhedsindsats"][first_year] == 4_400_000
    # Unknown stays empty, never 0.
    assert by_title["Styrket ligebehandling på boligmarkedet"][first_year] is None
    assert sheet.cell(row=2, column=first_year + 1).number_format == KRONER_FORMAT
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:L28"
    totals = rows[29]
    assert totals[0] == "I alt (27 indsatser)"
    assert totals[first_year] == 33_455_000
    notes = [row[0] for row in rows[30:]]
    assert "2 indsatser uden oplyst beløb er ikke med i summerne." in notes


def test_export_holds_the_filtered_set_in_the_shown_order(client, catalogue):
    response = _export(client, catalogue, "xlsx", starred="ja", sort="-first_year_amount")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    titles = [row[2] for row in rows[1:] if row[3] == "Ja"]
    assert len(titles) == Initiative.objects.filter(starred=True).count() == 16
    assert titles[0] in (
        "Håndholdt og kontinuerlig virksomhedsindsats",
        "Individuel Placement and Support indsats (IPS)",
    )


def test_csv_opens_in_danish_excel(client, catalogue):
    response = _export(client, catalogue, "csv", q="Fritidsjob")
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")  # the byte-order mark Excel needs for æ, ø, å
    rows = list(csv.reader(io.StringIO(content[1:]), delimiter=";"))
    assert rows[0][:3] == ["Pejlemærke", "Fokusområde", "Indsats"]
    fritidsjob = next(row for row in rows if row[2] == "Fritidsjob")
    assert fritidsjob[8:10] == ["3000000", "3000000"]  # first year, later years: plain numbers


def test_text_that_looks_like_a_formula_stays_text(client, catalogue):
    Initiative.objects.filter(title="Fritidsjob").update(
        title='=HYPERLINK("http://example.invalid","Klik")', description="@SUM(1)"
    )
    response = _export(client, catalogue, "xlsx", q="HYPERLINK")
    sheet = load_workbook(io.BytesIO(response.content)).active
    cell = next(c for c in sheet["C"] if c.value and "HYPERLINK" in str(c.value))
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://example.invalid","Klik")'
    content = _export(client, catalogue, "csv", q="HYPERLINK").content.decode("utf-8")
    assert "'=HYPERLINK(" in content
