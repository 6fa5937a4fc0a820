"""handleplan/permissions.load_permissions: the same permissions as Django's
ModelBackend, in one query, and Django's has_perm answers from them."""

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission

from handleplan.permissions import load_permissions
from prioritisation.access import can_adopt_plans, can_build_plans, can_restore_any_plan

pytestmark = pytest.mark.django_db


def _fresh(user):
    """The user as a new request loads it, with no permissions kept on it."""
    return type(user).objects.get(pk=user.pk)


def test_the_same_permissions_as_djangos_backend(
    administrator, member, reader, django_user_model, groups
):
    direct = django_user_model.objects.create_user("hanne-direkte", first_name="Hanne")
    direct.user_permissions.add(Permission.objects.get(codename="adopt_plan"))
    both = django_user_model.objects.create_user("lise-alle-roller", first_name="Lise")
    both.groups.add(*groups.values())
    both.user_permissions.add(Permission.objects.get(codename="view_initiative"))
    inactive = django_user_model.objects.create_user("ole-inaktiv", is_active=False)
    inactive.groups.add(*groups.values())
    superuser = django_user_model.objects.create_superuser("rod-superbruger", password="x")
    nobody = django_user_model.objects.create_user("uden-roller")
    for user in (administrator, member, reader, direct, both, inactive, superuser, nobody):
        ours = _fresh(user)
        load_permissions(ours)
        djangos = ModelBackend().get_all_permissions(_fresh(user))
        assert ModelBackend().get_all_permissions(ours) == djangos, user.username
        for ask in (can_build_plans, can_adopt_plans, can_restore_any_plan):
            assert ask(_fresh(user)) == ask(ours), (user.username, ask.__name__)
    loaded = _fresh(direct)
    load_permissions(loaded)
    assert loaded._perm_cache == {"prioritisation.adopt_plan"}
    assert can_adopt_plans(loaded) and not can_build_plans(loaded)


def test_one_query_for_every_question_in_a_request(member, django_assert_num_queries):
    user = _fresh(member)
    with django_assert_num_queries(1):  # the user's and their groups' permissions
        assert can_build_plans(user)
        assert not can_adopt_plans(user)
        assert not can_restore_any_plan(user)
        assert user.has_perms(["prioritisation.add_plan", "prioritisation.change_plan"])


def test_a_member_taken_out_of_the_group_loses_them_at_the_next_request(member, groups):
    assert can_build_plans(_fresh(member))
    member.groups.clear()
    assert not can_build_plans(_fresh(member))
