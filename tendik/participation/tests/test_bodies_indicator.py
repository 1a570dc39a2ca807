"""Figures derived from bodies feed the plan indicator that measures the same thing (nobody types them twice)."""

import datetime as dt
from decimal import Decimal

import pytest

from tendik.participation.selectors.bodies import indicator_figures
from tendik.participation.tests.bodies_helpers import kenesh, seed_types
from tendik.plans.models import Indicator
from tendik.plans.selectors.indicators import indicator_series
from tendik.plans.services.periods import period_get

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicators(db):
    from tendik.plans.models import DisaggregationCategory
    from tendik.plans.services.catalogue import DATA_DIR, LoadStats, categories_load, read_json

    categories_load(data=read_json(DATA_DIR / "categories.json"), stats=LoadStats())
    deputies = Indicator.objects.create(code="local_kenesh_deputies", name_ru="Депутаты", reported_locally=True)
    deputies.categories.set([DisaggregationCategory.objects.get(code="sex")])
    share = Indicator.objects.create(
        code="women_share_local_kenesh",
        name_ru="Доля женщин",
        kind="ratio",
        unit="percent",
        additive=False,
        numerator=deputies,
        numerator_filter="sex=female",
        denominator=deputies,
    )
    return deputies, share


def test_keneshes_feed_the_deputies_indicator_and_the_share(territory, indicators):
    seed_types()
    kenesh(territory["halmion"], women=6, men=9)  # ayil kenesh: counted
    kenesh(territory["kazybek"], women=3, men=8)  # in Naryn: not in Batken's figure
    kenesh(territory["kulundu"], women=0, men=9, code="commission")  # not a kenesh: not counted
    period_get(code="2022")
    deputies, share = indicators
    series = {s.indicator.code: s for s in indicator_series(indicators=[share], territory=territory["batken"])}
    point = series["women_share_local_kenesh"].points[0]
    assert point.value == Decimal("40.00") and point.derived and point.period.code == "2022"
    national = indicator_series(indicators=[deputies], territory=None)[0].points[0]
    assert national.by_combo == {"sex=female": 9, "sex=male": 17}


def test_a_change_to_the_bodies_shows_at_once_on_the_plans_dashboards(territory, indicators):
    """The source names the models it computes from: writing them raises the dashboards' cache generation
    (tendik.core.pagecache), in the same transaction."""
    from tendik.core import pagecache
    from tendik.participation.models import Body, BodyMember, BodyType, CompositionCount
    from tendik.plans.rollups import PAGES

    for model in (Body, BodyMember, BodyType, CompositionCount):
        assert PAGES in pagecache.keys_for(model), model
    seed_types()
    before = pagecache.generation(PAGES)
    kenesh(territory["halmion"], women=6, men=9)
    assert pagecache.generation(PAGES) > before


def test_no_bodies_no_figure(territory, indicators):
    seed_types()
    assert (
        indicator_figures(indicator_codes={"local_kenesh_deputies"}, territory=None, dates=[dt.date(2022, 1, 1)]) == {}
    )


def _date_by_date(codes: set[str], territory, dates):  # the former computation: one ORM query built per date
    from django.db.models import Sum

    from tendik.participation.models import Body
    from tendik.participation.selectors.bodies import active_on, with_composition

    out = {}
    base = Body.objects.filter(body_type__indicator_code__in=codes)
    if territory is not None:
        base = base.filter(unit__path__startswith=territory.path)
    for on in dates:
        rows = (
            with_composition(active_on(base, on), on=on)
            .values("body_type__indicator_code")
            .annotate(w=Sum("c_women"), m=Sum("c_men"))
            .order_by()
        )
        for r in rows:
            if (r["w"] or 0) + (r["m"] or 0):
                out[(r["body_type__indicator_code"], on)] = {
                    "sex=female": Decimal(r["w"] or 0),
                    "sex=male": Decimal(r["m"] or 0),
                }
    return out


def test_every_date_in_one_query_gives_the_date_by_date_figures(territory, indicators, django_assert_num_queries):
    from tendik.participation.models import BodyType
    from tendik.participation.services import bodies as services
    from tendik.participation.tests.bodies_helpers import leadership

    seed_types()
    BodyType.objects.filter(code="ayil_okmotu").update(indicator_code="local_kenesh_deputies")  # members recorded
    first = kenesh(territory["halmion"], women=6, men=9, on=dt.date(2019, 3, 1))
    services.count_record(body=first, actor=None, as_of=dt.date(2023, 6, 1), women=8, men=7, kind="election")
    kenesh(territory["kazybek"], women=3, men=8, on=dt.date(2021, 4, 11))
    leadership(territory["kulundu"], head="female", deputy="male", on=dt.date(2022, 2, 1))
    dates = [dt.date(y, 12, 31) for y in range(2017, 2025)] + [dt.date(2025, 5, 5)]
    codes = {"local_kenesh_deputies"}
    for where in (None, territory["batken"], territory["naryn"]):
        expected = _date_by_date(codes, where, dates)
        with django_assert_num_queries(1):
            got = indicator_figures(indicator_codes=codes, territory=where, dates=dates)
        assert got == expected
    assert len(expected) >= 3  # figures change over the years: the dates are not mixed up
    assert indicator_figures(indicator_codes=codes, territory=None, dates=[]) == {}
