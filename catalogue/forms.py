import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# "4.400.000", "4 400 000", "4400000 kr." — the ways people type kroner.
_SEPARATORS = re.compile(r"[.\s\u00a0]")
_SUFFIX = re.compile(r"\s*kr\.?\s*$", re.IGNORECASE)


class KronerField(forms.IntegerField):
    """Whole kroner, typed the Danish way with "." for thousands.

    Not Django's localize: that needs USE_THOUSAND_SEPARATOR, which would also put a
    dot in every year on every page ("2.019").
    """

    default_error_messages = {
        "invalid": _("Skriv et beløb i hele kroner med tal, fx 4.400.000."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = _SEPARATORS.sub("", _SUFFIX.sub("", value))
            if "," in value:
                raise ValidationError(_("Skriv hele kroner uden øre."), code="invalid")
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, int) and not isinstance(value, bool):
            return f"{value:,}".replace(",", ".")
        return value
