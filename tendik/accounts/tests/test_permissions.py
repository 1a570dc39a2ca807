"""The permission layer: every scope kind, inactive assignments and users, committee scope, grants."""

from __future__ import annotations

import pytest

from tendik.accounts.models import RoleAssignment
from tendik.accounts.permissions import (
    assignment_q,
    committee_ids,
    committee_q,
    forget,
    grants,
    has_perm,
    is_national,
    may_grant,
    may_view_audit,
    perms_summary,
    require,
    requires_two_factor,
    scope_paths,
    unit_q,
)
from tendik.accounts.roles import Perm, Role
from tendik.geography.models import AdministrativeUnit

pytestmark = pytest.mark.django_db


def _units(user, perm):
    """Codes of the units in `user`'s scope: unit_q filters rows that point to a unit, so each unit gets one."""
    rows = RoleAssignment.objects.filter(role=Role.VIEWER, unit__isnull=False)
    if not rows.exists():
        for unit in AdministrativeUnit.objects.all():
            RoleAssignment.objects.create(user=user, role=Role.VIEWER, unit=unit, is_active=False)
    return set(rows.filter(unit_q(user, perm, field="unit")).values_list("unit__code", flat=True))


@pytest.fixture
def committees(make_committee, territory):
    return {
        "halmion": make_committee(territory["halmion"]),
        "kulundu": make_committee(territory["kulundu"]),
        "kazybek": make_committee(territory["kazybek"]),
    }


def test_national_grant_reaches_everywhere(territory, make_user):
    coordinator = make_user(Role.NATIONAL_COORDINATOR)
    assert has_perm(coordinator, Perm.REPORT_ACCEPT)
    assert has_perm(coordinator, Perm.REPORT_ACCEPT, unit=territory["kazybek"])
    assert is_national(coordinator, Perm.REPORT_ACCEPT)
    assert scope_paths(coordinator, Perm.REPORT_REVIEW) is None
    assert len(_units(coordinator, Perm.REPORT_REVIEW)) == AdministrativeUnit.objects.count()
    # a permission the role does not have
    assert not has_perm(coordinator, Perm.CASE_VIEW_IDENTITY)
    assert not has_perm(coordinator, Perm.MANAGE_USERS, unit=territory["halmion"])


def test_unit_grant_covers_the_unit_and_below_only(territory, make_user):
    fp = make_user(Role.FOCAL_POINT, unit=territory["kadamjay"])
    assert has_perm(fp, Perm.REPORT_REVIEW, unit=territory["kadamjay"])
    assert has_perm(fp, Perm.REPORT_REVIEW, unit=territory["halmion"])
    assert has_perm(fp, Perm.REPORT_REVIEW, unit=territory["aydarken"])
    assert not has_perm(fp, Perm.REPORT_REVIEW, unit=territory["batken"])  # the parent is not in scope
    assert not has_perm(fp, Perm.REPORT_REVIEW, unit=territory["kulundu"])  # a sibling rayon's municipality
    assert not has_perm(fp, Perm.REPORT_ACCEPT, unit=territory["halmion"])  # not a focal point's permission
    assert not is_national(fp, Perm.REPORT_REVIEW)
    assert _units(fp, Perm.REPORT_REVIEW) == {"41705258000000", "41705258600010", "41705258860000"}
    assert scope_paths(fp, Perm.REPORT_REVIEW) == [territory["kadamjay"].path]
    with pytest.raises(Exception, match=Perm.REPORT_REVIEW.value):
        require(fp, Perm.REPORT_REVIEW, unit=territory["kazybek"])


def test_several_unit_grants_add_up(territory, make_user):
    fp = make_user(Role.FOCAL_POINT, unit=territory["leilek"])
    RoleAssignment.objects.create(user=fp, role=Role.FOCAL_POINT, unit=territory["atbashy"])
    forget(fp)
    assert _units(fp, Perm.REPORT_REVIEW) == {"41705236000000", "41705236825000", "41704220000000", "41704220830000"}


def _committees_matching(user, perm, committees):
    # committee_q filters rows that point to a committee: one member per committee stands for it here.
    rows = RoleAssignment.objects.filter(committee__in=committees.values()).filter(committee_q(user, perm))
    return {name for name, c in committees.items() if rows.filter(committee=c).exists()}


