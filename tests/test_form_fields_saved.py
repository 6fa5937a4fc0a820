"""Every field a form shows is saved: the write takes its fields from the form itself
(``prioritisation.forms.edited_fields``), and a copy of a plan copies every field of its
items. A field added to a form, or to the item model, is covered without a list here."""

import pytest
from django import forms
from django.urls import reverse

from catalogue.models import Initiative
from prioritisation import changes
from prioritisation.forms import PercentField, PlanForm, PlanItemForm
from prioritisation.models import Plan, PlanItem

pytestmark = pytest.mark.django_db


def _other_value(field: forms.Field, current):
    """A valid value for ``field`` other than ``current``, as a browser would post it."""
    if isinstance(field, forms.BooleanField):
        return "" if current else "on"
    if isinstance(field, forms.ChoiceField):  # the next choice, or else the one before
        choices = [str(value) for value, _label in field.choices if str(value)]
        index = choices.index(str(current))
        return choices[index + 1] if index + 1 < len(choices) else choices[index - 1]
    if isinstance(field, forms.IntegerField):
        return str((current or 1) + 1)
    if isinstance(field, PercentField):
        return "50" if str(current) != "50" else "40"
    return f"{current or ''} ændret"


def _posted(form: forms.Form) -> dict[str, str]:
    """What the form's page posts unchanged."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field, forms.BooleanField):
            if value:
                data[form.add_prefix(name)] = "on"
        elif value is not None:
            data[form.add_prefix(name)] = str(value)
    return data


def _changed(form: forms.Form, name: str) -> dict[str, str]:
    """What the form's page posts with only ``name`` changed."""
    data = _posted(form)
    value = _other_value(form.fields[name], form[name].value())
    data.pop(form.add_prefix(name), None)
    if value:
        data[form.add_prefix(name)] = value
    return data


@pytest.mark.parametrize(
    "title",
    [
        "Fritidsjob",  # a quantity and a larger variant
        "Fritidsjobkonsulent udstationeret i de udsatte byområder",  # units
    ],
)
def test_every_field_of_the_item_form_is_saved(member_client, make_plan, member, title):
    plan = make_plan(member, titles=[title], first_year=2019, last_year=2022)
    url = reverse("prioritisation:item_edit", args=[plan.pk, plan.items.get().pk])
    # Every field the form shows that is one of the item's: Meta.fields and the scale.
    model_fields = {field.name for field in PlanItem._meta.concrete_fields}
    shown = [
        name for name in PlanItemForm(instance=plan.items.get()).fields if name in model_fields
    ]
    start = PlanItem.objects.filter(plan=plan).values(*model_fields - {"id", "plan"}).get()
    for name in shown:
        PlanItem.objects.filter(plan=plan).update(**start)  # one field changed at a time
        Plan.objects.filter(pk=plan.pk).mark_changed()
        item = PlanItem.objects.select_related("plan", "initiative").get(plan=plan)
        form = PlanItemForm(instance=item, prefix=f"item-{item.pk}")  # as the page shows it
        before = getattr(item, name)
        response = member_client.post(url, _changed(form, name))
        assert response.status_code == 302, (name, response.content.decode()[:2000])
        assert getattr(PlanItem.objects.get(pk=item.pk), name) != before, name


def test_every_field_of_the_plan_form_is_saved(member_client, make_plan, member, catalogue):
    url = lambda plan: reverse("prioritisation:plan_edit", args=[plan.pk])  # noqa: E731
    plan = make_plan(member, first_year=2020, last_year=2021)
    goals = catalogue.goals.order_by("number")
    for name in PlanForm.Meta.fields:
        current = Plan.objects.get(pk=plan.pk)
        form = PlanForm(instance=current, goals=goals)  # as the page shows it
        response = member_client.post(url(plan), _changed(form, name))
        assert response.status_code == 302, (name, response.content.decode()[:2000])
        assert getattr(Plan.objects.get(pk=plan.pk), name) != getattr(current, name), name


def test_a_copy_has_every_field_of_every_item(make_plan, member, other_member):
    plan = make_plan(member, titles=["Fritidsjob"])
    item = plan.items.get()
    # A value other than the default in every field a member or the catalogue sets.
    item.start_year, item.end_year = 2020, 2021
    item.scale_by, item.scale_amount, item.scale_amount_year = "amount", 2_000_000, "later"
    item.note = "Med en note"
    item.agreed_first_year_amount = 123_456
    item.save()
    copy = changes.duplicate_plan(plan, owner=other_member)
    copied = copy.items.get()
    not_copied = {"id", "plan", "created", "updated", "frozen_texts"}
    for field in PlanItem._meta.concrete_fields:
        if field.name not in not_copied:
            assert getattr(copied, field.attname) == getattr(item, field.attname), field.name
    assert copied.initiative == Initiative.objects.get(title="Fritidsjob")
