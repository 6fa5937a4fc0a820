"""Django's ModelBackend, with a user's permissions read in one query.

Every logged-in page asks whether the user may build, copy or adopt plans, and
ModelBackend answers the first such question with two queries, the user's own
permissions and their groups', each built by the ORM: on a cached plan page that was a
third of the request's time. This backend reads the same set with one SQL statement,
built once per process from the models' own tables. The set is what ModelBackend's
would be (tests/test_auth_backend.py compares them); everything else is ModelBackend's.
"""

import functools

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection


class OneQueryModelBackend(ModelBackend):
    def get_all_permissions(self, user_obj, obj=None):
        """The user's own and their groups' permissions as "app_label.codename", kept
        on the user for the rest of the request, as ModelBackend keeps them. One query;
        a superuser's (every permission) and an inactive user's (none) as Django's."""
        special = user_obj.is_superuser or not user_obj.is_active or user_obj.is_anonymous
        if special or obj is not None:
            return super().get_all_permissions(user_obj, obj)
        if not hasattr(user_obj, "_perm_cache"):
            with connection.cursor() as cursor:
                cursor.execute(_permissions_sql(connection.vendor), [user_obj.pk, user_obj.pk])
                user_obj._perm_cache = {f"{app}.{codename}" for app, codename in cursor}
        return user_obj._perm_cache


@functools.cache
def _permissions_sql(vendor: str) -> str:
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
