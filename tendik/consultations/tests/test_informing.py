import pytest
from django.core import mail

from tendik.accounts.models import Notification
from tendik.consultations.models import EventKind
from tendik.consultations.services.answers import answers_publish, recommendation_answer
from tendik.consultations.services.participants import participant_save
from tendik.consultations.tests.factories import state
from tendik.plans.signals import measure_progress_changed


@pytest.fixture
def people(world, make_user):
    m = world["naryn_m"]
    account = make_user(None, username="aigul")
    return {
        "ky": participant_save(
            meeting=m,
            full_name="Айгүл",
            sex="female",
            email="aigul@example.org",
            consent_contact=True,
            wants_updates=True,
            language="ky",
            user=account,
        ),
        "en": participant_save(
            meeting=m,
            full_name="Jane",
            sex="female",
            email="jane@example.org",
            consent_contact=True,
            wants_updates=True,
            language="en",
        ),
        "no_updates": participant_save(
            meeting=m, full_name="Нет", sex="female", email="no@example.org", consent_contact=True, wants_updates=False
        ),
        "other_meeting": participant_save(
            meeting=world["batken_m"],
            full_name="Б",
            sex="female",
            email="b@example.org",
            consent_contact=True,
            wants_updates=True,
        ),
        "account": account,
    }


def _accept_and_publish(world, rec, measure, django_capture_on_commit_callbacks):
    recommendation_answer(
        recommendation=rec,
        actor=world["u"]["coordinator"],
        state=state("accepted"),
        implementing_measure=measure,
        text_ru="Учтено",
        text_ky="Эске алынды",
        text_en="Taken up",
    )
    with django_capture_on_commit_callbacks(execute=True):
        answers_publish(recommendations=[rec], actor=world["u"]["coordinator"])


def test_publishing_informs_consenting_participants_in_their_language(
    world, people, django_capture_on_commit_callbacks
):
    _accept_and_publish(world, world["rec_n"], world["c"]["n1"], django_capture_on_commit_callbacks)
    by_to = {m.to[0]: m for m in mail.outbox}
    assert set(by_to) == {"aigul@example.org", "jane@example.org"}
    assert "Эске алынды" in by_to["aigul@example.org"].body
    assert "Кабыл алынды" in by_to["aigul@example.org"].body  # the state's Kyrgyz name
    assert "Taken up" in by_to["jane@example.org"].body
    assert Notification.objects.filter(user=people["account"], kind="consultations.answer").count() == 1


def test_measure_progress_signal_informs_participants(world, people, django_capture_on_commit_callbacks):
    rec, measure = world["rec_n"], world["c"]["n1"]
    _accept_and_publish(world, rec, measure, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    measure_progress_changed.send(sender=None, measure=measure, local_measure=None, report=None, status="in_progress")
    assert sorted(m.to[0] for m in mail.outbox) == ["aigul@example.org", "jane@example.org"]
    ky = next(m for m in mail.outbox if m.to[0] == "aigul@example.org")
    assert "II.N.1" in ky.subject and "in_progress" in ky.body
    assert "Hello" not in ky.body  # rendered in Kyrgyz, not in English
    assert Notification.objects.filter(user=people["account"], kind="consultations.progress").count() == 1
    assert rec.events.filter(kind=EventKind.MEASURE_PROGRESS).exists()
    assert rec.events.filter(kind=EventKind.NOTIFIED).count() == 2  # publication and progress


def test_progress_on_an_unrelated_measure_informs_nobody(world, people, django_capture_on_commit_callbacks):
    _accept_and_publish(world, world["rec_n"], world["c"]["n1"], django_capture_on_commit_callbacks)
    mail.outbox.clear()
    measure_progress_changed.send(
        sender=None, measure=world["c"]["m34"], local_measure=None, report=None, status="done"
    )
    measure_progress_changed.send(sender=None, measure=None, local_measure=object(), report=None, status="done")
    assert mail.outbox == []


def test_unpublished_answer_does_not_trigger_progress_notices(world, people):
    recommendation_answer(
        recommendation=world["rec_n"], actor=None, state=state("accepted"), implementing_measure=world["c"]["n1"]
    )
    measure_progress_changed.send(sender=None, measure=world["c"]["n1"], local_measure=None, report=None, status="x")
    assert mail.outbox == []


class _FakeLocalMeasure:
    current_status = "done"

    def get_current_status_display(self):
        from django.utils.translation import gettext

        return gettext("Yes") + " (done)"


class _FakeReport:
    def __init__(self, municipality):
        self.municipality = municipality


def test_progress_names_the_status_and_informs_only_the_reporting_oblast(
    world, people, make_user, django_capture_on_commit_callbacks
):
    t = world["t"]
    rec, measure = world["rec_g"], world["c"]["m11"]  # a general recommendation: all meetings' participants
    people["ky"].municipality = t["kazybek"]
    people["ky"].save()
    people["other_meeting"].municipality = t["halmion"]
    people["other_meeting"].save()
    _accept_and_publish(world, rec, measure, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    measure_progress_changed.send(
        sender=None, measure=measure, local_measure=_FakeLocalMeasure(), report=_FakeReport(t["halmion"]), status="done"
    )
    # Batken reported: Batken's participant and the one without a municipality hear of it, Naryn's does not
    assert sorted(m.to[0] for m in mail.outbox) == ["b@example.org", "jane@example.org"]
    assert all("(done)" in m.body for m in mail.outbox)
    event = rec.events.get(kind=EventKind.MEASURE_PROGRESS)
    assert event.data["municipality"] == t["halmion"].code


def test_messages_link_to_the_public_page_when_the_site_address_is_set(
    world, people, settings, django_capture_on_commit_callbacks
):
    settings.TENDIK_SITE_URL = "https://tendik.example.kg"
    rec = world["rec_n"]
    _accept_and_publish(world, rec, world["c"]["n1"], django_capture_on_commit_callbacks)
    link = f"https://tendik.example.kg/consultations/public/{rec.code}/"
    assert mail.outbox and all(link in m.body for m in mail.outbox)
    mail.outbox.clear()
    measure_progress_changed.send(sender=None, measure=world["c"]["n1"], local_measure=None, report=None, status="done")
    assert mail.outbox and all(link in m.body for m in mail.outbox)


def test_no_link_without_a_site_address(world, people, settings, django_capture_on_commit_callbacks):
    settings.TENDIK_SITE_URL = ""
    _accept_and_publish(world, world["rec_n"], world["c"]["n1"], django_capture_on_commit_callbacks)
    assert mail.outbox and not any("/consultations/public/" in m.body for m in mail.outbox)
