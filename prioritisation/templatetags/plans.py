from dataclasses import dataclass

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from catalogue.models import Initiative
from catalogue.money import format_kroner
from catalogue.slots import SLOTS
from prioritisation.controls import plan_controls

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


@dataclass(frozen=True)
class _SlotInitiative:
    """What the plan controls' templates read of an initiative: its id."""

    pk: int


# Stands for an initiative's id in controls rendered once for every initiative that
# none of the user's plans holds; such controls differ only in that id.
_ANY_INITIATIVE = 987_654_321_012_345


@register.simple_tag(takes_context=True)
def fill_plan_slots(context, html: str, catalogue, template_name: str):
    """{% fill_plan_slots html catalogue template %}: the catalogue's kept HTML
    (catalogue/slots.py) with the reader's plan controls rendered into its slots, each
    with ``template_name`` and ``initiative`` (its pk only); the header slot gets a
    "Handleplan" column heading. A visitor's and a reader's slots are emptied.

    The controls of an initiative that none of the reader's plans holds are the same for
    every such initiative but for its id: they are rendered once and the id put in.
    """
    controls = plan_controls(context["request"].user, catalogue=catalogue)
    if not controls:
        return mark_safe(SLOTS.sub("", html))  # noqa: S308 - our own rendered, escaped HTML
    template = context.template.engine.get_template(template_name)
    header = format_html('<th scope="col">{}</th>', _("Handleplan"))
    rendered = {}

    def render(initiative_id: int) -> str:
        with context.push(initiative=_SlotInitiative(pk=initiative_id), plan_controls=controls):
            return template.render(context)

    def fill(match):
        if match.group(1) is None:
            return header
        initiative_id = int(match.group(1))
        if initiative_id in controls.held:
            return render(initiative_id)
        if "unheld" not in rendered:
            rendered["unheld"] = render(_ANY_INITIATIVE)
        return rendered["unheld"].replace(str(_ANY_INITIATIVE), str(initiative_id))

    return mark_safe(SLOTS.sub(fill, html))  # noqa: S308 - as above


@register.inclusion_tag("prioritisation/_initiative_plans.html", takes_context=True)
def initiative_plans(context, initiative, catalogue):
    """{% initiative_plans initiative catalogue %}: on an initiative's page, which of the
    reader's plans hold it, with add and remove."""
    return {
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
        "initiative": initiative,
        "plan_controls": plan_controls(context["request"].user, catalogue=catalogue),
    }
