"""Bulk writes keep the trail complete: one audit entry per row, written in bulk in the same transaction."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.db import transaction

from tendik.audit.context import acting_as
from tendik.audit.models import AuditAction, AuditEntry
from tendik.audit.services import audited_bulk_create, audited_bulk_update


@pytest.mark.django_db
def test_bulk_create_and_update_write_one_entry_per_row(territory: dict[str, Any], make_user: Any,
                                                        django_assert_max_num_queries: Any) -> None:  # fmt: skip
    unit_model = apps.get_model("geography", "AdministrativeUnit")
    actor = make_user("admin", username="bulk")
    rayon = territory["halmion"].parent
    before = AuditEntry.objects.count()
    units = []
    for i in range(30):
        u = unit_model(code=f"41799205{800 + i:03d}000", level="ayil_aimak", parent=rayon, name_ru=f"Аймак {i}")
        u.refresh_derived()
        units.append(u)
    # the rows, their trail, and the generations of the cached parts that show places (tendik.core.pagecache: the
    # plans dashboards', the country's first then everywhere, and the public list's)
    with acting_as(actor, source="import"), django_assert_max_num_queries(7):
        created = audited_bulk_create(unit_model, units)
    assert all(u.pk for u in created)
    entries = AuditEntry.objects.filter(action=AuditAction.CREATE).order_by("id")[before:]
    assert len(entries) == 30
    assert {e.object_id for e in entries} == {str(u.pk) for u in created}
    assert entries[0].actor == actor and entries[0].source == "import"
    assert entries[0].changes["name_ru"] == [None, "Аймак 0"]

    loaded = list(unit_model.objects.filter(pk__in=[u.pk for u in created]).order_by("pk"))
    for u in loaded[:10]:
        u.name_en = f"Ayil {u.pk}"
    # the rows, their trail, and the generation of each cached page part that shows places (tendik.core.pagecache)
    with acting_as(actor, source="import"), django_assert_max_num_queries(7):  # the generations raised once
        assert audited_bulk_update(loaded, ["name_en"]) == 10
    updates = AuditEntry.objects.filter(action=AuditAction.UPDATE, object_id__in=[str(u.pk) for u in loaded])
    assert updates.count() == 10
    assert updates.first().changes == {"name_en": ["", updates.first().changes["name_en"][1]]}
    assert audited_bulk_update(loaded, ["name_en"]) == 0  # nothing changed since: no write, no entry


@pytest.mark.django_db
def test_a_rolled_back_bulk_create_leaves_no_trail(territory: dict[str, Any]) -> None:
    unit_model = apps.get_model("geography", "AdministrativeUnit")
    before = AuditEntry.objects.count()
    u = unit_model(code="41799205800000", level="ayil_aimak", parent=territory["halmion"].parent, name_ru="А")
    u.refresh_derived()
    with pytest.raises(RuntimeError), transaction.atomic():
        audited_bulk_create(unit_model, [u])
        raise RuntimeError
    assert AuditEntry.objects.count() == before


@pytest.mark.django_db
def test_keys_taken_in_advance_are_never_taken_again_nor_reused() -> None:
    """`allocate_ids` on a live database: the keys are past every key ever used (a deleted row's key is not handed
    out again: the trail names rows by key), and a later ordinary insert does not take them."""
    from django.contrib.auth.models import Group

    from tendik.core.bulk import allocate_ids

    Group.objects.create(name="a")
    deleted = Group.objects.create(name="b").pk
    Group.objects.filter(pk=deleted).delete()
    ids = allocate_ids(Group, 3)
    assert ids == sorted(ids) and len(set(ids)) == 3 and min(ids) > deleted
    later = Group.objects.create(name="c")
    assert later.pk > max(ids)


@pytest.mark.django_db
def test_trail_rows_that_read_the_database_while_being_built(territory: dict[str, Any]) -> None:
    """Building an entry may read the database (the record type, a label from a field not loaded yet); on PostgreSQL
    a read in the middle of a COPY on the same connection would wait for ever: every row is built first."""
    from django.contrib.contenttypes.models import ContentType

    from tendik.audit.services import audit_bulk

    unit_model = apps.get_model("geography", "AdministrativeUnit")
    ContentType.objects.clear_cache()  # the record type is read from the database while the rows are built
    units = list(unit_model.objects.only("pk").order_by("pk"))  # each label loads the name: a query per row
    before = AuditEntry.objects.count()
    with transaction.atomic():
        written = audit_bulk(
            instances=units, action=AuditAction.UPDATE, changes=[{"name_en": [None, "x"]}] * len(units)
        )
    assert written == len(units) == AuditEntry.objects.count() - before
    assert {e.object_id for e in AuditEntry.objects.order_by("-id")[: len(units)]} == {str(u.pk) for u in units}
