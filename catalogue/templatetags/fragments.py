from django import template
from django.utils.safestring import mark_safe

from catalogue import slots

register = template.Library()


@register.simple_tag
def plan_slot(initiative):
    """{% plan_slot initiative %}: where the initiative's plan controls go (catalogue/slots.py)."""
    return mark_safe(slots.slot(initiative.pk))  # noqa: S308 - a comment with an integer


@register.simple_tag
def plan_header_slot():
    """{% plan_header_slot %}: where the table's "Handleplan" column heading goes."""
    return mark_safe(slots.HEADER_SLOT)  # noqa: S308 - a constant
