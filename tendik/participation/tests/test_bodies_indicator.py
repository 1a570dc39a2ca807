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


def test_no_bodies_no_figure(territory, indicators):
    seed_types()
    assert (
        indicator_figures(indicator_codes={"local_kenesh_deputies"}, territory=None, dates=[dt.date(2022, 1, 1)]) == {}
    )
