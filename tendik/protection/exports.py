"""Files: the committee report as Excel and PDF (one layout for page, Excel and PDF), the identifiable case export
(password-protected Excel, logged) and meeting minutes."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from tendik.audit.services import access_log
from tendik.core.pdf import render_pdf
from tendik.core.spreadsheets import Look, XlsxWriter
from tendik.protection.models import (
    AgeGroup,
    AppealChannel,
    AppealOutcome,
    Case,
    EventKind,
    GbvimsType,
    ProviderKind,
    ReferralStatus,
    Relationship,
    Sector,
    ServiceKind,
    Sex,
    ViolenceForm,
)
from tendik.protection.models.families import VisitKind

Rows = list[tuple[str, Any]]

REGIONS = {
    "north": gettext_lazy("North (Chui, Talas, Issyk-Kul, Naryn)"),
    "south": gettext_lazy("South (Osh, Batken, Jalal-Abad)"),
    "unknown": gettext_lazy("Oblast not given"),
}
LENGTHS = {"1": gettext_lazy("1-day trainings"), "2": gettext_lazy("2-day trainings")}


def _labelled(values: dict[str, Any], choices: Any) -> Rows:
    """Rows in the order of the choices (the law's or the form's order), then any unknown keys."""
    labels = dict(choices) if not isinstance(choices, dict) else choices
    keys = [k for k in labels if k in values] + [k for k in values if k not in labels]
    return [(str(labels.get(k, k)), values[k]) for k in keys]


def report_sections(report: dict[str, Any]) -> list[tuple[str, Rows]]:
    """The report as titled tables of (label, value): the page, the Excel file and the PDF show exactly this."""
    c, a, f, cs = report["committees"], report["appeals"], report["families"], report["cases"]
    o, r, s, m = report["orders"], report["referrals"], report["services"], report["meetings"]
    pv, t = report["prevention"], report["training"]
    return [
        (
            _("Committees and members"),
            [
                (_("Committees"), c["count"]),
                (_("Members"), c["members"]),
                *_labelled(c["members_by_sector"], Sector.choices),
                *_labelled(c["members_by_sex"], Sex.choices),
            ],
        ),
        (
            _("Appeals"),
            [
                (_("Appeals received"), a["total"]),
                *_labelled(a["by_channel"], AppealChannel.choices),
                *_labelled(a["by_outcome"], AppealOutcome.choices),
            ],
        ),
        (
            _("At-risk families"),
            [
                (_("On the list at the end of the period"), f["active"]),
                (_("Added"), f["added"]),
                (_("Removed"), f["removed"]),
                *_labelled(f["visits"], VisitKind.choices),
            ],
        ),
        (
            _("Cases (with consent to statistics)"),
            [
                (_("Cases counted"), cs["included"]),
                (_("Cases left out (no consent to statistics)"), cs["left_out"]),
                *_labelled(cs["by_form"], ViolenceForm.choices),
                *_labelled(cs["by_gbvims_type"], GbvimsType.choices),
                *_labelled(cs["by_sex"], Sex.choices),
                *_labelled(cs["by_age_group"], AgeGroup.choices),
                *_labelled(cs["by_relationship"], Relationship.choices),
                (_("With a disability"), cs["with_disability"]),
            ],
        ),
        (
            _("Protection orders"),
            [(_("Issued"), o["issued"]), (_("Extended"), o["extended"]), (_("Violated"), o["violated"])],
        ),
        (
            _("Referrals"),
            [
                (_("Referrals sent"), r["total"]),
                (_("Women referred to crisis centres and shelters"), r["women_to_crisis_centres_and_shelters"]),
                *_labelled(r["by_provider_kind"], ProviderKind.choices),
                *_labelled(r["by_status"], ReferralStatus.choices),
            ],
        ),
        (
            _("Services delivered (people)"),
            [
                *_labelled(s["people_by_kind"], ServiceKind.choices),
                (_("Women who received cash aid"), s["cash_aid_recipients"]),
                (_("Cash aid, total som"), s["cash_aid_total_som"]),
            ],
        ),
        (
            _("Committee meetings"),
            [(_("Meetings held"), m["held"]), (_("Of them on facts of family violence"), m["on_violence_facts"])],
        ),
        (
            _("Prevention"),
            [
                (_("Prevention events"), pv["events"]),
                *_labelled(pv["by_kind"], EventKind.choices),
                (_("People reached"), pv["people"]),
                *_labelled(pv["people_by_sex"], Sex.choices),
            ],
        ),
        (
            _("Training"),
            [
                (_("Trainings"), t["events"]),
                (_("People trained"), t["people"]),
                *_labelled(t["by_length"], LENGTHS),
                *_labelled(t["by_region"], REGIONS),
            ],
        ),
    ]


def report_xlsx(report: dict[str, Any]) -> bytes:
    book = XlsxWriter()
    ws = book.sheet(_("Report"), widths=[60, 16])
    ws.append([_("Committee report"), report["scope"]["name"]])
    ws.append([_("Period"), period_label(report)])
    if report["suppressed"]:
        ws.append([_("Figures from 1 to 4 are shown as “<5” to protect the people behind them.")])
        ws.append([_("“–”: hidden so that a small number cannot be worked out from the totals or other figures.")])
    for title, rows in report_sections(report):
        ws.append([])
        ws.append([title], look=Look.BOLD)
        for label, value in rows:
            ws.append([label, value if isinstance(value, int | str) else str(value)])
    return book.to_bytes()


def period_label(report: dict[str, Any]) -> str:
    """The report's period as people read it in the active language ("1 января 2025 г. — 31 декабря 2025 г.");
    the report itself keeps ISO dates for machines (the API)."""
    start, end = (dt.date.fromisoformat(report["period"][k]) for k in ("from", "to"))
    return f"{date_format(start, 'DATE_FORMAT')} — {date_format(end, 'DATE_FORMAT')}"


def report_pdf(report: dict[str, Any]) -> bytes:
    from tendik.protection.charts import activity_chart

    context = {
        "period_label": period_label(report),
        "report": report,
        "sections": report_sections(report),
        "activity_chart": activity_chart(report),
    }
    return render_pdf("protection/report_pdf.html", context)


IDENTIFIABLE_PURPOSE = "export.identifiable"


def identifiable_xlsx(*, cases: list[Case], password: str, actor: Any) -> bytes:
    """Cases with identities as an Excel file encrypted with `password`; each case's export is logged."""
    import msoffcrypto.format.ooxml

    book = XlsxWriter()
    ws = book.sheet(
        _("Cases"),
        headers=[
            _("Case code"),
            _("Opened"),
            _("Stage"),
            pgettext("person", "Name"),
            _("Date of birth"),
            _("Address"),
            _("Phone"),
            _("Identity document"),
            _("Sex"),
            _("Age group"),
        ],
    )
    for case in cases:
        access_log(instance=case, purpose=IDENTIFIABLE_PURPOSE, actor=actor)
        ws.append(
            [
                case.code,
                case.opened_on,
                case.get_stage_display(),
                case.survivor_name,
                case.survivor_birth_date,
                case.survivor_address,
                case.survivor_phone,
                case.survivor_document,
                case.get_survivor_sex_display(),
                case.get_survivor_age_group_display(),
            ]
        )
    plain = io.BytesIO(book.to_bytes())
    encrypted = io.BytesIO()
    msoffcrypto.format.ooxml.OOXMLFile(plain).encrypt(password, encrypted)
    return encrypted.getvalue()
