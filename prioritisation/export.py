"""A plan as an Excel workbook, for the finance department and the committee's papers.

Three sheets:

- "Oversigt": the plan's facts and every total (per year, establishment and running,
  by pejlemærke and fokusområde, what is left under the ceiling and each earmark), all
  live formulas over the item rows of "Indsatser": an amount changed in Excel flows
  through every total.
- "Indsatser": a row per item with a column per year; below, in their own marked
  sections, the items with no amount, those whose later years are not stated, and the
  pay-for-success money, none of it inside the summed ranges, and the committee's own
  amounts (udvalgets eget beløb), as formulas over their item rows.
- "Tekster": the full texts of every chosen initiative, wrapped, for the papers.

Every amount in an item row is ``prioritisation.budget``'s; nothing here computes
money. A year cell of an item holds its cost (a number), nothing (the cost is not
known: never 0), "–" (the item does not run that year) or "betinget" (pay-for-success
money, which is never a cost). SUM and SUMIFS skip the text; an unknown cell is
counted with ``cell=""``, so every total that leaves something out says so next to it.
A cost that is udvalgets eget beløb is a number like any other, counted in the sums,
and marked: its own cell style, the words in the item's remark column, and its own
section, whose cells refer to the item's, summed on "Oversigt" as "Heraf udvalgets
eget beløb".

All text goes through ``common.spreadsheet.text_cell``: a plan name, note or
catalogue text beginning with = + - @ is stored as text, never as a formula.

Speed (bench/export_plan.py): a sheet's rows are built in full before they are written,
because the column widths must fit them; then they go out in openpyxl's write-only mode,
which with lxml installed measured faster than its normal mode and needs a third of the
memory (some 5 MB for 1,000 items). The styles are named styles,
and a cell gets its style's whole array at once instead of a look-up per attribute;
the item rows style only the cells that need it. openpyxl writes faster with lxml.
"""

import io
import math
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from catalogue.models import Initiative
from common.spreadsheet import KRONER_FORMAT, text_cell

from . import scaling
from .budget import plan_budget

Kind = Initiative.FinancingKind

# Money left under a ceiling or earmark: red when negative (over).
LEFT_FORMAT = f"{KRONER_FORMAT};[Red]-{KRONER_FORMAT}"
DATE_FORMAT = "dd-mm-yyyy"

HEADER_ROW = 4  # on "Indsatser" and "Tekster": title, subtitle, a blank row, the headers
FIRST_ROW = HEADER_ROW + 1
LINE_HEIGHT = 15  # points, for Calibri 11
MAX_ROW_HEIGHT = 409  # Excel's limit
MONEY_WIDTH = 15


# --- Styles --------------------------------------------------------------------------
# Named styles (they show in Excel's cell styles); see _Rows for how cells get them.

TEXT = "Handleplan: tekst"
BOLD_TEXT = "Handleplan: fed tekst"
TITLE = "Handleplan: titel"
NOTE = "Handleplan: bemærkning"
INDENTED = "Handleplan: indrykket"
HEADER = "Handleplan: overskrift"
SECTION = "Handleplan: afsnit"
RIGHT = "Handleplan: højrestillet"
NUMBER = "Handleplan: tal"
MONEY = "Handleplan: beløb"
MONEY_SUM = "Handleplan: beløb, sum"
LEFT = "Handleplan: tilbage"
COUNT = "Handleplan: antal"
OWN_MONEY = "Handleplan: udvalgets eget beløb"
DATE = "Handleplan: dato"

_WRAP = {"wrap_text": True}
_STYLES = {
    TEXT: {"alignment": _WRAP},
    BOLD_TEXT: {"font": {"bold": True}, "alignment": _WRAP},
    TITLE: {"font": {"bold": True, "size": 14}},
    NOTE: {"font": {"italic": True}, "alignment": _WRAP},
    INDENTED: {"alignment": {"indent": 1, **_WRAP}},
    HEADER: {
        "font": {"bold": True},
        "fill": "DDEBF7",
        "alignment": {"wrap_text": True, "vertical": "bottom"},
    },
    SECTION: {"font": {"bold": True}, "fill": "FCE4D6"},
    RIGHT: {"alignment": {"horizontal": "right"}},
    NUMBER: {"alignment": {"horizontal": "left"}},
    MONEY: {"number_format": KRONER_FORMAT},
    MONEY_SUM: {"number_format": KRONER_FORMAT, "font": {"bold": True}},
    OWN_MONEY: {"number_format": KRONER_FORMAT, "font": {"italic": True}, "fill": "FFF2CC"},
    LEFT: {"number_format": LEFT_FORMAT},
    COUNT: {"font": {"italic": True}},
    DATE: {"number_format": DATE_FORMAT, "alignment": {"horizontal": "left"}},
}


