# ruff: noqa: F811  (pytest fixtures imported from monitoring_helpers are parameters of the tests)
"""Services of dialogue-group monitoring: rules, permissions (a refused write changes nothing), notices, links."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tendik.accounts.models import Notification
from tendik.participation.models import MonitoringVisit, RatingScale, Scorecard, VisitStatus
from tendik.participation.services import monitoring as svc
from tendik.participation.tests.monitoring_helpers import _english, draft_visit, mon, scale_levels, series  # noqa: F401

pytestmark = pytest.mark.django_db


def test_monitor_in_territory_starts_a_draft_on_the_current_scale(mon: Any) -> None:
    visit = draft_visit(mon)
    assert visit.status == VisitStatus.DRAFT
    assert visit.scale == mon["scale"]
    assert visit.cards.count() == 2
    assert list(visit.monitors.all()) == [mon["member"]]


@pytest.mark.parametrize("who", ["monitor_naryn", "viewer", "officer", "fp_batken", "nobody"])
def test_others_cannot_start_a_visit_and_nothing_is_saved(mon: Any, who: str) -> None:
    with pytest.raises(PermissionDenied):
        svc.visit_create(
            actor=mon[who], group=mon["g_batken"], municipality=mon["t"]["halmion"], visited_on=dt.date(2025, 9, 1)
        )
    assert MonitoringVisit.objects.count() == 0


def test_group_must_cover_the_municipality(mon: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        svc.visit_create(
            actor=mon["monitor"], group=mon["g_naryn"], municipality=mon["t"]["halmion"], visited_on=dt.date(2025, 9, 1)
        )
    assert "group" in exc.value.message_dict


def test_no_future_visits_and_no_municipality_without_a_plan(mon: Any) -> None:
    with pytest.raises(ValidationError):
        svc.visit_create(
            actor=mon["monitor"],
            group=mon["g_batken"],
            municipality=mon["t"]["halmion"],
            visited_on=dt.date.today() + dt.timedelta(days=2),
        )
    with pytest.raises(ValidationError):
        svc.visit_create(
            actor=mon["monitor"],
            group=mon["g_batken"],
            municipality=mon["t"]["kulundu"],
            visited_on=dt.date(2025, 9, 1),
        )
    assert MonitoringVisit.objects.count() == 0


def test_measures_come_from_the_municipality_and_monitors_from_the_group(mon: Any) -> None:
    visit = draft_visit(mon, rated=False)
    with pytest.raises(ValidationError):
        svc.visit_set_measures(actor=mon["monitor"], visit=visit, measures=mon["kazybek_measures"], monitors=[])
    with pytest.raises(ValidationError):
        svc.visit_set_measures(
            actor=mon["monitor"], visit=visit, measures=mon["halmion_measures"], monitors=[mon["member_naryn"]]
        )
    assert visit.cards.count() == 2
    # Unchecking a measure removes its scorecard.
    svc.visit_set_measures(actor=mon["monitor"], visit=visit, measures=mon["halmion_measures"][:1], monitors=[])
    assert visit.cards.count() == 1


def test_rating_must_be_on_the_visits_scale(mon: Any) -> None:
    visit = draft_visit(mon, rated=False)
    other = RatingScale.objects.create(name_ru="Другая")
    level = other.levels.create(score=1, label_ru="x")
    card = visit.cards.first()
    with pytest.raises(ValidationError):
        svc.scorecard_update(actor=mon["monitor"], card=card, level=level, findings="", recommendations="")
    card.refresh_from_db()
    assert card.level_id is None


def test_submit_needs_every_measure_rated(mon: Any) -> None:
    visit = draft_visit(mon, rated=False)
    with pytest.raises(ValidationError):
        svc.visit_submit(actor=mon["monitor"], visit=visit)
    visit.refresh_from_db()
    assert visit.status == VisitStatus.DRAFT


def test_submit_tells_the_officers_and_focal_points_of_the_territory(mon: Any) -> None:
    visit = draft_visit(mon)
    svc.visit_submit(actor=mon["monitor"], visit=visit)
    visit.refresh_from_db()
    assert visit.status == VisitStatus.SUBMITTED and visit.submitted_by == mon["monitor"]
    told = set(Notification.objects.values_list("user__username", flat=True))
    assert told == {"officer_halmion", "fp_batken", "fp_kadamjay"}
    note = Notification.objects.filter(user=mon["officer"]).get()
    assert note.url == f"/participation/monitoring/visits/{visit.pk}/"


def test_a_submitted_visit_is_final(mon: Any) -> None:
    visit = draft_visit(mon)
    svc.visit_submit(actor=mon["monitor"], visit=visit)
    card = visit.cards.first()
    with pytest.raises(ValidationError):
        svc.scorecard_update(actor=mon["monitor"], card=card, level=None, findings="x", recommendations="")
    with pytest.raises(ValidationError):
        svc.visit_submit(actor=mon["monitor"], visit=visit)
    with pytest.raises(ValidationError):
        svc.visit_discard(actor=mon["monitor"], visit=visit)
    card.refresh_from_db()
    assert card.level == mon["levels"][1]


def test_writer_out_of_territory_cannot_touch_a_draft(mon: Any) -> None:
    visit = draft_visit(mon, rated=False)
    card = visit.cards.first()
    with pytest.raises(PermissionDenied):
        svc.scorecard_update(
            actor=mon["monitor_naryn"], card=card, level=mon["levels"][0], findings="x", recommendations=""
        )
    with pytest.raises(PermissionDenied):
        svc.visit_submit(actor=mon["monitor_naryn"], visit=visit)
    with pytest.raises(PermissionDenied):
        svc.visit_discard(actor=mon["monitor_naryn"], visit=visit)
    card.refresh_from_db()
    assert card.level_id is None and MonitoringVisit.objects.get().status == VisitStatus.DRAFT


def test_finding_becomes_a_recommendation_linked_both_ways(mon: Any) -> None:
    visit = draft_visit(mon)
    svc.visit_submit(actor=mon["monitor"], visit=visit)
    card = visit.cards.order_by("pk").first()
    s = series()
    rec = svc.finding_recommend(actor=mon["fp_batken"], card=card, series=s)
    card.refresh_from_db()
    assert card.recommendation == rec
    assert rec.text_ru == "Расширить"
    assert rec.level == "local" and list(rec.regions.all()) == [mon["t"]["halmion"]]
    assert list(rec.measures.all()) == [mon["m1"]]
    with pytest.raises(ValidationError):
        svc.finding_recommend(actor=mon["fp_batken"], card=card, series=s)


@pytest.mark.parametrize("who", ["monitor", "fp_naryn", "viewer", "officer"])
def test_only_consultation_managers_in_territory_recommend(mon: Any, who: str) -> None:
    from tendik.consultations.models import Recommendation

    visit = draft_visit(mon)
    svc.visit_submit(actor=mon["monitor"], visit=visit)
    card = visit.cards.first()
    with pytest.raises(PermissionDenied):
        svc.finding_recommend(actor=mon[who], card=card, series=series())
    assert Recommendation.objects.count() == 0
    card.refresh_from_db()
    assert card.recommendation_id is None


def test_draft_findings_cannot_be_recommended(mon: Any) -> None:
    visit = draft_visit(mon)
    with pytest.raises(PermissionDenied):
        svc.finding_recommend(actor=mon["coordinator"], card=visit.cards.first(), series=series())


def test_scale_is_edited_nationally_and_used_levels_stay(mon: Any) -> None:
    with pytest.raises(PermissionDenied):
        svc.scale_save(actor=mon["fp_batken"], name_ru="Моя", levels=scale_levels())
    assert RatingScale.objects.count() == 1
    new = svc.scale_save(actor=mon["coordinator"], name_ru="Новая", levels=scale_levels()[:2])
    assert new.is_current and not RatingScale.objects.get(pk=mon["scale"].pk).is_current
    assert draft_visit(mon, rated=False).scale == new  # new visits use the current scale
    # A used level cannot be removed.
    old = mon["scale"]
    visit = MonitoringVisit.objects.create(
        group=mon["g_batken"], municipality=mon["t"]["halmion"], visited_on=dt.date(2025, 1, 1), scale=old
    )
    Scorecard.objects.create(visit=visit, local_measure=mon["halmion_measures"][0], level=mon["levels"][2])
    with pytest.raises(ValidationError):
        svc.scale_save(actor=mon["admin"], scale=old, name_ru="Шкала", levels=scale_levels()[:2], is_current=False)
    assert old.levels.count() == 3
    with pytest.raises(ValidationError):
        svc.scale_save(actor=mon["admin"], name_ru="Одна", levels=scale_levels()[:1])


def test_groups_are_managed_in_territory(mon: Any) -> None:
    t = mon["t"]
    g = svc.group_save(actor=mon["fp_kadamjay"], name_ru="Кадамжай", territory=t["kadamjay"])
    assert g.pk
    with pytest.raises(PermissionDenied):
        svc.group_save(actor=mon["fp_kadamjay"], group=g, name_ru="Кадамжай", territory=t["batken"])
    with pytest.raises(PermissionDenied):
        svc.group_save(actor=mon["monitor"], name_ru="Моя", territory=t["batken"])
    with pytest.raises(PermissionDenied):
        svc.member_save(actor=mon["fp_naryn"], group=g, full_name="Кто-то")
    m = svc.member_save(actor=mon["fp_kadamjay"], group=g, full_name=" Нуриза ", role="coordinator")
    assert m.full_name == "Нуриза"
    g.refresh_from_db()
    assert g.territory == t["kadamjay"] and g.members.count() == 1
