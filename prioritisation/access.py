"""Who may do what with plans. The roles are groups with permissions (handleplan.roles).

Ownership is not checked here: every plan view fetches the plan with the owner in the
query (``prioritisation.views._helpers.get_plan_for_user``).
"""


def can_build_plans(user) -> bool:
    """Committee members and administrators build plans; readers do not.

    Two queries the first time per request (the user's and the groups' permissions).
    """
    return user.is_authenticated and user.has_perm("prioritisation.add_plan")


def can_restore_any_plan(user) -> bool:
    """Administrators restore any member's deleted plan; others only their own."""
    return user.is_authenticated and user.has_perm("prioritisation.restore_any_plan")


def can_adopt_plans(user) -> bool:
    """Only administrators adopt a plan (and so freeze it)."""
    return user.is_authenticated and user.has_perm("prioritisation.adopt_plan")
