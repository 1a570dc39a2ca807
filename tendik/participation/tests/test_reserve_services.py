from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from tendik.audit.models import AuditEntry
from tendik.participation.models.reserve import ConsentItem, ReservePerson, ReserveTally, ShortlistEntry
from tendik.participation.models.trainings import Certificate, TrainingParticipant
from tendik.participation.selectors.reserve import reserve_counts
from tendik.participation.selectors.trainings import session_totals
from tendik.participation.services import reserve as s
from tendik.participation.services import trainings as ts
from tendik.participation.tests import reserve_factories as f


@pytest.fixture
def coordinator(make_user):
    return make_user("national_coordinator")


def test_personal_fields_are_encrypted_at_rest(coordinator, territory):
    p = f.person(coordinator, territory["halmion"], name="Нуриза Абдыкадырова")
    with connection.cursor() as cur:
        cur.execute("SELECT full_name, phone, birth_year FROM participation_reserveperson WHERE id = %s", [p.pk])
        row = cur.fetchone()
    assert "Нуриза" not in row[0] and "555" not in row[1] and "1990" not in row[2]
    again = ReservePerson.objects.get(pk=p.pk)
    assert again.full_name == "Нуриза Абдыкадырова" and again.phone == "+996 555 123 456"
    assert again.age_group == "25_35" or again.age_group == "36_45"
    assert again.initials == "Н. А."


def test_no_consent_no_personal_data(coordinator, territory):
    with pytest.raises(ValidationError) as exc:
        f.person(coordinator, territory["halmion"], consent_scope=[], consent_on=None)
    assert "full_name" in exc.value.message_dict
    assert not ReservePerson.objects.exists()
    anonymous = s.person_create(
        actor=coordinator, territory=territory["halmion"], sex="female", age_group="18_24", is_youth_leader=True
    )
    assert anonymous.full_name == "" and anonymous.initials == anonymous.code


def test_contacts_need_their_own_consent(coordinator, territory):
    with pytest.raises(ValidationError) as exc:
        f.person(coordinator, territory["halmion"], consent_scope=[ConsentItem.PROFILE])
    assert set(exc.value.message_dict) == {"phone", "email"}
    p = f.person(coordinator, territory["halmion"], consent_scope=[ConsentItem.PROFILE], phone="", email="")
    assert p.consent_items == ["profile"]


def test_duplicate_identity_refused(coordinator, territory):
    f.person(coordinator, territory["halmion"])
    with pytest.raises(ValidationError):
        f.person(coordinator, territory["kulundu"], name="  айгүл   токтосунова ")


def test_edit_needs_scope(make_user, territory):
    naryn = make_user("focal_point", unit=territory["naryn"])
    with pytest.raises(PermissionDenied):
        f.person(naryn, territory["halmion"])
    viewer = make_user("viewer")
    with pytest.raises(PermissionDenied):
        f.person(viewer, territory["halmion"])
    assert not ReservePerson.objects.exists()


def test_erase_leaves_only_anonymous_counts(coordinator, territory):
    keep = f.person(coordinator, territory["halmion"], name="Жылдыз Осмонова")
    gone = f.person(coordinator, territory["halmion"], name="Гүлнара Эркинбаева", phone="+996 700 999 888")
    gone.areas.set([f.area()])
    prog = f.programme(coordinator)
    sess = f.session(coordinator, prog, territory["aydarken"])
    part = ts.participant_add(actor=coordinator, session=sess, person=gone, language="ky")
    ts.participant_complete(actor=coordinator, participant=part)
    cert = ts.certificate_issue(actor=coordinator, participant=part)
    shortlist = s.shortlist_create(
        actor=coordinator, title="Зам. главы", post="Заместитель", territory=territory["kadamjay"]
    )
    s.shortlist_add(shortlist=shortlist, person=gone, actor=coordinator, note="Сильная кандидатка, Гүлнара")
    before_counts = {(c.sex, c.age_group, c.territory_id): c.people for c in reserve_counts(user=coordinator)}
    before_totals = session_totals(session=sess)

    s.reserve_person_erase(person=gone, actor=coordinator)

    assert not ReservePerson.objects.filter(pk=gone.pk).exists()
    assert ReservePerson.objects.filter(pk=keep.pk).exists()
    assert not ShortlistEntry.objects.exists()
    part.refresh_from_db()
    assert part.person_id is None and part.completed and part.sex == "female"
    cert.refresh_from_db()
    assert cert.revoked_on is not None and cert.holder_initials == ""
    assert ReserveTally.objects.get().count == 1
    after_counts = {(c.sex, c.age_group, c.territory_id): c.people for c in reserve_counts(user=coordinator)}
    assert after_counts == before_counts
    after_totals = session_totals(session=sess)
    assert (after_totals.attended, after_totals.completed) == (before_totals.attended, before_totals.completed)
    # Nothing personal left anywhere in the raw database: not the plain values, not the tokens.
    with connection.cursor() as cur:
        for table in connection.introspection.table_names():
            cur.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            dump = repr(cur.fetchall())
            for value in ("Гүлнара", "Эркинбаева", "700 999 888", "Г. Э."):
                assert value not in dump, (table, value)
    trail = repr(list(AuditEntry.objects.values_list("changes", "object_repr")))
    assert "Гүлнара" not in trail and "Сильная" not in trail


