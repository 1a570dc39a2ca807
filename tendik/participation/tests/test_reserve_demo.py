import pytest
from django.core.management import call_command

from tendik.audit.models import AuditEntry
from tendik.participation.models.reserve import ReservePerson, Shortlist, ShortlistEntry
from tendik.participation.models.trainings import Certificate, TrainingHeadcount, TrainingParticipant, TrainingSession

pytestmark = pytest.mark.django_db


def _counts():
    return (
        ReservePerson.objects.count(),
        ReservePerson.objects.filter(is_youth_leader=True).count(),
        TrainingSession.objects.count(),
        TrainingParticipant.objects.count(),
        TrainingHeadcount.objects.count(),
        Certificate.objects.count(),
        Shortlist.objects.count(),
        ShortlistEntry.objects.count(),
    )


def test_demo_loads_five_oblasts_and_a_cohort_and_is_idempotent():
    call_command("load_territories", verbosity=0)
    call_command("load_participation_reserve_demo", verbosity=0)
    counts = _counts()
    trail = AuditEntry.objects.count()
    call_command("load_participation_reserve_demo", verbosity=0)
    assert _counts() == counts and AuditEntry.objects.count() == trail
    people, youth, sessions, named, headcounts, certificates, shortlists, candidates = counts
    assert people >= 40 and 10 <= youth < people
    oblasts = {p.territory.path.split("/")[0] for p in ReservePerson.objects.select_related("territory")}
    assert {"41705000000000", "41706000000000", "41703000000000", "41702000000000", "41704000000000"} <= oblasts
    places = set(TrainingSession.objects.values_list("territory__name_ru", flat=True))
    assert places == {"г. Баткен", "г. Ош", "г.Каракол", "г. Нарын"}
    assert named >= 20 and certificates >= 15 and headcounts == 12 and shortlists == 1 and candidates == 3
    assert ReservePerson.objects.filter(phone="").exists()  # some consented without contacts
