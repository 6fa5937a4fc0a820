"""Every URL of the site × each role × GET and POST: the exact status code.

The test fails when a URL is added without an entry here, so no page is ever
reachable without someone having decided who may reach it. Django admin's own URLs
are checked by family below (staff only).

Roles: a visitor (anonymous), a reader, the owner of the plan (Mette, a member),
another member (Bo), an administrator. Each request meets a fresh plan, so one
role's change never decides another's answer. 302 for the visitor is the way to the
log-in page; 404 hides a plan that is not yours from you.
"""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from catalogue.models import Initiative
from prioritisation import changes

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "reader", "owner", "other_member", "administrator")
ALL = lambda status: (status,) * 5  # noqa: E731 - a table reads better with it


def _plan(make_plan, member):
    return make_plan(member, name="Mettes plan", titles=["Fritidsjob", "Gadehøjskoler"])


def _deleted(make_plan, member):
    plan = _plan(make_plan, member)
    changes.delete_plan(plan)
    return plan


def _on_plan(name, **data):
    """A request on a fresh plan of Mette's: (url, POST data)."""

    def build(make_plan, member):
        plan = _plan(make_plan, member)
        return reverse(f"prioritisation:{name}", args=[plan.pk]), data

    return build


def _on_item(name, **data):
    def build(make_plan, member):
        plan = _plan(make_plan, member)
        item = plan.items.first()
        return reverse(f"prioritisation:{name}", args=[plan.pk, item.pk]), data

    return build


def _plain(name, *args, **data):
    def build(make_plan, member):
        return reverse(name, args=args), data

    return build


def _item_add(make_plan, member):
    plan = _plan(make_plan, member)
    initiative = Initiative.objects.get(title="Mindspring-forløb for flygtninge")
    return reverse("prioritisation:item_add"), {"plan": plan.pk, "initiative": initiative.pk}


def _compare(make_plan, member, name="prioritisation:compare"):
    first, second = _plan(make_plan, member), make_plan(member, name="Mettes anden plan")
    return f"{reverse(name)}?plan={first.pk}&plan={second.pk}", {}


def _compare_paper(name):
    def build(make_plan, member):
        return _compare(make_plan, member, name=f"prioritisation:{name}")

    return build


def _shared(make_plan, member):
    plan = _plan(make_plan, member)
    changes.share_plan(plan)
    return plan


def _committee(name, **data):
    """A page of Udvalgets billede over Mette's shared plan: (url, POST data)."""

    def build(make_plan, member):
        plan = _shared(make_plan, member)
        query = f"?katalog={plan.catalogue_id}&plan={plan.pk}"
        return reverse(f"prioritisation:{name}") + query, {
            "katalog": plan.catalogue_id,
            "plan": plan.pk,
            "ramme": plan.pk,
            **data,
        }

    return build


def _meeting_poll(make_plan, member):
    plan = _plan(make_plan, member)
    url = reverse("prioritisation:plan_meeting_poll", args=[plan.pk])
    return f"{url}?version={plan.version}&katalog={plan.catalogue.content_version}", {}


def _restore(make_plan, member):
    plan = _deleted(make_plan, member)
    return reverse("prioritisation:plan_restore", args=[plan.pk]), {}


