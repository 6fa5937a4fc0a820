from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrioritisationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "prioritisation"
    verbose_name = _("Prioritering")

    def ready(self):
        # Every save and delete of a plan, an item or a ceiling or earmark counts in the
        # plan's version, however it is made (the app, the admin, the shell): forms
        # carry the version, and kept pages are named by it (common/pagecache.py).
        from django.db.models.signals import post_delete, post_save

        from .models import Allocation, Plan, PlanItem

        for model in (Plan, PlanItem, Allocation):
            for signal in (post_save, post_delete):
                signal.connect(plan_changed, sender=model, dispatch_uid=f"{signal}-{model}")


def plan_changed(*, sender, instance, using=None, raw=False, created=False, **signal) -> None:
    from catalogue.models import Catalogue

    from .models import Plan

    if raw:
        # loaddata: the plan keeps its version as loaded (a restored backup is exact);
        # pages kept from before are left behind by a new content version instead,
        # which every kept page's key holds.
        Catalogue.objects.using(using).mark_changed()
        return
    if sender is Plan and created:
        return  # a new plan has no pages or forms yet
    plan_id = instance.pk if sender is Plan else instance.plan_id
    Plan.objects.using(using).filter(pk=plan_id).mark_changed()