def _add_styles(workbook) -> dict[str, StyleArray]:
    """Add the named styles to the workbook; returns their style arrays by name."""
    arrays = {}
    for name, spec in _STYLES.items():
        style = NamedStyle(name=name)
        if "font" in spec:
            style.font = Font(**spec["font"])
        if "fill" in spec:
            style.fill = PatternFill("solid", fgColor=spec["fill"])
        if "alignment" in spec:
            style.alignment = Alignment(**spec["alignment"])
        if "number_format" in spec:
            style.number_format = spec["number_format"]
        workbook.add_named_style(style)
        arrays[name] = style.as_tuple()
    return arrays


# --- What the export reads of an item ------------------------------------------------


@dataclass(frozen=True)
class Texts:
    """An item's texts as the export shows them."""

    title: str
    description: str
    inspiration: str
    effect: str
    target_group: str
    target_unit: str
    unit_name: str
    success_condition: str


def _texts(item) -> Texts:
    """The item's texts. The one place the export reads them: as the plan shows them,
    frozen on the day of adoption for an adopted plan, else the catalogue's own."""
    return Texts(
        title=item.text("title"),
        description=item.text("description"),
        inspiration=item.text("inspiration"),
        effect=item.text("effect"),
        target_group=item.text("target_group_text"),
        target_unit=item.text("target_unit"),
        unit_name=item.text("unit_name"),
        success_condition=item.text("success_condition"),
    )


def _owner_name(plan) -> str:
    owner = plan.owner
    return owner.get_full_name() or owner.get_username()


# --- Entry points --------------------------------------------------------------------


def plan_xlsx(plan, *, today) -> bytes:
    """The plan's workbook, from the plan page's loader (``Plan.budget_rows``).
    Reads ``plan.owner`` and ``plan.catalogue`` (load them with the plan)."""
    items, allocations = plan.budget_rows()
    budget = plan_budget(plan=plan, items=items, allocations=allocations)
    return plan_workbook(plan, budget, today=today)


_NOT_IN_FILE_NAMES = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')


def export_filename(plan, *, today, extension: str = "xlsx") -> str:
    """ "Handleplan – Job og skole – 2026-11-25.xlsx": æ, ø, å kept; characters that a
    file name cannot hold on Windows, macOS or Linux left out. The committee papers use
    it with "pdf" and "docx"."""
    return file_name(_("Handleplan"), plan.name, today=today, extension=extension)


def file_name(kind: str, name: str, *, today, extension: str) -> str:
    """ "<kind> – <name> – <date>.<extension>", the name cleaned as above."""
    name = _NOT_IN_FILE_NAMES.sub(" ", name)
    name = re.sub(r"\s+", " ", name).strip(" .")[:120].strip(" .")
    parts = [kind, name, f"{today:%Y-%m-%d}"]
    return " – ".join(part for part in parts if part) + f".{extension}"


def plan_workbook(plan, budget, *, today, write_only: bool = True) -> bytes:
    """The workbook of ``plan`` with ``budget`` (``budget.plan_budget``'s result).

    Written in openpyxl's write-only mode; ``write_only=False`` writes the same workbook
    in its normal mode, only for the benchmark's comparison (bench/export_plan.py).
    """
    workbook = Workbook(write_only=write_only)
    if not write_only:
        workbook.remove(workbook.active)
    styles = _add_styles(workbook)
    owner = _xml_text(_owner_name(plan))
    workbook.properties.title = _xml_text(plan.name)
    workbook.properties.subject = _xml_text(
        _("Handleplan, %(catalogue)s") % {"catalogue": plan.catalogue.title}
    )
    workbook.properties.creator = owner
    workbook.properties.lastModifiedBy = owner
    workbook.properties.keywords = _("Handleplan")
    # Excel computes every formula on opening (openpyxl stores no results).
    workbook.calculation.fullCalcOnLoad = True

    overview = workbook.create_sheet(_("Oversigt"))
    items_sheet = workbook.create_sheet(_("Indsatser"))
    texts_sheet = workbook.create_sheet(_("Tekster"))

    words = _Words()
    layout = _Items(items_sheet.title, budget.years, len(budget.items))
    texts = {entry.item.pk: _texts(entry.item) for entry in budget.items}
    item_rows, sections = _items_rows(
        _Rows(items_sheet, styles), plan, budget, layout, texts, words
    )
    overview_rows = _overview_rows(
        _Rows(overview, styles), plan, budget, layout, sections, today=today
    )
    text_rows = _texts_rows(_Rows(texts_sheet, styles), plan, budget, texts)

    # In write-only mode a sheet's properties, panes and widths go out with its first
    # row; so everything is set before any row is written.
    _print_setup(overview, plan.name)
    for sheet in (items_sheet, texts_sheet):
        _print_setup(sheet, plan.name, title_rows=f"{HEADER_ROW}:{HEADER_ROW}")
        sheet.freeze_panes = f"A{FIRST_ROW}"
    items_sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(layout.width)}{layout.last}"
    texts_sheet.auto_filter.ref = f"A{HEADER_ROW}:F{max(text_rows.next - 1, FIRST_ROW)}"

    for rows in (overview_rows, item_rows, text_rows):
        rows.write()

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- Cells, formulas, layout ---------------------------------------------------------