# name: (request builder, GET statuses, POST statuses), statuses in ROLES order.
MATRIX = {
    "catalogue:home": (_plain("catalogue:home"), ALL(302), ALL(405)),
    "catalogue:overview": (_plain("catalogue:overview", 1), ALL(200), ALL(405)),
    "catalogue:table": (_plain("catalogue:table", 1), ALL(200), ALL(405)),
    "catalogue:initiative": (_plain("catalogue:initiative", 1), ALL(200), ALL(405)),
    # The whole catalogue as a workbook: public, as the catalogue's pages are.
    "catalogue:workbook": (_plain("catalogue:workbook", 1), ALL(200), ALL(405)),
    "login": (_plain("login"), ALL(200), ALL(200)),  # POST: the form, "wrong password"
    "logout": (_plain("logout"), ALL(405), ALL(302)),
    "set_language": (_plain("set_language"), ALL(302), ALL(302)),  # back to the page
    # The audit log: staff only; others go to the admin's log-in.
    "audit_log": (_plain("audit_log"), (302, 302, 302, 302, 200), ALL(405)),
    "prioritisation:plan_list": (
        _plain("prioritisation:plan_list"),
        (302, 200, 200, 200, 200),
        (302, 405, 405, 405, 405),
    ),
    "prioritisation:plan_create": (
        _plain("prioritisation:plan_create"),
        (302, 403, 200, 200, 200),
        (302, 403, 200, 200, 200),  # an empty form: the errors, nothing created
    ),
    "prioritisation:deleted_plans": (
        _plain("prioritisation:deleted_plans"),
        (302, 200, 200, 200, 200),
        (302, 405, 405, 405, 405),
    ),
    "prioritisation:item_add": (
        _item_add,
        (302, 403, 405, 405, 405),
        (302, 403, 302, 404, 404),
    ),
    "prioritisation:shared_plans": (
        _plain("prioritisation:shared_plans"),
        (302, 200, 200, 200, 200),
        (302, 405, 405, 405, 405),
    ),
    # Udvalgets billede: every role that logs in; only shared plans are in it.
    "prioritisation:committee_picture": (
        _committee("committee_picture"),
        (302, 200, 200, 200, 200),
        (302, 405, 405, 405, 405),
    ),
    "prioritisation:committee_export": (
        _committee("committee_export"),
        (302, 200, 200, 200, 200),
        (302, 405, 405, 405, 405),
    ),
    # Its meeting mode, and the poll with no picture seen yet: the content.
    "prioritisation:committee_meeting": (
        _committee("committee_meeting"),
        (302, 200, 200, 200, 200),
        (302, 405, 405, 405, 405),
    ),
    "prioritisation:committee_meeting_poll": (
        _committee("committee_meeting_poll"),
        (302, 200, 200, 200, 200),
        (302, 405, 405, 405, 405),
    ),
    # The consensus draft: members and administrators make one (to the new draft).
    "prioritisation:committee_draft": (
        _committee("committee_draft", mindst=1),
        (302, 403, 405, 405, 405),
        (302, 403, 302, 302, 302),
    ),
    "prioritisation:compare": (
        _compare,
        (302, 302, 200, 302, 302),  # others: back with "not shared with you"
        (302, 405, 405, 405, 405),
    ),
    # The comparison in meeting mode: as the comparison.
    "prioritisation:compare_meeting": (
        _compare_paper("compare_meeting"),
        (302, 302, 200, 302, 302),
        (302, 405, 405, 405, 405),
    ),
    # Its poll, with no comparison seen yet: the content, for whoever may read the plans.
    "prioritisation:compare_meeting_poll": (
        _compare_paper("compare_meeting_poll"),
        (302, 404, 200, 404, 404),
        (302, 405, 405, 405, 405),
    ),
    "prioritisation:plan": (
        _on_plan("plan"),
        (302, 404, 200, 404, 404),
        (302, 405, 405, 405, 405),
    ),
    # The workbench: its owner's; a plan shared with others is read on the plan page.
    "prioritisation:plan_workbench": (
        _on_plan("plan_workbench"),
        (302, 404, 200, 404, 404),
        (302, 405, 405, 405, 405),
    ),
    "prioritisation:plan_edit": (
        _on_plan("plan_edit"),
        (302, 403, 200, 404, 404),
        (302, 403, 200, 404, 404),  # an empty form: the errors
    ),
    "prioritisation:plan_duplicate": (
        _on_plan("plan_duplicate"),
        (302, 403, 405, 405, 405),
        (302, 403, 302, 404, 404),
    ),
    "prioritisation:plan_delete": (
        _on_plan("plan_delete"),
        (302, 403, 200, 404, 404),  # GET asks first
        (302, 403, 302, 404, 404),
    ),
    "prioritisation:plan_restore": (
        _restore,
        (302, 405, 405, 405, 405),
        (302, 404, 302, 404, 302),  # an administrator restores anyone's
    ),
    "prioritisation:plan_share": (
        _on_plan("plan_share"),
        (302, 403, 405, 405, 405),
        (302, 403, 302, 404, 404),
    ),
    "prioritisation:plan_unshare": (
        _on_plan("plan_unshare"),
        (302, 403, 405, 405, 405),
        (302, 403, 302, 404, 404),
    ),
    "prioritisation:plan_propose": (
        _on_plan("plan_propose"),
        (302, 403, 405, 405, 405),
        (302, 403, 302, 404, 404),
    ),
    "prioritisation:plan_to_draft": (
        _on_plan("plan_to_draft"),
        (302, 403, 405, 405, 405),
        (302, 403, 302, 404, 404),
    ),
    "prioritisation:plan_adopt": (
        _on_plan("plan_adopt"),
        (302, 403, 403, 403, 404),  # the confirmation page; administrators only
        (302, 403, 403, 403, 404),  # administrators only; a private plan is not theirs
    ),
    "prioritisation:item_accept": (
        _on_item("item_accept"),
        (302, 403, 405, 405, 405),
        (302, 403, 302, 404, 404),
    ),
    "prioritisation:item_edit": (
        _on_item("item_edit"),
        (302, 403, 200, 404, 404),  # the form, for the owner only
        (302, 403, 200, 404, 404),  # an empty form: the errors at the item
    ),
    "prioritisation:item_remove": (
        _on_item("item_remove"),
        (302, 403, 405, 405, 405),
        (302, 403, 302, 404, 404),
    ),
    "prioritisation:plan_suggest": (
        _on_plan("plan_suggest"),
        (302, 403, 200, 404, 404),  # the form: the owner's plan, or one shared
        (302, 403, 200, 404, 404),  # an empty form: the form again, nothing saved
    ),
    "prioritisation:plan_proposal": (
        _on_plan("plan_proposal"),
        (302, 403, 302, 404, 404),  # no proposal of this session: to the plan
        (302, 403, 405, 405, 405),
    ),
    "prioritisation:plan_export": (
        _on_plan("plan_export"),
        (302, 404, 200, 404, 404),
        (302, 405, 405, 405, 405),
    ),
    # Meeting mode: whoever may read the plan (this one is private: its owner).
    "prioritisation:plan_meeting": (
        _on_plan("plan_meeting"),
        (302, 404, 200, 404, 404),
        (302, 405, 405, 405, 405),
    ),
    # The poll at the plan's own version: 204, nothing changed.
    "prioritisation:plan_meeting_poll": (
        _meeting_poll,
        (302, 404, 204, 404, 404),
        (302, 405, 405, 405, 405),
    ),
    "prioritisation:plan_pdf": (
        _on_plan("plan_pdf"),
        (302, 404, 200, 404, 404),
        (302, 405, 405, 405, 405),
    ),
    "prioritisation:plan_word": (
        _on_plan("plan_word"),
        (302, 404, 200, 404, 404),
        (302, 405, 405, 405, 405),
    ),
    "prioritisation:compare_pdf": (
        _compare_paper("compare_pdf"),
        (302, 302, 200, 302, 302),  # others: back with "not shared with you"
        (302, 405, 405, 405, 405),
    ),
    "prioritisation:compare_word": (
        _compare_paper("compare_word"),
        (302, 302, 200, 302, 302),
        (302, 405, 405, 405, 405),
    ),
}

