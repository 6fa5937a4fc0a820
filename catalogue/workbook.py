"""A catalogue as an Excel workbook, in the layout the import reads, and reading it back.

The layout is a file format: Danish sheet names, headers and values, the same whatever
language the administrator's interface shows, so that a workbook exported in one
language is read in the other. Sheets:

- "Vejledning": every column, whether it must be filled in, its allowed values.
- "Katalog": one row: the catalogue's ID, title, municipality, period, introduction.
- "Pejlemærker": a row per goal, known by its number.
- "Fokusområder": a row per focus area, known by its goal's number and its own.
- "Indsatser": a row per initiative, known by its ID (empty for a new one) and placed
  by goal, focus area and position; every field of the model.

Columns are found by their header, in any order. Every column must be there (a missing
one would empty a field in every row); an unknown header is refused.

Reading (``read_workbook``) refuses a file as a whole, unread past the check, when:
- it is larger than MAX_FILE_BYTES, not a zip, or not a workbook;
- it would unpack to more than MAX_UNPACKED_BYTES or has more than MAX_MEMBERS parts
  (a zip bomb: Python's zipfile never unpacks more of a part than it declares);
- a sheet has merged cells (only the first cell of a merged range holds the value, so
  the others would read as empty);
- a sheet has more than MAX_ROWS rows (counted as they are read, empty ones too), or a
  sheet or a header is missing, doubled or unknown.
Then openpyxl reads it in read-only mode, with the formulas as written: a formula is
never evaluated, and its cached result is not trusted either (a file can carry any
result), so a formula cell is an error. Each cell is checked for its column (dates and
Excel's error values where text or numbers belong, text longer than its field, amounts
in whole kroner as numbers or Danish text through catalogue.money.parse_kroner), each
row for the financing rules of the model's constraints (with their messages), and the
workbook for its keys (unique, and every focus area under a goal of the workbook).
Only the first MAX_COLUMNS columns are read. At most MAX_ERRORS errors are kept; the
rest are counted. Everything is linear in the file, which is capped.
"""

import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from defusedxml.ElementTree import iterparse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from common.spreadsheet import HEADER_FONT, WRAP, money_cell, set_column_widths, text_cell

from .models import Catalogue, FocusArea, Goal, Initiative
from .money import AmountError, parse_kroner

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 30 * 1024 * 1024
MAX_MEMBERS = 500
MAX_ROWS = 5000
MAX_COLUMNS = 60
MAX_ERRORS = 200
# Excel's own limit on a cell: a longer text cannot have come from Excel.
MAX_LONG_TEXT = 32_767
MAX_AMOUNT = 10**12  # 1.000 mia. kr.
MAX_NUMBER = 9999  # numbers and positions; catalogue.imports parks moved rows above it
MAX_QUANTITY = 999_999_999

TEXT, LONG_TEXT, NUMBER, AMOUNT, YES_NO, CHOICE = (
    "text",
    "long_text",
    "number",
    "amount",
    "yes_no",
    "choice",
)
YES, NO = "Ja", "Nej"

NOVELTY_CHOICES = (
    ("Ny indsats", Initiative.Novelty.NEW),
    ("Videreførelse", Initiative.Novelty.CONTINUED),
    ("Ikke angivet", Initiative.Novelty.UNSTATED),
)
FINANCING_CHOICES = (
    ("Årligt beløb", Initiative.FinancingKind.ANNUAL),
    ("Engangsbeløb", Initiative.FinancingKind.ONE_OFF),
    ("Betaling ved resultat", Initiative.FinancingKind.PAY_FOR_SUCCESS),
    ("Beløb pr. enhed", Initiative.FinancingKind.PER_UNIT),
    ("Ikke oplyst", Initiative.FinancingKind.NOT_STATED),
)


