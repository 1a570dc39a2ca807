"""Writes of dialogue-group monitoring: scales, groups, visits, scorecards, submission and recommendations.

Every function checks permission itself (a refused write raises PermissionDenied and changes nothing) and runs in
one transaction; AuditedModel writes the trail in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from tendik.accounts.roles import Perm, Role
from tendik.core.concurrency import guard
from tendik.core.uploads import CleanUpload, discard
from tendik.participation.models import (
    DialogueGroup,
    EvidencePhoto,
    GroupMember,
    MonitoringVisit,
    RatingLevel,
    RatingScale,
    RatingTone,
    Scorecard,
    VisitLanguage,
    VisitStatus,
)
from tendik.participation.selectors import monitoring as sel

# Explicit transitions of a visit: a draft is submitted; a submitted visit is final (its findings may already be
# recommendations in consultations).
VISIT_TRANSITIONS: dict[str, frozenset[str]] = {
    VisitStatus.DRAFT: frozenset({VisitStatus.SUBMITTED}),
    VisitStatus.SUBMITTED: frozenset(),
}


def _transition(visit: MonitoringVisit, target: str) -> None:
    if target not in VISIT_TRANSITIONS.get(visit.status, frozenset()):
        raise ValidationError(_("This visit can no longer be changed: it has been submitted."))


# --- scales -----------------------------------------------------------------------------------------------------


@transaction.atomic
def scale_save(
    *,
    actor: Any,
    scale: RatingScale | None = None,
    name_ru: str,
    name_ky: str = "",
    name_en: str = "",
    is_current: bool = True,
    levels: Iterable[dict[str, Any]],
    version: int | None = None,
) -> RatingScale:
    """Create or edit the ministry's rating scale with its levels (score and labels in three languages).

    A level already used by a scorecard keeps existing (its labels may change); making a scale current makes every
    other scale not current. `version` (when editing): a stale one raises StaleVersion with the difference.
    """
    if not sel.can_manage_scales(actor):
        raise PermissionDenied(Perm.MONITORING_MANAGE.value)
    rows = [r for r in levels if str(r.get("label_ru", "")).strip()]
    scores = [int(r["score"]) for r in rows]
    if len(rows) < 2:
        raise ValidationError(_("A scale needs at least two levels."))
    if len(set(scores)) != len(scores):
        raise ValidationError(_("Two levels have the same score."))
    if not name_ru.strip():
        raise ValidationError({"name_ru": _("Give the scale a name in Russian.")})
    if scale is not None:
        submitted = {"name_ru": name_ru, "name_ky": name_ky, "name_en": name_en, "is_current": is_current}
        scale = guard(scale, version=version, data=submitted)
    scale = scale or RatingScale()
    scale.name_ru, scale.name_ky, scale.name_en = name_ru.strip(), name_ky.strip(), name_en.strip()
    scale.is_current = is_current
    scale.save()
    existing = {lv.score: lv for lv in scale.levels.all()}
    for row in rows:
        level = existing.pop(int(row["score"]), None) or RatingLevel(scale=scale, score=int(row["score"]))
        for f in ("label_ru", "label_ky", "label_en"):
            setattr(level, f, str(row.get(f, "")).strip())
        level.tone = row.get("tone") or RatingTone.FAIR
        level.save()
    used = set(Scorecard.objects.filter(level__in=list(existing.values())).values_list("level_id", flat=True))
    for level in existing.values():
        if level.pk in used:
            raise ValidationError(
                _("The level “%(label)s” is used by scorecards and cannot be removed.") % {"label": level.label}
            )
        level.delete()
    if is_current:
        for other in RatingScale.objects.filter(is_current=True).exclude(pk=scale.pk):
            other.is_current = False
            other.save(update_fields=["is_current"])
    return scale


# --- groups -----------------------------------------------------------------------------------------------------


@transaction.atomic
def group_save(
    *,
    actor: Any,
    group: DialogueGroup | None = None,
    name_ru: str,
    name_ky: str = "",
    name_en: str = "",
    territory: Any,
    founded_on: dt.date | None = None,
    is_active: bool = True,
    version: int | None = None,
) -> DialogueGroup:
    """Create or edit a dialogue group; the actor manages monitoring in both the old and the new territory.

    `version` (when editing): the one the editor started from; a stale one raises StaleVersion with the difference.
    """
    if group is not None and not sel.can_manage_group(actor, group):
        raise PermissionDenied(Perm.MONITORING_MANAGE.value)
    if not sel.can_manage_group(actor, territory=territory):
        raise PermissionDenied(Perm.MONITORING_MANAGE.value)
    if territory.level not in ("oblast", "rayon", "city"):
        raise ValidationError({"territory": _("A dialogue group works in an oblast, a rayon or a city.")})
    if group is not None:
        submitted = {"name_ru": name_ru, "name_ky": name_ky, "name_en": name_en, "territory": territory}
        submitted |= {"founded_on": founded_on, "is_active": is_active}
        group = guard(group, version=version, data=submitted)
    group = group or DialogueGroup()
    group.name_ru, group.name_ky, group.name_en = name_ru.strip(), name_ky.strip(), name_en.strip()
    group.territory = territory
    group.founded_on = founded_on
    group.is_active = is_active
    group.full_clean()
    group.save()
    return group


@transaction.atomic
def member_save(
    *,
    actor: Any,
    group: DialogueGroup,
    member: GroupMember | None = None,
    full_name: str,
    user: Any = None,
    role: str = "member",
    occupation: str = "",
    joined_on: dt.date | None = None,
    left_on: dt.date | None = None,
    version: int | None = None,
) -> GroupMember:
    """Add or edit a member of a group; `version` (when editing): a stale one raises StaleVersion."""
    if not sel.can_manage_group(actor, group):
        raise PermissionDenied(Perm.MONITORING_MANAGE.value)
    if member is not None and member.group_id != group.pk:
        raise ValidationError(_("This person is in another group."))
    if joined_on and left_on and left_on < joined_on:
        raise ValidationError({"left_on": _("She cannot leave before she joined.")})
    if member is not None:
        submitted = {"full_name": full_name, "user": user, "role": role, "occupation": occupation}
        submitted |= {"joined_on": joined_on, "left_on": left_on}
        member = guard(member, version=version, data=submitted)
    member = member or GroupMember(group=group)
    member.full_name = full_name.strip()
    member.user = user
    member.role = role
    member.occupation = occupation.strip()
    member.joined_on, member.left_on = joined_on, left_on
    member.full_clean()
    member.save()
    return member


# --- visits -----------------------------------------------------------------------------------------------------


def _require_write(actor: Any, visit: MonitoringVisit) -> None:
    if not sel.can_write_visit(actor, municipality=visit.municipality):
        raise PermissionDenied(Perm.VISITS_WRITE.value)


def _check_group(group: DialogueGroup, municipality: Any) -> None:
    if not (group.is_active and municipality.path.startswith(group.territory.path)):
        raise ValidationError({"group": _("This group does not work in this municipality.")})


@transaction.atomic
def visit_create(
    *,
    actor: Any,
    group: DialogueGroup,
    municipality: Any,
    visited_on: dt.date,
    summary: str = "",
    language: str = VisitLanguage.RU,
) -> MonitoringVisit:
    """Start a draft visit of `group` to `municipality`, rated on the current scale."""
    if not sel.can_write_visit(actor, municipality=municipality):
        raise PermissionDenied(Perm.VISITS_WRITE.value)
    _check_group(group, municipality)
    if visited_on > timezone.localdate():
        raise ValidationError({"visited_on": _("The visit cannot be in the future.")})
    scale = sel.current_scale()
    if scale is None:
        raise ValidationError(_("The ministry has not set a rating scale yet."))
    if not sel.local_measures_of(municipality).exists():
        raise ValidationError({"municipality": _("This municipality has no local plan to monitor.")})
    visit = MonitoringVisit(
        group=group,
        municipality=municipality,
        visited_on=visited_on,
        scale=scale,
        summary=summary.strip(),
        language=language,
        created_by=actor,
    )
    visit.full_clean()
    visit.save()
    return visit


@transaction.atomic
def visit_update(
    *,
    actor: Any,
    visit: MonitoringVisit,
    group: DialogueGroup,
    visited_on: dt.date,
    summary: str,
    language: str,
    version: int | None = None,
) -> MonitoringVisit:
    """Edit a draft visit's date, group, summary and language; a stale `version` is refused (StaleVersion)."""
    _require_write(actor, visit)
    visit = guard(
        visit,
        version=version,
        data={"group": group, "visited_on": visited_on, "summary": summary, "language": language},
    )
    if not visit.is_draft:
        _transition(visit, VisitStatus.DRAFT)
    _check_group(group, visit.municipality)
    if visited_on > timezone.localdate():
        raise ValidationError({"visited_on": _("The visit cannot be in the future.")})
    if group.pk != visit.group_id:
        visit.monitors.clear()
    visit.group, visit.visited_on, visit.summary, visit.language = group, visited_on, summary.strip(), language
    visit.save(update_fields=["group", "visited_on", "summary", "language", "version"])
    return visit


