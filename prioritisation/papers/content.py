"""What a committee paper (bilag) says: a plan, or 2–4 plans side by side, as a list of
blocks (headings, paragraphs, facts, tables, the chart) that both writers write out:
the PDF (``papers.pdf``, Django templates and print CSS through WeasyPrint) and the Word
document (``papers.word``, python-docx over a replaceable template). So the two never
disagree, and neither computes anything.

Rules:

- Every amount is ``prioritisation.budget``'s, from the same two queries as the plan
  page (``Plan.budget_rows``), written by ``catalogue.money.format_kroner`` (``kroner``).
  Nothing here adds money up.
- Unknown is never 0: an unknown cell reads "Ikke oplyst", and a total that leaves
  something out reads "mindst …" and says how many items it leaves out, as on the page.
- Conditional (pay-for-success) money reads "betinget" in the year cells and is listed
  apart with its amount and condition, never in a sum.
- An item's figures are its agreed copy and its texts ``PlanItem.text``: for an adopted
  plan, those frozen on the day of adoption.
- An item's scale is put in words as the plan page does (``scaling.describe_scale``), and
  udvalgets eget beløb is named as such.
- Text is plain text: the HTML template escapes it, python-docx writes it as text.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from catalogue.financing import describe_financing
from catalogue.models import Initiative
from catalogue.money import format_kroner
from prioritisation.budget import entries_across, plan_budget
from prioritisation.chart import BarChart, bar_chart
from prioritisation.scaling import describe_scale, own_amount_in_words

Kind = Initiative.FinancingKind

DATE = "j. F Y"
STAR = "★"


# --- Blocks ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    level: int  # 1: a chapter (in the table of contents), 2 and 3 below it
    text: str
    anchor: str
    kind: str = "heading"


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: str = ""  # "", "note" (smaller, a remark) or "alert" (over the budget)
    kind: str = "paragraph"


@dataclass(frozen=True)
class Labelled:
    """A text under a label: "Beskrivelse" and the initiative's description."""

    label: str
    text: str
    kind: str = "labelled"


@dataclass(frozen=True)
class Facts:
    rows: tuple[tuple[str, str], ...]  # (label, value)
    style: str = ""  # "": a table of two columns; "lines": a line each, "label: value"
    kind: str = "facts"


@dataclass(frozen=True)
class Cell:
    text: str
    note: str = ""  # a second, smaller line: what a total leaves out, a difference
    over: bool = False  # over the ceiling or earmark


@dataclass(frozen=True)
class Row:
    label: str
    cells: tuple[Cell, ...]
    note: str = ""  # a second line under the label: an item's years and scale
    style: str = ""  # "", "sum" (bold) or "indent"


@dataclass(frozen=True)
class Table:
    caption: str
    label_header: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    kind: str = "table"


@dataclass(frozen=True)
class Chart:
    chart: BarChart
    kind: str = "chart"


Block = Heading | Paragraph | Labelled | Facts | Table | Chart


@dataclass(frozen=True)
class Paper:
    """A whole paper: its title page, then the blocks. ``title`` is also the running
    header and the document's title in its metadata."""

    title: str
    kicker: str  # above the title: "Bilag" and the municipality
    subtitle: str  # the catalogue
    facts: Facts
    blocks: tuple[Block, ...]
    author: str
    introduction: str = ""  # the plan's own description
    contents: tuple[Heading, ...] = field(default=())

    @classmethod
    def build(cls, **fields) -> "Paper":
        blocks = fields["blocks"]
        contents = tuple(b for b in blocks if isinstance(b, Heading) and b.level == 1)
        return cls(contents=contents, **fields)


# --- Words ------------------------------------------------------------------------------


def kroner(amount) -> str:
    """format_kroner's "4.400.000 kr.", kept on one line (a no-break space before
    "kr."), in a table cell as in running text."""
    return format_kroner(amount).replace(" kr.", "\u00a0kr.")


def describe_agreed_financing(item) -> str:
    """The financing the plan counts (the item's agreed figures, not the catalogue's of
    today) in the catalogue's words (``catalogue.financing.describe_financing``)."""
    initiative = item.initiative
    agreed = SimpleNamespace(
        financing_kind=item.agreed_financing_kind,
        first_year_amount=item.agreed_first_year_amount,
        later_year_amount=item.agreed_later_year_amount,
        success_payment_amount=item.agreed_success_payment_amount,
        success_condition=item.text("success_condition"),
        larger_variant_amount=item.agreed_larger_variant_amount,
        larger_variant_label=initiative.larger_variant_label,
        unit_name=item.text("unit_name"),
    )
    return describe_financing(agreed)


