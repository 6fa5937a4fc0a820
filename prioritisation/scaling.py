"""How an item's scale reads, in Danish: on the plan page, in the item form's preview
and in the Excel export, so they never disagree.

The numbers come from ``prioritisation.budget`` (``scale_ratio``, ``amounts``); here they
are only put in words. No database access: the item's initiative is read where it is
loaded (the plan page and the export load it with the items).
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from catalogue.models import Initiative
from catalogue.money import format_kroner

from .budget import Amounts, amounts, exact_reach, round_half_up, scale_ratio
from .models import PlanItem

Kind = Initiative.FinancingKind
Scale = PlanItem.Scale

# Scaled more than this many times the catalogue's own, a scale asks to be confirmed.
FAR_OUTSIDE = 2


def unit_plural(unit_name: str) -> str | None:
    """The Danish plural of a catalogue's unit name where the rule is safe: "boligområde"
    → "boligområder", "forening" → "foreninger"; None where it is not (irregular
    words such as "barn" or "hold")."""
    word = unit_name.strip()
    if not word or " " in word:
        return None
    if word.endswith("e"):
        return word + "r"
    if word.endswith("ing"):
        return word + "er"
    return None


def units_label(unit_name: str) -> str:
    """The units field's name: "Antal boligområder", else "Antal enheder (hold)"."""
    plural = unit_plural(unit_name)
    if plural:
        return _("Antal %(units)s") % {"units": plural}
    return _("Antal enheder (%(unit)s)") % {"unit": unit_name}


def units_in_words(count, unit_name: str) -> str:
    """ "3 boligområder", "1 boligområde", "2,5 boligområder"; "3 enheder (hold)"."""
    whole = isinstance(count, int) or Fraction(count).denominator == 1
    number = str(int(count)) if whole else decimal_text(Fraction(count))
    plural = unit_plural(unit_name)
    if plural:
        return f"{number} {unit_name if whole and int(count) == 1 else plural}"
    if whole:
        return ngettext(
            "%(count)s enhed (%(unit)s)", "%(count)s enheder (%(unit)s)", int(count)
        ) % {"count": number, "unit": unit_name}
    return _("%(count)s enheder (%(unit)s)") % {"count": number, "unit": unit_name}


def decimal_text(value: Fraction, places: int = 2) -> str:
    """An exact value the Danish way with at most ``places`` decimals: 262,5; 33,33."""
    rounded = (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP
    )
    rounded = rounded.normalize()
    digits = max(0, -rounded.as_tuple().exponent)
    return number_format(rounded, digits, force_grouping=True)


def about(value: Fraction, places: int = 2) -> str:
    """``decimal_text``, with "ca." in front where it is rounded."""
    text = decimal_text(value, places)
    if value * 10**places != int(value * 10**places):
        return _("ca. %(value)s") % {"value": text}
    return text


def percent_text(value) -> str:
    """Per cent the Danish way: 75 %, 12,5 %, ca. 33,33 %."""
    return _("%(value)s %%") % {"value": about(Fraction(value))}


def target_unit(item) -> str:
    return item.text("target_unit") or _("i målgruppen")


def _range_top(item) -> int | None:
    """The upper number of the catalogue's range ("8–10"), where the plan's figures are
    still the catalogue's."""
    initiative = item.initiative
    if initiative.target_quantity != item.agreed_target_quantity:
        return None
    return initiative.target_quantity_max


def whole_number(value: int) -> str:
    """10000 → "10.000" (the active language's grouping)."""
    return number_format(value, 0, force_grouping=True)


def catalogue_quantity(item) -> str:
    """ "350 borgere", "8–10 foreninger", "35 unge pr. boligområde"."""
    quantity = item.agreed_target_quantity
    top = _range_top(item)
    text = whole_number(quantity)
    if top and top != quantity:
        text = f"{text}–{whole_number(top)}"
    text = f"{text} {target_unit(item)}"
    if item.agreed_financing_kind == Kind.PER_UNIT:
        text += " " + _("pr. %(unit)s") % {"unit": item.text("unit_name")}
    return text