def _formula_text(text: str) -> str:
    """A string literal inside a formula."""
    return '"' + text.replace('"', '""') + '"'


def _minimum_note(count: str) -> str:
    """A formula for "Mindst – 2 indsatser uden kendt beløb er ikke med", or "" when
    ``count`` (a formula expression) is 0."""

    def says(number):
        text = _("Mindst – %(caveat)s") % {
            "caveat": ngettext(
                "%(count)s indsats uden kendt beløb er ikke med",
                "%(count)s indsatser uden kendt beløb er ikke med",
                number,
            )
        }
        before, _marker, after = text.partition("%(count)s")
        return f"{_formula_text(before)}&{count}&{_formula_text(after)}"

    return f'=IF({count}=0,"",IF({count}=1,{says(1)},{says(2)}))'


def _left_note(year_columns, row: int, unknown_count: str) -> str:
    """Over the limit in some year; or, with unknown amounts, "at most"."""
    cells = f"{year_columns[0]}{row}:{year_columns[-1]}{row}"
    over = _formula_text(_("Over i mindst ét år: et negativt beløb er overskridelsen."))
    at_most = _formula_text(_("Højst: summerne er mindstebeløb."))
    return f'=IF(COUNTIF({cells},"<0")>0,{over},IF({unknown_count}>0,{at_most},""))'


def _sheet_reference(title: str) -> str:
    """The sheet's name as a formula writes it: quoted only where it must be."""
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", title):
        return title
    return quote_sheetname(title)


class _Items:
    """Where things are on "Indsatser", and formulas over its item rows."""

    def __init__(self, sheet_title: str, years, item_count: int):
        self.sheet_title = sheet_title
        self.sheet = _sheet_reference(sheet_title)
        self.years = tuple(years)
        self.first = FIRST_ROW
        # An empty plan still has one (empty) row, so every range is a valid range.
        self.last = FIRST_ROW + max(item_count, 1) - 1
        self.goal, self.area_number, self.area, self.title = "A", "B", "C", "D"
        self.starred, self.novelty, self.target, self.scale = "E", "F", "G", "H"
        self.kind, self.start, self.end = "I", "J", "K"
        first_year_index = 12
        self.year = {
            year: get_column_letter(first_year_index + i) for i, year in enumerate(self.years)
        }
        self.total_index = first_year_index + len(self.years)
        self.total = get_column_letter(self.total_index)
        self.marker = get_column_letter(self.total_index + 1)
        self.note = get_column_letter(self.total_index + 2)
        self.width = self.total_index + 2

    def range(self, column: str, *, sheet: bool = True) -> str:
        cells = f"${column}${self.first}:${column}${self.last}"
        return f"{self.sheet}!{cells}" if sheet else cells

    def sum(self, year: int) -> str:
        return f"=SUM({self.range(self.year[year])})"

    def establishment(self, year: int) -> str:
        """The costs in the items' start year: the first-year (establishment) costs."""
        return f"=SUMIFS({self.range(self.year[year])},{self.range(self.start)},{year})"

    def group_sum(self, year: int, goal: int, area: int | None = None) -> str:
        formula = f"=SUMIFS({self.range(self.year[year])},{self.range(self.goal)},{goal}"
        if area is not None:
            formula += f",{self.range(self.area_number)},{area}"
        return formula + ")"

    def where(self, goal: int | None = None, area: int | None = None) -> str:
        """A SUMPRODUCT factor: 1 for the item rows of the goal (and area), or all."""
        if goal is None:
            return f'({self.range(self.title)}<>"")'
        factor = f"({self.range(self.goal)}={goal})"
        if area is not None:
            factor += f"*({self.range(self.area_number)}={area})"
        return factor

    def unknown_in_year(self, year: int, where: str) -> str:
        """How many items have an unknown cost in ``year``: their year cell is empty."""
        return f'SUMPRODUCT(({self.range(self.year[year])}="")*{where})'

    def unknown_in_period(self, where: str) -> str:
        """How many items have an unknown cost in at least one year."""
        blanks = "+".join(f'({self.range(column)}="")' for column in self.year.values())
        return f"SUMPRODUCT((({blanks})>0)*{where})"


def _lines(text, width: float) -> int:
    """How many lines ``text`` takes wrapped in a column ``width`` characters wide."""
    if not text:
        return 1
    per_line = max(width - 1, 1)
    return sum(max(1, math.ceil(len(line) / per_line)) for line in str(text).split("\n"))


