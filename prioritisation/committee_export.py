"""Udvalgets billede as an Excel workbook, in the plan export's conventions
(prioritisation/export.py): its named styles, its print set-up, live formulas, and text
that is never a formula (``common.spreadsheet.text_cell``).

Sheets:

- "Udvalgets billede": a row per initiative: how many plans hold it, its group, and the
  least, median and most scale and amount, all formulas over the rows of the next two
  sheets: change a figure there and the picture follows.
- "Beløb": a row per initiative, a column per plan: the item's cost over the plan's
  period (``budget.py``'s ``ItemBudget.total``), empty where a year of it is not known
  (never 0), "betinget" for pay-for-success money, "–" where the plan does not hold it.
- "Omfang": the same grid of scales: per cent of the catalogue's amounts, or, for a
  per-unit amount, the number of units; empty where the scale cannot be known.
- "Pejlemærker og år": each plan's spending per pejlemærke and year (``budget.py``'s
  totals), with the least, median and most as formulas.
- "Handleplaner": the plans in the picture.

MIN, MEDIAN and MAX skip text and empty cells, so an unknown amount never counts as 0.
"""

import io
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from catalogue.models import Initiative

from . import committee
from .export import (
    BOLD_TEXT,
    COUNT,
    DATE,
    FIRST_ROW,
    HEADER,
    HEADER_ROW,
    MONEY,
    NOTE,
    NUMBER,
    TEXT,
    TITLE,
    _add_styles,
    _fit,
    _formula_text,
    _print_setup,
    _Rows,
    _set_widths,
    _sheet_reference,
    _xml_text,
)

Kind = Initiative.FinancingKind
FIRST_PLAN_INDEX = 4  # the plans' columns start at D, after pejlemærke, fokusområde, indsats
PERCENT_FORMAT = '0.00" %"'


def _percent(ratio) -> Decimal:
    """A scale ratio as per cent, exact to four decimals (Excel's cells are numbers)."""
    return (Decimal(ratio.numerator) * 100 / Decimal(ratio.denominator)).quantize(Decimal("0.0001"))


