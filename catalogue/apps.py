from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "catalogue"
    verbose_name = _("Katalog")

    def ready(self):
        # Cached pages follow the catalogue version: forget it when a change commits.
        from simple_history.signals import post_create_historical_record

        from .models import Catalogue, FocusArea, Goal, Initiative, forget_content_version

        for model in (Catalogue, Goal, FocusArea, Initiative):
            post_create_historical_record.connect(
                forget_content_version,
                sender=model.history.model,
                dispatch_uid=f"forget-content-version-{model.__name__}",
            )
