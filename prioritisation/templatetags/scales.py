"""How an item's scale and udvalgets eget beløb read on the plan page (prioritisation.scaling)."""

from django import template

from prioritisation import scaling

register = template.Library()


@register.filter
def scale_in_words(entry):
    """{{ entry|scale_in_words }} → "3.300.000 kr. om året", "100 af 200 unge". ``entry``:
    a ``budget.ItemBudget``. No database access beyond the loaded initiative."""
    return scaling.describe_scale(entry.item)


@register.filter
def own_amount_in_words(entry):
    """{{ entry|own_amount_in_words }} → "Udvalgets eget beløb i 2020, 2021"; "" without."""
    return scaling.own_amount_in_words(entry)