def _left_out(count: int) -> str:
    """Under a "mindst" total: how many items it leaves out. Short, as a table cell is
    narrow; ``minimum_note`` says what it means above the table."""
    return ngettext("%(count)s ukendt", "%(count)s ukendte", count) % {"count": count}


def minimum_note() -> Paragraph:
    return Paragraph(
        _(
            "Beløb i kr. Et ukendt beløb er ikke 0: „mindst“ foran en sum betyder, at den "
            "mangler ukendte beløb, og tallet under den, hvor mange indsatser den ikke "
            "tæller med."
        ),
        style="note",
    )


def sum_cell(total) -> Cell:
    """A YearTotal or Totals: "mindst …" and what it leaves out, when it leaves out."""
    if total.is_partial:
        return Cell(
            _("mindst %(amount)s") % {"amount": kroner(total.total)},
            note=_left_out(total.unknown_count),
            over=getattr(total, "over", False),
        )
    return Cell(kroner(total.total), over=getattr(total, "over", False))


def left_cell(year) -> Cell:
    """Money left under a ceiling or earmark, as the plan page's _left.html."""
    if year.limit is None:
        return Cell("–")
    if year.over:
        return Cell(_("%(amount)s over") % {"amount": kroner(year.over_by)}, over=True)
    if year.is_partial:
        return Cell(_("højst %(amount)s") % {"amount": kroner(year.left)})
    return Cell(kroner(year.left))


def item_total_cell(entry) -> Cell:
    if entry.is_conditional:
        return Cell(_("betinget"))
    if entry.has_no_amount:
        return Cell(kroner(None))
    if entry.unknown_years:
        return Cell(_("mindst %(amount)s") % {"amount": kroner(entry.total)})
    return Cell(kroner(entry.total))


def cost_cell(entry, cost) -> Cell:
    if not cost.runs:
        return Cell("–")
    if entry.is_conditional:
        return Cell(_("betinget"))
    return Cell(kroner(cost.amount))


def owner_name(plan) -> str:
    return plan.owner.get_full_name() or plan.owner.get_username()


def status_text(plan) -> str:
    """ "Vedtaget 12. marts 2026", or the status alone for a plan not adopted."""
    if plan.is_adopted and plan.adopted_at is not None:
        return _("%(status)s %(date)s") % {
            "status": plan.get_status_display(),
            "date": date_format(timezone.localdate(plan.adopted_at), DATE),
        }
    return str(plan.get_status_display())


def _title_title(plan) -> str:
    return _("Handleplan: %(name)s") % {"name": plan.name}


# --- A plan ---------------------------------------------------------------------------


def plan_paper_for(plan, *, today) -> Paper:
    """The paper of ``plan``: two queries (``Plan.budget_rows``), as the plan page.
    Reads ``plan.owner`` and ``plan.catalogue`` (load them with the plan)."""
    items, allocations = plan.budget_rows()
    return plan_paper(
        plan, plan_budget(plan=plan, items=items, allocations=allocations), today=today
    )


def plan_paper(plan, budget, *, today) -> Paper:
    """The paper of ``plan`` with ``budget`` (``budget.plan_budget``'s result)."""
    catalogue = plan.catalogue
    count_text = ngettext(
        "%(count)s indsats, heraf %(starred)s stjernemarkeret",
        "%(count)s indsatser, heraf %(starred)s stjernemarkerede",
        budget.item_count,
    ) % {"count": budget.item_count, "starred": budget.starred_count}
    facts = [
        (_("Kommune"), catalogue.municipality),
        (_("Katalog"), f"{catalogue.title} ({catalogue.period_label})"),
        (_("Status"), status_text(plan)),
        (_("Senest ændret"), date_format(timezone.localdate(plan.updated), DATE)),
        (_("Periode"), plan.period_label),
        (_("Ejer"), owner_name(plan)),
        (_("Indsatser"), count_text),
        (_("Udskrevet"), date_format(today, DATE)),
    ]
    if budget.conditional:
        facts.append(
            (
                _("Betinget betaling ved resultat"),
                _("%(amount)s, ikke med i summerne") % {"amount": kroner(budget.conditional_total)},
            )
        )

    blocks: list[Block] = []
    blocks += _budget_blocks(budget)
    blocks += _goal_blocks(budget)
    blocks += _item_blocks(budget)
    blocks += _not_counted_blocks(budget)
    blocks += _text_blocks(budget)
    return Paper.build(
        title=_title_title(plan),
        kicker=_("Bilag · %(municipality)s") % {"municipality": catalogue.municipality},
        subtitle=f"{catalogue.title} · {plan.period_label}",
        facts=Facts(tuple(facts)),
        blocks=tuple(blocks),
        author=owner_name(plan),
        introduction=plan.description,
    )


