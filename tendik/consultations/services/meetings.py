"""Series, meetings, their files and the problems named at them."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from tendik.consultations.models import (
    AttachmentKind,
    ConsultationSeries,
    Meeting,
    MeetingAttachment,
    Organisation,
    Problem,
)
from tendik.core.concurrency import guard
from tendik.geography.models import MUNICIPAL_LEVELS

MB = 1024 * 1024
# kind → {extension: (content type, magic prefixes)}; the size limit per kind.
_PDF = ("application/pdf", (b"%PDF",))
_OOXML = (b"PK\x03\x04",)
ALLOWED_FILES: dict[str, dict[str, tuple[str, tuple[bytes, ...]]]] = {
    AttachmentKind.DOCUMENT: {
        "pdf": _PDF,
        "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _OOXML),
        "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _OOXML),
        "odt": ("application/vnd.oasis.opendocument.text", _OOXML),
    },
    AttachmentKind.MINUTES: {
        "pdf": _PDF,
        "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _OOXML),
        "odt": ("application/vnd.oasis.opendocument.text", _OOXML),
    },
    AttachmentKind.PHOTO: {
        "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
        "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
        "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
        "webp": ("image/webp", (b"RIFF",)),
    },
}
MAX_SIZE: dict[str, int] = {
    AttachmentKind.DOCUMENT: 20 * MB,
    AttachmentKind.MINUTES: 20 * MB,
    AttachmentKind.PHOTO: 10 * MB,
}


def organisation_ensure(*, name_ru: str, name_ky: str = "", name_en: str = "") -> Organisation:
    """The organisation with this Russian name, created once."""
    org, created = Organisation.objects.get_or_create(
        name_ru=name_ru.strip(), defaults={"name_ky": name_ky.strip(), "name_en": name_en.strip()}
    )
    if not created and ((name_ky and not org.name_ky) or (name_en and not org.name_en)):
        org.name_ky = org.name_ky or name_ky
        org.name_en = org.name_en or name_en
        org.save(update_fields=["name_ky", "name_en"])
    return org


@transaction.atomic
def series_save(
    *,
    series: ConsultationSeries | None = None,
    code: str,
    title_ru: str,
    start_date: dt.date,
    end_date: dt.date | None = None,
    title_ky: str = "",
    title_en: str = "",
    aims_ru: str = "",
    aims_ky: str = "",
    aims_en: str = "",
    results_ru: str = "",
    results_ky: str = "",
    results_en: str = "",
    tasks: list[dict[str, str]] | None = None,
    organisers: Iterable[Organisation] | None = None,
    plans: Iterable[Any] | None = None,
    version: int | None = None,
) -> ConsultationSeries:
    """Create or update a series; `version` (when editing): a stale one raises StaleVersion with the difference."""
    values: dict[str, Any] = {
        "code": code,
        "title_ru": title_ru,
        "title_ky": title_ky,
        "title_en": title_en,
        "start_date": start_date,
        "end_date": end_date,
        "aims_ru": aims_ru,
        "aims_ky": aims_ky,
        "aims_en": aims_en,
        "results_ru": results_ru,
        "results_ky": results_ky,
        "results_en": results_en,
    }
    if series is not None and series.pk:
        submitted = {**values, "tasks": tasks, "organisers": organisers, "plans": plans}
        series = guard(
            series, version=version, data={k: v for k, v in submitted.items() if v is not None or k == "end_date"}
        )
    series = series or ConsultationSeries()
    for k, v in values.items():
        setattr(series, k, v)
    if tasks is not None:
        series.tasks = tasks
    if end_date and end_date < start_date:
        raise ValidationError({"end_date": _("The end date is before the start date.")})
    series.full_clean(exclude=["organisers", "plans"])
    series.save()
    if organisers is not None:
        series.organisers.set(organisers)
    if plans is not None:
        series.plans.set(plans)
    return series


def _check_place(place: Any) -> None:
    if place is None or place.level not in MUNICIPAL_LEVELS:
        raise ValidationError({"place": _("Choose a municipality or a city.")})


@transaction.atomic
def meeting_save(
    *,
    meeting: Meeting | None = None,
    series: ConsultationSeries,
    code: str,
    title_ru: str,
    start_date: dt.date | None,
    place: Any,
    end_date: dt.date | None = None,
    title_ky: str = "",
    title_en: str = "",
    venue_ru: str = "",
    venue_ky: str = "",
    venue_en: str = "",
    agenda_ru: str = "",
    agenda_ky: str = "",
    agenda_en: str = "",
    minutes_ru: str = "",
    minutes_ky: str = "",
    minutes_en: str = "",
    oblasts_covered: Iterable[Any] | None = None,
    organisers: Iterable[Organisation] | None = None,
    plans: Iterable[Any] | None = None,
    order: int | None = None,
    version: int | None = None,
) -> Meeting:
    """Create or update a meeting; its place must be a municipality or a city.

    `version` (when editing): a stale one raises StaleVersion with the difference; `order` None keeps it.
    """
    _check_place(place)
    if end_date and start_date and end_date < start_date:
        raise ValidationError({"end_date": _("The end date is before the start date.")})
    if order is None:
        order = meeting.order if meeting is not None else 0
    values: dict[str, Any] = {
        "series": series,
        "code": code,
        "title_ru": title_ru,
        "title_ky": title_ky,
        "title_en": title_en,
        "start_date": start_date,
        "end_date": end_date,
        "place": place,
        "venue_ru": venue_ru,
        "venue_ky": venue_ky,
        "venue_en": venue_en,
        "agenda_ru": agenda_ru,
        "agenda_ky": agenda_ky,
        "agenda_en": agenda_en,
        "minutes_ru": minutes_ru,
        "minutes_ky": minutes_ky,
        "minutes_en": minutes_en,
        "order": order,
    }
    if meeting is not None and meeting.pk:
        submitted = {**values, "oblasts_covered": oblasts_covered, "organisers": organisers, "plans": plans}
        meeting = guard(
            meeting,
            version=version,
            data={k: v for k, v in submitted.items() if v is not None or k in ("start_date", "end_date")},
        )
    meeting = meeting or Meeting()
    for k, v in values.items():
        setattr(meeting, k, v)
    meeting.full_clean(exclude=["oblasts_covered", "organisers", "plans"])
    meeting.save()
    if oblasts_covered is not None:
        oblasts = list(oblasts_covered)
        if any(u.level != "oblast" and u.parent_id is not None for u in oblasts):
            raise ValidationError({"oblasts_covered": _("Only oblasts and cities of republican significance.")})
        meeting.oblasts_covered.set(oblasts)
    if organisers is not None:
        meeting.organisers.set(organisers)
    if plans is not None:
        meeting.plans.set(plans)
    return meeting


def attachment_check(*, kind: str, upload: UploadedFile) -> str:
    """Validate an upload's type (extension and content) and size; return its content type."""
    allowed = ALLOWED_FILES.get(kind)
    if allowed is None:
        raise ValidationError({"kind": _("Unknown kind of file.")})
    ext = os.path.splitext(upload.name or "")[1].lower().lstrip(".")
    if ext not in allowed:
        raise ValidationError(
            {"file": _("Files of this kind must be one of: %(types)s.") % {"types": ", ".join(sorted(allowed))}}
        )
    if upload.size is None or upload.size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    if upload.size > MAX_SIZE[kind]:
        raise ValidationError({"file": _("The file is larger than %(mb)s MB.") % {"mb": MAX_SIZE[kind] // MB}})
    content_type, magics = allowed[ext]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(m) for m in magics) or (ext == "webp" and head[8:12] != b"WEBP"):
        raise ValidationError({"file": _("The file's content does not match its type.")})
    return content_type


@transaction.atomic
def attachment_add(*, meeting: Meeting, kind: str, title: str, upload: UploadedFile, actor: Any) -> MeetingAttachment:
    """Attach a document, the minutes or a photo to a meeting, after checking its type and size."""
    content_type = attachment_check(kind=kind, upload=upload)
    attachment = MeetingAttachment(
        meeting=meeting,
        kind=kind,
        title=(title or upload.name or "")[:300],
        content_type=content_type,
        size=upload.size or 0,
        uploaded_by=actor,
    )
    attachment.file.save(os.path.basename(upload.name or "file"), upload, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: MeetingAttachment) -> None:
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def problem_save(
    *,
    problem: Problem | None = None,
    series: ConsultationSeries,
    regions: Iterable[Any],
    text_ru: str,
    text_ky: str = "",
    text_en: str = "",
    theme: str = "",
    meeting: Meeting | None = None,
    order: int = 0,
) -> Problem:
    problem = problem or Problem()
    problem.series, problem.meeting, problem.theme, problem.order = series, meeting, theme, order
    problem.text_ru, problem.text_ky, problem.text_en = text_ru, text_ky, text_en
    problem.full_clean(exclude=["regions"])
    problem.save()
    problem.regions.set(list(regions))
    return problem
