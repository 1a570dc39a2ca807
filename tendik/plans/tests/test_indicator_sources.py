"""Derived indicator sources: a module above plans feeds an indicator; published figures still win."""

import datetime as dt
from decimal import Decimal

import pytest

from tendik.plans import indicator_sources
from tendik.plans.models import DataValue
from tendik.plans.selectors.indicators import indicator_series
from tendik.plans.services.periods import period_get

pytestmark = pytest.mark.django_db


@pytest.fixture
def only_fake_source(monkeypatch):
    """Replace every registered source by one that knows 12 women and 28 men on any date, and records calls."""
    calls = []

    def fake(*, indicator_codes, territory, dates):
        calls.append((set(indicator_codes), territory, list(dates)))
        return {("local_kenesh_deputies", on): {"sex=female": Decimal(12), "sex=male": Decimal(28)} for on in dates}

    monkeypatch.setattr(indicator_sources, "_sources", {})
    indicator_sources.register_indicator_source("test.fake", indicators={"local_kenesh_deputies"}, fn=fake)
    return calls


def test_derived_figures_feed_the_count_and_its_ratio(catalogue, territory, only_fake_source):
    period_get(code="2023")
    series = {
        s.indicator.code: s
        for s in indicator_series(
            indicators=[catalogue["deputies"], catalogue["women_share"]], territory=territory["batken"]
        )
    }
    count = series["local_kenesh_deputies"].points[0]
    assert count.value == 40 and count.by_combo == {"sex=female": 12, "sex=male": 28} and count.derived
    share = series["women_share"].points[0]
    assert share.value == Decimal("30.00") and share.derived
    codes, unit, dates = only_fake_source[0]
    assert codes == {"local_kenesh_deputies"} and unit == territory["batken"] and dates == [dt.date(2023, 12, 31)]


def test_published_figures_win_over_derived(catalogue, only_fake_source):
    p2023 = period_get(code="2023")
    DataValue.objects.create(indicator=catalogue["deputies"], period=p2023, combo="sex=female", value=Decimal(2538))
    DataValue.objects.create(indicator=catalogue["deputies"], period=p2023, combo="sex=male", value=Decimal(3846))
    point = indicator_series(indicators=[catalogue["women_share"]], territory=None)[0].points[0]
    assert point.value == Decimal("39.76") and not point.derived


def test_sources_are_asked_only_for_indicators_they_feed(catalogue, only_fake_source):
    period_get(code="2023")
    assert not indicator_series(indicators=[catalogue["trained"]], territory=None)[0].points
    assert only_fake_source == []


def test_unregister(monkeypatch):
    monkeypatch.setattr(indicator_sources, "_sources", {})
    indicator_sources.register_indicator_source("x", indicators={"a"}, fn=lambda **kw: {})
    assert indicator_sources.fed_indicators() == {"a"}
    indicator_sources.unregister_indicator_source("x")
    assert indicator_sources.fed_indicators() == frozenset()