def _height(lines: int) -> float | None:
    """A row height for ``lines`` lines; None (Excel's own) for one."""
    if lines <= 1:
        return None
    return min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT + 2)


def _fit(values, *, minimum: int, maximum: int) -> int:
    """A column width that fits the longest value, within bounds."""
    longest = max(
        (len(line) for value in values if value for line in str(value).split("\n")), default=0
    )
    return max(minimum, min(maximum, longest + 2))


_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _xml_text(text: str) -> str:
    """Text for the document's properties: without the control characters XML forbids
    (the cells' text is cleaned by text_cell)."""
    return _NOT_IN_XML.sub("", text)


def _header_text(text: str) -> str:
    """Text for a print header or footer: one line, and "&" starts a code there."""
    return re.sub(r"[\x00-\x1f]", " ", text).replace("&", "&&")[:100]


def _print_setup(sheet, plan_name: str, *, title_rows: str | None = None) -> None:
    """Landscape A4 fitted to the page width, the plan's name above, page numbers below."""
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as it takes
    sheet.oddHeader.center.text = _header_text(plan_name)
    sheet.oddFooter.center.text = _("Side &P af &N")
    if title_rows:
        sheet.print_title_rows = title_rows


def _set_widths(sheet, widths) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


class _Rows:
    """A sheet's rows, built before they are written, so that the column widths can fit
    them (and, in write-only mode, go out before the first row); and its cells.

    A cell takes its named style's whole style array at once (openpyxl's ``Cell`` takes
    one): assigning the style by name costs a look-up per cell, and a 1,000-item plan
    has some 15,000 styled cells (bench/export_plan.py: about a fifth of the time).
    """

    def __init__(self, sheet, styles: dict[str, StyleArray]):
        self.sheet = sheet
        self.styles = styles
        self.rows: list[list] = []
        self.heights: dict[int, float] = {}

    def value(self, value, style: str | None = None) -> Cell:
        """A number, date or formula (a str beginning with "="), in a named style."""
        style_array = self.styles[style] if style else None
        # Row and column as WriteOnlyCell gives them; append() sets the real ones.
        return Cell(self.sheet, row=1, column=1, value=value, style_array=style_array)

    def text(self, value, style: str | None = None) -> Cell:
        """Text, never a formula (common.spreadsheet.text_cell), in a named style."""
        if style is None:
            return text_cell(self.sheet, value)
        return text_cell(self.sheet, value, _style=StyleArray(self.styles[style]))

    def optional(self, value, style: str = TEXT) -> Cell | None:
        """Text in a named style (wrapped by default), or no cell for no text."""
        return self.text(value, style) if value else None

    @property
    def next(self) -> int:
        return len(self.rows) + 1

    def add(self, cells=(), *, height: float | None = None) -> int:
        self.rows.append(list(cells))
        if height:
            self.heights[len(self.rows)] = height
        return len(self.rows)

    def write(self) -> None:
        dimensions = self.sheet.row_dimensions
        for number, row in enumerate(self.rows, start=1):
            if number in self.heights:
                dimensions[number].height = self.heights[number]
            self.sheet.append(row)


class _Words:
    """The words written on every row, translated once."""

    def __init__(self):
        self.yes, self.no = _("Ja"), _("Nej")
        self.dash, self.conditional = _("–"), _("betinget")
        self.novelty = {value: str(label) for value, label in Initiative.Novelty.choices}
        self.kind = {value: str(label) for value, label in Kind.choices}
        self.see_conditional = _("Betinget – se Betaling ved resultat nedenfor")
        self.unknown = _("Ukendt beløb i: %(years)s")
        self.no_amount = _("Intet beløb i kataloget. %(unknown)s")
        self.own = _("Udvalgets eget beløb i: %(years)s")

    def scale(self, entry, texts: Texts) -> str:
        """The chosen scale, as the plan page writes it (``scaling.describe_scale``)."""
        return scaling.describe_scale(entry.item)

    def marker(self, entry) -> str:
        """What the year cells leave out: unknown years, or conditional money."""
        if entry.is_conditional:
            return self.see_conditional
        parts = []
        if entry.unknown_years:
            text = self.unknown % {"years": ", ".join(str(year) for year in entry.unknown_years)}
            if entry.has_no_amount:
                text = self.no_amount % {"unknown": text}
            parts.append(text)
        if entry.own_amount_years:
            parts.append(self.own % {"years": ", ".join(map(str, entry.own_amount_years))})
        return ". ".join(parts)


# --- "Indsatser" ---------------------------------------------------------------------


@dataclass
class _Sections:
    """Rows on "Indsatser" that the summary refers to."""

    conditional_first: int | None = None
    conditional_last: int | None = None
    own_first: int | None = None
    own_last: int | None = None