# Django admin: staff only; everyone else is sent to the admin's log-in.
ADMIN_PAGES = [
    "admin:index",
    "admin:catalogue_initiative_changelist",
    "admin:catalogue_template",
    "admin:catalogue_upload",
    "admin:catalogue_catalogueimport_changelist",
    "admin:prioritisation_plan_changelist",
    "admin:prioritisation_allocation_changelist",
]


def _site_routes():
    """Every named route of the site, outside Django admin, as "namespace:name"."""
    names = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or namespace
                if inner != "admin":
                    walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, None)
    return names


def test_every_url_has_an_entry():
    assert _site_routes() == set(MATRIX)


@pytest.fixture
def clients(reader, member, other_member, administrator):
    clients = {"anonymous": Client()}
    for role, user in [
        ("reader", reader),
        ("owner", member),
        ("other_member", other_member),
        ("administrator", administrator),
    ]:
        clients[role] = Client()
        clients[role].force_login(user)
    return clients


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_url_as_every_role(name, catalogue, make_plan, member, clients):
    build, get_statuses, post_statuses = MATRIX[name]
    for method, statuses in (("get", get_statuses), ("post", post_statuses)):
        for role, expected in zip(ROLES, statuses, strict=True):
            url, data = build(make_plan, member)
            response = getattr(clients[role], method)(url, data if method == "post" else None)
            assert response.status_code == expected, (name, method.upper(), role)


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_admin_is_for_staff(name, catalogue, clients):
    for role in ROLES:
        response = clients[role].get(reverse(name))
        expected = 200 if role == "administrator" else 302
        assert response.status_code == expected, (name, role)
        if expected == 302:
            assert response["Location"].startswith(reverse("admin:login"))