def test_erase_refused_out_of_scope_changes_nothing(make_user, territory, coordinator):
    p = f.person(coordinator, territory["halmion"])
    naryn = make_user("focal_point", unit=territory["naryn"])
    with pytest.raises(PermissionDenied):
        s.reserve_person_erase(person=p, actor=naryn)
    assert ReservePerson.objects.filter(pk=p.pk).exists() and not ReserveTally.objects.exists()


def test_shortlist_needs_consent_and_open_state(coordinator, territory):
    p = f.person(coordinator, territory["halmion"], consent_scope=[ConsentItem.PROFILE], phone="", email="")
    sl = s.shortlist_create(actor=coordinator, title="T", post="P", territory=territory["batken"])
    with pytest.raises(ValidationError):
        s.shortlist_add(shortlist=sl, person=p, actor=coordinator)
    ok = f.person(coordinator, territory["kulundu"], name="Асель Бекова")
    s.shortlist_add(shortlist=sl, person=ok, actor=coordinator)
    with pytest.raises(ValidationError):
        s.shortlist_add(shortlist=sl, person=ok, actor=coordinator)
    s.shortlist_set_status(shortlist=sl, actor=coordinator, status="filled")
    with pytest.raises(ValidationError):
        s.shortlist_set_status(shortlist=sl, actor=coordinator, status="cancelled")
    with pytest.raises(ValidationError):
        s.shortlist_add(shortlist=sl, person=p, actor=coordinator)


def test_certificate_rules(coordinator, territory):
    p = f.person(coordinator, territory["halmion"])
    sess = f.session(coordinator, f.programme(coordinator), territory["aydarken"])
    part = ts.participant_add(actor=coordinator, session=sess, person=p)
    with pytest.raises(ValidationError):
        ts.certificate_issue(actor=coordinator, participant=part)
    ts.participant_complete(actor=coordinator, participant=part)
    cert = ts.certificate_issue(actor=coordinator, participant=part, language="ky")
    assert cert.code.startswith("TK-") and cert.holder_initials == "А. Т." and cert.language == "ky"
    with pytest.raises(ValidationError):
        ts.certificate_issue(actor=coordinator, participant=part)
    ts.certificate_revoke(actor=coordinator, certificate=cert)
    again = ts.certificate_issue(actor=coordinator, participant=part)
    assert again.pk == cert.pk and again.is_valid and Certificate.objects.count() == 1
    assert part.completed_on == dt.date(2025, 6, 4)


def test_headcounts_and_totals(coordinator, territory):
    sess = f.session(coordinator, f.programme(coordinator), territory["aydarken"])
    ts.headcount_save(
        actor=coordinator,
        session=sess,
        sex="female",
        age_group="18_24",
        territory=territory["halmion"],
        attended=12,
        completed=10,
    )
    ts.headcount_save(
        actor=coordinator, session=sess, sex="male", age_group="25_35", territory=territory["halmion"], attended=3
    )
    with pytest.raises(ValidationError):
        ts.headcount_save(
            actor=coordinator,
            session=sess,
            sex="male",
            age_group="25_35",
            territory=territory["halmion"],
            attended=3,
            completed=4,
        )
    t = session_totals(session=sess)
    assert (t.attended, t.completed, t.women) == (15, 10, 12)
    assert TrainingParticipant.objects.count() == 0
