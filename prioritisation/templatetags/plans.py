from django import template

register = template.Library()


@register.filter
def for_initiative(plan_controls, initiative):
    """{% with controls=plan_controls|for_initiative:initiative %}: which of the member's
    plans hold the initiative, and which it can be added to. No database access."""
    return plan_controls.for_initiative(initiative)