# --- The layout -----------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column: its header, the model field it holds ("goal__number" follows the
    relation), what it holds and the help the instruction sheet gives."""

    header: str
    field: str
    kind: str
    help: str
    width: int = 14
    required: bool = False
    max_length: int = 0  # TEXT: the model field's
    minimum: int = 0  # NUMBER
    maximum: int = MAX_NUMBER
    choices: tuple = ()  # CHOICE: (label, value); the first blank means the model default
    default: object = None


@dataclass(frozen=True)
class Sheet:
    name: str
    model: type
    columns: tuple[Column, ...]

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.field == name)


def _text(model, name, header, help, *, width=30, required=False):
    max_length = model._meta.get_field(name).max_length
    return Column(header, name, TEXT, help, width=width, required=required, max_length=max_length)


def _long(header, name, help, *, required=False):
    return Column(header, name, LONG_TEXT, help, width=60, required=required)


def _amount(header, name, help):
    return Column(header, name, AMOUNT, help, width=18)


ID_HELP = (
    "Handleplans nummer for rækken. Ret det ikke. Lad det stå tomt for en ny række; "
    "det bruges kun, når et katalog opdateres."
)

CATALOGUE = Sheet(
    "Katalog",
    Catalogue,
    (
        Column("ID", "id", NUMBER, ID_HELP, width=8, maximum=2**62),
        _text(Catalogue, "title", "Titel", "Katalogets titel.", width=50, required=True),
        _text(Catalogue, "municipality", "Kommune", "Fx Københavns Kommune.", required=True),
        Column(
            "Første år",
            "first_year",
            NUMBER,
            "Periodens første år, fx 2023.",
            required=True,
            minimum=1900,
            maximum=2200,
        ),
        Column(
            "Sidste år",
            "last_year",
            NUMBER,
            "Periodens sidste år, fx 2026.",
            required=True,
            minimum=1900,
            maximum=2200,
        ),
        _long("Indledning", "introduction", "Katalogets indledende tekst. Afsnit med linjeskift."),
    ),
)

GOALS = Sheet(
    "Pejlemærker",
    Goal,
    (
        Column("Nummer", "number", NUMBER, "Pejlemærkets nummer i kataloget.", 10, True, 0, 1),
        _text(Goal, "title", "Titel", "Pejlemærkets tekst.", width=80, required=True),
    ),
)

GOAL_NUMBER_HELP = "Nummeret på det pejlemærke, rækken hører under (arket Pejlemærker)."

FOCUS_AREAS = Sheet(
    "Fokusområder",
    FocusArea,
    (
        Column("Pejlemærke", "goal__number", NUMBER, GOAL_NUMBER_HELP, 12, True, 0, 1),
        Column("Nummer", "number", NUMBER, "Fokusområdets nummer.", 10, True, 0, 1),
        _text(FocusArea, "title", "Titel", "Fokusområdets navn.", width=40, required=True),
        _long("Formål", "purpose", "Formålet med fokusområdet."),
    ),
)

INITIATIVES = Sheet(
    "Indsatser",
    Initiative,
    (
        Column("ID", "id", NUMBER, ID_HELP, width=8, maximum=2**62),
        Column("Pejlemærke", "focus_area__goal__number", NUMBER, GOAL_NUMBER_HELP, 12, True, 0, 1),
        Column(
            "Fokusområde",
            "focus_area__number",
            NUMBER,
            "Nummeret på fokusområdet under pejlemærket (arket Fokusområder).",
            12,
            True,
            0,
            1,
        ),
        Column(
            "Rækkefølge",
            "position",
            NUMBER,
            "Indsatsens plads inden for fokusområdet: 1, 2, 3 …",
            12,
            True,
            0,
            1,
        ),
        _text(Initiative, "title", "Titel", "Indsatsens navn.", width=50, required=True),
        Column(
            "Stjernemarkeret",
            "starred",
            YES_NO,
            "Ja: forvaltningen vurderer, at indsatsen er langsigtet og har effekt baseret på "
            "erfaring fra København eller andre kommuner.",
            width=14,
            default=False,
        ),
        Column(
            "Ny eller videreført",
            "novelty",
            CHOICE,
            "Om indsatsen er ny eller en videreførelse.",
            width=16,
            choices=NOVELTY_CHOICES,
            default=Initiative.Novelty.UNSTATED,
        ),
        _long("Beskrivelse", "description", "Hvad indsatsen går ud på.", required=True),
        _long("Inspiration", "inspiration", "Hvad indsatsen bygger på."),
        _long("Forventet effekt", "effect", "Hvorfor indsatsen forventes at virke."),
        _text(
            Initiative,
            "target_group_text",
            "Målgruppe (ordlyd)",
            "Målgruppen med katalogets egne ord, fx 20 kvinder og 20 mænd.",
            width=40,
        ),
        Column(
            "Målgruppe, antal",
            "target_quantity",
            NUMBER,
            "Antallet i målgruppen, som en handleplan skalerer efter. Tomt: intet antal.",
            minimum=0,
            maximum=MAX_QUANTITY,
        ),
        Column(
            "Målgruppe, højst",
            "target_quantity_max",
            NUMBER,
            "Kun for et interval som 8–10: det højeste antal.",
            minimum=0,
            maximum=MAX_QUANTITY,
        ),
        _text(
            Initiative,
            "target_unit",
            "Målgruppe, enhed",
            "Hvem antallet tæller, fx borgere eller unge.",
            width=20,
        ),
        Column(
            "Mindst (min.)",
            "target_is_minimum",
            YES_NO,
            "Ja, når kataloget skriver min. eller mindst om antallet.",
            default=False,
        ),
        Column(
            "Finansieringsform",
            "financing_kind",
            CHOICE,
            "Årligt beløb: første år og efterfølgende år. Engangsbeløb: kun første år. "
            "Betaling ved resultat: kun et betinget beløb. Beløb pr. enhed: første år (og "
            "efterfølgende år) pr. enhed, med enheden. Ikke oplyst: ingen beløb.",
            width=20,
            choices=FINANCING_CHOICES,
            default=Initiative.FinancingKind.NOT_STATED,
        ),
        _amount("Beløb første år (kr.)", "first_year_amount", "Udgiften i indsatsens første år."),
        _amount(
            "Beløb efterfølgende år (kr.)",
            "later_year_amount",
            "Udgiften i hvert af de følgende år. Tomt: ikke oplyst (ikke 0).",
        ),
        _text(
            Initiative,
            "unit_name",
            "Enhed for beløb",
            "Ved beløb pr. enhed: enheden, fx boligområde.",
            width=18,
        ),
        _amount(
            "Betaling ved resultat (kr.)",
            "success_payment_amount",
            "Ved betaling ved resultat: beløbet, der kun betales, hvis resultatet nås.",
        ),
        _text(
            Initiative,
            "success_condition",
            "Betingelse for betaling",
            "Ved betaling ved resultat: hvad der skal opnås.",
        ),
        _amount(
            "Beløb ved udvidelse (kr. pr. år)",
            "larger_variant_amount",
            "En større udgave af indsatsen: dens årlige beløb.",
        ),
        _text(
            Initiative,
            "larger_variant_label",
            "Udvidelse, beskrivelse",
            "Den større udgave med ord, fx Ved udvidelse.",
            width=20,
        ),
        _long("Finansiering (ordlyd)", "financing_text", "Finansieringen med katalogets ord."),
        _long(
            "Note om kilden",
            "source_note",
            "Hvor kildedokumentet modsiger sig selv, og hvad der er valgt.",
        ),
    ),
)

SHEETS = (CATALOGUE, GOALS, FOCUS_AREAS, INITIATIVES)
INSTRUCTIONS = "Vejledning"


# --- Writing --------------------------------------------------------------------------


def catalogue_workbook(catalogue: Catalogue | None = None) -> bytes:
    """The catalogue in the import layout; without one, the blank template.

    Three queries for a catalogue (goals, focus areas, initiatives), none for the
    template. Text is written as text (never a formula), amounts as numbers in kroner
    format, an unknown amount as an empty cell.
    """
    workbook = Workbook(write_only=True)
    workbook.properties.creator = "Handleplan"
    workbook.properties.title = catalogue.title if catalogue else "Skabelon til et katalog"
    _write_instructions(workbook.create_sheet(INSTRUCTIONS))
    if catalogue is None:
        rows = {sheet.name: [] for sheet in SHEETS}
    else:
        goals = catalogue.goals.order_by("number")
        rows = {
            CATALOGUE.name: [catalogue],
            GOALS.name: goals,
            FOCUS_AREAS.name: FocusArea.objects.filter(goal__catalogue=catalogue)
            .select_related("goal")
            .order_by("goal__number", "number"),
            INITIATIVES.name: Initiative.objects.in_catalogue(catalogue)
            .select_related("focus_area__goal")
            .order_by("focus_area__goal__number", "focus_area__number", "position"),
        }
    for sheet in SHEETS:
        _write_sheet(workbook.create_sheet(sheet.name), sheet, rows[sheet.name])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_sheet(worksheet, sheet: Sheet, objects) -> None:
    set_column_widths(worksheet, [column.width for column in sheet.columns])
    worksheet.freeze_panes = "A2"
    for index, column in enumerate(sheet.columns, start=1):
        labels = [label for label, _value in column.choices]
        if column.kind == YES_NO:
            labels = [YES, NO]
        if labels:
            letter = get_column_letter(index)
            validation = DataValidation(
                type="list", formula1='"' + ",".join(labels) + '"', allow_blank=True
            )
            validation.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
            worksheet.data_validations.append(validation)
    worksheet.append(
        [text_cell(worksheet, column.header, font=HEADER_FONT) for column in sheet.columns]
    )
    for obj in objects:
        worksheet.append(
            [_cell(worksheet, column, _get(obj, column.field)) for column in sheet.columns]
        )


def _get(obj, path: str):
    for name in path.split("__"):
        obj = getattr(obj, name)
    return obj


def _cell(worksheet, column: Column, value):
    if column.kind == AMOUNT:
        return money_cell(worksheet, value)
    if column.kind == NUMBER:
        return value
    if column.kind == YES_NO:
        return text_cell(worksheet, YES if value else NO)
    if column.kind == CHOICE:
        return text_cell(worksheet, dict((v, label) for label, v in column.choices)[value])
    return text_cell(worksheet, value)


GENERAL_INSTRUCTIONS = (
    "Regnearket har et ark for kataloget, et for pejlemærkerne, et for fokusområderne og "
    "et for indsatserne. Ret i cellerne, tilføj eller slet rækker, og indlæs regnearket i "
    "administrationen under Kataloger.",
    "Før noget gemmes, viser administrationen, hvad der bliver nyt, hvad der ændres "
    "(gammel → ny værdi), og hvad der forsvinder, og hver fejl med ark og celle. Intet "
    "gemmes, før du bekræfter, og så gemmes alt eller intet.",
    "Et pejlemærke kendes på sit nummer, et fokusområde på pejlemærkets og sit eget "
    "nummer, en indsats på sit ID. En række, der ikke står i regnearket, forsvinder fra "
    "kataloget, når det opdateres; en indsats, der er med i en handleplan, kan ikke "
    "forsvinde.",
    "Beløb er hele kroner: et tal (4400000) eller tekst som 4.400.000 eller 4,4 mio. Et "
    "tomt beløb betyder ikke oplyst, ikke 0.",
    "Skriv værdier, ikke formler: en formel regnes ikke ud. Flet ikke celler. Skriv ikke "
    "datoer, hvor der skal stå et tal. Højst 5.000 rækker pr. ark.",
    "Overskrifterne i første række skal stå, som de er, og alle skal være med; "
    "kolonnernes rækkefølge er fri.",
)


def _write_instructions(worksheet) -> None:
    set_column_widths(worksheet, [16, 30, 14, 40, 80])
    worksheet.append([text_cell(worksheet, "Sådan bruger du regnearket", font=HEADER_FONT)])
    for line in GENERAL_INSTRUCTIONS:
        worksheet.append([text_cell(worksheet, line)])
    worksheet.append([])
    headers = ("Ark", "Kolonne", "Skal udfyldes", "Tilladte værdier", "Forklaring")
    worksheet.append([text_cell(worksheet, header, font=HEADER_FONT) for header in headers])
    for sheet in SHEETS:
        for column in sheet.columns:
            worksheet.append(
                [
                    text_cell(worksheet, sheet.name),
                    text_cell(worksheet, column.header),
                    text_cell(worksheet, YES if column.required else NO),
                    text_cell(worksheet, _allowed(column), alignment=WRAP),
                    text_cell(worksheet, column.help, alignment=WRAP),
                ]
            )


def _allowed(column: Column) -> str:
    if column.kind == TEXT:
        return f"Tekst, højst {column.max_length} tegn"
    if column.kind == LONG_TEXT:
        return f"Tekst, højst {MAX_LONG_TEXT:,} tegn".replace(",", ".")
    if column.kind == NUMBER:
        if column.field == "id":
            return "Helt tal, eller tomt"
        return f"Helt tal fra {column.minimum} til {column.maximum:,}".replace(",", ".")
    if column.kind == AMOUNT:
        return "Hele kroner: 4400000, 4.400.000 eller 4,4 mio. Tomt: ikke oplyst"
    if column.kind == YES_NO:
        return "Ja eller Nej (tomt: Nej)"
    labels = [label for label, _value in column.choices]
    default = next(label for label, value in column.choices if value == column.default)
    return ", ".join(labels) + f" (tomt: {default})"


# --- Reading --------------------------------------------------------------------------


class WorkbookRefused(Exception):
    """A file that is not read at all; ``str()`` says why, in Danish."""


@dataclass(frozen=True)
class CellError:
    """What is wrong, where: a cell ("Q5"), a row, or the workbook (neither)."""

    message: str
    sheet: str = ""
    row: int | None = None
    cell: str = ""
    header: str = ""

    def __str__(self):
        if self.cell:
            return _("Arket %(sheet)s, celle %(cell)s (%(column)s): %(message)s") % {
                "sheet": self.sheet,
                "cell": self.cell,
                "column": self.header,
                "message": self.message,
            }
        if self.row is not None:
            return _("Arket %(sheet)s, række %(row)s: %(message)s") % {
                "sheet": self.sheet,
                "row": self.row,
                "message": self.message,
            }
        return self.message


@dataclass
class Errors:
    """The first MAX_ERRORS errors, and how many there were."""

    kept: list[CellError] = field(default_factory=list)
    count: int = 0

    def add(self, error: CellError) -> None:
        self.count += 1
        if len(self.kept) < MAX_ERRORS:
            self.kept.append(error)

    def __bool__(self):
        return self.count > 0


@dataclass
class Record:
    """A row that was read: its values by column field, and where its cells are."""

    sheet: Sheet
    row: int
    values: dict
    cells: dict  # column field → coordinate ("Q5")

    def error(self, name: str, message: str) -> CellError:
        return CellError(
            message,
            sheet=self.sheet.name,
            row=self.row,
            cell=self.cells[name],
            header=self.sheet.column(name).header,
        )


@dataclass
class ParsedWorkbook:
    catalogue: Record | None
    goals: list[Record]
    focus_areas: list[Record]
    initiatives: list[Record]
    errors: Errors


def read_workbook(content: bytes) -> ParsedWorkbook:
    """The workbook's rows, checked; raises WorkbookRefused for a file not to read."""
    if len(content) > MAX_FILE_BYTES:
        raise WorkbookRefused(
            _("Filen er for stor: højst %(size)s MB.") % {"size": MAX_FILE_BYTES // 2**20}
        )
    _check_archive(content)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception:  # anything openpyxl cannot open is not a workbook for us
        raise WorkbookRefused(_not_a_workbook()) from None
    errors = Errors()
    try:
        records = {}
        for sheet in SHEETS:
            if sheet.name not in workbook.sheetnames:
                raise WorkbookRefused(
                    _("Regnearket mangler arket »%(sheet)s«. Hent skabelonen, og brug dens ark.")
                    % {"sheet": sheet.name}
                )
            records[sheet.name] = _read_sheet(workbook[sheet.name], sheet, errors)
    except WorkbookRefused:
        raise
    except Exception:  # a broken part, found while streaming it
        raise WorkbookRefused(_not_a_workbook()) from None
    finally:
        workbook.close()
    catalogues = records[CATALOGUE.name]
    if not catalogues:
        raise WorkbookRefused(_("Arket »Katalog« har ingen række med kataloget."))
    for extra in catalogues[1:]:
        errors.add(CellError(_("Arket har kun én række: kataloget."), CATALOGUE.name, extra.row))
    parsed = ParsedWorkbook(
        catalogue=catalogues[0],
        goals=records[GOALS.name],
        focus_areas=records[FOCUS_AREAS.name],
        initiatives=records[INITIATIVES.name],
        errors=errors,
    )
    _check_structure(parsed)
    return parsed


def _not_a_workbook() -> str:
    return _(
        "Filen kan ikke læses som en Excel-projektmappe (.xlsx). Gem den som "
        "Excel-projektmappe, eller hent skabelonen."
    )


def _check_archive(content: bytes) -> None:
    """Refuse a file that is not a zip, would unpack too large, or has merged cells."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise WorkbookRefused(_not_a_workbook()) from None
    with archive:
        unpacked = sum(member.file_size for member in members)
        if len(members) > MAX_MEMBERS or unpacked > MAX_UNPACKED_BYTES:
            raise WorkbookRefused(
                _(
                    "Filen fylder for meget, når den pakkes ud (højst %(size)s MB). "
                    "Er det virkelig et katalog?"
                )
                % {"size": MAX_UNPACKED_BYTES // 2**20}
            )
        names = {member.filename for member in members}
        if "xl/workbook.xml" not in names:
            raise WorkbookRefused(_not_a_workbook())
        for name in sorted(names):
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                merged = _first_merged_range(archive, name)
                if merged:
                    raise WorkbookRefused(
                        _(
                            "Regnearket har flettede celler (%(range)s). Ophæv fletningen, "
                            "og skriv værdien i hver celle."
                        )
                        % {"range": merged}
                    )


def _first_merged_range(archive, name: str) -> str:
    """The first merged range a worksheet part declares, or "". The part's bytes are
    searched first (fast); only a part that mentions a merged cell is parsed."""
    with archive.open(name) as part:
        tail = b""
        while chunk := part.read(1 << 16):
            if b"mergeCell" in tail + chunk:
                break
            tail = chunk[-16:]
        else:
            return ""
    try:
        with archive.open(name) as part:
            for _event, element in iterparse(part):
                if element.tag.endswith("}mergeCell") or element.tag == "mergeCell":
                    return element.get("ref") or "?"
                element.clear()
    except Exception:  # a broken part: not a workbook
        raise WorkbookRefused(_not_a_workbook()) from None
    return ""


def _read_sheet(worksheet, sheet: Sheet, errors: Errors) -> list[Record]:
    rows = worksheet.iter_rows(max_col=MAX_COLUMNS)
    header = next(rows, None)
    if not header:
        raise WorkbookRefused(
            _("Arket »%(sheet)s« er tomt: første række skal have overskrifterne.")
            % {"sheet": sheet.name}
        )
    positions = _header_positions(header, sheet)
    records = []
    for number, row in enumerate(rows, start=2):
        if number > MAX_ROWS + 1:
            raise WorkbookRefused(
                _(
                    "Arket »%(sheet)s« har flere end %(rows)s rækker. Slet tomme rækker "
                    "nederst, eller del kataloget op."
                )
                % {"sheet": sheet.name, "rows": number_format(MAX_ROWS, force_grouping=True)}
            )
        cells = [row[index] if index < len(row) else None for index in positions]
        if all(_is_blank(cell) for cell in cells):
            continue
        record = Record(
            sheet=sheet,
            row=number,
            values={},
            cells={
                column.field: f"{get_column_letter(index + 1)}{number}"
                for column, index in zip(sheet.columns, positions, strict=True)
            },
        )
        for column, cell in zip(sheet.columns, cells, strict=True):
            try:
                record.values[column.field] = _value(cell, column)
            except ValueError as error:
                errors.add(record.error(column.field, str(error)))
        _check_row(record, errors)
        records.append(record)
    return records


def _is_blank(cell) -> bool:
    value = None if cell is None else cell.value
    return value is None or (isinstance(value, str) and not value.strip())


def _header_positions(header, sheet: Sheet) -> list[int]:
    """The index of each of the sheet's columns in the header row."""
    known = {column.header.casefold(): column for column in sheet.columns}
    found = {}
    for index, cell in enumerate(header):
        value = cell.value
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        name = str(value).strip()
        column = known.get(name.casefold())
        where = f"{get_column_letter(index + 1)}1"
        if column is None or cell.data_type == "f":
            raise WorkbookRefused(
                _(
                    "Arket »%(sheet)s« har en ukendt overskrift »%(header)s« i celle "
                    "%(cell)s. Brug skabelonens overskrifter."
                )
                % {"sheet": sheet.name, "header": name[:100], "cell": where}
            )
        if column.field in found:
            raise WorkbookRefused(
                _("Arket »%(sheet)s« har overskriften »%(header)s« to gange.")
                % {"sheet": sheet.name, "header": column.header}
            )
        found[column.field] = index
    missing = [column.header for column in sheet.columns if column.field not in found]
    if missing:
        raise WorkbookRefused(
            _("Arket »%(sheet)s« mangler kolonnerne: %(headers)s.")
            % {"sheet": sheet.name, "headers": ", ".join(missing)}
        )
    return [found[column.field] for column in sheet.columns]


# --- Cells ----------------------------------------------------------------------------


def _value(cell, column: Column):
    """The cell's value for ``column``; ValueError with a Danish message if it has none."""
    value = None if cell is None else cell.value
    data_type = None if cell is None else cell.data_type
    if data_type == "f":
        raise ValueError(
            _(
                "Cellen indeholder en formel. Skriv værdien i stedet (kopiér, og indsæt "
                "som værdier); Handleplan regner ikke formler ud."
            )
        )
    if data_type == "e":
        raise ValueError(_("Cellen indeholder en fejl fra Excel (%(error)s).") % {"error": value})
    if isinstance(value, datetime | date | time | timedelta):
        raise ValueError(
            _("Cellen er en dato eller et klokkeslæt. Skriv et tal eller en tekst.")
            if column.kind in (NUMBER, AMOUNT)
            else _("Cellen er en dato eller et klokkeslæt. Skriv teksten.")
        )
    if isinstance(value, str) and not value.strip():
        value = None
    if value is None:
        if column.required:
            raise ValueError(_("Feltet skal udfyldes."))
        return "" if column.kind in (TEXT, LONG_TEXT) else column.default
    return _READERS[column.kind](value, column)


def _read_text(value, column: Column) -> str:
    if isinstance(value, bool):
        raise ValueError(_("Skriv en tekst, ikke en sandhedsværdi."))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    limit = column.max_length or MAX_LONG_TEXT
    if len(text) > limit + 1000:  # clearly too long: not worth normalising
        raise ValueError(_too_long(len(text), limit))
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if len(text) > limit:
        raise ValueError(_too_long(len(text), limit))
    return text


def _too_long(length: int, limit: int) -> str:
    return _("Teksten er %(length)s tegn lang; højst %(limit)s tegn.") % {
        "length": number_format(length, force_grouping=True),
        "limit": number_format(limit, force_grouping=True),
    }


def _read_number(value, column: Column) -> int:
    if isinstance(value, bool):
        raise ValueError(_("Skriv et helt tal, ikke en sandhedsværdi."))
    if isinstance(value, str):
        text = value.strip()
        digits = text.replace(".", "") if _grouped(text) else text
        if len(text) > 20 or not digits.isascii() or not digits.isdigit():
            raise ValueError(_("Skriv et helt tal, fx 3."))
        value = int(digits)
    elif isinstance(value, float):
        if not value.is_integer():
            raise ValueError(_("Skriv et helt tal, uden decimaler."))
        value = int(value)
    if not column.minimum <= value <= column.maximum:
        raise ValueError(
            _("Tallet skal ligge fra %(minimum)s til %(maximum)s.")
            % {
                "minimum": number_format(column.minimum, force_grouping=True),
                "maximum": number_format(column.maximum, force_grouping=True),
            }
        )
    return value


def _grouped(text: str) -> bool:
    """ "10.000": digits grouped in threes by dots."""
    head, *groups = text.split(".")
    return bool(groups) and 1 <= len(head) <= 3 and all(len(group) == 3 for group in groups)


def _read_amount(value, column: Column) -> int:
    if isinstance(value, bool):
        raise ValueError(_("Skriv et beløb, ikke en sandhedsværdi."))
    if isinstance(value, str):
        try:
            value = parse_kroner(value)
        except AmountError as error:
            raise ValueError(
                _("Beløbet »%(text)s« kan ikke læses. %(reason)s")
                % {"text": value.strip()[:40], "reason": error}
            ) from None
    elif isinstance(value, float):
        if not value.is_integer():
            raise ValueError(_("Skriv hele kroner, uden øre."))
        value = int(value)
    if value < 0:
        raise ValueError(_("Et beløb kan ikke være negativt."))
    if value > MAX_AMOUNT:
        raise ValueError(_("Beløbet er for stort: højst 1.000 mia. kr."))
    return value


def _read_yes_no(value, column: Column) -> bool:
    if isinstance(value, bool):
        return value
    answer = str(value).strip().casefold()
    if answer in (YES.casefold(), NO.casefold()):
        return answer == YES.casefold()
    raise ValueError(_("Skriv Ja eller Nej."))


def _read_choice(value, column: Column) -> str:
    answer = str(value).strip().casefold()
    for label, choice in column.choices:
        if answer in (label.casefold(), str(choice)):
            return choice
    raise ValueError(
        _("Skriv en af: %(choices)s.")
        % {"choices": ", ".join(label for label, _value in column.choices)}
    )


_READERS = {
    TEXT: _read_text,
    LONG_TEXT: _read_text,
    NUMBER: _read_number,
    AMOUNT: _read_amount,
    YES_NO: _read_yes_no,
    CHOICE: _read_choice,
}


# --- Rows and the workbook ------------------------------------------------------------


def constraint_message(model, name: str) -> str:
    """The Danish message of one of ``model``'s constraints, so the import says what
    the admin says."""
    constraint = next(c for c in model._meta.constraints if c.name == name)
    return str(constraint.violation_error_message)


def _check_row(record: Record, errors: Errors) -> None:
    """The rules of the model's check constraints, on the row's own cells."""
    values = record.values
    if record.sheet is CATALOGUE:
        first, last = values.get("first_year"), values.get("last_year")
        if first is not None and last is not None and last < first:
            errors.add(
                record.error("last_year", constraint_message(Catalogue, "catalogue_period_ordered"))
            )
        return
    if record.sheet is not INITIATIVES or "financing_kind" not in values:
        return
    kind = values["financing_kind"]
    Kind = Initiative.FinancingKind
    first = values.get("first_year_amount")
    later = values.get("later_year_amount")
    success = values.get("success_payment_amount")

    def refuse(cell, constraint):
        if cell in values:  # a cell that could not be read has its own error already
            errors.add(record.error(cell, constraint_message(Initiative, constraint)))

    if kind == Kind.ANNUAL and first is None:
        refuse("first_year_amount", "initiative_annual_has_first_year")
    if kind == Kind.ONE_OFF:
        if first is None:
            refuse("first_year_amount", "initiative_one_off_only_first_year")
        if later is not None:
            refuse("later_year_amount", "initiative_one_off_only_first_year")
    if kind == Kind.PER_UNIT:
        if first is None:
            refuse("first_year_amount", "initiative_per_unit_has_amount_and_unit")
        if values.get("unit_name") == "":
            refuse("unit_name", "initiative_per_unit_has_amount_and_unit")
    if kind == Kind.PAY_FOR_SUCCESS:
        if success is None:
            refuse("success_payment_amount", "initiative_pay_for_success_only_conditional")
        for name in ("first_year_amount", "later_year_amount"):
            if values.get(name) is not None:
                refuse(name, "initiative_pay_for_success_only_conditional")
    elif success is not None:
        refuse("success_payment_amount", "initiative_success_payment_only_when_pay_for_success")
    if kind == Kind.NOT_STATED:
        for name in ("first_year_amount", "later_year_amount", "larger_variant_amount"):
            if values.get(name) is not None:
                refuse(name, "initiative_not_stated_has_no_amounts")
    high = values.get("target_quantity_max")
    if high is not None and "target_quantity" in values:
        low = values["target_quantity"]
        if low is None or high < low:
            refuse("target_quantity_max", "initiative_target_range_ordered")


def _check_structure(parsed: ParsedWorkbook) -> None:
    """Every key once, and every focus area and initiative under a row that exists."""
    errors = parsed.errors
    goals = _unique(
        parsed.goals,
        ("number",),
        errors,
        lambda key, row: (
            _("Pejlemærke nr. %(number)s står også i række %(row)s.")
            % {"number": key[0], "row": row}
        ),
    )
    areas = _unique(
        parsed.focus_areas,
        ("goal__number", "number"),
        errors,
        lambda key, row: (
            _("Fokusområde nr. %(number)s under pejlemærke nr. %(goal)s står også i række %(row)s.")
            % {"goal": key[0], "number": key[1], "row": row}
        ),
    )
    for record in parsed.focus_areas:
        goal = record.values.get("goal__number")
        if goal is not None and (goal,) not in goals:
            errors.add(
                record.error(
                    "goal__number",
                    _("Pejlemærke nr. %(number)s findes ikke i arket Pejlemærker.")
                    % {"number": goal},
                )
            )
    _unique(
        parsed.initiatives,
        ("focus_area__goal__number", "focus_area__number", "position"),
        errors,
        lambda key, row: (
            _("Fokusområdet har allerede en indsats på plads %(position)s, i række %(row)s.")
            % {"position": key[2], "row": row}
        ),
    )
    _unique(
        [record for record in parsed.initiatives if record.values.get("id") is not None],
        ("id",),
        errors,
        lambda key, row: _("ID %(id)s står også i række %(row)s.") % {"id": key[0], "row": row},
    )
    for record in parsed.initiatives:
        key = (
            record.values.get("focus_area__goal__number"),
            record.values.get("focus_area__number"),
        )
        if None not in key and key not in areas:
            errors.add(
                record.error(
                    "focus_area__number",
                    _(
                        "Fokusområde nr. %(number)s under pejlemærke nr. %(goal)s findes ikke i "
                        "arket Fokusområder."
                    )
                    % {"goal": key[0], "number": key[1]},
                )
            )


def _unique(records, names, errors, message) -> dict:
    """{key: record} of the first row of each key; a later row with the same key is an
    error on the key's last cell."""
    seen = {}
    for record in records:
        key = tuple(record.values.get(name) for name in names)
        if None in key:
            continue
        if key in seen:
            errors.add(record.error(names[-1], message(key, seen[key].row)))
        else:
            seen[key] = record
    return seen


# --- Keeping what was read --------------------------------------------------------------


def parsed_to_json(parsed: ParsedWorkbook) -> dict:
    """What ``read_workbook`` found, as JSON: kept with an upload, so that its preview and
    its confirmation need not read the file again."""

    def records(items):
        return [{"row": r.row, "values": r.values, "cells": r.cells} for r in items]

    return {
        CATALOGUE.name: records([parsed.catalogue]),
        GOALS.name: records(parsed.goals),
        FOCUS_AREAS.name: records(parsed.focus_areas),
        INITIATIVES.name: records(parsed.initiatives),
        "errors": [vars(error) for error in parsed.errors.kept],
        "error_count": parsed.errors.count,
    }


def parsed_from_json(data: dict) -> ParsedWorkbook:
    def records(sheet):
        return [Record(sheet, r["row"], r["values"], r["cells"]) for r in data[sheet.name]]

    return ParsedWorkbook(
        catalogue=records(CATALOGUE)[0],
        goals=records(GOALS),
        focus_areas=records(FOCUS_AREAS),
        initiatives=records(INITIATIVES),
        errors=Errors([CellError(**error) for error in data["errors"]], data["error_count"]),
    )
