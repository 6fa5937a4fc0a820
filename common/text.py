"""Length limits for the texts people write in the catalogue and the plans.

Each long text (a TextField) has a maximum, kept in three places: in the model (a
validator, so that the admin's and the app's forms refuse a longer text with Django's
Danish message, "Denne værdi må højst have 2000 tegn …"), in the form (the
field's ``maxlength``, from the model's ``max_length``) and in the database (a
CheckConstraint on the length, for whatever writes around the forms). The short texts
are CharFields, whose ``max_length`` does the same (their column is varchar(n)).

The maxima hold the seed with room to spare (its longest indsats description is 1,396
characters, the catalogue's introduction 1,491) and stay far under what a spreadsheet
cell holds (32,767), so an export never cuts a text.
"""

from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

NOTE = 2_000  # a note on an item, the catalogue's notes on its financing and source
TEXT = 5_000  # a description of a plan, a focus area's purpose, an indsats' other texts
LONG_TEXT = 10_000  # an indsats' description, the catalogue's introduction


def limited_text(verbose_name, *, max_length: int, **kwargs) -> models.TextField:
    """A TextField of at most ``max_length`` characters, in the model and the form;
    the model's Meta adds the database's check with ``length_check``."""
    return models.TextField(
        verbose_name,
        max_length=max_length,
        validators=[MaxLengthValidator(max_length)],
        **kwargs,
    )


def length_check(model_name: str, name: str, limit: int, label) -> models.CheckConstraint:
    """The database's check of a ``limited_text`` field: at most ``limit`` characters.
    ``label`` names the field in the message ("Beskrivelsen")."""
    return models.CheckConstraint(
        condition=LessThanOrEqual(Length(name), limit),
        name=f"{model_name}_{name}_length",
        violation_error_message=format_lazy(
            _("{label} må højst have {limit} tegn."), label=label, limit=limit
        ),
    )


SHORTENED = "Forkortet til den største tilladte længde; hele teksten står i versionen før."


def shorten_overlong(apps, app_label: str, limits: dict[str, dict[str, int]]) -> None:
    """For the migration that adds a model's checks: shorten what is longer already.

    ``limits``: {model name: {field: maximum}}. Each shortened object gets a version in
    its history that says so (``SHORTENED``); the whole text stays in the version
    before it, in admin's Historik. A migration's models write no history themselves.
    """
    from django.db.models.lookups import GreaterThan
    from django.utils import timezone

    for model_name, fields in limits.items():
        model = apps.get_model(app_label, model_name)
        history = apps.get_model(app_label, f"Historical{model_name}")
        copied = [
            field.attname
            for field in history._meta.concrete_fields
            if not field.attname.startswith("history_")
        ]
        over = models.Q()
        for name, limit in fields.items():
            over |= models.Q(GreaterThan(Length(name), limit))
        for obj in model.objects.filter(over):
            for name, limit in fields.items():
                setattr(obj, name, getattr(obj, name)[:limit])
            obj.save(update_fields=list(fields))
            history.objects.create(
                **{name: getattr(obj, name) for name in copied},
                history_date=timezone.now(),
                history_type="~",
                history_change_reason=SHORTENED,
            )
