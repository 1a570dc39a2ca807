"""The filters' disclosure on list pages opens when the query string sets a filter."""

from __future__ import annotations

from django.http import QueryDict

from tendik.core.templatetags.tendik_core import filters_set


def test_a_filter_value_opens_the_filters_but_a_page_number_or_an_empty_field_does_not() -> None:
    assert filters_set(QueryDict("state=open")) is True
    assert filters_set(QueryDict("q=&page=2&q=квоты")) is True
    assert filters_set(QueryDict("")) is False
    assert filters_set(QueryDict("page=3")) is False
    assert filters_set(QueryDict("q=&role=")) is False