def test_unit_grant_and_committees(territory, make_user, committees):
    for c in committees.values():
        make_user(Role.CASE_WORKER, committee=c)
    fp = make_user(Role.FOCAL_POINT, unit=territory["batken"])
    assert has_perm(fp, Perm.PROTECTION_MANAGE_COMMITTEES, committee=committees["halmion"])
    assert has_perm(fp, Perm.PROTECTION_MANAGE_COMMITTEES, committee=committees["kulundu"])
    assert not has_perm(fp, Perm.PROTECTION_MANAGE_COMMITTEES, committee=committees["kazybek"])
    assert _committees_matching(fp, Perm.PROTECTION_MANAGE_COMMITTEES, committees) == {"halmion", "kulundu"}
    assert committee_ids(fp, Perm.PROTECTION_MANAGE_COMMITTEES) == set()


def test_committee_grant_is_the_committee_only(territory, make_user, committees):
    chair = make_user(Role.COMMITTEE_CHAIR, committee=committees["halmion"])
    assert has_perm(chair, Perm.CASE_VIEW_IDENTITY, committee=committees["halmion"])
    assert not has_perm(chair, Perm.CASE_VIEW_IDENTITY, committee=committees["kulundu"])
    assert committee_ids(chair, Perm.CASE_VIEW_IDENTITY) == {committees["halmion"].pk}
    for c in committees.values():
        make_user(Role.CASE_WORKER, committee=c)
    assert _committees_matching(chair, Perm.PROTECTION_VIEW, committees) == {"halmion"}
    # territorial reach of a committee role: the committee's municipality (for reports on its territory)
    assert has_perm(chair, Perm.PROTECTION_VIEW, unit=territory["halmion"])
    assert not has_perm(chair, Perm.PROTECTION_VIEW, unit=territory["kadamjay"])
    assert _units(chair, Perm.PROTECTION_VIEW) == {"41705258860000"}


def test_national_grant_sees_every_committee(territory, make_user, committees):
    coordinator = make_user(Role.NATIONAL_COORDINATOR)
    for c in committees.values():
        make_user(Role.CASE_WORKER, committee=c)
    assert _committees_matching(coordinator, Perm.PROTECTION_MANAGE_COMMITTEES, committees) == set(committees)
    assert has_perm(coordinator, Perm.PROTECTION_MANAGE_COMMITTEES, committee=committees["kazybek"])


def test_no_grant_sees_nothing(territory, make_user, committees):
    plain = make_user()
    assert not has_perm(plain, Perm.PLANS_VIEW)
    assert _units(plain, Perm.PLANS_VIEW) == set()
    for c in committees.values():
        make_user(Role.CASE_WORKER, committee=c)
    assert _committees_matching(plain, Perm.PROTECTION_VIEW, committees) == set()
    assert scope_paths(plain, Perm.PLANS_VIEW) == []
    assert perms_summary(plain) == set()


def test_inactive_assignment_grants_nothing(territory, make_user):
    fp = make_user(Role.FOCAL_POINT, unit=territory["kadamjay"])
    RoleAssignment.objects.filter(user=fp).update(is_active=False)
    forget(fp)
    assert grants(fp) == []
    assert not has_perm(fp, Perm.REPORT_REVIEW, unit=territory["halmion"])
    assert _units(fp, Perm.REPORT_REVIEW) == set()


def test_inactive_user_has_no_grants(territory, make_user):
    fp = make_user(Role.FOCAL_POINT, unit=territory["kadamjay"], is_active=False)
    assert not has_perm(fp, Perm.REPORT_REVIEW, unit=territory["halmion"])
    assert grants(fp) == []


def test_anonymous_has_nothing(db):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    assert grants(anonymous) == [] and not has_perm(anonymous, Perm.PLANS_VIEW)
    assert not requires_two_factor(anonymous)
    assert not may_view_audit(anonymous)


def test_grants_are_loaded_once(territory, make_user, django_assert_num_queries):
    fp = make_user(Role.FOCAL_POINT, unit=territory["kadamjay"])
    forget(fp)
    with django_assert_num_queries(1):
        for unit in territory.values():
            has_perm(fp, Perm.REPORT_REVIEW, unit=unit)
        unit_q(fp, Perm.REPORT_REVIEW)


