"""handleplan.auth.OneQueryModelBackend: the same permissions as Django's ModelBackend,
in one query."""

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission

from handleplan.auth import OneQueryModelBackend

pytestmark = pytest.mark.django_db


def _fresh(user):
    """The user as a new request loads it, without permissions kept on it."""
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
    for user in (administrator, member, reader, direct, both, inactive, superuser):
        ours = OneQueryModelBackend().get_all_permissions(_fresh(user))
        assert ours == ModelBackend().get_all_permissions(_fresh(user)), user.username
    assert "prioritisation.add_plan" in OneQueryModelBackend().get_all_permissions(member)
    assert OneQueryModelBackend().get_all_permissions(_fresh(direct)) == {
        "prioritisation.adopt_plan"
    }
    assert OneQueryModelBackend().get_all_permissions(_fresh(inactive)) == set()


def test_one_query_and_kept_for_the_request(member, django_assert_num_queries):
    user = _fresh(member)
    with django_assert_num_queries(1):  # the user's and their groups' permissions
        assert user.has_perm("prioritisation.add_plan")
        assert not user.has_perm("prioritisation.restore_any_plan")
        assert user.has_perms(["prioritisation.add_plan", "prioritisation.change_plan"])


def test_a_member_taken_out_of_the_group_loses_its_permissions_at_the_next_request(member, groups):
    assert _fresh(member).has_perm("prioritisation.add_plan")
    member.groups.clear()
    assert not _fresh(member).has_perm("prioritisation.add_plan")
