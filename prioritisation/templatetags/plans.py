from django import template
from django.utils.translation import gettext_lazy as _

from catalogue.models import Initiative
from catalogue.money import format_kroner

register = template.Library()


@register.filter
def for_initiative(plan_controls, initiative):
    """{% with controls=plan_controls|for_initiative:initiative %}: which of the member's
    plans hold the initiative, and which it can be added to. No database access."""
    return plan_controls.for_initiative(initiative)


_CHANGE_LABELS = {
    "financing_kind": _("Finansieringsform"),
    "first_year_amount": _("Første år"),
    "later_year_amount": _("Efterfølgende år"),
    "success_payment_amount": _("Betaling ved resultat"),
    "larger_variant_amount": _("Ved udvidelse"),
    "target_quantity": _("Antal i målgruppen"),
}
_KINDS = dict(Initiative.FinancingKind.choices)


def _change_value(field, value):
    if field == "financing_kind":
        return _KINDS.get(value, value)
    if field == "target_quantity":
        return "–" if value is None else str(value)
    return format_kroner(value)


@register.filter
def changes_in_words(item):
    """[(label, agreed, now)] in words for an item's ``changes``. No database access."""
    return [
        (_CHANGE_LABELS[field], _change_value(field, old), _change_value(field, new))
        for field, old, new in item.changes
    ]