def _items_rows(rows, plan, budget, layout: _Items, texts: dict, words: _Words):
    sheet = rows.sheet
    years = budget.years
    headers = [
        _("Pejlemærke"),
        _("Fokusområde nr."),
        _("Fokusområde"),
        _("Indsats"),
        _("Stjernemarkeret"),
        _("Ny eller videreført"),
        _("Målgruppe"),
        _("Valgt omfang"),
        _("Finansieringsform"),
        _("Startår"),
        _("Slutår"),
        *years,
        _("I alt"),
        _("Ukendt, betinget eller udvalgets eget beløb"),
        _("Note"),
    ]

    # Every item's values first: the widths must fit them before the first row.
    values = []
    for entry in budget.items:
        item, text = entry.item, texts[entry.item.pk]
        area = entry.initiative.focus_area
        values.append(
            (
                area.goal.number,
                area.number,
                area.title,
                text.title,
                words.yes if entry.initiative.starred else words.no,
                words.novelty.get(entry.initiative.novelty, entry.initiative.novelty),
                text.target_group,
                words.scale(entry, text),
                words.kind.get(item.agreed_financing_kind, ""),
                item.start_year,
                item.end_year,
                words.marker(entry),
                item.note,
            )
        )
    bounds = [(10, 11), (11, 12), (16, 28), (24, 40), (13, 15), (12, 16), (16, 30), (14, 24)]
    bounds += [(14, 24), (8, 8), (8, 8)]
    widths = [
        _fit([row[i] for row in values], minimum=low, maximum=high)
        for i, (low, high) in enumerate(bounds)
    ]
    widths += [MONEY_WIDTH] * len(years) + [MONEY_WIDTH + 1]
    widths += [
        _fit([row[11] for row in values], minimum=16, maximum=30),
        _fit([row[12] for row in values], minimum=12, maximum=45),
    ]
    _set_widths(sheet, widths)
    marker_width, note_width = widths[-2], widths[-1]

    rows.add([rows.text(plan.name, style=TITLE)])
    subtitle = _(
        "Indsatser i handleplanen, %(period)s. Beløb i kr. pr. år. Tomt felt: ukendt beløb "
        "(ikke 0). –: indsatsen kører ikke i året. Kursiv på gult: udvalgets eget beløb, "
        "ikke katalogets."
    ) % {"period": plan.period_label}
    rows.add([rows.text(subtitle, style=NOTE)])
    rows.add()
    rows.add(
        [
            rows.value(header, HEADER)
            if isinstance(header, int)
            else rows.text(header, style=HEADER)
            for header in headers
        ],
        height=_height(max(_lines(str(h), widths[i]) for i, h in enumerate(headers))),
    )

    # The item rows: the most cells, so only what needs a style has one. Numbers and
    # the export's own words (Ja, Nej, –, the choices' labels) are plain values; text
    # from the plan or the catalogue goes through text_cell.
    year_columns = [layout.year[year] for year in years]
    for entry, row in zip(budget.items, values, strict=True):
        number = rows.next
        cells = [
            row[0],
            row[1],
            rows.optional(row[2]),
            rows.optional(row[3]),
            row[4],
            row[5],
            rows.optional(row[6]),
            rows.optional(row[7]),
            row[8],
            row[9],
            row[10],
        ]
        for cost in entry.costs:
            if not cost.runs:
                cells.append(words.dash)
            elif entry.is_conditional:
                cells.append(words.conditional)
            elif cost.amount is None:
                cells.append(None)  # unknown: an empty cell, never 0
            else:
                cells.append(rows.value(cost.amount, OWN_MONEY if cost.is_own_amount else MONEY))
        span = f"{year_columns[0]}{number}:{year_columns[-1]}{number}"
        cells.append(rows.value(f'=IF(COUNT({span})=0,"",SUM({span}))', MONEY))
        cells.append(rows.optional(row[11]))
        cells.append(rows.optional(row[12]))
        lines = max(
            _lines(row[2], widths[2]),
            _lines(row[3], widths[3]),
            _lines(row[6], widths[6]),
            _lines(row[7], widths[7]),
            _lines(row[11], marker_width),
            _lines(row[12], note_width),
        )
        rows.add(cells, height=_height(lines))
    if not budget.items:
        rows.add()  # the one empty row the formulas cover
    assert rows.next - 1 == layout.last

    # The column totals, outside the filtered range.
    if budget.items:
        rows.add()
    else:
        rows.add([None, None, None, rows.text(_("Handleplanen har ingen indsatser."))])
    rows.add(
        [rows.text(_("I alt"), style=BOLD_TEXT)]
        + [None] * 10
        + [
            rows.value(f"=SUM({layout.range(column, sheet=False)})", MONEY_SUM)
            for column in [*year_columns, layout.total]
        ]
        + [rows.value(_minimum_note(layout.unknown_in_period(layout.where())), NOTE)],
        height=_height(2),
    )

    sections = _Sections()
    area_width, title_width, condition_width = widths[2], widths[3], widths[6]

    item_row = {entry.item.pk: layout.first + index for index, entry in enumerate(budget.items)}

    def section(heading, note, entries, *, conditional=False, own=False):
        """A marked section of items; returns the first and last row of its items.
        ``own``: the year cells refer to the item's own-amount cells."""
        rows.add()
        rows.add(
            [rows.text(heading, style=SECTION)]
            + [rows.value(None, SECTION) for _column in range(layout.width - 1)]
        )
        rows.add([rows.text(note, style=NOTE)])
        section_headers = {0: headers[0], 1: headers[1], 2: headers[2], 3: headers[3]}
        section_headers |= {9: headers[9], 10: headers[10]}
        if conditional:
            section_headers[6] = _("Betingelse for betaling")
            section_headers[layout.total_index - 1] = _("Betinget beløb")
        elif own:
            section_headers |= {11 + i: year for i, year in enumerate(years)}
            section_headers[layout.width - 2] = _("Bemærkning")
        else:
            section_headers[layout.width - 2] = _("Ikke med i summerne")
        rows.add(
            [
                None
                if index not in section_headers
                else rows.value(section_headers[index], HEADER)
                if isinstance(section_headers[index], int)
                else rows.text(section_headers[index], style=HEADER)
                for index in range(layout.width)
            ],
            height=_height(2),
        )
        first = rows.next
        for entry in entries:
            item, text = entry.item, texts[entry.item.pk]
            area = entry.initiative.focus_area
            cells = [
                area.goal.number,
                area.number,
                rows.optional(area.title),
                rows.optional(text.title),
                None,
                None,
                rows.optional(text.success_condition) if conditional else None,
                None,
                None,
                item.start_year,
                item.end_year,
            ]
            if own:
                number = item_row[item.pk]
                cells += [
                    rows.value(f"={layout.year[cost.year]}{number}", OWN_MONEY)
                    if cost.is_own_amount
                    else None
                    for cost in entry.costs
                ]
            else:
                cells += [None] * len(years)
            if conditional:
                cells.append(rows.value(entry.conditional_amount, style=MONEY))
            else:
                cells += [None, rows.optional(words.marker(entry))]
            lines = max(
                _lines(text.title, title_width),
                _lines(area.title, area_width),
                _lines(text.success_condition, condition_width) if conditional else 1,
                1 if conditional else _lines(words.marker(entry), marker_width),
            )
            rows.add(cells, height=_height(lines))
        return first, rows.next - 1

    if budget.no_amount:
        section(
            _("Uden beløb i kataloget"),
            _(
                "Kataloget oplyser intet beløb. Indsatserne står ovenfor med tomme felter: "
                "et ukendt beløb er ikke 0, og summerne er mindstebeløb."
            ),
            budget.no_amount,
        )
    if budget.unknown_later_cost:
        section(
            _("Efterfølgende år ikke oplyst"),
            _("Første år er med i summerne; de efterfølgende år er ikke."),
            budget.unknown_later_cost,
        )
    if budget.own_amount:
        first, last = section(
            _("Udvalgets eget beløb"),
            _(
                "Beløb, som udvalget selv har givet, hvor kataloget intet oplyser. De er med i "
                "summerne; felterne her henviser til indsatsens række ovenfor."
            ),
            budget.own_amount,
            own=True,
        )
        sections.own_first, sections.own_last = first, last
    if budget.conditional:
        first, last = section(
            _("Betaling ved resultat (betinget)"),
            _("Betinget: betales kun, hvis resultatet nås. Aldrig med i summerne."),
            budget.conditional,
            conditional=True,
        )
        column = layout.total
        rows.add(
            [rows.text(_("I alt, betinget"), style=BOLD_TEXT)]
            + [None] * (layout.total_index - 2)
            + [rows.value(f"=SUM({column}{first}:{column}{last})", MONEY_SUM)]
        )
        sections.conditional_first, sections.conditional_last = first, last
    return rows, sections


