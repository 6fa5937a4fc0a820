"""The table of initiatives as Excel and CSV: Danish headers, money as numbers."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from common.spreadsheet import HEADER_FONT, csv_bytes, money_cell, set_column_widths, text_cell

from .financing import describe_financing
from .models import Initiative


def _columns():
    # (header, width, value of an initiative, is money)
    return [
        (_("Pejlemærke"), 12, lambda i: i.focus_area.goal.number, False),
        (_("Fokusområde"), 28, lambda i: i.focus_area.title, False),
        (_("Indsats"), 50, lambda i: i.title, False),
        (_("Stjernemarkeret"), 14, lambda i: _("Ja") if i.starred else _("Nej"), False),
        (_("Ny eller videreført"), 16, lambda i: i.get_novelty_display(), False),
        (_("Målgruppe"), 40, lambda i: i.target_group_text, False),
        (_("Målgruppe, antal"), 14, lambda i: i.target_quantity, False),
        (_("Finansieringsform"), 20, lambda i: i.get_financing_kind_display(), False),
        (_("Første år (kr.)"), 16, lambda i: i.first_year_amount, True),
        (_("Efterfølgende år (kr.)"), 18, _later_year_amount, True),
        (_("Betinget beløb (kr.)"), 18, lambda i: i.success_payment_amount, True),
        (_("Finansiering"), 60, lambda i: describe_financing(i), False),
    ]


def _later_year_amount(initiative):
    if initiative.financing_kind == Initiative.FinancingKind.ONE_OFF:
        return 0
    return initiative.later_year_amount


def _totals_notes(totals) -> list[str]:
    notes = []
    if totals["not_stated_count"]:
        notes.append(
            _("%(count)s indsatser uden oplyst beløb er ikke med i summerne.")
            % {"count": totals["not_stated_count"]}
        )
    if totals["later_unknown_count"]:
        notes.append(
            _("%(count)s indsatser har intet oplyst beløb for efterfølgende år.")
            % {"count": totals["later_unknown_count"]}
        )
    if totals["conditional_count"]:
        notes.append(
            _(
                "Betinget beløb (betaling ved resultat) er ikke med i summerne af første "
                "og efterfølgende år."
            )
        )
    if totals["per_unit_count"]:
        notes.append(_("Beløb pr. enhed er regnet for én enhed."))
    return notes


def initiatives_xlsx(initiatives, totals, *, title: str) -> bytes:
    workbook = Workbook(write_only=True)
    workbook.properties.title = title
    workbook.properties.creator = "Handleplan"
    sheet = workbook.create_sheet(_("Indsatser"))
    columns = _columns()
    set_column_widths(sheet, [width for _header, width, _value, _money in columns])
    sheet.freeze_panes = "A2"
    sheet.append([text_cell(sheet, header, font=HEADER_FONT) for header, *_rest in columns])
    rows = 1
    for initiative in initiatives:
        sheet.append(
            [
                money_cell(sheet, value(initiative))
                if is_money
                else _plain(sheet, value(initiative))
                for _header, _width, value, is_money in columns
            ]
        )
        rows += 1
    sheet.auto_filter.ref = f"A1:L{rows}"
    total_row = [
        text_cell(
            sheet, _("I alt (%(count)s indsatser)") % {"count": totals["count"]}, font=HEADER_FONT
        )
    ]
    total_row += [None] * 7
    total_row += [
        money_cell(sheet, totals["first_year_sum"] or 0, font=HEADER_FONT),
        money_cell(sheet, totals["later_year_sum"] or 0, font=HEADER_FONT),
        money_cell(sheet, totals["conditional_sum"] or 0, font=HEADER_FONT),
    ]
    sheet.append([])
    sheet.append(total_row)
    for note in _totals_notes(totals):
        sheet.append([text_cell(sheet, note)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _plain(sheet, value):
    return value if isinstance(value, int) else text_cell(sheet, value)


def initiatives_csv(initiatives, totals) -> bytes:
    columns = _columns()
    rows = [[header for header, *_rest in columns]]
    rows += [[value(initiative) for _h, _w, value, _m in columns] for initiative in initiatives]
    rows.append([])
    rows.append(
        [_("I alt (%(count)s indsatser)") % {"count": totals["count"]}]
        + [""] * 7
        + [
            totals["first_year_sum"] or 0,
            totals["later_year_sum"] or 0,
            totals["conditional_sum"] or 0,
        ]
    )
    rows += [[note] for note in _totals_notes(totals)]
    return csv_bytes(rows)
