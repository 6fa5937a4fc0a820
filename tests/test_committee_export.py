"""Udvalgets billede as Excel: live formulas over the plans' figures, text never a
formula, private plans never in it; recalculated by LibreOffice where it is installed."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from prioritisation import changes
from tests.test_plan_export_recalc import SOFFICE, recalculated

pytestmark = pytest.mark.django_db

URL = reverse("prioritisation:committee_export")


def _workbook(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert "Udvalgets%20billede" in response["Content-Disposition"]
    return response.content


def _rows(sheet):
    return {row[2]: row for row in sheet.iter_rows(min_row=5, values_only=True) if row[2]}


def test_sheets_figures_and_formulas(client, reader, committee_plans):
    client.force_login(reader)
    workbook = load_workbook(io.BytesIO(_workbook(client)))
    assert workbook.sheetnames == [
        "Udvalgets billede",
        "Beløb",
        "Omfang",
        "Pejlemærker og år",
        "Handleplaner",
    ]
    amounts = _rows(workbook["Beløb"])
    # Mette's, Bo's and Ida's plans, in that order; "–" where a plan does not hold it.
    assert amounts["Fritidsjob"][3:6] == (12_000_000, 6_000_000, 9_000_000)
    assert amounts["Gadehøjskoler"][3:6] == (2_400_000, 4_800_000, "–")
    assert amounts["Flere lærepladser"][3:6] == ("–", "–", "–")
    summary = _rows(workbook["Udvalgets billede"])
    assert summary["Fritidsjob"][9].startswith("=IF(COUNT('Beløb'!$D")
    assert "MEDIAN(" in summary["Fritidsjob"][9]
    names = [row[0] for row in workbook["Handleplaner"].iter_rows(min_row=5, values_only=True)]
    assert names == ["Mettes plan", "Bos plan", "Idas plan"]  # never the private plan


def test_a_plan_name_like_a_formula_is_text(client, reader, make_plan, member):
    plan = make_plan(
        member, name='=HYPERLINK("http://example.invalid","Klik")', titles=["Fritidsjob"]
    )
    changes.share_plan(plan)
    client.force_login(reader)
    workbook = load_workbook(io.BytesIO(_workbook(client)))
    cell = workbook["Beløb"]["D4"]
    assert cell.value == plan.name and cell.data_type == "s"


def test_access(client, committee_plans, reader):
    response = client.get(URL)
    assert response.status_code == 302


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_recalculated_as_on_the_page(client, reader, committee_plans, tmp_path):
    client.force_login(reader)
    workbook = recalculated(_workbook(client), tmp_path)
    summary = _rows(workbook["Udvalgets billede"])
    # Held by; group; scale least, median, most (per cent); amount least, median, most.
    assert summary["Fritidsjob"][3:11] == (
        3,
        "Alle handleplaner",
        50,
        75,
        100,
        6_000_000,
        9_000_000,
        12_000_000,
    )
    assert summary["Gadehøjskoler"][3:11] == (
        2,
        "Flertallet",
        50,
        75,
        100,
        2_400_000,
        3_600_000,
        4_800_000,
    )
    assert summary["Flere lærepladser"][3:5] == (0, "Ingen handleplaner")
    spending = workbook["Pejlemærker og år"]
    first = next(spending.iter_rows(min_row=5, max_row=5, values_only=True))
    # The whole plan in 2019: 3.600.000, 2.700.000 and 2.250.000 kr.
    assert first[1:8] == (2019, 3_600_000, 2_700_000, 2_250_000, 2_250_000, 2_700_000, 3_600_000)
