"""Pinned query counts: the dashboard, the list, the export and quota_summary stay flat as bodies grow (N, 3N)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tendik.geography.services import unit_create
from tendik.participation.selectors.bodies import quota_summary
from tendik.participation.tests.bodies_helpers import kenesh, leadership, seed_types

pytestmark = pytest.mark.django_db


def _grow(territory, start, count):
    for i in range(start, start + count):
        unit = unit_create(
            code=f"417052588{i:02d}000", level="ayil_aimak", parent=territory["kadamjay"], name_ru=f"Аймак {i}"
        )
        kenesh(unit, women=i % 5, men=10)
        leadership(unit, head="male", deputy="male" if i % 2 else "female")


def _count(fn):
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "name",
    ["participation:quota", "participation:bodies", "participation:bodies_export"],
)
def test_pages_do_not_grow_with_bodies(territory, make_user, login, name):
    seed_types()
    focal = make_user("focal_point", unit=territory["batken"])
    c = login(focal)
    url = reverse(name)
    c.get(url)  # the first request after sign-in also records the last-seen time (accounts.middleware)
    _grow(territory, 0, 3)
    small = _count(lambda: c.get(url))
    _grow(territory, 3, 6)
    large = _count(lambda: c.get(url))
    assert large == small
    assert small <= 25


def test_quota_summary_is_a_fixed_number_of_queries(territory, make_user, django_assert_max_num_queries):
    seed_types()
    focal = make_user("focal_point", unit=territory["batken"])
    _grow(territory, 0, 3)
    with django_assert_max_num_queries(3):
        small = quota_summary(user=focal, unit=territory["kadamjay"])
    _grow(territory, 3, 6)
    focal = type(focal).objects.get(pk=focal.pk)
    with django_assert_max_num_queries(3):
        large = quota_summary(user=focal, unit=territory["kadamjay"])
    assert (small.bodies, large.bodies) == (6, 18)
    assert (
        large.breaking_head_deputy == 4 and large.women == sum(i % 5 for i in range(9)) + 5
    )  # keneshes + women deputies
