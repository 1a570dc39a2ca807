"""A national scope stays "everything" when combined with other filters."""

import pytest
from django.db.models import Q

from tendik.accounts.permissions import unit_q
from tendik.accounts.roles import Perm
from tendik.geography.models import AdministrativeUnit


@pytest.mark.django_db
def test_national_scope_survives_or_with_another_filter(territory, make_user):
    coordinator = make_user("national_coordinator")
    everything = AdministrativeUnit.objects.count()
    narrow = Q(code="41705258860000")
    # An empty Q() here would make this "narrow" alone and return one row.
    assert (
        AdministrativeUnit.objects.filter(unit_q(coordinator, Perm.PLANS_VIEW, field="parent") | narrow).count()
        == everything
    )


@pytest.mark.django_db
def test_territorial_scope_or_keeps_both_branches(territory, make_user):
    focal = make_user("focal_point", unit=territory["kadamjay"])
    in_rayon = AdministrativeUnit.objects.filter(unit_q(focal, Perm.PLANS_VIEW, field="parent"))
    assert set(in_rayon.values_list("code", flat=True)) == {"41705258600010", "41705258860000"}
