"""Shared personas and fixtures, in the spirit of healthchecks' hc/test.py."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

from common import roles

# Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls
# from such a thread unless told that this is deliberate.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason="Debian's Chromium is not installed (apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Every test makes users; hashing their passwords the production way (PBKDF2, a
    million rounds) was most of the suite's time. Log-in works the same."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def small_catalogue(db):
    """A generated catalogue of three initiatives, for a test that needs a catalogue page
    but nothing of the seed's content (tests/factories.py)."""
    from tests.factories import make_catalogue

    return make_catalogue(initiatives=3)


@pytest.fixture
def catalogue(db):
    """The seed catalogue from fixtures/catalogue.json."""
    from catalogue.models import Catalogue

    call_command("loaddata", "catalogue", verbosity=0)
    return Catalogue.objects.get()


@pytest.fixture
def groups(db):
    return roles.ensure_groups()


def _user(django_user_model, groups, username, role, *, first_name, is_staff=False):
    user = django_user_model.objects.create_user(
        username=username, password="kodeord-til-test", first_name=first_name, is_staff=is_staff
    )
    user.groups.add(groups[role])
    return user


@pytest.fixture
def administrator(django_user_model, groups):
    return _user(
        django_user_model, groups, "anne", roles.ADMINISTRATOR, first_name="Anne", is_staff=True
    )


@pytest.fixture
def member(django_user_model, groups):
    return _user(django_user_model, groups, "mette", roles.MEMBER, first_name="Mette")


@pytest.fixture
def other_member(django_user_model, groups):
    return _user(django_user_model, groups, "bo", roles.MEMBER, first_name="Bo")


@pytest.fixture
def reader(django_user_model, groups):
    return _user(django_user_model, groups, "lise", roles.READER, first_name="Lise")


# --- Plans (prioritisation) -----------------------------------------------------------


@pytest.fixture
def make_plan(catalogue):
    """make_plan(owner, name=…, titles=[…], ceiling=…): a plan of the seed catalogue with
    those initiatives for the whole period, and the same ceiling every year if given."""
    from catalogue.models import Initiative
    from prioritisation.models import Allocation, Plan, PlanItem

    def make(owner, *, name="Job og skole", titles=(), ceiling=None, **fields):
        fields = {"first_year": catalogue.first_year, "last_year": catalogue.last_year} | fields
        plan = Plan.objects.create(owner=owner, catalogue=catalogue, name=name, **fields)
        for title in titles:
            PlanItem.for_initiative(
                Initiative.objects.get(title=title),
                plan=plan,
                start_year=plan.first_year,
                end_year=plan.last_year,
            ).save()
        if ceiling is not None:
            for year in plan.years:
                Allocation.objects.create(plan=plan, year=year, amount=ceiling)
        plan.refresh_from_db()  # each part counted in its version
        return plan

    return make


@pytest.fixture
def plan(make_plan, member):
    """Mette's plan: Anonymiseret rekruttering and Fritidsjob, 2019–2022, no ceiling."""
    return make_plan(member, titles=["Anonymiseret rekruttering", "Fritidsjob"])


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client