# --- "Oversigt" ----------------------------------------------------------------------


def _overview_rows(rows, plan, budget, layout: _Items, sections: _Sections, *, today):
    sheet = rows.sheet
    years = budget.years
    year_columns = [get_column_letter(2 + i) for i in range(len(years))]
    period = get_column_letter(2 + len(years))
    dash = _("–")

    goal_label = _("Pejlemærke %(number)s: %(title)s")
    labels = [_("Etablering (første års udgifter)"), _("Tilbage af øremærkningen")]
    labels += [goal_label % {"number": g.goal.number, "title": g.goal.title} for g in budget.goals]
    labels += [area.focus_area.title for g in budget.goals for area in g.focus_areas]
    label_width = _fit(labels, minimum=36, maximum=60)
    _set_widths(sheet, [label_width] + [MONEY_WIDTH + 1] * (len(years) + 1) + [50])

    def fact(label, cell):
        rows.add([rows.text(label, style=BOLD_TEXT), cell])

    rows.add([rows.text(plan.name, style=TITLE)])
    rows.add()
    fact(_("Status"), rows.text(plan.get_status_display()))
    fact(_("Ejer"), rows.text(_owner_name(plan)))
    fact(_("Dato"), rows.value(today, DATE))
    fact(_("Periode"), rows.text(plan.period_label))
    fact(_("Katalog"), rows.text(plan.catalogue.title))
    fact(_("Indsatser"), rows.value(f"=COUNTA({layout.range(layout.title)})", NUMBER))
    starred = f"=COUNTIF({layout.range(layout.starred)},{_formula_text(_('Ja'))})"
    fact(_("Heraf stjernemarkerede"), rows.value(starred, NUMBER))
    rows.add()
    explanation = _(
        "Beløb i kr. Alle summer er formler over arket „%(sheet)s“: ret et beløb dér, og "
        "summerne her følger med. Et ukendt beløb er et tomt felt, ikke 0."
    ) % {"sheet": layout.sheet_title}
    rows.add([rows.text(explanation, style=NOTE)])
    rows.add()

    def header(title):
        rows.add(
            [rows.text(title, style=HEADER)]
            + [rows.value(year, HEADER) for year in years]
            + [
                rows.text(_("Hele perioden"), style=HEADER),
                rows.text(_("Bemærkning"), style=HEADER),
            ]
        )

    def money_row(label, values, period_value, remark=None, *, label_style=TEXT, style=MONEY):
        """A label, a cell per year, one for the period and a remark. A value is a
        formula or a number, None (an empty cell in money format) or a text ("–")."""
        cells = [rows.text(label, style=label_style)]
        for value in [*values, period_value]:
            if isinstance(value, str) and not value.startswith("="):
                cells.append(rows.text(value, style=RIGHT))
            else:
                cells.append(rows.value(value, style))
        if remark is not None and not remark.startswith("="):
            cells.append(rows.text(remark, style=NOTE))
        else:
            cells.append(rows.value(remark, NOTE) if remark else None)
        lines = max(_lines(label, label_width), 2 if remark else 1)
        return rows.add(cells, height=_height(lines))

    def across(row):
        return f"=SUM({year_columns[0]}{row}:{year_columns[-1]}{row})"

    # The budget per year. Row numbers first: the formulas refer to the rows below.
    header(_("Budget pr. år"))
    total = rows.next
    count, establishment, running, ceiling = total + 1, total + 2, total + 3, total + 4
    money_row(
        _("Udgifter i alt"),
        [layout.sum(year) for year in years],
        across(total),
        _minimum_note(f"{period}{count}"),
        label_style=BOLD_TEXT,
        style=MONEY_SUM,
    )
    everything = layout.where()
    rows.add(
        [rows.text(_("Indsatser uden kendt beløb (antal, ikke med)"), style=INDENTED)]
        + [rows.value("=" + layout.unknown_in_year(year, everything), COUNT) for year in years]
        + [
            rows.value("=" + layout.unknown_in_period(everything), COUNT),
            rows.text(_("Over 0: summerne er mindstebeløb. Ukendt er ikke 0."), style=NOTE),
        ],
        height=_height(2),
    )
    money_row(
        _("Etablering (første års udgifter)"),
        [layout.establishment(year) for year in years],
        across(establishment),
        label_style=INDENTED,
    )
    money_row(
        _("Drift (efterfølgende års udgifter)"),
        [f"={column}{total}-{column}{establishment}" for column in year_columns],
        across(running),
        label_style=INDENTED,
    )
    limits = {year.year: year.limit for year in budget.totals.years}
    money_row(
        _("Loft"),
        [limits[year] for year in years],
        dash,
        None if budget.totals.has_limit else _("Handleplanen har intet loft."),
    )
    money_row(
        _("Tilbage under loftet"),
        [f'=IF(ISNUMBER({c}{ceiling}),{c}{ceiling}-{c}{total},"")' for c in year_columns],
        dash,
        _left_note(year_columns, ceiling + 1, f"{period}{count}"),
        style=LEFT,
    )
    if sections.own_first is not None:
        own = [
            f"=SUM({layout.sheet}!${layout.year[year]}${sections.own_first}"
            f":${layout.year[year]}${sections.own_last})"
            for year in years
        ]
        own_row = rows.next
        money_row(
            _("Heraf udvalgets eget beløb (med i summerne)"),
            own,
            across(own_row),
            _("Beløb, som udvalget selv har givet, hvor kataloget intet oplyser."),
            label_style=INDENTED,
        )
    if sections.conditional_first is not None:
        rows.add()
        column = layout.total
        money_row(
            _("Betinget betaling ved resultat (ikke med i summerne)"),
            [None] * len(years),
            f"=SUM({layout.sheet}!${column}${sections.conditional_first}"
            f":${column}${sections.conditional_last})",
            _("Betales kun, hvis resultatet nås."),
        )

    # By pejlemærke and fokusområde.
    if budget.goals:
        rows.add()
        header(_("Fordelt på pejlemærker og fokusområder"))
    for goal_budget in budget.goals:
        number = goal_budget.goal.number
        unknown = layout.unknown_in_period(layout.where(number))
        goal_row = rows.next
        money_row(
            goal_label % {"number": number, "title": goal_budget.goal.title},
            [layout.group_sum(year, number) for year in years],
            across(goal_row),
            _minimum_note(unknown),
            label_style=BOLD_TEXT,
            style=MONEY_SUM,
        )
        if goal_budget.totals.has_limit:
            earmarks = {year.year: year.limit for year in goal_budget.totals.years}
            earmark = rows.next
            money_row(
                _("Øremærket"), [earmarks[year] for year in years], dash, label_style=INDENTED
            )
            money_row(
                _("Tilbage af øremærkningen"),
                [
                    f'=IF(ISNUMBER({c}{earmark}),{c}{earmark}-{c}{goal_row},"")'
                    for c in year_columns
                ],
                dash,
                _left_note(year_columns, earmark + 1, unknown),
                label_style=INDENTED,
                style=LEFT,
            )
        for area in goal_budget.focus_areas:
            area_number = area.focus_area.number
            area_row = rows.next
            money_row(
                area.focus_area.title,
                [layout.group_sum(year, number, area_number) for year in years],
                across(area_row),
                _minimum_note(layout.unknown_in_period(layout.where(number, area_number))),
                label_style=INDENTED,
            )
    return rows


