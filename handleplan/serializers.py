"""JSON for dumpdata and loaddata that keeps every time stamp to the microsecond.

Django's JSON serializer writes times the way JavaScript reads them (ECMA-262), cut to
the millisecond, so a dump and restore would move every "oprettet", "ændret", "delt"
and "vedtaget" time a little. This one writes the full ISO 8601 time and reads like
Django's own; settings.SERIALIZATION_MODULES makes it the "json" format, so
``manage.py dumpdata > backup.json`` and ``loaddata backup.json`` round-trip exactly
(tests/test_dump_restore.py). JSON rather than XML: XML 1.0 cannot hold the control
characters that a pasted note may contain.
"""

import datetime

from django.core.serializers import json as django_json
from django.utils.timezone import is_aware

Deserializer = django_json.Deserializer


class ExactJSONEncoder(django_json.DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time) and not is_aware(o):
            return o.isoformat()
        return super().default(o)


class Serializer(django_json.Serializer):
    def _init_options(self):
        super()._init_options()
        if "cls" not in self.options:
            self.json_kwargs["cls"] = ExactJSONEncoder
