"""Numbers and amounts as each language writes them: one filter for every page (tendik.core.numbers)."""

from __future__ import annotations

from decimal import Decimal

from django.template import Context, Template
from django.utils import translation

from tendik.core.numbers import format_amount, format_number


def test_amounts_per_language():
    with translation.override("ru"):
        assert format_amount(Decimal("1025000.00")) == "1\u00a0025\u00a0000 сом"
        assert format_amount(12500, unit=False) == "12\u00a0500"
    with translation.override("ky"):
        assert format_amount(Decimal("8000")) == "8\u00a0000 сом"
    with translation.override("en"):
        assert format_amount(Decimal("1025000.4")) == "1,025,000 som"
    assert format_amount(None) == "–"


def test_numbers_keep_up_to_two_decimals_and_group_thousands():
    with translation.override("ru"):
        assert format_number(Decimal("12345.50")) == "12\u00a0345,5"
        assert format_number(Decimal("250")) == "250"
        assert format_number(Decimal("0.125"), 1) == "0,1"
    with translation.override("en"):
        assert format_number(Decimal("12345.678")) == "12,345.68"


def test_the_template_filter():
    template = Template('{% load tendik_core %}{{ x|amount }} / {{ x|amount:"plain" }} / {{ y|number }}')
    with translation.override("en"):
        assert template.render(Context({"x": Decimal("30000"), "y": 1234.5})) == "30,000 som / 30,000 / 1,234.5"
