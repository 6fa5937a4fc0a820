"""The Excel export of a plan: sheets, headers, formats, print settings, that every
formula covers exactly the item rows it should, the unknown and conditional money kept
apart, text that looks like a formula kept as text, access, and the queries.

tests/test_plan_export_recalc.py recalculates the workbook with LibreOffice and checks
the results against the plan page."""

import io
import re
import zipfile
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from openpyxl.formula import Tokenizer
from openpyxl.utils import column_index_from_string, get_column_letter

from catalogue.models import Goal, Initiative
from common.spreadsheet import KRONER_FORMAT
from prioritisation import export
from prioritisation.budget import plan_budget
from prioritisation.models import Allocation, Plan, PlanItem
from tests.factories import make_catalogue
from tests.queries import SESSION_READ

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://example.invalid","Klik")'
UNKNOWN_AND_CONDITIONAL = [
    "Indsats for udsatte og ensomme seniorer",  # 600.000 kr., later years not stated
    "Styrket ligebehandling på boligmarkedet",  # no amount
    "Beskæftigelsesforløb i samarbejde med civilsamfundet",  # pay for success, 1.300.000 kr.
]


def _export(client, plan):
    response = client.get(reverse("prioritisation:plan_export", args=[plan.pk]))
    assert response.status_code == 200
    return response


def _workbook(client, plan):
    return load_workbook(io.BytesIO(_export(client, plan).content))


def _budget(plan):
    items, allocations = plan.budget_rows()
    return plan_budget(plan=plan, items=items, allocations=allocations)


def _rows(sheet):
    return list(sheet.iter_rows(values_only=True))


def _row_labelled(sheet, label):
    """The first row whose column A is ``label``."""
    for row in sheet.iter_rows():
        if row[0].value == label:
            return row
    raise AssertionError(f"no row {label!r}")


def _columns(sheet):
    """{header: column letter} of "Indsatser"'s header row."""
    return {cell.value: cell.column_letter for cell in sheet[export.HEADER_ROW] if cell.value}


def _item_rows(sheet):
    """The item rows of "Indsatser": from the header to the first empty row."""
    rows = []
    for row in sheet.iter_rows(min_row=export.FIRST_ROW):
        if row[3].value is None:
            break
        rows.append(row)
    return rows


def _ranges(formula):
    """Every cell range a formula refers to, as (sheet, first column, first row, last
    column, last row); a single cell is a range of one."""
    found = []
    for token in Tokenizer(formula).items:
        if token.type != "OPERAND" or token.subtype != "RANGE":
            continue
        match = re.fullmatch(
            r"(?:'?(?P<sheet>[^'!]+)'?!)?\$?(?P<c1>[A-Z]+)\$?(?P<r1>\d+)"
            r"(?::\$?(?P<c2>[A-Z]+)\$?(?P<r2>\d+))?",
            token.value,
        )
        assert match, token.value
        c1, r1 = match["c1"], int(match["r1"])
        found.append((match["sheet"], c1, r1, match["c2"] or c1, int(match["r2"] or r1)))
    return found


def _criteria(formula):
    """The literal numbers a SUMIFS compares with, in order."""
    return [
        int(token.value)
        for token in Tokenizer(formula).items
        if token.type == "OPERAND" and token.subtype == "NUMBER"
    ]


# --- The file -----------------------------------------------------------------------


def test_download_is_named_after_the_plan_and_today(member_client, plan):
    response = _export(member_client, plan)
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    today = timezone.localdate()
    assert "attachment" in response["Content-Disposition"]
    # "Handleplan – Job og skole – 2026-11-25.xlsx", the dash kept (RFC 6266 filename*).
    name = f"Handleplan%20%E2%80%93%20Job%20og%20skole%20%E2%80%93%20{today:%Y-%m-%d}.xlsx"
    assert f"filename*=utf-8''{name}" in response["Content-Disposition"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Job og skole", "Handleplan – Job og skole – 2026-11-25.xlsx"),
        ("Ældre, børn og æøå", "Handleplan – Ældre, børn og æøå – 2026-11-25.xlsx"),
        (
            'Budget: 2019/2020 "ny"? <a>|b*\\c',
            "Handleplan – Budget 2019 2020 ny a b c – 2026-11-25.xlsx",
        ),
        ("  ..Tabs\tog\nlinjer..  ", "Handleplan – Tabs og linjer – 2026-11-25.xlsx"),
        ("///", "Handleplan – 2026-11-25.xlsx"),
    ],
)
def test_file_name_keeps_danish_letters_and_drops_what_a_file_name_cannot_hold(name, expected):
    assert export.export_filename(Plan(name=name), today=date(2026, 11, 25)) == expected