def range_note(item) -> str:
    """Which end of a range the catalogue's amount is for, and what the other end
    costs; "" without a range."""
    quantity, top = item.agreed_target_quantity, _range_top(item)
    if not quantity or not top or top == quantity:
        return ""
    base = amounts(item=item)
    text = _("Katalogets beløb gælder det laveste antal, %(low)s %(unit)s.") % {
        "low": whole_number(quantity),
        "unit": target_unit(item),
    }
    if base.first is None:
        return text
    ratio = Fraction(top, quantity)
    first = round_half_up(base.first * ratio)
    later = None if base.later is None else round_half_up(base.later * ratio)
    one_off = item.agreed_financing_kind == Kind.ONE_OFF
    return (
        text
        + " "
        + _("%(top)s %(unit)s koster %(costs)s.")
        % {
            "top": whole_number(top),
            "unit": target_unit(item),
            "costs": yearly_in_words(first, later, one_off=one_off),
        }
    )


def yearly_in_words(first: int | None, later: int | None, *, one_off: bool) -> str:
    """ "3.300.000 kr. om året", "300.000 kr. første år, derefter 500.000 kr. om året"."""
    if one_off:
        return _("%(amount)s én gang") % {"amount": format_kroner(first)}
    if later is None:
        return _("%(first)s første år, derefter ikke oplyst") % {"first": format_kroner(first)}
    if first == later:
        return _("%(amount)s om året") % {"amount": format_kroner(first)}
    return _("%(first)s første år, derefter %(later)s om året") % {
        "first": format_kroner(first),
        "later": format_kroner(later),
    }


def amounts_differ(base: Amounts) -> bool:
    return base.later not in (0, None) and base.first is not None and base.first != base.later


def describe_scale(item) -> str:
    """The chosen scale in a few words, as the plan page and the export write it."""
    scale_by = item.scale_by
    unit_name = item.text("unit_name")
    if item.use_larger_variant and item.agreed_larger_variant_amount is not None:
        text = _("større udgave")
        if scale_by == Scale.UNITS:
            text += " · " + units_in_words(item.units, unit_name)
        return text
    if scale_by == Scale.UNITS:
        return units_in_words(item.units, unit_name)
    if scale_by == Scale.SHARE:
        return _("%(share)s af katalogets beløb") % {"share": percent_text(item.scale_share)}
    if scale_by == Scale.QUANTITY:
        if item.agreed_financing_kind == Kind.PER_UNIT:
            return _("%(quantity)s %(unit)s (katalogets %(catalogue)s)") % {
                "quantity": whole_number(item.quantity),
                "unit": target_unit(item),
                "catalogue": catalogue_quantity(item),
            }
        if not item.agreed_target_quantity:
            return _("%(quantity)s %(unit)s") % {
                "quantity": whole_number(item.quantity),
                "unit": target_unit(item),
            }
        text = _("%(quantity)s af %(catalogue)s") % {
            "quantity": whole_number(item.quantity),
            "catalogue": catalogue_quantity(item),
        }
        top = _range_top(item)
        if top and top != item.agreed_target_quantity:
            text += " " + _("(beløbet gælder %(low)s)") % {
                "low": whole_number(item.agreed_target_quantity)
            }
        return text
    if scale_by == Scale.AMOUNT:
        base = amounts(item=item)
        amount = format_kroner(item.scale_amount)
        if item.agreed_financing_kind == Kind.ONE_OFF:
            return _("%(amount)s én gang") % {"amount": amount}
        if not amounts_differ(base):
            return _("%(amount)s om året") % {"amount": amount}
        if item.scale_amount_year == PlanItem.AmountYear.LATER:
            return _("%(amount)s om året i efterfølgende år") % {"amount": amount}
        return _("%(amount)s første år") % {"amount": amount}
    if item.agreed_financing_kind == Kind.PER_UNIT:
        return _("som i kataloget (%(units)s)") % {"units": units_in_words(1, unit_name)}
    return _("som i kataloget")


def own_amount_in_words(entry) -> str:
    """ "Udvalgets eget beløb i 2020, 2021, 2022"; "" without one. ``entry``: an
    ``ItemBudget``."""
    years = entry.own_amount_years
    if not years:
        return ""
    return _("Udvalgets eget beløb i %(years)s") % {"years": ", ".join(map(str, years))}


# --- The item form's preview ---------------------------------------------------------


@dataclass(frozen=True)
class Preview:
    """What a scale comes to, before it is saved: the item form shows it."""

    costs: str  # "3.300.000 kr. om året", or "" where nothing is known
    follows: tuple[tuple[str, str], ...]  # (what, value): the other scales it equals
    typed_year: str  # which year's amount was typed and how the other scales
    range_note: str
    far_outside: str  # more than double the catalogue's: what it costs
    unknown: str  # why the cost is not known