# --- "Tekster" -----------------------------------------------------------------------

TEXT_WIDTHS = (60, 36, 36)  # description, inspiration, expected effect
_LINES_PER_ROW = (MAX_ROW_HEIGHT - 2) // LINE_HEIGHT


def _chunks(text: str, width: int) -> list[str]:
    """The text in pieces that each fit one row (Excel's rows are at most 409 points)."""
    if _lines(text, width) <= _LINES_PER_ROW:
        return [text]
    pieces, current = [], ""
    for paragraph in text.split("\n"):
        candidate = f"{current}\n{paragraph}" if current else paragraph
        if _lines(candidate, width) <= _LINES_PER_ROW:
            current = candidate
            continue
        if current:
            pieces.append(current)
        current = ""
        # A paragraph longer than a row: split it between words.
        for word in paragraph.split(" "):
            candidate = f"{current} {word}" if current else word
            if current and _lines(candidate, width) > _LINES_PER_ROW:
                pieces.append(current)
                current = word
            else:
                current = candidate
    if current:
        pieces.append(current)
    return pieces


def _texts_rows(rows, plan, budget, texts: dict):
    """A row per initiative; a text too long for one row goes on in the next."""
    sheet = rows.sheet
    continued = _("(fortsat)")
    areas = [entry.initiative.focus_area.title for entry in budget.items]
    area_width = _fit(areas, minimum=14, maximum=22)
    title_width = _fit([text.title for text in texts.values()], minimum=20, maximum=28)
    widths = [11, area_width, title_width, *TEXT_WIDTHS]
    _set_widths(sheet, widths)

    rows.add([rows.text(plan.name, style=TITLE)])
    subtitle = _("De valgte indsatsers tekster: beskrivelse, inspiration og forventet effekt.")
    rows.add([rows.text(subtitle, style=NOTE)])
    rows.add()
    headers = (
        _("Pejlemærke"),
        _("Fokusområde"),
        _("Indsats"),
        _("Beskrivelse"),
        _("Inspiration"),
        _("Forventet effekt"),
    )
    rows.add([rows.text(header, style=HEADER) for header in headers])
    for entry in budget.items:
        text = texts[entry.item.pk]
        area = entry.initiative.focus_area
        bodies = (text.description, text.inspiration, text.effect)
        pieces = [_chunks(body, width) for body, width in zip(bodies, TEXT_WIDTHS, strict=True)]
        for index in range(max(len(column) for column in pieces)):
            title = text.title if index == 0 else f"{text.title} {continued}"
            chunks = [column[index] if index < len(column) else "" for column in pieces]
            lines = max(
                _lines(area.title, area_width),
                _lines(title, title_width),
                *(_lines(chunk, width) for chunk, width in zip(chunks, TEXT_WIDTHS, strict=True)),
            )
            rows.add(
                [
                    area.goal.number,
                    rows.optional(area.title),
                    rows.optional(title),
                    *(rows.optional(chunk) for chunk in chunks),
                ],
                height=_height(lines),
            )
    if not budget.items:
        rows.add([None, None, rows.text(_("Handleplanen har ingen indsatser."))])
    return rows
