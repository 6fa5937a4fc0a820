from django import template

from catalogue.financing import describe_financing
from catalogue.money import format_kroner, format_millions

register = template.Library()


@register.filter
def kr(amount):
    """{{ 4400000|kr }} → 4.400.000 kr."""
    return format_kroner(amount)


@register.filter
def mio_kr(amount):
    """{{ 4400000|mio_kr }} → 4,4 mio. kr."""
    return format_millions(amount)


@register.filter
def financing(initiative, length="long"):
    """{{ initiative|financing:"short" }} → "0,3 mio. kr. første år, derefter 0,5 mio. kr. årligt"

    Without "short", the amounts are written in whole kroner."""
    return describe_financing(initiative, short=(length == "short"))