def _year_columns(years) -> tuple[str, ...]:
    return (*(str(year) for year in years), _("Hele perioden"))


def _overrun_text(overrun) -> str:
    if overrun.goal is not None:
        return _(
            "%(year)s: Pejlemærke %(number)s er %(over)s over øremærkningen "
            "(%(total)s mod %(limit)s)."
        ) % {
            "year": overrun.year,
            "number": overrun.goal.number,
            "over": kroner(overrun.over_by),
            "total": kroner(overrun.total),
            "limit": kroner(overrun.limit),
        }
    return _("%(year)s: %(over)s over loftet (%(total)s mod %(limit)s).") % {
        "year": overrun.year,
        "over": kroner(overrun.over_by),
        "total": kroner(overrun.total),
        "limit": kroner(overrun.limit),
    }


def _budget_blocks(budget) -> list[Block]:
    totals = budget.totals
    years = totals.years
    rows = [
        Row(
            _("Udgifter i alt"),
            (*(sum_cell(year) for year in years), sum_cell(totals)),
            style="sum",
        ),
        Row(
            _("Etablering (første års udgifter)"),
            (
                *(Cell(kroner(year.establishment)) for year in years),
                Cell(kroner(totals.establishment)),
            ),
            style="indent",
        ),
        Row(
            _("Drift (efterfølgende års udgifter)"),
            (
                *(Cell(kroner(year.running)) for year in years),
                Cell(kroner(totals.running)),
            ),
            style="indent",
        ),
    ]
    if totals.has_limit:
        rows += [
            Row(
                _("Loft"),
                (
                    *(Cell(_("intet loft") if y.limit is None else kroner(y.limit)) for y in years),
                    Cell("–"),
                ),
            ),
            Row(_("Tilbage under loftet"), (*(left_cell(y) for y in years), Cell("–"))),
        ]
    blocks: list[Block] = [
        Heading(1, _("Budget pr. år"), "budget"),
        minimum_note(),
    ]
    if budget.overruns:
        blocks.append(Paragraph(_("Handleplanen er over budgettet."), style="alert"))
        blocks += [Paragraph(_overrun_text(o), style="alert") for o in budget.overruns]
    blocks.append(
        Table(
            caption=_("Budget pr. år"),
            label_header="",
            columns=_year_columns(budget.years),
            rows=tuple(rows),
        )
    )
    if not totals.has_limit:
        blocks.append(Paragraph(_("Handleplanen har intet loft."), style="note"))
    blocks.append(Chart(bar_chart(budget)))
    return blocks


def _goal_blocks(budget) -> list[Block]:
    if not budget.goals:
        return []
    rows = []
    for goal_budget in budget.goals:
        goal_totals = goal_budget.totals
        rows.append(
            Row(
                _("Pejlemærke %(number)s") % {"number": goal_budget.goal.number},
                (*(sum_cell(y) for y in goal_totals.years), sum_cell(goal_totals)),
                note=goal_budget.goal.title,
                style="sum",
            )
        )
        if goal_totals.has_limit:
            rows.append(
                Row(
                    _("Øremærket"),
                    (
                        *(
                            Cell("–" if y.limit is None else kroner(y.limit))
                            for y in goal_totals.years
                        ),
                        Cell("–"),
                    ),
                    style="indent",
                )
            )
            rows.append(
                Row(
                    _("Tilbage af øremærkningen"),
                    (*(left_cell(y) for y in goal_totals.years), Cell("–")),
                    style="indent",
                )
            )
        for area in goal_budget.focus_areas:
            rows.append(
                Row(
                    area.focus_area.title,
                    (*(sum_cell(y) for y in area.totals.years), sum_cell(area.totals)),
                    style="indent",
                )
            )
    return [
        Heading(1, _("Fordelt på pejlemærker og fokusområder"), "pejlemaerker"),
        minimum_note(),
        Table(
            caption=_("Udgifter pr. år fordelt på pejlemærker og fokusområder, med øremærkninger"),
            label_header="",
            columns=_year_columns(budget.years),
            rows=tuple(rows),
        ),
    ]


