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


@pytest.fixture(autouse=True)
def _danish():
    """Each test starts in Danish: a request in English leaves English active in the
    thread (the language middleware activates it), and the next test would inherit it."""
    from django.utils import translation

    with translation.override("da"):
        yield


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


# --- The committee together (issue 20) ------------------------------------------------


def _share_of_catalogue(plan, title, share):
    from decimal import Decimal

    item = plan.items.get(initiative__title=title)
    item.scale_by = "share"
    item.scale_share = Decimal(share)
    item.save()


@pytest.fixture
def third_member(django_user_model, groups):
    return _user(django_user_model, groups, "ida", roles.MEMBER, first_name="Ida")


@pytest.fixture
def committee_plans(make_plan, member, other_member, third_member):
    """Three members' plans shared with the committee, and one private plan, with
    figures worked out by hand (the seed catalogue, 2019–2022):

    - "Mettes plan": Fritidsjob as in the catalogue (3.000.000 kr. a year),
      Gadehøjskoler at 50 % (600.000 kr. a year).
    - "Bos plan": Fritidsjob at 50 % (1.500.000 kr.), Gadehøjskoler as in the
      catalogue (1.200.000 kr.); a ceiling of 5.000.000 kr. a year.
    - "Idas plan": Fritidsjob at 75 % (2.250.000 kr.).
    - "Mettes private plan" (not shared): Flere lærepladser. It never counts.

    So Fritidsjob is held by all three, at 50 %, 75 % and 100 % (median 75 %), costing
    6.000.000, 9.000.000 and 12.000.000 kr. over the four years (median 9.000.000 kr.);
    Gadehøjskoler by two of three, at 50 % and 100 % (median 75 %), costing 2.400.000
    and 4.800.000 kr. (median 3.600.000 kr.). In 2019 the plans spend 3.600.000,
    2.700.000 and 2.250.000 kr. (median 2.700.000 kr.).
    """
    from prioritisation import changes

    mettes = make_plan(member, name="Mettes plan", titles=["Fritidsjob", "Gadehøjskoler"])
    _share_of_catalogue(mettes, "Gadehøjskoler", 50)
    bos = make_plan(
        other_member, name="Bos plan", titles=["Fritidsjob", "Gadehøjskoler"], ceiling=5_000_000
    )
    _share_of_catalogue(bos, "Fritidsjob", 50)
    idas = make_plan(third_member, name="Idas plan", titles=["Fritidsjob"])
    _share_of_catalogue(idas, "Fritidsjob", 75)
    for shared in (mettes, bos, idas):
        changes.share_plan(shared)
    private = make_plan(member, name="Mettes private plan", titles=["Flere lærepladser"])
    for each in (mettes, bos, idas, private):
        each.refresh_from_db()
    return {"mette": mettes, "bo": bos, "ida": idas, "private": private}
