"""The shared optimistic-concurrency guard: difference, form mixin, API mixin (models using it are tested in
tendik/api/tests/test_concurrency.py over every versioned record)."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.utils import translation
from rest_framework import serializers

from tendik.core.api import exception_handler
from tendik.core.concurrency import (
    MISSING_VERSION,
    StaleVersion,
    VersionedFormMixin,
    difference,
    display_value,
    guard,
)
from tendik.core.concurrency.api import VersionedSerializerMixin


class _Record:
    pk = 7
    version = 3


def test_difference_lists_only_changed_fields_with_labels():
    group = Group(name="Айыл окмоту")
    diff = difference(instance=group, data={"name": "Айыл окмоту ", "unknown": 1})
    assert diff == []
    diff = difference(instance=group, data={"name": "Кенеш"})
    assert diff == [
        {
            "field": "name",
            "label": str(Group._meta.get_field("name").verbose_name),
            "yours": "Кенеш",
            "theirs": "Айыл окмоту",
            "hidden": False,
        }
    ]
    hidden = difference(instance=group, data={"name": "Кенеш"}, hide=["name"])
    assert hidden[0]["hidden"] is True and hidden[0]["yours"] is None and hidden[0]["theirs"] is None


def test_dates_are_shown_in_the_readers_language_not_iso():
    field = forms.DateField()
    with translation.override("ru"):
        assert display_value(field, dt.date(2025, 3, 1)) == "1 марта 2025 г."


class _Form(VersionedFormMixin, forms.Form):
    name = forms.CharField()


def test_form_mixin_carries_the_version_and_shows_a_stale_save():
    form = _Form(versioned=_Record())
    assert form.fields["version"].initial == 3 and 'type="hidden"' in str(form["version"])
    form = _Form({"name": "x", "version": "2"}, versioned=_Record())
    assert form.is_valid() and form.submitted_version == 2 and form.changes() == {"name": "x"}
    form.stale(StaleVersion(current_version=3, diff=[{"field": "name"}]))
    assert form.data["version"] == 3 and form.stale_diff == [{"field": "name"}]
    assert form.non_field_errors()


class _Serializer(VersionedSerializerMixin, serializers.Serializer):
    name = serializers.CharField(required=False)


def test_serializer_requires_a_version_on_update_and_stale_answers_409():
    missing = _Serializer(instance=_Record(), data={"name": "x"}, partial=True)
    assert missing.is_valid() and missing.version_of(dict(missing.validated_data)) == MISSING_VERSION
    given = _Serializer(instance=_Record(), data={"name": "x", "version": 3}, partial=True)
    assert given.is_valid() and given.version_of(dict(given.validated_data)) == 3
    created = _Serializer(data={"name": "x", "version": 3})
    assert created.is_valid() and created.version_of(dict(created.validated_data)) is None
    with pytest.raises(ValidationError) as exc:
        guard(Group(pk=1), version=MISSING_VERSION)
    assert "version" in exc.value.message_dict
    response = exception_handler(
        StaleVersion(current_version=4, diff=[]), {"request": RequestFactory().patch("/"), "view": None}
    )
    assert response is not None and response.status_code == 409
    assert response.data["error"]["code"] == "stale_version" and response.data["current_version"] == 4