def _item_note(entry) -> str:
    item = entry.item
    parts = [
        f"{item.start_year}–{item.end_year}",
        describe_scale(item),
    ]
    if own := own_amount_in_words(entry):
        parts.append(own)
    if entry.unknown_years and not entry.is_conditional:
        parts.append(
            _("ukendt i %(years)s") % {"years": ", ".join(str(y) for y in entry.unknown_years)}
        )
    text = " · ".join(parts)
    if item.note:
        text += "\n" + _("Note: %(note)s") % {"note": item.note}
    return text


def _item_title(entry) -> str:
    title = entry.item.title
    return f"{STAR} {title}" if entry.initiative.starred else title


def _item_blocks(budget) -> list[Block]:
    blocks: list[Block] = [Heading(1, _("Indsatser i handleplanen"), "indsatser")]
    if not budget.items:
        return [*blocks, Paragraph(_("Handleplanen har ingen indsatser."))]
    blocks.append(
        Paragraph(
            _(
                "I katalogets rækkefølge, med år og valgt omfang. %(star)s: stjernemarkeret af "
                "forvaltningen. –: indsatsen kører ikke i året."
            )
            % {"star": STAR},
            style="note",
        )
    )
    columns = (*(str(year) for year in budget.years), _("I alt"))
    for goal_budget in budget.goals:
        if not goal_budget.focus_areas:
            continue
        goal = goal_budget.goal
        blocks.append(
            Heading(
                2,
                _("Pejlemærke %(number)s: %(title)s")
                % {"number": goal.number, "title": goal.title},
                f"pejlemaerke-{goal.number}",
            )
        )
        for area in goal_budget.focus_areas:
            blocks.append(Heading(3, area.focus_area.title, f"fokusomraade-{area.focus_area.pk}"))
            blocks.append(
                Table(
                    caption=_("Indsatser under %(title)s, udgift pr. år")
                    % {"title": area.focus_area.title},
                    label_header=_("Indsats"),
                    columns=columns,
                    rows=tuple(
                        Row(
                            _item_title(entry),
                            (*(cost_cell(entry, c) for c in entry.costs), item_total_cell(entry)),
                            note=_item_note(entry),
                        )
                        for entry in area.items
                    ),
                )
            )
    return blocks


def _not_counted_blocks(budget) -> list[Block]:
    if not (budget.no_amount or budget.unknown_later_cost or budget.conditional):
        return []
    blocks: list[Block] = [
        Heading(1, _("Ikke med i summerne"), "ikke-med"),
        Paragraph(
            _(
                "Et ukendt beløb er ikke 0. Disse beløb mangler i summerne ovenfor, som derfor "
                "er mindstebeløb."
            )
        ),
    ]
    if budget.no_amount:
        blocks.append(Heading(2, _("Uden beløb i kataloget"), "uden-beloeb"))
        blocks += [
            Paragraph(f"{e.item.title} ({e.item.start_year}–{e.item.end_year}): {kroner(None)}")
            for e in budget.no_amount
        ]
    if budget.unknown_later_cost:
        blocks.append(Heading(2, _("Efterfølgende år ikke oplyst"), "efterfoelgende-aar"))
        blocks.append(
            Paragraph(_("Første år er med i summerne; de efterfølgende år er ikke."), style="note")
        )
        blocks += [
            Paragraph(
                _("%(title)s: ukendt i %(years)s")
                % {"title": e.item.title, "years": ", ".join(str(y) for y in e.unknown_years)}
            )
            for e in budget.unknown_later_cost
        ]
    if budget.conditional:
        blocks.append(Heading(2, _("Betaling ved resultat"), "betinget"))
        blocks.append(
            Paragraph(
                _("Betinget: betales kun, hvis resultatet nås. Aldrig med i summerne."),
                style="note",
            )
        )
        for entry in budget.conditional:
            text = _("%(title)s: %(amount)s, betinget") % {
                "title": entry.item.title,
                "amount": kroner(entry.conditional_amount),
            }
            condition = entry.item.text("success_condition")
            if condition:
                text += " – " + condition
            blocks.append(Paragraph(text))
        blocks.append(
            Paragraph(
                _("I alt, betinget: %(amount)s") % {"amount": kroner(budget.conditional_total)}
            )
        )
    return blocks


