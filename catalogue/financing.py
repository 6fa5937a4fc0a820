"""The financing of an initiative in words, for pages and exports.

One place decides how each financing shape reads, so the overview, the table, the
initiative's page and the exports never disagree.
"""

from django.utils.translation import gettext as _

from .models import Initiative
from .money import format_kroner, format_millions

Kind = Initiative.FinancingKind


def describe_financing(initiative: Initiative, *, short: bool = False) -> str:
    """E.g. "0,3 mio. kr. første år, derefter 0,5 mio. kr. årligt". No database access."""
    money = format_millions if short else format_kroner
    first, later = initiative.first_year_amount, initiative.later_year_amount
    kind = initiative.financing_kind

    if kind == Kind.NOT_STATED:
        return _("Beløb ikke oplyst")
    if kind == Kind.PAY_FOR_SUCCESS:
        text = _("%(amount)s, betales kun ved resultat") % {
            "amount": money(initiative.success_payment_amount)
        }
        if initiative.success_condition:
            text += _(" (%(condition)s)") % {"condition": initiative.success_condition}
        return text
    if kind == Kind.ONE_OFF:
        return _("%(amount)s én gang") % {"amount": money(first)}

    per_unit = ""
    if kind == Kind.PER_UNIT:
        per_unit = _(" pr. %(unit)s") % {"unit": initiative.unit_name}
    if later == first:
        text = _("%(amount)s årligt%(per_unit)s") % {"amount": money(first), "per_unit": per_unit}
    elif later is None:
        text = _("%(first)s%(per_unit)s første år, derefter ikke oplyst") % {
            "first": money(first),
            "per_unit": per_unit,
        }
    else:
        text = _("%(first)s%(per_unit)s første år, derefter %(later)s årligt") % {
            "first": money(first),
            "later": money(later),
            "per_unit": per_unit,
        }
    if initiative.larger_variant_amount is not None:
        text += _(" (%(label)s: %(amount)s årligt)") % {
            "label": (initiative.larger_variant_label or _("ved udvidelse")).lower(),
            "amount": money(initiative.larger_variant_amount),
        }
    return text


def yearly_costs(initiative: Initiative, years, *, start_year: int) -> list[tuple[int, int | None]]:
    """[(2019, 300000), (2020, 500000), …]: the unscaled cost in each year of ``years``."""
    return [(year, initiative.cost_in_year(year, start_year=start_year)) for year in years]