@transaction.atomic
def visit_set_measures(
    *, actor: Any, visit: MonitoringVisit, measures: Iterable[Any], monitors: Iterable[GroupMember]
) -> MonitoringVisit:
    """Choose the local-plan measures checked (a scorecard each) and the monitors who went. Drafts only."""
    _require_write(actor, visit)
    if not visit.is_draft:
        _transition(visit, VisitStatus.DRAFT)
    measures = list(measures)
    monitors = list(monitors)
    allowed = set(sel.local_measures_of(visit.municipality).values_list("pk", flat=True))
    if any(m.pk not in allowed for m in measures):
        raise ValidationError({"measures": _("A measure is not in this municipality's local plan.")})
    if any(m.group_id != visit.group_id for m in monitors):
        raise ValidationError({"monitors": _("A monitor is not a member of this group.")})
    wanted = {m.pk for m in measures}
    for card in list(visit.cards.all()):
        if card.local_measure_id not in wanted:
            for photo in card.photos.all():
                discard(photo)
                photo.delete()
            card.delete()
        else:
            wanted.discard(card.local_measure_id)
    for m in measures:
        if m.pk in wanted:
            Scorecard.objects.create(visit=visit, local_measure=m)
    visit.monitors.set(monitors)
    return visit


@transaction.atomic
def scorecard_update(
    *,
    actor: Any,
    card: Scorecard,
    level: RatingLevel | None,
    findings: str,
    recommendations: str,
    version: int | None = None,
) -> Scorecard:
    """Rate one checked measure and write what was found and recommended. Drafts only; a stale `version` is
    refused (StaleVersion, with the difference)."""
    visit = card.visit
    _require_write(actor, visit)
    card = guard(card, version=version, data={"level": level, "findings": findings, "recommendations": recommendations})
    visit = card.visit  # read again: it may have been submitted meanwhile
    if not visit.is_draft:
        _transition(visit, VisitStatus.DRAFT)
    if level is not None and level.scale_id != visit.scale_id:
        raise ValidationError({"level": _("This rating is not on the visit's scale.")})
    card.level, card.findings, card.recommendations = level, findings.strip(), recommendations.strip()
    card.save(update_fields=["level", "findings", "recommendations", "version"])
    return card


