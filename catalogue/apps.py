from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "catalogue"
    verbose_name = _("Katalog")

    def ready(self):
        # Pages are kept under their catalogue's content version (common/pagecache.py):
        # every save and delete of a catalogue model moves it, however it is made (the
        # app, the admin, the shell, loaddata), and so does every migrate, whose data
        # migrations send no model signals.
        from django.db.models.signals import post_delete, post_migrate, post_save, pre_save

        from .models import (
            Catalogue,
            FocusArea,
            Goal,
            Initiative,
            content_changed,
            content_moving,
            data_migrated,
        )

        for model in (Catalogue, Goal, FocusArea, Initiative):
            for signal in (post_save, post_delete):
                signal.connect(content_changed, sender=model, dispatch_uid=f"{signal}{model}")
            pre_save.connect(content_moving, sender=model, dispatch_uid=f"pre_save{model}")
        post_migrate.connect(data_migrated, sender=self, dispatch_uid="catalogue-migrated")