def preview(item) -> Preview:
    """The scale of ``item`` (unsaved values) in words, from ``budget``'s arithmetic."""
    ratio = scale_ratio(item=item)
    base = amounts(item=item)
    one_off = item.agreed_financing_kind == Kind.ONE_OFF
    per_unit = item.agreed_financing_kind == Kind.PER_UNIT
    conditional = item.agreed_financing_kind == Kind.PAY_FOR_SUCCESS
    larger = item.use_larger_variant and item.agreed_larger_variant_amount is not None

    def scaled(amount):
        if amount is None or ratio is None:
            return None
        return round_half_up(amount * ratio)

    first, later = scaled(base.first), scaled(base.later)
    costs, unknown = "", ""
    if conditional:
        paid = scaled(item.agreed_success_payment_amount)
        if paid is not None:
            costs = _("%(amount)s, betales kun ved resultat") % {"amount": format_kroner(paid)}
    elif first is None and later in (None, 0):
        unknown = _("Beløbet er ikke kendt: kataloget oplyser intet, og udvalget har intet eget.")
    elif later is None and not one_off and item.end_year > item.start_year:
        costs = _("%(first)s første år, derefter ikke oplyst") % {"first": format_kroner(first)}
    elif first is None:
        costs = _("ikke oplyst første år, derefter %(later)s om året") % {
            "later": format_kroner(later)
        }
    else:
        costs = yearly_in_words(
            first, later if item.end_year > item.start_year else first, one_off=one_off
        )
    if ratio is None:
        unknown = _(
            "Omfanget kan ikke regnes om til et beløb: kataloget har intet beløb eller antal "
            "at regne fra."
        )
        costs = ""

    follows = []
    if ratio is not None and not larger:
        if not per_unit and item.agreed_financing_kind != Kind.NOT_STATED:
            follows.append((_("Andel af katalogets beløb"), percent_text(ratio * 100)))
        reach = exact_reach(item=item)
        if reach is not None and item.agreed_target_quantity:
            follows.append((_("Antal i målgruppen"), f"{about(reach)} {target_unit(item)}"))
        if per_unit:
            follows.append(
                (units_label(item.text("unit_name")), units_in_words(ratio, item.text("unit_name")))
            )

    typed_year = ""
    if item.scale_by == Scale.AMOUNT and ratio is not None and amounts_differ(base):
        typed_later = item.scale_amount_year == PlanItem.AmountYear.LATER
        other = first if typed_later else later
        typed_year = (
            _(
                "Beløbet er skrevet for de efterfølgende år (katalogets %(typed_base)s). "
                "Første år skaleres med samme andel, %(share)s: %(other)s "
                "(katalogets %(other_base)s)."
            )
            if typed_later
            else _(
                "Beløbet er skrevet for første år (katalogets %(typed_base)s). "
                "De efterfølgende år skaleres med samme andel, %(share)s: %(other)s om året "
                "(katalogets %(other_base)s)."
            )
        ) % {
            "typed_base": format_kroner(base.later if typed_later else base.first),
            "share": percent_text(ratio * 100),
            "other": format_kroner(other),
            "other_base": format_kroner(base.first if typed_later else base.later),
        }

    return Preview(
        costs=costs,
        follows=tuple(follows),
        typed_year=typed_year,
        range_note=range_note(item) if item.scale_by == Scale.QUANTITY else "",
        far_outside=far_outside(item, ratio=ratio, costs=costs),
        unknown=unknown,
    )


def is_far_outside(item, *, ratio: Fraction | None) -> bool:
    """More than double the catalogue's own scale, by an amount, a share or a quantity
    (units of a per-unit amount are many by nature)."""
    return (
        ratio is not None
        and ratio > FAR_OUTSIDE
        and item.scale_by in (Scale.AMOUNT, Scale.SHARE, Scale.QUANTITY)
        and item.agreed_financing_kind != Kind.PER_UNIT
    )


def far_outside(item, *, ratio: Fraction | None, costs: str) -> str:
    """The warning for a scale more than double the catalogue's; "" otherwise."""
    if not is_far_outside(item, ratio=ratio):
        return ""
    catalogue = catalogue_quantity(item) if item.agreed_target_quantity else _("katalogets beløb")
    return _("Det er %(times)s gange katalogets omfang (%(catalogue)s) og koster %(costs)s.") % {
        "times": about(ratio, 1),
        "catalogue": catalogue,
        "costs": costs or _("ikke oplyst"),
    }
