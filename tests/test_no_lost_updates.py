"""Twenty people editing one plan at once lose nothing that they were told was saved.

PostgreSQL only: real parallel requests, each client in its own thread with its own
database connection, all started at one moment. Each client adds an initiative of its
own, then opens its item's form and writes a note with the version the form showed. A
save refused as stale ("Handleplanen er ændret …") is not an error: the client opens
the form again for the version now and tries again, a bounded number of times.

At the end every acknowledged change (a 302 for an add, "er gemt" for a note) is in
the plan, and the plan's version has counted each of them exactly once.
"""

import random
import re
import threading
import time

import pytest
from django.db import connection, connections
from django.template import Template
from django.test import Client
from django.test.utils import _TestState
from django.urls import reverse

from catalogue.models import Initiative
from prioritisation.models import Plan, PlanItem

CLIENTS = 20
MAX_ATTEMPTS = 40
BACKOFF, BACKOFF_CAP = 0.02, 2.0  # seconds
CONFLICT = "Handleplanen er ændret, siden du åbnede den"
SAVED = "er gemt"

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def _render_templates_as_a_server_does(monkeypatch):
    """Template rendering without the test runner's instrumentation.

    Under test, every template rendered sends a signal that each test client with a
    request in flight listens to, copying the context. With twenty requests at once
    every render is copied twenty times, and that, not the app, would be what this test
    spends its time on. No response's ``context`` is read here.
    """
    monkeypatch.setattr(Template, "_render", _TestState.saved_data.template_render)


def _version_on_page(html: str, item_pk: int) -> int:
    """The plan version the item's form was shown at (its hidden "version" input)."""
    tag = re.search(rf'<input[^>]*name="item-{item_pk}-version"[^>]*>', html)
    assert tag, f"no form for item {item_pk}"
    return int(re.search(r'value="(\d+)"', tag.group(0)).group(1))


class Editor:
    """One person in one browser: adds an initiative, then notes on its item."""

    def __init__(self, *, user, plan, initiative, index):
        self.user, self.plan, self.initiative = user, plan, initiative
        self.note = f"Note fra klient {index}: æøå"
        self.added = False
        self.noted = False
        self.conflicts = 0
        self.error = None

    def run(self, barrier):
        try:
            client = Client()
            client.force_login(self.user)
            barrier.wait(timeout=60)
            self._add(client)
            if self.added:
                self._write_note(client)
        except BaseException as error:  # reported by the test, not lost in the thread
            self.error = error
        finally:
            connections.close_all()

    def _add(self, client):
        response = client.post(
            reverse("prioritisation:item_add"),
            {"plan": self.plan.pk, "initiative": self.initiative.pk},
        )
        assert response.status_code == 302, response.status_code
        self.added = True

    def _write_note(self, client):
        item_pk = PlanItem.objects.get(plan=self.plan, initiative=self.initiative).pk
        plan_url = self.plan.get_absolute_url()
        edit_url = reverse("prioritisation:item_edit", args=[self.plan.pk, item_pk])
        prefix = f"item-{item_pk}"
        for attempt in range(MAX_ATTEMPTS):
            # The item's form, as its link on the plan page opens it: the version now.
            form = client.get(edit_url).content.decode()
            response = client.post(
                edit_url,
                {
                    f"{prefix}-start_year": self.plan.first_year,
                    f"{prefix}-end_year": self.plan.last_year,
                    f"{prefix}-note": self.note,
                    f"{prefix}-version": _version_on_page(form, item_pk),
                },
            )
            # Saved or refused, the answer is the way back to the plan page.
            assert response.status_code == 302, response.status_code
            # A random pause, longer after each refusal (as people do, and as any
            # client under contention should); then the plan page: its message says
            # whether the note was saved.
            time.sleep(random.uniform(0, min(BACKOFF_CAP, BACKOFF * 2**attempt)))  # noqa: S311
            page = client.get(plan_url).content.decode()
            if SAVED in page and CONFLICT not in page:
                self.noted = True
                return
            assert CONFLICT in page, "neither saved nor refused as stale"
            self.conflicts += 1


def test_twenty_concurrent_clients_lose_no_acknowledged_change(catalogue, member):
    plan = Plan.objects.create(
        owner=member,
        catalogue=catalogue,
        name="Udvalgets fælles plan",
        first_year=2019,
        last_year=2022,
    )
    start_version = plan.version
    initiatives = list(Initiative.objects.order_by("pk")[:CLIENTS])
    assert len(initiatives) == CLIENTS  # the seed has 27
    editors = [
        Editor(user=member, plan=plan, initiative=initiative, index=index)
        for index, initiative in enumerate(initiatives)
    ]
    barrier = threading.Barrier(CLIENTS)
    threads = [threading.Thread(target=editor.run, args=(barrier,)) for editor in editors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads), "a client never finished"
    errors = [editor.error for editor in editors if editor.error is not None]
    assert not errors, errors

    plan.refresh_from_db()
    items = {item.initiative_id: item for item in plan.items.all()}
    acknowledged = 0
    for editor in editors:
        if editor.added:
            acknowledged += 1
            assert editor.initiative.pk in items  # the add is there
        if editor.noted:
            acknowledged += 1
            assert items[editor.initiative.pk].note == editor.note  # and the note
    # Every client got both through (retries are bounded, but generous).
    assert acknowledged == 2 * CLIENTS, [(e.added, e.noted, e.conflicts) for e in editors]
    assert len(items) == CLIENTS
    # Each acknowledged change counted once; nothing else moved the version.
    assert plan.version == start_version + acknowledged
    # And the races were real: some saves were refused as stale and retried.
    assert sum(editor.conflicts for editor in editors) > 0
