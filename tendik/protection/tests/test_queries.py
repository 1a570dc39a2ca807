"""Query counts of list pages and API lists stay flat as rows grow (N and 3N)."""

import datetime as dt

import pytest
from django.urls import reverse

from tendik.protection.services import families as family_services
from tendik.protection.services import meetings as meeting_services
from tendik.protection.services.appeals import appeal_register
from tendik.protection.services.committees import member_add
from tendik.protection.tests.helpers import make_case

pytestmark = pytest.mark.django_db


def _grow(world, n, start):
    for k in range(start, start + n):
        member = member_add(committee=world.a, actor=None, full_name=f"Член {k}", sector="health", sex="female")
        make_case(world.a, owner=world.owner, name=f"Рост {k}", opened_on=dt.date(2025, 6, 1))
        family_services.family_add(
            committee=world.a, actor=None, household=f"Семья {k}", risk_factors=["unemployment"], responsible=member
        )
        appeal_register(committee=world.a, actor=None, channel="phone", subject="Конфликт", assigned_to=member)
        meeting_services.meeting_record(committee=world.a, actor=None, held_on=dt.date(2025, 6, 2), agenda="…")


@pytest.mark.parametrize(
    "url",
    [
        lambda w: reverse("protection:committee", args=[w.a.pk]),
        lambda w: reverse("protection:index"),
        lambda w: "/api/v1/protection/cases/",
        lambda w: "/api/v1/protection/families/",
        lambda w: "/api/v1/protection/appeals/",
        lambda w: "/api/v1/protection/members/",
        lambda w: "/api/v1/protection/meetings/",
    ],
)
def test_lists_do_not_grow_queries(world, login, django_assert_max_num_queries, url):
    client = login(world.chair)
    target = url(world)
    _grow(world, 2, 0)
    client.get(target)
    with django_assert_max_num_queries(60) as small:
        assert client.get(target).status_code == 200
    _grow(world, 6, 2)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(target).status_code == 200