# Characters that make a file name read otherwise than it is: U+202E before "slx.exe"
# shows it as "exe.xls".
BIDI_AND_CONTROLS = [
    "\u202e",
    "\u202d",
    "\u202a",
    "\u202b",
    "\u202c",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
    "\u200e",
    "\u200f",
    "\u061c",
    "\x85",
    "\x9b",
    "\x7f",
    "\u2028",
]


@pytest.mark.parametrize("character", BIDI_AND_CONTROLS)
def test_download_name_has_no_bidi_override_or_control_character(
    make_plan, member, member_client, character
):
    import unicodedata
    from urllib.parse import unquote

    plan = make_plan(member, name=f"Budget{character}slx.exe", titles=["Fritidsjob"])
    disposition = _export(member_client, plan)["Content-Disposition"]
    name = unquote(disposition.split("filename*=utf-8''")[1])
    today = timezone.localdate()
    assert re.fullmatch(rf"Handleplan – Budget ?slx\.exe – {today:%Y-%m-%d}\.xlsx", name), name
    assert not [c for c in name if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")]


def test_every_download_name_passes_the_same_cleaning():
    from common.spreadsheet import CSV, download

    name = "Æ\u202eb\x00c\x1bd\u2067e \t f\u2069.csv"
    response = download(b"", filename=name, content_type=CSV)
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''%C3%86bcde%20f.csv"


def test_sheets_headers_formats_and_print_settings(make_plan, member, member_client):
    plan = make_plan(member, titles=["Anonymiseret rekruttering", "Fritidsjob"], ceiling=4_000_000)
    workbook = _workbook(member_client, plan)
    assert workbook.sheetnames == ["Oversigt", "Indsatser", "Tekster"]
    assert workbook.properties.title == "Job og skole"
    assert workbook.properties.creator == "Mette"

    items = workbook["Indsatser"]
    header = [cell.value for cell in items[export.HEADER_ROW]]
    assert header == [
        "Pejlemærke",
        "Fokusområde nr.",
        "Fokusområde",
        "Indsats",
        "Stjernemarkeret",
        "Ny eller videreført",
        "Målgruppe",
        "Valgt omfang",
        "Finansieringsform",
        "Startår",
        "Slutår",
        2019,
        2020,
        2021,
        2022,
        "I alt",
        "Ukendt, betinget eller udvalgets eget beløb",
        "Note",
    ]
    assert all(cell.font.bold for cell in items[export.HEADER_ROW])
    assert items.freeze_panes == "A5"
    assert items.auto_filter.ref == "A4:R6"  # the header and the two items
    assert items.print_title_rows == "$4:$4"
    rows = _item_rows(items)
    assert len(rows) == 2
    for row in rows:
        for cell in row[11:16]:
            assert cell.number_format == KRONER_FORMAT
    # Column widths fit the content: the titles' column is wider than the year's.
    assert items.column_dimensions["D"].width >= 24
    assert items.column_dimensions["L"].width == export.MONEY_WIDTH

    total = _row_labelled(items, "I alt")
    assert total[0].font.bold
    assert all(cell.font.bold and cell.number_format == KRONER_FORMAT for cell in total[11:16])

    texts = workbook["Tekster"]
    assert [cell.value for cell in texts[export.HEADER_ROW]] == [
        "Pejlemærke",
        "Fokusområde",
        "Indsats",
        "Beskrivelse",
        "Inspiration",
        "Forventet effekt",
    ]
    assert texts.freeze_panes == "A5"
    assert texts.auto_filter.ref == "A4:F6"

    overview = workbook["Oversigt"]
    assert overview["A1"].value == "Job og skole"
    facts = {row[0]: row[1] for row in _rows(overview)[:10] if row[0]}
    assert facts["Status"] == "Kladde"
    assert facts["Ejer"] == "Mette"
    assert facts["Dato"].date() == timezone.localdate()
    assert facts["Periode"] == "2019–2022"
    total = _row_labelled(overview, "Udgifter i alt")
    assert total[0].font.bold
    assert all(cell.font.bold for cell in total[1:6])
    assert all(cell.number_format == KRONER_FORMAT for cell in total[1:6])
    ceiling = _row_labelled(overview, "Loft")
    assert [cell.value for cell in ceiling[1:5]] == [4_000_000] * 4
    assert ceiling[1].number_format == KRONER_FORMAT

    for sheet in workbook:
        assert sheet.page_setup.orientation == "landscape"
        assert int(sheet.page_setup.paperSize) == 9  # A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.page_setup.fitToWidth == 1
        assert sheet.page_setup.fitToHeight == 0
        assert sheet.oddHeader.center.text == "Job og skole"
        assert sheet.oddFooter.center.text == "Side &P af &N"


def test_item_rows_hold_the_budgets_amounts(make_plan, member, member_client):
    plan = make_plan(
        member,
        titles=[
            "Anonymiseret rekruttering",
            "Fritidsjob",
            "Fritidsjobkonsulent udstationeret i de udsatte byområder",
            "Vækstprogram for virksomheder",
        ],
    )
    fritidsjob = plan.items.get(initiative__title="Fritidsjob")
    fritidsjob.scale_by, fritidsjob.quantity = "quantity", 100
    fritidsjob.note = "Halvdelen af de unge"
    fritidsjob.save()
    consultant = plan.items.get(initiative__title__startswith="Fritidsjobkonsulent")
    consultant.scale_by, consultant.units, consultant.start_year = "units", 3, 2020
    consultant.save()

    sheet = _workbook(member_client, plan)["Indsatser"]
    columns = _columns(sheet)
    rows = {row[3].value: row for row in _item_rows(sheet)}
    budget = _budget(plan)
    assert list(rows) == [entry.initiative.title for entry in budget.items]  # the page's order
    for entry in budget.items:
        row = rows[entry.initiative.title]
        for cost in entry.costs:
            cell = row[column_index_from_string(columns[cost.year]) - 1]
            assert cell.value == (cost.amount if cost.runs else "–"), (entry, cost)

    row = rows["Fritidsjob"]
    assert [cell.value for cell in row[:11]] == [
        2,
        6,
        "Unge i fritidsjob",
        "Fritidsjob",
        "Ja",
        "Videreførelse",
        "200 unge mellem 15–24 år",
        "100 af 200 unge",
        "Årligt beløb",
        2019,
        2022,
    ]
    # 3.000.000 × 100 / 200 a year, from budget.py.
    assert [cell.value for cell in row[11:15]] == [1_500_000] * 4
    assert (
        row[15].value
        == f'=IF(COUNT(L{row[0].row}:O{row[0].row})=0,"",SUM(L{row[0].row}:O{row[0].row}))'
    )
    assert row[17].value == "Halvdelen af de unge"
    consultant_row = rows["Fritidsjobkonsulent udstationeret i de udsatte byområder"]
    assert consultant_row[7].value == "3 boligområder"
    assert [cell.value for cell in consultant_row[11:15]] == ["–", 300_000, 300_000, 300_000]
    one_off = rows["Vækstprogram for virksomheder"]
    assert [cell.value for cell in one_off[11:15]] == [550_000, 0, 0, 0]


# --- The formulas -------------------------------------------------------------------


def _ceiling_and_earmark_plan(make_plan, member, catalogue):
    plan = make_plan(
        member,
        titles=[
            "Anonymiseret rekruttering",
            "Fritidsjob",
            "Mindspring-forløb for flygtninge",
            *UNKNOWN_AND_CONDITIONAL,
        ],
        ceiling=5_000_000,
    )
    jobs = Goal.objects.get(catalogue=catalogue, number=1)
    Allocation.objects.create(plan=plan, year=2019, goal=jobs, amount=300_000)
    Allocation.objects.create(plan=plan, year=2020, goal=jobs, amount=600_000)
    return plan


def test_every_summary_formula_covers_exactly_the_item_rows(
    make_plan, member, member_client, catalogue
):
    plan = _ceiling_and_earmark_plan(make_plan, member, catalogue)
    workbook = _workbook(member_client, plan)
    items, overview = workbook["Indsatser"], workbook["Oversigt"]
    columns = _columns(items)
    first, last = export.FIRST_ROW, export.FIRST_ROW + 6 - 1
    assert len(_item_rows(items)) == 6
    year_column = {year: columns[year] for year in (2019, 2020, 2021, 2022)}
    overview_column = {2019: "B", 2020: "C", 2021: "D", 2022: "E"}

    def item_range(column):
        return ("Indsatser", column, first, column, last)

    def cells(label):
        return {cell.column_letter: cell.value for cell in _row_labelled(overview, label)}

    total = _row_labelled(overview, "Udgifter i alt")[0].row
    establishment = _row_labelled(overview, "Etablering (første års udgifter)")[0].row
    ceiling = _row_labelled(overview, "Loft")[0].row
    for year, column in overview_column.items():
        assert (
            cells("Udgifter i alt")[column]
            == f"=SUM(Indsatser!${year_column[year]}${first}:${year_column[year]}${last})"
        )
        # Establishment: the year's costs of the items that start that year.
        formula = cells("Etablering (første års udgifter)")[column]
        assert formula.startswith("=SUMIFS(")
        assert _ranges(formula) == [item_range(year_column[year]), item_range(columns["Startår"])]
        assert _criteria(formula) == [year]
        assert cells("Drift (efterfølgende års udgifter)")[column] == (
            f"={column}{total}-{column}{establishment}"
        )
        assert cells("Tilbage under loftet")[column] == (
            f'=IF(ISNUMBER({column}{ceiling}),{column}{ceiling}-{column}{total},"")'
        )
        # The unknown amounts of the year: its empty cells among the item rows.
        formula = cells("Indsatser uden kendt beløb (antal, ikke med)")[column]
        assert _ranges(formula) == [item_range(year_column[year]), item_range("D")]
    for label in (
        "Udgifter i alt",
        "Etablering (første års udgifter)",
        "Drift (efterfølgende års udgifter)",
    ):
        row = _row_labelled(overview, label)[0].row
        assert cells(label)["F"] == f"=SUM(B{row}:E{row})"

    # Totals by pejlemærke and fokusområde: SUMIFS over the same rows, by number.
    for goal_budget in _budget(plan).goals:
        goal = goal_budget.goal
        label = f"Pejlemærke {goal.number}: {goal.title}"
        for year, column in overview_column.items():
            formula = cells(label)[column]
            assert _ranges(formula) == [item_range(year_column[year]), item_range("A")]
            assert _criteria(formula) == [goal.number]
        for area in goal_budget.focus_areas:
            for year, column in overview_column.items():
                formula = cells(area.focus_area.title)[column]
                assert _ranges(formula) == [
                    item_range(year_column[year]),
                    item_range("A"),
                    item_range("B"),
                ]
                assert _criteria(formula) == [goal.number, area.focus_area.number]

    # The earmark of pejlemærke 1 and what is left of it.
    goal_row = _row_labelled(overview, f"Pejlemærke 1: {Goal.objects.get(number=1).title}")[0].row
    earmark = _row_labelled(overview, "Øremærket")
    assert earmark[0].row == goal_row + 1
    assert [cell.value for cell in earmark[1:5]] == [300_000, 600_000, None, None]
    left = cells("Tilbage af øremærkningen")
    assert left["B"] == f'=IF(ISNUMBER(B{goal_row + 1}),B{goal_row + 1}-B{goal_row},"")'

    # Every reference to "Indsatser" in the summary stays inside the item rows, except
    # the conditional money, which is summed from its own section below them.
    conditional = cells("Betinget betaling ved resultat (ikke med i summerne)")["F"]
    for row in overview.iter_rows():
        for cell in row:
            if (
                isinstance(cell.value, str)
                and cell.value.startswith("=")
                and cell.value != conditional
            ):
                for sheet, _c1, r1, _c2, r2 in _ranges(cell.value):
                    if sheet == "Indsatser":
                        assert (r1, r2) == (first, last), (cell.coordinate, cell.value)

    # Each item's total sums its own year cells.
    for row in _item_rows(items):
        number = row[0].row
        assert row[15].value == f'=IF(COUNT(L{number}:O{number})=0,"",SUM(L{number}:O{number}))'
    # The column totals below the items.
    total_row = _row_labelled(items, "I alt")
    assert [cell.value for cell in total_row[11:16]] == [
        f"=SUM(${column}${first}:${column}${last})" for column in "LMNOP"
    ]


def test_unknown_and_conditional_money_is_kept_out_of_the_sums(make_plan, member, member_client):
    plan = make_plan(member, titles=UNKNOWN_AND_CONDITIONAL)
    workbook = _workbook(member_client, plan)
    items, overview = workbook["Indsatser"], workbook["Oversigt"]
    rows = {row[3].value: row for row in _item_rows(items)}
    last = export.FIRST_ROW + len(rows) - 1

    seniors = rows["Indsats for udsatte og ensomme seniorer"]
    # The later years are not stated: empty cells, never 0.
    assert [cell.value for cell in seniors[11:15]] == [600_000, None, None, None]
    assert seniors[16].value == "Ukendt beløb i: 2020, 2021, 2022"
    no_amount = rows["Styrket ligebehandling på boligmarkedet"]
    assert [cell.value for cell in no_amount[11:15]] == [None] * 4
    assert no_amount[16].value == (
        "Intet beløb i kataloget. Ukendt beløb i: 2019, 2020, 2021, 2022"
    )
    conditional = rows["Beskæftigelsesforløb i samarbejde med civilsamfundet"]
    assert [cell.value for cell in conditional[11:15]] == ["betinget"] * 4
    assert conditional[16].value == "Betinget – se Betaling ved resultat nedenfor"

    # The marked sections, below the summed rows.
    column_a = {cell.value: cell.row for cell in items["A"] if isinstance(cell.value, str)}
    for heading in (
        "Uden beløb i kataloget",
        "Efterfølgende år ikke oplyst",
        "Betaling ved resultat (betinget)",
    ):
        assert column_a[heading] > last + 1
        assert items[f"A{column_a[heading]}"].font.bold
        assert items[f"A{column_a[heading]}"].fill.fgColor.rgb.endswith("FCE4D6")
    section = column_a["Betaling ved resultat (betinget)"]
    assert items[f"G{section + 2}"].value == "Betingelse for betaling"
    assert items[f"P{section + 2}"].value == "Betinget beløb"
    money = section + 3
    assert items[f"D{money}"].value == "Beskæftigelsesforløb i samarbejde med civilsamfundet"
    assert items[f"G{money}"].value == "10 kvinder kommer i ordinær beskæftigelse i et helt år"
    assert items[f"P{money}"].value == 1_300_000
    assert items[f"P{money}"].number_format == KRONER_FORMAT
    assert _row_labelled(items, "I alt, betinget")[15].value == f"=SUM(P{money}:P{money})"
    summary = _row_labelled(overview, "Betinget betaling ved resultat (ikke med i summerne)")
    assert summary[5].value == f"=SUM(Indsatser!$P${money}:$P${money})"
    no_amount_section = column_a["Uden beløb i kataloget"]
    assert items[f"D{no_amount_section + 3}"].value == "Styrket ligebehandling på boligmarkedet"

    # A total that leaves something out says so: a live count and a note beside it.
    total = _row_labelled(overview, "Udgifter i alt")
    count = _row_labelled(overview, "Indsatser uden kendt beløb (antal, ikke med)")
    note = total[6].value
    assert note.startswith(f"=IF(F{count[0].row}=0,")
    assert '"Mindst – "&F' in note
    assert "indsatser uden kendt beløb er ikke med" in note
    assert "uden kendt beløb er ikke med" in _row_labelled(overview, "Ældre")[6].value


def test_text_that_looks_like_a_formula_stays_text(make_plan, member, member_client):
    Initiative.objects.filter(title="Fritidsjob").update(
        title="=1+1 Fritidsjob",
        description="@SUM(1)",
        target_group_text="-200 unge",
        effect="+45 procent",
    )
    plan = make_plan(
        member, name=HYPERLINK, titles=["=1+1 Fritidsjob", "Anonymiseret rekruttering"]
    )
    PlanItem.objects.filter(plan=plan).update(note=HYPERLINK)

    content = _export(member_client, plan).content
    workbook = load_workbook(io.BytesIO(content))
    found = {}
    for sheet in workbook:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value in (
                    HYPERLINK,
                    "=1+1 Fritidsjob",
                    "@SUM(1)",
                    "-200 unge",
                    "+45 procent",
                ):
                    assert cell.data_type == "s", (sheet.title, cell.coordinate)
                    found.setdefault(cell.value, []).append(f"{sheet.title}!{cell.coordinate}")
    assert len(found[HYPERLINK]) == 1 + 2 + 1 + 1  # name ×3 sheets, two notes
    assert "Indsatser!D5" in found["=1+1 Fritidsjob"] or "Indsatser!D6" in found["=1+1 Fritidsjob"]
    assert found["@SUM(1)"] and found["-200 unge"] and found["+45 procent"]
    # And in the file itself: no formula holds the text, only the cells' strings do.
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                xml = archive.read(name).decode()
                formulas = re.findall(r"<f>(.*?)</f>", xml)
                assert not [f for f in formulas if "HYPERLINK" in f or "1+1" in f], name
    # The print header and the properties hold the name as plain text.
    assert workbook["Oversigt"].oddHeader.center.text == HYPERLINK
    assert workbook.properties.title == HYPERLINK


def test_control_characters_and_ampersands_do_not_break_the_file(make_plan, member, member_client):
    plan = make_plan(member, name="Job\x0b & skole\x01", titles=["Fritidsjob"])
    workbook = _workbook(member_client, plan)
    assert workbook["Oversigt"]["A1"].value == "Job & skole"
    assert workbook.properties.title == "Job & skole"
    # In a print header "&" starts a code: "&&" prints one.
    assert workbook["Indsatser"].oddHeader.center.text == "Job  && skole "


# --- The texts ----------------------------------------------------------------------


def test_texts_sheet_holds_the_full_texts_wrapped(make_plan, member, member_client):
    long_text = " ".join(f"Sætning nummer {n} om indsatsen, med æ, ø og å." for n in range(150))
    Initiative.objects.filter(title="Anonymiseret rekruttering").update(description=long_text)
    plan = make_plan(member, titles=["Anonymiseret rekruttering", "Fritidsjob"])
    sheet = _workbook(member_client, plan)["Tekster"]
    rows = list(sheet.iter_rows(min_row=export.FIRST_ROW))
    fritidsjob = Initiative.objects.get(title="Fritidsjob")
    row = next(row for row in rows if row[2].value == "Fritidsjob")
    assert [cell.value for cell in row[3:6]] == [
        fritidsjob.description,
        fritidsjob.inspiration,
        fritidsjob.effect,
    ]
    assert all(cell.alignment.wrap_text for cell in row[1:6])
    assert sheet.row_dimensions[row[0].row].height > 15
    # A text longer than Excel's tallest row goes on in the next rows, "(fortsat)".
    pieces = [row for row in rows if str(row[2].value).startswith("Anonymiseret rekruttering")]
    assert len(pieces) > 1
    assert pieces[1][2].value == "Anonymiseret rekruttering (fortsat)"
    assert " ".join(row[3].value for row in pieces) == long_text
    assert all(sheet.row_dimensions[row[0].row].height <= 409 for row in pieces)


def test_texts_are_read_through_one_function(make_plan, member, member_client, monkeypatch):
    """The adopted plan's frozen texts replace the catalogue's in one place: _texts."""
    plan = make_plan(member, titles=["Fritidsjob"])
    frozen = export.Texts(
        title="Fritidsjob (vedtaget)",
        description="Vedtaget beskrivelse",
        inspiration="Vedtaget inspiration",
        effect="Vedtaget effekt",
        target_group="Vedtaget målgruppe",
        target_unit="unge",
        unit_name="",
        success_condition="",
    )
    monkeypatch.setattr(export, "_texts", lambda item: frozen)
    workbook = _workbook(member_client, plan)
    item = _item_rows(workbook["Indsatser"])[0]
    assert (item[3].value, item[6].value) == ("Fritidsjob (vedtaget)", "Vedtaget målgruppe")
    texts = list(workbook["Tekster"].iter_rows(min_row=export.FIRST_ROW, values_only=True))
    assert texts[0][2:6] == (
        "Fritidsjob (vedtaget)",
        "Vedtaget beskrivelse",
        "Vedtaget inspiration",
        "Vedtaget effekt",
    )


def test_an_empty_plan_exports_with_valid_formulas(make_plan, member, member_client):
    plan = make_plan(member, name="Tom")
    workbook = _workbook(member_client, plan)
    items = workbook["Indsatser"]
    # The formulas cover one empty row; the message is below it, outside their range.
    assert all(cell.value is None for cell in items[5])
    assert items["D6"].value == "Handleplanen har ingen indsatser."
    assert items.auto_filter.ref == "A4:R5"
    overview = workbook["Oversigt"]
    assert _row_labelled(overview, "Udgifter i alt")[1].value == "=SUM(Indsatser!$L$5:$L$5)"
    assert _row_labelled(overview, "Indsatser")[1].value == "=COUNTA(Indsatser!$D$5:$D$5)"


def test_the_summary_shows_the_plans_status(member_client, plan):
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.PROPOSED)
    overview = _workbook(member_client, plan)["Oversigt"]
    assert _row_labelled(overview, "Status")[1].value == "Foreslået"


