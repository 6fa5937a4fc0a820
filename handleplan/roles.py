"""The three roles, as Django groups.

- Administrator: the forvaltning; edits the catalogue in Django admin.
- Udvalgsmedlem (committee member): builds candidate action plans.
- Læser (reader): reads the catalogue and the plans shared with the committee.
"""

from django.contrib.auth.models import Group, Permission

ADMINISTRATOR = "Administrator"
MEMBER = "Udvalgsmedlem"
READER = "Læser"

# Administrators edit every catalogue model; the other roles work outside admin.
_ADMINISTRATOR_APPS = ("catalogue",)


def ensure_groups() -> dict[str, Group]:
    """Create the role groups if missing and give administrators the catalogue's permissions.

    Idempotent; a handful of queries.
    """
    groups = {
        name: Group.objects.get_or_create(name=name)[0] for name in (ADMINISTRATOR, MEMBER, READER)
    }
    groups[ADMINISTRATOR].permissions.set(
        Permission.objects.filter(content_type__app_label__in=_ADMINISTRATOR_APPS)
    )
    return groups
