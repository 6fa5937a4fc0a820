"""Small helpers for the Excel and CSV files the app writes.

User and catalogue text is always written as text: openpyxl writes any string
starting with "=" as a live formula, and Excel treats + - @ alike in CSV, so such
text could run as a formula on a finance officer's machine.

In CSV every field is quoted, so a spreadsheet that splits on commas (not our
semicolons) still reads "Titel, =…" as one cell; and a cell whose first character other
than whitespace or a control character is = + - @ gets a leading ' (a spreadsheet
shows it as text and hides the '), as does one starting with a tab, a carriage return
or a line feed.

A downloaded file's name has no control or bidirectional-override characters: with
U+202E before "slx.exe", a name ending in ".exe" shows as one ending in "exe.xls".
"""

import csv
import io
import re
import unicodedata

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import IllegalCharacterError

# Excel shows this with the reader's own separators: "4.400.000 kr." in Danish Excel.
KRONER_FORMAT = '#,##0 "kr."'
HEADER_FONT = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")

# What a spreadsheet may skip before a formula's first character: whitespace, C0 and
# C1 controls, and the invisible format characters (bidi marks and overrides, zero width).
_SKIPPED = r"\s\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff"
# Linear: re.match tries only the start, and no skipped character starts a formula.
_FORMULA = re.compile(rf"[\t\r\n]|[{_SKIPPED}]*[=+\-@]")
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def text_cell(sheet, value, **style) -> WriteOnlyCell:
    """A cell that holds ``value`` as plain text, never as a formula."""
    if value is None:
        cell = WriteOnlyCell(sheet)
    else:
        # openpyxl scans the text for characters XML cannot hold and refuses them; only
        # then is it scanned again to drop them (a 1,000-item plan's texts are megabytes).
        try:
            cell = WriteOnlyCell(sheet, value=str(value))
        except IllegalCharacterError:
            cell = WriteOnlyCell(sheet, value=_ILLEGAL_XML.sub("", str(value)))
        cell.data_type = "s"
    for name, attribute in style.items():
        setattr(cell, name, attribute)
    return cell


def money_cell(sheet, amount, **style) -> WriteOnlyCell:
    """A number in kroner format; an unknown amount stays empty, never 0."""
    cell = WriteOnlyCell(sheet, value=amount)
    cell.number_format = KRONER_FORMAT
    for name, attribute in style.items():
        setattr(cell, name, attribute)
    return cell


def set_column_widths(sheet, widths) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def csv_safe(value) -> str:
    """Text for a CSV cell that a spreadsheet will not run as a formula."""
    if value is None:
        return ""
    text = str(value)
    return "'" + text if _FORMULA.match(text) else text


def csv_bytes(rows) -> bytes:
    """Semicolon-separated UTF-8 with a byte-order mark, every field in quotes.

    That is what Danish Excel opens with its columns split and æ, ø, å intact; numbers
    in quotes are still numbers to it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_ALL)
    for row in rows:
        writer.writerow([value if isinstance(value, int) else csv_safe(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"


# Unicode's controls (C0, C1), format characters (bidi marks, overrides and isolates,
# zero width), line and paragraph separators, and what is not a character at all.
_NOT_IN_NAMES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def safe_filename(filename: str) -> str:
    """``filename`` without the characters that make a name read otherwise than it is
    (U+202E before "slx.exe" shows "exe.xls" on the screen) or that
    a file system or a header cannot hold; whitespace runs become one space."""
    kept = "".join(c for c in filename if unicodedata.category(c) not in _NOT_IN_NAMES)
    return " ".join(kept.split())


def download(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    """A file to save, its name kept with æ, ø, å (RFC 6266 filename*), cleaned by
    ``safe_filename``."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, safe_filename(filename))
    return response