def _text_blocks(budget) -> list[Block]:
    if not budget.items:
        return []
    blocks: list[Block] = [
        Heading(1, _("Indsatsernes tekster"), "tekster"),
        Paragraph(
            _("Hver valgt indsats med katalogets tekster, som handleplanen viser dem."),
            style="note",
        ),
    ]
    for entry in budget.items:
        item = entry.item
        area = entry.initiative.focus_area
        facts = [
            (
                _("Pejlemærke og fokusområde"),
                _("Pejlemærke %(number)s · %(area)s")
                % {"number": area.goal.number, "area": area.title},
            ),
            (_("Ny eller videreført"), str(entry.initiative.get_novelty_display())),
            (_("Målgruppe"), item.text("target_group_text") or "–"),
            (_("Finansiering"), describe_agreed_financing(item)),
            (_("I handleplanen"), _item_note(entry).split("\n")[0]),
            (_("Udgift i perioden"), item_total_cell(entry).text),
        ]
        if entry.initiative.starred:
            facts.append((_("Stjernemarkeret"), _("Ja")))
        blocks.append(Heading(2, _item_title(entry), f"tekst-{item.pk}"))
        blocks.append(Facts(tuple(facts), style="lines"))
        for label, name in (
            (_("Beskrivelse"), "description"),
            (_("Inspiration"), "inspiration"),
            (_("Forventet effekt"), "effect"),
        ):
            text = item.text(name)
            if text:
                blocks.append(Labelled(label, text))
        if item.note:
            blocks.append(Labelled(_("Note"), item.note))
    return blocks


# --- A comparison ---------------------------------------------------------------------


def comparison_paper(rows: Sequence[tuple], *, today) -> Paper:
    """2–4 plans side by side: [(plan, its PlanBudget)] in the order chosen; the
    differences are from the first plan, as on the comparison page."""
    plans = [plan for plan, _budget in rows]
    budgets = [budget for _plan, budget in rows]
    base = budgets[0]
    catalogue = plans[0].catalogue
    columns = tuple(plan.name for plan in plans)
    years = sorted({year for budget in budgets for year in budget.years})

    facts = [
        (_("Kommune"), catalogue.municipality),
        (_("Katalog"), f"{catalogue.title} ({catalogue.period_label})"),
        (_("Udskrevet"), date_format(today, DATE)),
    ]
    for plan, budget in rows:
        facts.append(
            (
                plan.name,
                _("%(status)s · %(owner)s · periode %(period)s · %(count)s indsatser")
                % {
                    "status": status_text(plan),
                    "owner": owner_name(plan),
                    "period": plan.period_label,
                    "count": budget.item_count,
                },
            )
        )

    def difference(amount: int) -> str:
        if amount == 0:
            return _("som %(base)s") % {"base": plans[0].name}
        sign = "+" if amount > 0 else "−"
        return _("%(sign)s%(amount)s mod %(base)s") % {
            "sign": sign,
            "amount": kroner(abs(amount)),
            "base": plans[0].name,
        }

    def with_difference(cell: Cell, total: int, base_total: int | None, index: int) -> Cell:
        if index == 0 or base_total is None:
            return cell
        note = difference(total - base_total)
        return Cell(cell.text, note="; ".join(n for n in (cell.note, note) if n), over=cell.over)

    year_rows = []
    for year in years:
        cells = []
        base_year = _year(base, year)
        for index, budget in enumerate(budgets):
            total = _year(budget, year)
            if total is None:
                cells.append(Cell(_("uden for perioden")))
                continue
            cell = sum_cell(total)
            if total.limit is not None:
                limit_note = (
                    _("%(amount)s over loftet") % {"amount": kroner(total.over_by)}
                    if total.over
                    else _("%(amount)s under loftet") % {"amount": kroner(total.left)}
                )
                cell = Cell(
                    cell.text, "; ".join(n for n in (cell.note, limit_note) if n), cell.over
                )
            cells.append(with_difference(cell, total.total, base_year and base_year.total, index))
        year_rows.append(Row(str(year), tuple(cells)))
    year_rows.append(
        Row(
            _("Hele perioden"),
            tuple(
                with_difference(sum_cell(b.totals), b.totals.total, base.totals.total, i)
                for i, b in enumerate(budgets)
            ),
            style="sum",
        )
    )
    year_rows += [
        Row(
            _("Etablering (første års udgifter)"),
            tuple(Cell(kroner(b.totals.establishment)) for b in budgets),
            style="indent",
        ),
        Row(
            _("Drift (efterfølgende års udgifter)"),
            tuple(Cell(kroner(b.totals.running)) for b in budgets),
            style="indent",
        ),
        Row(_("Budget"), tuple(_budget_state(b) for b in budgets)),
    ]
    if any(b.conditional for b in budgets):
        year_rows.append(
            Row(
                _("Betinget betaling ved resultat (ikke med i summerne)"),
                tuple(Cell(kroner(b.conditional_total)) for b in budgets),
            )
        )

    blocks: list[Block] = [
        Heading(1, _("Udgifter pr. år"), "aar"),
        Paragraph(
            _("Forskelle er regnet i forhold til „%(base)s“.") % {"base": plans[0].name},
            style="note",
        ),
        minimum_note(),
        Table(
            caption=_("Udgifter pr. år i hver handleplan, med forskellen fra den første"),
            label_header="",
            columns=columns,
            rows=tuple(year_rows),
        ),
    ]
    blocks += _comparison_goal_blocks(budgets, columns)
    blocks += _comparison_item_blocks(budgets, columns)
    return Paper.build(
        title=_("Sammenligning af handleplaner"),
        kicker=_("Bilag · %(municipality)s") % {"municipality": catalogue.municipality},
        subtitle=" · ".join(columns),
        facts=Facts(tuple(facts)),
        blocks=tuple(blocks),
        author=", ".join(dict.fromkeys(owner_name(plan) for plan in plans)),
    )


