from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .money import MAX_AMOUNT_TEXT, AmountError, parse_kroner


class KronerField(forms.IntegerField):
    """Whole kroner, typed the Danish way: "4.400.000", "4.400.000 kr.", "4,4 mio."
    (catalogue.money.parse_kroner says what reads and what is refused).

    Not Django's localize: that needs USE_THOUSAND_SEPARATOR, which would also put a
    dot in every year on every page ("2.019").
    """

    default_error_messages = {
        "invalid": _("Skriv et beløb i hele kroner, fx 4.400.000 eller 4,4 mio."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("widget", self.widget_for_text())
        super().__init__(**kwargs)

    @staticmethod
    def widget_for_text():
        """Plain text, not a number input: members type "4,4 mio." as well as digits."""
        return forms.TextInput(attrs={"maxlength": MAX_AMOUNT_TEXT})

    def to_python(self, value):
        if isinstance(value, str):
            if not value.strip():
                return None
            try:
                return parse_kroner(value)
            except AmountError as error:
                raise ValidationError(str(error), code="invalid") from None
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, int) and not isinstance(value, bool):
            return f"{value:,}".replace(",", ".")
        return value
