"""Every text people write has a maximum: the plan's name and description, an item's
note, the catalogue's texts in admin. Over it, the form says so in Danish and nothing
is saved; the page's field says the maximum (maxlength), and the database refuses a
longer text from anywhere else. The maxima hold the seed with room to spare and stay
under what a spreadsheet cell holds (32.767), so an export never cuts a text.

Found in a security test: a 2 MB note was stored, and the export cut it."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from catalogue.models import Catalogue, FocusArea, Initiative
from prioritisation.models import Plan, PlanItem

pytestmark = pytest.mark.django_db

# (model, field, maximum)
LIMITS = [
    (Catalogue, "introduction", 10_000),
    (FocusArea, "purpose", 5_000),
    (Initiative, "description", 10_000),
    (Initiative, "inspiration", 5_000),
    (Initiative, "effect", 5_000),
    (Initiative, "financing_text", 2_000),
    (Initiative, "source_note", 2_000),
    (Plan, "description", 5_000),
    (PlanItem, "note", 2_000),
]


def _maxlength(html, name) -> int:
    return int(re.search(rf'<textarea[^>]*name="{name}"[^>]*maxlength="(\d+)"', html).group(1))


def test_the_seed_fits_with_room_to_spare(catalogue):
    for model, name, limit in LIMITS:
        if model in (Plan, PlanItem):
            continue
        longest = max(len(getattr(obj, name)) for obj in model.objects.all())
        assert longest <= limit / 2, (model, name, longest)
    for model in (Catalogue, FocusArea, Initiative):
        for obj in model.objects.all():
            obj.full_clean()


@pytest.mark.parametrize(("model", "name", "limit"), LIMITS)
def test_the_model_refuses_a_longer_text(plan, model, name, limit):
    obj = model.objects.filter(**({"plan": plan} if model is PlanItem else {})).first()
    setattr(obj, name, "æ" * limit)
    obj.full_clean()
    setattr(obj, name, "æ" * (limit + 1))
    with pytest.raises(ValidationError) as refused:
        obj.full_clean()
    assert f"Denne værdi må højst have {limit} tegn" in str(refused.value.message_dict[name])


@pytest.mark.parametrize(("model", "name", "limit"), LIMITS)
def test_the_database_refuses_a_longer_text(plan, model, name, limit):
    rows = model.objects.filter(**({"plan": plan} if model is PlanItem else {}))
    rows.update(**{name: "x" * limit})
    with pytest.raises(IntegrityError), transaction.atomic():
        rows.update(**{name: "x" * (limit + 1)})


def test_plan_form_says_the_maximum_and_refuses_more(member_client, catalogue):
    url = reverse("prioritisation:plan_create")
    assert _maxlength(member_client.get(url).content.decode(), "description") == 5_000
    data = {"name": "Lang", "first_year": "2019", "last_year": "2022"}
    response = member_client.post(url, data | {"description": "ø" * 5_001})
    text = response.content.decode()
    assert "Handleplanen er ikke gemt. Ret fejlene nedenfor." in text
    assert "Denne værdi må højst have 5000 tegn (den har 5001)." in text
    assert not Plan.objects.exists()
    member_client.post(url, data | {"description": "ø" * 5_000})
    assert len(Plan.objects.get().description) == 5_000


def test_a_two_megabyte_note_is_refused(member_client, plan):
    item = plan.items.first()
    url = reverse("prioritisation:item_edit", args=[plan.pk, item.pk])
    prefix = f"item-{item.pk}"
    assert _maxlength(member_client.get(url).content.decode(), f"{prefix}-note") == 2_000
    data = {f"{prefix}-start_year": "2019", f"{prefix}-end_year": "2022"}
    response = member_client.post(url, data | {f"{prefix}-note": "x" * 2_000_000})
    assert "Denne værdi må højst have 2000 tegn (den har 2000000)." in (response.content.decode())
    item.refresh_from_db()
    assert item.note == ""


def test_admin_refuses_a_longer_initiative_text(administrator, catalogue):
    from django.forms.models import model_to_dict

    client = Client()
    client.force_login(administrator)
    initiative = Initiative.objects.get(title="Fritidsjob")
    url = reverse("admin:catalogue_initiative_change", args=[initiative.pk])
    assert _maxlength(client.get(url).content.decode(), "description") == 10_000
    data = {k: ("" if v is None else v) for k, v in model_to_dict(initiative).items()}
    data = {k: v for k, v in data.items() if v is not False and k != "id"}
    data["starred"] = "on" if initiative.starred else ""
    data["description"] = "x" * 10_001
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Denne værdi må højst have 10000 tegn (den har 10001)." in (response.content.decode())
    initiative.refresh_from_db()
    assert len(initiative.description) < 10_000


@pytest.mark.django_db(transaction=True)
def test_the_migration_shortens_longer_texts_and_the_history_keeps_them(member, catalogue):
    """A database with a longer note already (the security test's): the migration
    that adds the check shortens it, and the item's history has the whole note and a
    version that says it was shortened."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from common.text import SHORTENED

    before = [("prioritisation", "0005_plan_creation_token")]
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()  # where every other test runs
    try:
        executor.migrate(before)
        old = executor.loader.project_state(before).apps
        plan = old.get_model("prioritisation", "Plan").objects.create(
            owner_id=member.pk,
            catalogue_id=catalogue.pk,
            name="Gammel",
            description="d" * 6_000,
            first_year=2019,
            last_year=2022,
        )
        fields = {
            "plan_id": plan.pk,
            "initiative_id": Initiative.objects.get(title="Fritidsjob").pk,
            "start_year": 2019,
            "end_year": 2022,
            "note": "n" * 3_000,
        }
        item = old.get_model("prioritisation", "PlanItem").objects.create(**fields)
        old.get_model("prioritisation", "HistoricalPlanItem").objects.create(
            id=item.pk,
            created=item.created,
            updated=item.updated,
            history_date=item.updated,
            history_type="+",
            **fields,
        )
        executor = MigrationExecutor(connection)
        executor.migrate(latest)
    finally:
        MigrationExecutor(connection).migrate(latest)

    item = PlanItem.objects.get(pk=item.pk)
    assert item.note == "n" * 2_000
    newest, first = item.history.order_by("-history_date", "-history_id")
    assert newest.note == item.note
    assert newest.history_change_reason == SHORTENED
    assert first.note == "n" * 3_000  # the whole note, in admin's Historik
    assert Plan.objects.get(pk=plan.pk).description == "d" * 5_000
