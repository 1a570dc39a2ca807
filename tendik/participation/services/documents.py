"""Documents of the trainings: the certificate of completion as PDF, in the participant's language."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.urls import reverse

from tendik.participation.models.trainings import Certificate

STYLESHEET = Path(__file__).resolve().parent.parent / "static" / "participation" / "certificate.css"


def certificate_document(*, certificate: Certificate) -> bytes:
    """PDF bytes of `certificate` in its language (ru, ky or en), with the code and where to check it."""
    participant = certificate.participant
    session = participant.session
    lang = certificate.language
    check_path = reverse("participation:certificate_verify", args=[certificate.code])
    context = {
        "certificate": certificate,
        "holder": participant.person.full_name if participant.person else certificate.holder_initials,
        "programme_title": session.programme.title_in(lang),
        "programme": session.programme,
        "session": session,
        "place": {"ky": session.territory.name_ky, "en": session.territory.name_en}.get(lang, "")
        or session.territory.name_ru,
        "check_url": f"{settings.TENDIK_SITE_URL}{check_path}",
    }
    from tendik.core.pdf import render_pdf

    return render_pdf("participation/trainings/certificate_pdf.html", context, language=lang, stylesheets=[STYLESHEET])
