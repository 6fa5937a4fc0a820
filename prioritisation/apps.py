from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrioritisationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "prioritisation"
    verbose_name = _("Prioritering")

    def ready(self):
        # Catalogue pages describe their logged-in viewer from the shared cache
        # (handleplan/viewers.py): forget a description when the user or the roles change.
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group, Permission
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from handleplan import viewers

        user = get_user_model()
        for signal, name in ((post_save, "saved"), (post_delete, "deleted")):
            signal.connect(viewers.user_changed, sender=user, dispatch_uid=f"viewer-user-{name}")
        for through in (user.groups.through, user.user_permissions.through):
            m2m_changed.connect(
                viewers.memberships_changed,
                sender=through,
                dispatch_uid=f"viewer-{through.__name__}",
            )
        m2m_changed.connect(
            viewers.roles_changed, sender=Group.permissions.through, dispatch_uid="viewer-roles"
        )
        for model in (Group, Permission):
            post_delete.connect(
                viewers.roles_changed, sender=model, dispatch_uid=f"viewer-{model.__name__}"
            )
