"""Shared personas and fixtures, in the spirit of healthchecks' hc/test.py."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

from handleplan import roles

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
