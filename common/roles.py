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
# Administrators also see every plan in admin and restore any deleted plan.
_ADMINISTRATOR_APPS = ("catalogue", "prioritisation")

# Members build their own plans (the plan views also check that the plan is theirs).
_MEMBER_PERMISSIONS = [
    f"{action}_{model}"
    for model in ("plan", "planitem", "allocation")
    for action in ("add", "change", "delete", "view")
]


def ensure_groups() -> dict[str, Group]:
    """Create the role groups if missing and give each role its permissions.

    Idempotent; a handful of queries.
    """
    groups = {
        name: Group.objects.get_or_create(name=name)[0] for name in (ADMINISTRATOR, MEMBER, READER)
    }
    groups[ADMINISTRATOR].permissions.set(
        Permission.objects.filter(content_type__app_label__in=_ADMINISTRATOR_APPS)
    )
    groups[MEMBER].permissions.set(
        Permission.objects.filter(
            content_type__app_label="prioritisation", codename__in=_MEMBER_PERMISSIONS
        )
    )
    return groups