# --- The page, access and queries ---------------------------------------------------


def test_plan_page_links_to_the_export(member_client, plan):
    response = member_client.get(plan.get_absolute_url())
    url = reverse("prioritisation:plan_export", args=[plan.pk])
    assert f'href="{url}"' in response.content.decode()
    assert "Hent som Excel" in response.content.decode()


def test_another_member_gets_404(client, other_member, plan):
    client.force_login(other_member)
    assert client.get(reverse("prioritisation:plan_export", args=[plan.pk])).status_code == 404


def test_a_reader_gets_404(client, reader, plan):
    client.force_login(reader)
    assert client.get(reverse("prioritisation:plan_export", args=[plan.pk])).status_code == 404


def test_a_visitor_is_sent_to_log_in(client, plan):
    response = client.get(reverse("prioritisation:plan_export", args=[plan.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_deleted_plan_is_not_exported(member_client, plan):
    Plan.objects.filter(pk=plan.pk).update(deleted_at=timezone.now())
    response = member_client.get(reverse("prioritisation:plan_export", args=[plan.pk]))
    assert response.status_code == 404


def _plan_of(owner, catalogue, count):
    plan = Plan.objects.create(
        owner=owner, catalogue=catalogue, name=f"{count} indsatser", first_year=2019, last_year=2022
    )
    for initiative in Initiative.objects.in_catalogue(catalogue).order_by("pk")[:count]:
        PlanItem.for_initiative(initiative, plan=plan, start_year=2019, end_year=2022).save()
    Allocation.objects.create(plan=plan, year=2019, amount=1_000_000)
    return plan


@pytest.mark.parametrize("count", [5, 25])
def test_queries_do_not_grow_with_the_items(
    member, member_client, django_assert_num_queries, count
):
    catalogue = make_catalogue(initiatives=30)
    plan = _plan_of(member, catalogue, count)
    url = reverse("prioritisation:plan_export", args=[plan.pk])
    # The session, the user, the plan (owner in the query, with its catalogue), its items
    # (with initiative, focus area and goal), its allocations.
    with django_assert_num_queries(4 + SESSION_READ):
        response = member_client.get(url)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content))["Indsatser"]
    assert len(_item_rows(sheet)) == count
    assert sheet.auto_filter.ref == f"A4:R{4 + count}"


def test_column_letters_follow_the_plans_period(make_plan, member, member_client):
    """A shorter period: fewer year columns, and the formulas follow."""
    plan = make_plan(member, titles=["Fritidsjob"], first_year=2020, last_year=2021)
    workbook = _workbook(member_client, plan)
    columns = _columns(workbook["Indsatser"])
    assert [columns[2020], columns[2021], columns["I alt"]] == ["L", "M", "N"]
    assert workbook["Indsatser"].auto_filter.ref == f"A4:{get_column_letter(16)}5"
    total = _row_labelled(workbook["Oversigt"], "Udgifter i alt")
    assert [cell.value for cell in total[1:4]] == [
        "=SUM(Indsatser!$L$5:$L$5)",
        "=SUM(Indsatser!$M$5:$M$5)",
        "=SUM(B14:C14)",
    ]


def test_a_shared_plan_is_exported_for_a_reader_with_its_adopted_texts(
    client, plan, reader, administrator
):
    from catalogue.models import Initiative
    from prioritisation import changes

    changes.share_plan(plan)
    changes.adopt_plan(plan, by=administrator)
    Initiative.objects.filter(title="Fritidsjob").update(title="Fritidsjob (omdøbt)")
    client.force_login(reader)
    workbook = _workbook(client, plan)
    cells = {value for row in workbook["Indsatser"].iter_rows(values_only=True) for value in row}
    assert "Fritidsjob" in cells  # the title it was adopted with
    assert "Fritidsjob (omdøbt)" not in cells


# --- Udvalgets eget beløb and the scale ------------------------------------------------


def _own_amount_plan(make_plan, member):
    plan = make_plan(
        member,
        titles=[
            "Anonymiseret rekruttering",
            "Håndholdt og kontinuerlig virksomhedsindsats",
            "Indsats for udsatte og ensomme seniorer",
            "Styrket ligebehandling på boligmarkedet",
        ],
    )
    plan.items.filter(initiative__title__startswith="Håndholdt").update(
        scale_by="amount", scale_amount=3_300_000
    )
    plan.items.filter(initiative__title__startswith="Indsats for udsatte").update(
        own_later_year_amount=400_000
    )
    plan.items.filter(initiative__title__startswith="Styrket ligebehandling").update(
        own_first_year_amount=1_000_000, own_later_year_amount=800_000
    )
    return plan


def test_own_amounts_are_marked_and_counted(make_plan, member, member_client):
    plan = _own_amount_plan(make_plan, member)
    workbook = _workbook(member_client, plan)
    items, overview = workbook["Indsatser"], workbook["Oversigt"]
    columns = _columns(items)
    assert "Ukendt, betinget eller udvalgets eget beløb" in columns
    rows = {row[3].value: row for row in _item_rows(items)}
    last = export.FIRST_ROW + len(rows) - 1

    housing = rows["Styrket ligebehandling på boligmarkedet"]
    assert [cell.value for cell in housing[11:15]] == [1_000_000, 800_000, 800_000, 800_000]
    # Numbers in the sums, but marked: their own style and the words beside them.
    for cell in housing[11:15]:
        assert cell.style == export.OWN_MONEY
        assert cell.font.italic and cell.fill.fgColor.rgb.endswith("FFF2CC")
        assert cell.number_format == KRONER_FORMAT
    assert housing[16].value == "Udvalgets eget beløb i: 2019, 2020, 2021, 2022"
    seniors = rows["Indsats for udsatte og ensomme seniorer"]
    assert [cell.value for cell in seniors[11:15]] == [600_000, 400_000, 400_000, 400_000]
    assert seniors[11].style == export.MONEY  # the catalogue's first year
    assert [cell.style for cell in seniors[12:15]] == [export.OWN_MONEY] * 3
    assert seniors[16].value == "Udvalgets eget beløb i: 2020, 2021, 2022"
    # The scale as the page writes it.
    handheld = rows["Håndholdt og kontinuerlig virksomhedsindsats"]
    assert handheld[7].value == "3.300.000 kr. om året"
    assert [cell.value for cell in handheld[11:15]] == [3_300_000] * 4
    assert handheld[11].style == export.MONEY
    # Nothing is left out: no "no amount" section, and none of the later years unknown.
    column_a = {cell.value: cell.row for cell in items["A"] if isinstance(cell.value, str)}
    assert "Uden beløb i kataloget" not in column_a
    assert "Efterfølgende år ikke oplyst" not in column_a

    # Their own section below the summed rows, whose cells refer to the item rows.
    section = column_a["Udvalgets eget beløb"]
    assert section > last + 1
    listed = {items[f"D{row}"].value: row for row in range(section + 3, section + 5)}
    assert set(listed) == {
        "Indsats for udsatte og ensomme seniorer",
        "Styrket ligebehandling på boligmarkedet",
    }
    seniors_row = listed["Indsats for udsatte og ensomme seniorer"]
    assert items[f"L{seniors_row}"].value is None  # the first year is the catalogue's
    assert items[f"M{seniors_row}"].value == f"=M{seniors[0].row}"
    housing_row = listed["Styrket ligebehandling på boligmarkedet"]
    assert [items[f"{c}{housing_row}"].value for c in "LMNO"] == [
        f"={c}{housing[0].row}" for c in "LMNO"
    ]
    # On "Oversigt": how much of each total is the committee's own, summed from there.
    first, end = min(listed.values()), max(listed.values())
    own = _row_labelled(overview, "Heraf udvalgets eget beløb (med i summerne)")
    assert [cell.value for cell in own[1:5]] == [
        f"=SUM(Indsatser!${c}${first}:${c}${end})" for c in "LMNO"
    ]
    assert own[5].value == f"=SUM(B{own[0].row}:E{own[0].row})"


def test_no_own_amount_no_own_rows(member_client, plan):
    workbook = _workbook(member_client, plan)
    labels = {row[0].value for row in workbook["Oversigt"].iter_rows()}
    assert "Heraf udvalgets eget beløb (med i summerne)" not in labels