@transaction.atomic
def visit_discard(*, actor: Any, visit: MonitoringVisit) -> None:
    """Delete a draft visit (a submitted one stays)."""
    _require_write(actor, visit)
    if not visit.is_draft:
        raise ValidationError(_("A submitted visit cannot be deleted."))
    for card in visit.cards.all():
        for photo in card.photos.all():
            discard(photo)
            photo.delete()
        card.delete()
    visit.delete()


MAX_PHOTOS_PER_CARD = 10


@transaction.atomic
def photos_add(
    *, actor: Any, card: Scorecard, uploads: Iterable[CleanUpload], caption: str = ""
) -> list[EvidencePhoto]:
    """Attach evidence photos (already checked and stripped of metadata by tendik.core.uploads) to a draft's card."""
    visit = card.visit
    _require_write(actor, visit)
    if not visit.is_draft:
        _transition(visit, VisitStatus.DRAFT)
    uploads = list(uploads)
    if card.photos.count() + len(uploads) > MAX_PHOTOS_PER_CARD:
        raise ValidationError(_("At most %(n)d photos per measure.") % {"n": MAX_PHOTOS_PER_CARD})
    out = []
    for clean in uploads:
        photo = EvidencePhoto(card=card, caption=caption.strip()[:200], uploaded_by=actor)
        photo.store(clean, folder="participation/monitoring")
        photo.save()
        out.append(photo)
    return out


