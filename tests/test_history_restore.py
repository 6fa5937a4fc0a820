"""An earlier version of an initiative can be restored from its history in admin.

The seed is loaded without history (loaddata writes none); ``populate_history --auto``
starts it, as setup_demo and the README's production steps do. An administrator then
changes an initiative twice and restores the seed's version from the history page
(SimpleHistoryAdmin's "Gendan"): its amounts and texts are the seed's again, and a new
history entry says who restored it, and that it was a restore.
"""

import pytest
from django.core.management import call_command
from django.forms.models import model_to_dict
from django.urls import reverse

from catalogue.models import Initiative

pytestmark = pytest.mark.django_db

TITLE = "Fritidsjob"


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


@pytest.fixture
def initiative(catalogue):
    call_command("populate_history", auto=True, verbosity=0)
    return Initiative.objects.get(title=TITLE)


def _form_data(initiative, **changes):
    """The admin form as the browser posts it, with ``changes``."""
    data = {k: ("" if v is None else v) for k, v in model_to_dict(initiative).items()}
    data.update(changes)
    for flag in ("starred", "target_is_minimum"):
        data[flag] = "on" if data[flag] else ""
    return {k: v for k, v in data.items() if v is not False and k != "id"}


def _texts_and_amounts(initiative):
    return {
        name: getattr(initiative, name)
        for name in (
            "title",
            "description",
            "effect",
            "financing_kind",
            "first_year_amount",
            "later_year_amount",
            "larger_variant_amount",
            "target_quantity",
        )
    }


def test_seed_version_restored_from_history(admin_client, administrator, initiative):
    original = _texts_and_amounts(initiative)
    seed_version = initiative.history.get()  # populate_history's: the seed as loaded
    change_url = reverse("admin:catalogue_initiative_change", args=[initiative.pk])

    # Two edits in admin, amounts typed the Danish way.
    for number, amount in ((1, "3.200.000"), (2, "3.500.000 kr.")):
        response = admin_client.post(
            change_url,
            _form_data(
                initiative,
                title=f"{TITLE} (udgave {number})",
                description=f"Ny beskrivelse nr. {number}.",
                first_year_amount=amount,
                later_year_amount=amount,
            ),
        )
        assert response.status_code == 302, response.content.decode()
        initiative.refresh_from_db()
    assert initiative.title == f"{TITLE} (udgave 2)"
    assert initiative.first_year_amount == 3_500_000
    assert initiative.history.count() == 3

    # The history page lists every version, each with a link to restore it.
    history_url = reverse("admin:catalogue_initiative_history", args=[initiative.pk])
    restore_url = reverse(
        "admin:catalogue_initiative_simple_history",
        args=[initiative.pk, seed_version.history_id],
    )
    history = admin_client.get(history_url)
    assert history.status_code == 200
    assert restore_url in history.content.decode()

    # The version's form shows the seed's values; saving it restores them.
    form_page = admin_client.get(restore_url)
    assert form_page.status_code == 200
    form = form_page.context["adminform"].form
    assert form.initial["title"] == TITLE
    assert form.instance.first_year_amount == original["first_year_amount"]
    response = admin_client.post(restore_url, _form_data(form.instance))
    assert response.status_code == 302

    initiative.refresh_from_db()
    assert _texts_and_amounts(initiative) == original

    latest = initiative.history.latest()
    assert latest.history_id != seed_version.history_id
    assert latest.history_type == "~"
    assert latest.history_user == administrator
    assert latest.history_change_reason.startswith("Gendannet fra versionen af ")
    assert initiative.history.count() == 4
    # The restore is a change like any other: its diff against the second edit.
    delta = latest.diff_against(latest.prev_record)
    assert {"title", "description", "first_year_amount", "later_year_amount"} <= set(
        delta.changed_fields
    )


def test_a_member_cannot_open_a_version(client, member, initiative):
    client.force_login(member)
    version = initiative.history.get()
    url = reverse(
        "admin:catalogue_initiative_simple_history", args=[initiative.pk, version.history_id]
    )
    response = client.post(url, _form_data(initiative, title="Overtaget"))
    assert response.status_code == 302  # to admin's log-in page
    assert "/admin/login/" in response["Location"]
    initiative.refresh_from_db()
    assert initiative.title == TITLE
