from dataclasses import dataclass

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from catalogue.models import Initiative
from catalogue.money import format_kroner
from catalogue.slots import SLOTS
from prioritisation.controls import CHOICE, plan_controls

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


# Stand-ins for an initiative's id, its item's id and the number of other plans holding
# it, in controls rendered once for all initiatives of the same shape (held by the plan
# or not, by others or not).
_ANY_INITIATIVE = 987_654_321_012_345
_ANY_ITEM = 987_654_321_012_346
_ANY_OTHERS = 987_654_321_012_347
MAX_KEPT_PARAMETERS = 20  # of the page's query, kept by the plan chooser


@register.simple_tag(takes_context=True)
def plan_controls_for(context, catalogue):
    """{% plan_controls_for catalogue as controls %}: the reader's plans of the catalogue
    and the one they work in (prioritisation/controls.py), once per page."""
    request = context["request"]
    # The table's view reads the choice before it cleans its query (catalogue/slots.py).
    chosen = context.get(CHOICE, request.GET.get(CHOICE))
    return plan_controls(request.user, catalogue=catalogue, chosen=chosen)


@register.inclusion_tag("prioritisation/_plan_chooser.html", takes_context=True)
def plan_chooser(context, controls):
    """{% plan_chooser controls %}: which plan the catalogue's buttons add to, and a
    choice of another; the page's other query parameters are kept."""
    kept = [
        (name, value)
        for name, value in context["request"].GET.items()
        if name != CHOICE and len(name) <= 50 and len(value) <= 200
    ]
    return {"plan_controls": controls, "kept": kept[:MAX_KEPT_PARAMETERS], "choice": CHOICE}


@register.simple_tag(takes_context=True)
def fill_plan_slots(context, html: str, controls, template_name: str):
    """{% fill_plan_slots html controls template %}: the catalogue's kept HTML
    (catalogue/slots.py) with the reader's plan controls rendered into its slots, each
    with ``template_name`` and ``initiative`` (its pk only); the header slot gets a
    "Handleplan" column heading. A visitor's and a reader's slots are emptied.

    Controls differ between initiatives only in their ids and counts, whether the plan
    holds the initiative and whether others do: each such shape is rendered once, with
    stand-ins, and the real ids and counts are put in.
    """
    if not controls:
        return mark_safe(SLOTS.sub("", html))  # noqa: S308 - our own rendered, escaped HTML
    template = context.template.engine.get_template(template_name)
    header = format_html('<th scope="col">{}</th>', _("Handleplan"))
    shapes = {}

    def fill(match):
        if match.group(1) is None:
            return header
        initiative_id = int(match.group(1))
        item_id, others = controls.items.get(initiative_id), controls.others[initiative_id]
        shape = (item_id is not None, others > 0)
        if shape not in shapes:
            stand_in = controls.shaped(
                initiative_id=_ANY_INITIATIVE,
                item_id=_ANY_ITEM if shape[0] else None,
                others=_ANY_OTHERS if shape[1] else 0,
            )
            initiative = _SlotInitiative(pk=_ANY_INITIATIVE)
            with context.push(initiative=initiative, plan_controls=stand_in):
                shapes[shape] = template.render(context)
        html = shapes[shape].replace(str(_ANY_INITIATIVE), str(initiative_id))
        html = html.replace(str(_ANY_ITEM), str(item_id)) if shape[0] else html
        return html.replace(str(_ANY_OTHERS), str(others)) if shape[1] else html

    return mark_safe(SLOTS.sub(fill, html))  # noqa: S308 - as above


@register.inclusion_tag("prioritisation/_initiative_plans.html", takes_context=True)
def initiative_plans(context, initiative, catalogue):
    """{% initiative_plans initiative catalogue %}: on an initiative's page, the plan the
    reader works in, with add or remove, and the choice of another."""
    return {
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
        "initiative": initiative,
        "plan_controls": plan_controls_for(context, catalogue),
    }