def committee_xlsx(picture: committee.Picture, *, catalogue, today) -> bytes:
    workbook = Workbook(write_only=True)
    styles = _add_styles(workbook)
    title = _("Udvalgets billede")
    workbook.properties.title = _xml_text(f"{title} – {catalogue.title}")
    workbook.properties.keywords = _("Handleplan")
    workbook.calculation.fullCalcOnLoad = True

    summary = workbook.create_sheet(title)
    amounts = workbook.create_sheet(_("Beløb"))
    scales = workbook.create_sheet(_("Omfang"))
    spending = workbook.create_sheet(_("Pejlemærker og år"))
    plans_sheet = workbook.create_sheet(_("Handleplaner"))

    plans = picture.plans
    last_plan_column = get_column_letter(FIRST_PLAN_INDEX + max(len(plans), 1) - 1)
    first_plan_column = get_column_letter(FIRST_PLAN_INDEX)
    dash, conditional = _("–"), _("betinget")
    plan_headers = [plan.name for plan in plans]

    def grid(sheet, heading, note, value_of, number_style):
        rows = _Rows(sheet, styles)
        rows.add([rows.text(heading, style=TITLE)])
        rows.add([rows.text(note, style=NOTE)])
        rows.add()
        rows.add(
            [
                rows.text(_("Pejlemærke"), style=HEADER),
                rows.text(_("Fokusområde nr."), style=HEADER),
                rows.text(_("Indsats"), style=HEADER),
            ]
            + [rows.text(name, style=HEADER) for name in plan_headers]
        )
        for row in picture.initiatives:
            held = {item.plan_id: item for item in row.items}
            area = row.initiative.focus_area
            cells = [area.goal.number, area.number, rows.text(row.initiative.title)]
            for plan in plans:
                item = held.get(plan.pk)
                if item is None:
                    cells.append(rows.text(dash))
                    continue
                value = value_of(row, item, plan)
                if isinstance(value, str):
                    cells.append(rows.text(value))
                else:
                    cells.append(rows.value(value, number_style) if value is not None else None)
            rows.add(cells)
        widths = [
            11,
            11,
            _fit([r.initiative.title for r in picture.initiatives], minimum=20, maximum=40),
        ]
        _set_widths(sheet, widths + [_fit([name], minimum=14, maximum=30) for name in plan_headers])
        return rows

    budgets = {plan.pk: budget for plan, budget in zip(plans, picture.budgets, strict=True)}
    entries = {
        plan.pk: {entry.item.pk: entry for entry in budgets[plan.pk].items} for plan in plans
    }

    def amount_of(row, item, plan):
        entry = entries[plan.pk][item.pk]
        if entry.is_conditional:
            return conditional
        if entry.unknown_years or entry.ratio is None:
            return None
        return entry.total

    def scale_of(row, item, plan):
        ratio = entries[plan.pk][item.pk].ratio
        if ratio is None:
            return None
        if row.initiative.financing_kind == Kind.PER_UNIT:
            return Decimal(ratio.numerator) / Decimal(ratio.denominator)
        return _percent(ratio)

    amount_rows = grid(
        amounts,
        _("Beløb"),
        _(
            "Indsatsens udgift i kr. over hver handleplans periode. Tomt felt: et år er "
            "ukendt (ikke 0). –: handleplanen har ikke indsatsen. Betinget: betaling ved "
            "resultat, aldrig en udgift."
        ),
        amount_of,
        MONEY,
    )
    scale_rows = grid(
        scales,
        _("Omfang"),
        _(
            "Procent af katalogets beløb; for indsatser med beløb pr. enhed: antal enheder. "
            "Tomt felt: omfanget kan ikke kendes. –: handleplanen har ikke indsatsen."
        ),
        scale_of,
        NUMBER,
    )

    # The summary: formulas over the rows of "Beløb" and "Omfang".
    rows = _Rows(summary, styles)
    rows.add([rows.text(f"{title} – {catalogue.title}", style=TITLE)])
    rows.add(
        [
            rows.text(
                _(
                    "%(count)s handleplaner delt med udvalget, %(date)s. Alle tal er formler "
                    "over arkene „Beløb“ og „Omfang“. Et ukendt beløb tæller ikke som 0."
                )
                % {"count": len(plans), "date": today.strftime("%d-%m-%Y")},
                style=NOTE,
            )
        ]
    )
    rows.add()
    headers = [
        _("Pejlemærke"),
        _("Fokusområde nr."),
        _("Indsats"),
        _("Handleplaner med indsatsen"),
        _("Har den med"),
        _("Mindst omfang"),
        _("Median omfang"),
        _("Størst omfang"),
        _("Mindste beløb"),
        _("Median beløb"),
        _("Største beløb"),
        _("Med ukendt beløb (antal, ikke med)"),
    ]
    rows.add([rows.text(header, style=HEADER) for header in headers])
    amount_sheet = _sheet_reference(amounts.title)
    scale_sheet = _sheet_reference(scales.title)
    plan_count = len(plans)
    labels = {key: _formula_text(str(label)) for key, label in committee.GROUPS.items()}
    for index, row in enumerate(picture.initiatives):
        number = FIRST_ROW + index
        amount_range = f"{amount_sheet}!${first_plan_column}{number}:${last_plan_column}{number}"
        scale_range = f"{scale_sheet}!${first_plan_column}{number}:${last_plan_column}{number}"
        count = f"D{number}"
        area = row.initiative.focus_area

        def spread(function, cells):
            return f'=IF(COUNT({cells})=0,"",{function}({cells}))'

        rows.add(
            [
                area.goal.number,
                area.number,
                rows.text(row.initiative.title),
                rows.value(
                    f"=COLUMNS({amount_range})-COUNTIF({amount_range},{_formula_text(dash)})",
                    NUMBER,
                ),
                rows.value(
                    f"=IF({count}=0,{labels[committee.NONE]},IF({count}={plan_count},"
                    f"{labels[committee.ALL]},IF(2*{count}>{plan_count},{labels[committee.MOST]},"
                    f"{labels[committee.FEW]})))"
                ),
                rows.value(spread("MIN", scale_range), NUMBER),
                rows.value(spread("MEDIAN", scale_range), NUMBER),
                rows.value(spread("MAX", scale_range), NUMBER),
                rows.value(spread("MIN", amount_range), MONEY),
                rows.value(spread("MEDIAN", amount_range), MONEY),
                rows.value(spread("MAX", amount_range), MONEY),
                rows.value(
                    f"={count}-COUNT({amount_range})-COUNTIF({amount_range},"
                    f"{_formula_text(conditional)})",
                    COUNT,
                ),
            ]
        )
    title_width = _fit([r.initiative.title for r in picture.initiatives], minimum=20, maximum=40)
    _set_widths(summary, [11, 11, title_width, 14, 16, 12, 12, 12, 15, 15, 15, 16])

    # Spending per pejlemærke and year: each plan's totals, and formulas across them.
    spend = _Rows(spending, styles)
    spend.add([spend.text(_("Udgifter pr. pejlemærke og år"), style=TITLE)])
    spend.add(
        [
            spend.text(
                _(
                    "Hver handleplans udgift i kr. i året. –: året er ikke i handleplanens "
                    "periode. Summer med ukendte beløb er mindstebeløb."
                ),
                style=NOTE,
            )
        ]
    )
    spend.add()
    spend.add(
        [spend.text(_("Pejlemærke"), style=HEADER), spend.text(_("År"), style=HEADER)]
        + [spend.text(name, style=HEADER) for name in plan_headers]
        + [
            spend.text(_("Mindst"), style=HEADER),
            spend.text(_("Median"), style=HEADER),
            spend.text(_("Højst"), style=HEADER),
        ]
    )
    first_spend_column = get_column_letter(3)
    last_spend_column = get_column_letter(2 + max(len(plans), 1))
    for spending_row in picture.spending:
        label = str(spending_row.goal) if spending_row.goal else _("Hele handleplanen")
        per_plan = [committee._year_totals(budget, spending_row.goal) for budget in picture.budgets]
        for year in picture.years:
            number = spend.next
            cells = [spend.text(label, style=BOLD_TEXT if not spending_row.goal else TEXT), year]
            for budget, totals in zip(picture.budgets, per_plan, strict=True):
                if year not in budget.years:
                    cells.append(spend.text(dash))
                else:
                    total = totals.get(year)
                    cells.append(spend.value(0 if total is None else total.total, MONEY))
            cells_range = f"{first_spend_column}{number}:{last_spend_column}{number}"
            cells += [
                spend.value(f'=IF(COUNT({cells_range})=0,"",{f}({cells_range}))', MONEY)
                for f in ("MIN", "MEDIAN", "MAX")
            ]
            spend.add(cells)
    spend_labels = [str(r.goal) for r in picture.spending if r.goal]
    _set_widths(
        spending,
        [_fit(spend_labels, minimum=20, maximum=45), 8]
        + [_fit([name], minimum=14, maximum=30) for name in plan_headers]
        + [15, 15, 15],
    )

    listing = _Rows(plans_sheet, styles)
    listing.add([listing.text(_("Handleplaner i billedet"), style=TITLE)])
    listing.add([listing.text(_("Dato"), style=BOLD_TEXT), listing.value(today, DATE)])
    listing.add()
    listing.add(
        [
            listing.text(header, style=HEADER)
            for header in (_("Handleplan"), _("Ejer"), _("Status"), _("Periode"))
        ]
    )
    for plan in plans:
        owner = plan.owner.get_full_name() or plan.owner.get_username()
        listing.add(
            [
                listing.text(plan.name),
                listing.text(owner),
                listing.text(plan.get_status_display()),
                listing.text(plan.period_label),
            ]
        )
    _set_widths(plans_sheet, [_fit(plan_headers, minimum=20, maximum=45), 20, 12, 12])

    for sheet in (summary, amounts, scales, spending, plans_sheet):
        _print_setup(sheet, title, title_rows=f"{HEADER_ROW}:{HEADER_ROW}")
        sheet.freeze_panes = f"A{FIRST_ROW}"
    for rows_ in (rows, amount_rows, scale_rows, spend, listing):
        rows_.write()
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
