"""Restoring an earlier version from Django admin's history, and saying so.

SimpleHistoryAdmin's history page opens any earlier version of an object in a form;
saving that form restores it (a new version, by the administrator who saved it). This
admin also writes "Gendannet fra versionen af …" as the new version's change reason, so
the history and the Ændringslog (audit/views.py) tell a restore from an edit.
"""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from simple_history.admin import SimpleHistoryAdmin


class RestoringHistoryAdmin(SimpleHistoryAdmin):
    def history_form_view(self, request, object_id, version_id, extra_context=None):
        request.restoring_version = version_id
        return super().history_form_view(request, object_id, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        version_id = getattr(request, "restoring_version", None)
        if version_id is not None:
            record = self.model.history.filter(history_id=version_id).only("history_date").first()
            if record is not None:
                when = date_format(timezone.localtime(record.history_date), "DATETIME_FORMAT")
                obj._change_reason = gettext("Gendannet fra versionen af %(when)s") % {"when": when}
        super().save_model(request, obj, form, change)