def _year(budget, year):
    for total in budget.totals.years:
        if total.year == year:
            return total
    return None


def _budget_state(budget) -> Cell:
    if budget.over:
        return Cell(_("Over budgettet"), over=True)
    if budget.totals.has_limit:
        return Cell(_("Inden for loftet"))
    return Cell(_("Intet loft"))


def _comparison_goal_blocks(budgets, columns) -> list[Block]:
    goals = {}
    for budget in budgets:
        for goal_budget in budget.goals:
            goals.setdefault(goal_budget.goal.pk, goal_budget.goal)
    if not goals:
        return []
    rows = []
    for goal in sorted(goals.values(), key=lambda g: g.number):
        cells = []
        for budget in budgets:
            found = next((g for g in budget.goals if g.goal.pk == goal.pk), None)
            cells.append(Cell(kroner(0)) if found is None else sum_cell(found.totals))
        rows.append(
            Row(
                _("Pejlemærke %(number)s") % {"number": goal.number},
                tuple(cells),
                note=goal.title,
                style="sum",
            )
        )
    return [
        Heading(1, _("Fordelt på pejlemærker"), "pejlemaerker"),
        Paragraph(_("Udgifter i hele perioden pr. pejlemærke."), style="note"),
        Table(
            caption=_("Udgifter i hele perioden pr. pejlemærke i hver handleplan"),
            label_header="",
            columns=columns,
            rows=tuple(rows),
        ),
    ]


def _comparison_item_blocks(budgets, columns) -> list[Block]:
    rows = []
    for entries in entries_across(budgets):
        present = [e for e in entries if e is not None]
        cells = []
        for entry in entries:
            if entry is None:
                cells.append(Cell(_("ikke med")))
                continue
            item = entry.item
            scale = describe_scale(item)
            cells.append(
                Cell(
                    item_total_cell(entry).text, note=f"{item.start_year}–{item.end_year}, {scale}"
                )
            )
        rows.append(Row(_item_title(present[0]), tuple(cells)))
    return [
        Heading(1, _("Indsatser i handleplanerne"), "indsatser"),
        Paragraph(
            _(
                "Hvilke indsatser er med i hvilken handleplan, i hvilket omfang og til hvilken "
                "udgift."
            ),
            style="note",
        ),
        Table(
            caption=_("Hvilke indsatser er med i hvilken handleplan, og i hvilket omfang"),
            label_header=_("Indsats"),
            columns=columns,
            rows=tuple(rows),
        ),
    ]
