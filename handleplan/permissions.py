"""A user's permissions in one query, kept where Django's ModelBackend keeps them.

Every logged-in page asks whether the user may build, copy or adopt plans
(prioritisation/access.py), and ModelBackend answers the first such question with two
queries, the user's own permissions and their groups', each built by the ORM: on a
cached plan page that was a quarter of the request's time. ``load_permissions`` reads
the same set with one SQL statement, built once per process from the models' own tables,
and leaves it on the user as ModelBackend's ``_perm_cache``, which its ``has_perm``
then answers from, as it would from its own. The backends, and so every session, stay
as they are (a session names the backend that logged it in). tests/test_permissions.py
compares the set with ModelBackend's.
"""

import functools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection


def load_permissions(user) -> None:
    """Keep the user's own and their groups' permissions on ``user`` for the rest of the
    request, as "app_label.codename". One query, none if they are kept already.

    Left to ModelBackend: a visitor, an inactive user (no permissions) and a superuser
    (every permission), which it answers without these tables' rows.
    """
    if not user.is_authenticated or not user.is_active or user.is_superuser:
        return
    if hasattr(user, "_perm_cache"):
        return
    with connection.cursor() as cursor:
        cursor.execute(_permissions_sql(), [user.pk, user.pk])
        user._perm_cache = {f"{app_label}.{codename}" for app_label, codename in cursor}


@functools.cache
def _permissions_sql() -> str:
    """The statement, from the models' tables and columns (quoted; nothing from a
    request), built once per process."""
    quote = connection.ops.quote_name

    def table(model) -> str:
        return quote(model._meta.db_table)

    def column(model, field: str) -> str:
        return quote(model._meta.get_field(field).column)

    user = get_user_model()
    own = user.user_permissions.through
    membership = user.groups.through
    granted = Group.permissions.through
    return (
        f"SELECT ct.{column(ContentType, 'app_label')}, p.{column(Permission, 'codename')} "  # noqa: S608
        f"FROM {table(Permission)} p JOIN {table(ContentType)} ct "
        f"ON ct.{column(ContentType, 'id')} = p.{column(Permission, 'content_type')} "
        f"WHERE p.{column(Permission, 'id')} IN ("
        f"SELECT {column(own, 'permission')} FROM {table(own)} "
        f"WHERE {column(own, 'user')} = %s "
        f"UNION SELECT g.{column(granted, 'permission')} FROM {table(granted)} g "
        f"JOIN {table(membership)} m "
        f"ON m.{column(membership, 'group')} = g.{column(granted, 'group')} "
        f"WHERE m.{column(membership, 'user')} = %s)"
    )
