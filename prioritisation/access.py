"""Who may do what with plans. The roles are groups with permissions (common.roles).

Ownership is not checked here: every plan view fetches the plan with the owner in the
query (``prioritisation.views._helpers.get_plan_for_user``). Django's ModelBackend
reads the user's permissions at the first question in a request and keeps them on the
user for the others.
"""


def _has_perm(user, permission: str) -> bool:
    return user.is_authenticated and user.has_perm(permission)


def can_build_plans(user) -> bool:
    """Committee members and administrators build plans; readers do not."""
    return _has_perm(user, "prioritisation.add_plan")


def can_restore_any_plan(user) -> bool:
    """Administrators restore any member's deleted plan; others only their own."""
    return _has_perm(user, "prioritisation.restore_any_plan")


def can_adopt_plans(user) -> bool:
    """Only administrators adopt a plan (and so freeze it)."""
    return _has_perm(user, "prioritisation.adopt_plan")