@transaction.atomic
def photo_delete(*, actor: Any, photo: EvidencePhoto) -> None:
    """Remove a photo from a draft (the file goes once the deletion commits)."""
    visit = photo.card.visit
    _require_write(actor, visit)
    if not visit.is_draft:
        _transition(visit, VisitStatus.DRAFT)
    discard(photo)
    photo.delete()


def _people_to_tell(visit: MonitoringVisit) -> list[Any]:
    """The municipality's officers and the focal points of the territories above it (one query)."""
    from tendik.accounts.models import User

    paths = sel._ancestor_paths(visit.municipality.path)
    return list(
        User.objects.filter(
            is_active=True,
            role_assignments__is_active=True,
        )
        .filter(
            role_assignments__role__in=[Role.MUNICIPAL_OFFICER, Role.FOCAL_POINT],
            role_assignments__unit__path__in=paths,
        )
        .distinct()
        .order_by("pk")
    )


@transaction.atomic
def visit_submit(*, actor: Any, visit: MonitoringVisit) -> MonitoringVisit:
    """Submit a draft: every checked measure is rated; the municipality's officers and focal points are told."""
    from tendik.accounts.services import notify

    _require_write(actor, visit)
    _transition(visit, VisitStatus.SUBMITTED)
    cards = list(visit.cards.all())
    if not cards:
        raise ValidationError(_("Choose at least one measure that was checked."))
    if any(c.level_id is None for c in cards):
        raise ValidationError(_("Rate every measure that was checked before submitting."))
    visit.status = VisitStatus.SUBMITTED
    visit.submitted_by = actor
    visit.submitted_at = timezone.now()
    visit.save(update_fields=["status", "submitted_by", "submitted_at"])
    url = reverse("participation:visit", args=[visit.pk])
    for person in _people_to_tell(visit):
        if person.pk == getattr(actor, "pk", None):
            continue
        with override(person.language or "ru"):
            notify(
                user=person,
                title=_("Monitoring visit to %(place)s") % {"place": visit.municipality.name},
                body=_("%(group)s checked %(n)s measures of the local plan on %(date)s.")
                % {
                    "group": visit.group.name,
                    "n": len(cards),
                    "date": visit.visited_on.strftime("%d.%m.%Y"),
                },
                url=url,
                kind="participation.visit",
            )
    return visit


# --- findings → recommendations ---------------------------------------------------------------------------------


@transaction.atomic
def finding_recommend(*, actor: Any, card: Scorecard, series: Any) -> Any:
    """Turn a scorecard's finding into a recommendation of a consultation series, linked both ways.

    The recommendation is regional (the municipality), local-level, in the language the visit was written in, and
    linked to the national measure the local measure adopted. A finding becomes at most one recommendation.
    """
    from tendik.consultations.models import Level, RecommendationScope
    from tendik.consultations.services.recommendations import recommendation_create

    if not sel.can_recommend(actor, card):
        raise PermissionDenied(Perm.CONSULTATIONS_MANAGE.value)
    if card.recommendation_id is not None:
        raise ValidationError(_("This finding is already a recommendation."))
    text = card.recommendations or card.findings
    if not text.strip():
        raise ValidationError(_("There is no finding or recommendation to pass on."))
    visit = card.visit
    lang = visit.language if visit.language in VisitLanguage.values else "ru"
    national = card.local_measure.national_measure
    rec = recommendation_create(
        series=series,
        actor=actor,
        scope=RecommendationScope.REGIONAL,
        regions=[visit.municipality],
        level=Level.LOCAL,
        measures=[national] if national is not None else [],
        text_ru=text if lang == "ru" else "",
        text_ky=text if lang == "ky" else "",
        text_en=text if lang == "en" else "",
    )
    card.recommendation = rec
    card.save(update_fields=["recommendation"])
    return rec
