from django import template

from audit.views import readable_models

register = template.Library()


@register.filter
def reads_audit_log(user) -> bool:
    """Whether the menu links to the Ændringslog: staff who may read something there."""
    return bool(user.is_authenticated and user.is_staff and readable_models(user))
