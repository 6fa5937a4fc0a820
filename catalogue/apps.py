from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "catalogue"
    verbose_name = _("Katalog")

    def ready(self):
        # Pages are kept under the catalogues' content version (common/pagecache.py):
        # every save and delete of a catalogue model moves it, however it is made (the
        # app, the admin, the shell, loaddata), and so does every migrate, whose data
        # migrations send no model signals.
        from django.db.models.signals import post_delete, post_migrate, post_save

        from .models import Catalogue, FocusArea, Goal, Initiative

        for model in (Catalogue, Goal, FocusArea, Initiative):
            for signal in (post_save, post_delete):
                signal.connect(catalogue_changed, sender=model, dispatch_uid=f"{signal}-{model}")
        post_migrate.connect(data_migrated, sender=self, dispatch_uid="catalogue-migrated")


def catalogue_changed(*, using=None, **signal) -> None:
    from .models import Catalogue

    # All catalogues, not just this one: an initiative may have moved between them.
    Catalogue.objects.using(using).mark_changed()


def data_migrated(*, using=None, **signal) -> None:
    from django.db import connections

    from .models import Catalogue

    if Catalogue._meta.db_table in connections[using].introspection.table_names():
        Catalogue.objects.using(using).mark_changed()
