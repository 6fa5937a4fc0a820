from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """The Ændringslog: every change to the catalogue and the plans, read from their history."""

    name = "audit"
    verbose_name = _("Ændringslog")