def test_two_factor_roles(territory, make_user, committees):
    assert requires_two_factor(make_user(Role.ADMIN))
    assert requires_two_factor(make_user(Role.COMMITTEE_CHAIR, committee=committees["halmion"]))
    assert requires_two_factor(make_user(Role.CASE_WORKER, committee=committees["halmion"]))
    assert requires_two_factor(make_user(is_superuser=True))
    assert requires_two_factor(make_user(is_staff=True))
    for role, unit in [
        (Role.NATIONAL_COORDINATOR, None),
        (Role.FOCAL_POINT, territory["batken"]),
        (Role.MUNICIPAL_OFFICER, territory["halmion"]),
        (Role.DIALOGUE_MONITOR, None),
        (Role.VIEWER, None),
    ]:
        assert not requires_two_factor(make_user(role, unit=unit)), role


def test_may_grant(territory, make_user, committees):
    national = make_user(Role.ADMIN)
    batken_admin = make_user(Role.ADMIN, unit=territory["batken"])
    coordinator = make_user(Role.NATIONAL_COORDINATOR)
    assert may_grant(national, role=Role.ADMIN)
    assert may_grant(national, role=Role.VIEWER)
    assert may_grant(national, role=Role.FOCAL_POINT, unit=territory["naryn"])
    # a territorial administrator: inside the territory only, never the country, never the administrator role
    assert may_grant(batken_admin, role=Role.FOCAL_POINT, unit=territory["kadamjay"])
    assert may_grant(batken_admin, role=Role.COMMITTEE_CHAIR, committee=committees["halmion"])
    assert not may_grant(batken_admin, role=Role.FOCAL_POINT, unit=territory["naryn"])
    assert not may_grant(batken_admin, role=Role.COMMITTEE_CHAIR, committee=committees["kazybek"])
    assert not may_grant(batken_admin, role=Role.VIEWER)
    assert not may_grant(batken_admin, role=Role.ADMIN, unit=territory["kadamjay"])
    # a national coordinator manages no users, so grants nothing, and above all not the administrator role
    assert not may_grant(coordinator, role=Role.ADMIN)
    assert not may_grant(coordinator, role=Role.FOCAL_POINT, unit=territory["batken"])


def test_assignment_q(territory, make_user, committees):
    batken_admin = make_user(Role.ADMIN, unit=territory["batken"])
    inside = [
        make_user(Role.FOCAL_POINT, unit=territory["kadamjay"]),
        make_user(Role.CASE_WORKER, committee=committees["kulundu"]),
    ]
    outside = [
        make_user(Role.FOCAL_POINT, unit=territory["naryn"]),
        make_user(Role.VIEWER),
        make_user(Role.CASE_WORKER, committee=committees["kazybek"]),
    ]
    rows = RoleAssignment.objects.filter(assignment_q(batken_admin, Perm.MANAGE_USERS))
    users = set(rows.values_list("user_id", flat=True))
    assert {u.pk for u in inside} <= users
    assert not users & {u.pk for u in outside}


def test_audit_is_national_only(territory, make_user):
    assert may_view_audit(make_user(Role.ADMIN))
    assert not may_view_audit(make_user(Role.ADMIN, unit=territory["batken"]))
    assert not may_view_audit(make_user(Role.NATIONAL_COORDINATOR))


def test_the_reader_of_everything_views_the_whole_country_and_may_do_nothing_else() -> None:
    """The page cache renders whole territories' parts ahead of their readers as this no one (tendik.core.pagecache,
    "warm"): it sees what a national viewer sees, takes no step, holds no password and is never saved."""
    from tendik.accounts.permissions import reader_of_everything, scope_paths

    reader = reader_of_everything()
    assert reader.pk is None and not reader.has_usable_password()
    assert scope_paths(reader, Perm.PLANS_VIEW) is None and has_perm(reader, Perm.PARTICIPATION_VIEW)
    for perm in (Perm.MANAGE_USERS, Perm.VIEW_AUDIT, Perm.PLANS_VIEW):
        assert has_perm(reader, perm) == (perm == Perm.PLANS_VIEW)
