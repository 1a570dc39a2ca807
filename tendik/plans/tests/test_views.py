"""Web pages: authorisation matrix for every view, the cycle in the browser, forms, drafts, no inline styles."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from tendik.plans.models import DataValue, LocalMeasure, LocalPlan, ProgressReport, ReportEntry, ReportStatus

from .conftest import fill

INLINE = re.compile(r"\sstyle\s*=|<script(?![^>]*\bsrc=)", re.I)


def urls(report, local_plan, catalogue):
    entry = report.entries.first()
    measure = local_plan.measures.first()
    return {
        "index": reverse("plans:index"),
        "search": reverse("plans:index") + "?q=женщин",
        "plan": reverse("plans:plan", args=[catalogue["plan"].code]),
        "plan_xlsx": reverse("plans:plan_export", args=[catalogue["plan"].code, "xlsx"]),
        "measure": reverse("plans:measure", args=[catalogue["m1"].pk]),
        "local_list": reverse("plans:local_list"),
        "local_plan": reverse("plans:local_plan", args=[local_plan.pk]),
        "local_xlsx": reverse("plans:local_export", args=[local_plan.pk, "xlsx"]),
        "local_edit": reverse("plans:local_edit", args=[local_plan.pk]),
        "measure_add": reverse("plans:local_measure_add", args=[local_plan.pk]),
        "measure_edit": reverse("plans:local_measure_edit", args=[measure.pk]),
        "local_create": reverse("plans:local_create"),
        "reports": reverse("plans:reports"),
        "report": reverse("plans:report", args=[report.pk]),
        "entry": reverse("plans:entry", args=[report.pk, entry.pk]),
        "template": reverse("plans:report_template", args=[report.pk]),
        "dashboard": reverse("plans:dashboard"),
        "progress_xlsx": reverse("plans:progress_export", args=["xlsx"]),
    }


# Expected status of GET for each user: (in-scope officer, other officer, rayon fp, other rayon fp, viewer, no role)
OBJECT_PAGES = {"local_plan", "local_xlsx", "report", "entry", "template"}
EDIT_PAGES = {"local_edit", "measure_add", "measure_edit"}


@pytest.mark.parametrize(
    "name",
    sorted(
        [
            "plan_xlsx",
            "local_list",
            "local_plan",
            "local_xlsx",
            "local_edit",
            "measure_add",
            "measure_edit",
            "local_create",
            "reports",
            "report",
            "entry",
            "template",
            "dashboard",
            "progress_xlsx",
        ]
    ),
)
def test_get_matrix(name, report, local_plan, catalogue, roles, login, client):
    """Everything but the public catalogue pages (see test_public_catalogue.py) needs sign-in and scope."""
    url = urls(report, local_plan, catalogue)[name]
    anon = client.get(url)
    assert anon.status_code == 302 and "/accounts/login/" in anon["Location"]
    assert login(roles["nobody"]).get(url).status_code == 403
    in_scope = login(roles["officer"]).get(url)
    assert in_scope.status_code == 200, name
    other = login(roles["officer_other"]).get(url).status_code
    reviewer = login(roles["fp_rayon"]).get(url).status_code
    far_reviewer = login(roles["fp_naryn"]).get(url).status_code
    viewer = login(roles["viewer"]).get(url).status_code
    if name in OBJECT_PAGES:
        assert (other, reviewer, far_reviewer, viewer) == (404, 200, 404, 200), name
    elif name in EDIT_PAGES:
        assert (other, reviewer, far_reviewer, viewer) == (404, 403, 404, 403), name
    elif name == "local_create":
        assert (other, reviewer, viewer) == (200, 403, 403)
    else:
        assert (other, reviewer, far_reviewer, viewer) == (200, 200, 200, 200), name


def _post_entry(client, report, entry, **data):
    payload = {
        "status": "in_progress",
        "progress": "30",
        "narrative": "Проведено 2 тренинга",
        "spent_local": "1500",
        "spent_republican": "",
        "spent_donor": "",
        "spent_other": "",
        **data,
    }
    return client.post(reverse("plans:entry", args=[report.pk, entry.pk]), payload)


def _trained_entry(report):
    return report.entries.get(local_measure__indicators__code="people_trained")


def test_entry_form_is_phone_friendly_with_draft_and_labels(report, roles, login):
    entry = _trained_entry(report)
    html = login(roles["officer"]).get(reverse("plans:entry", args=[report.pk, entry.pk])).content.decode()
    assert f'data-draft="report-{report.pk}-entry-{entry.pk}"' in html
    assert 'name="viewport"' in html and 'inputmode="numeric"' in html
    for field_id in re.findall(r'<input(?![^>]*type="hidden")[^>]+id="(id_[^"]+)"', html):
        assert f'for="{field_id}"' in html, field_id
    assert not INLINE.search(html)
    assert "Женщины" in html or "Women" in html


def test_entry_form_saves_values_and_shows_errors_next_to_fields(report, roles, login):
    client = login(roles["officer"])
    entry = _trained_entry(report)
    pk = entry.local_measure.indicators.get().pk
    fields = {f"v_{pk}_0": "12", f"v_{pk}_1": "3"}
    response = _post_entry(client, report, entry, **fields)
    assert response.status_code == 302
    assert DataValue.objects.filter(report=report).count() == 2
    bad = _post_entry(client, report, entry, spent_local="-10", **fields)
    assert bad.status_code == 200
    html = bad.content.decode()
    assert "An amount cannot be negative." in html and 'aria-invalid="true"' in html
    entry.refresh_from_db()
    assert entry.spent_local == Decimal(1500)


def test_entry_post_out_of_scope_changes_nothing(report, roles, login):
    entry = report.entries.first()
    for who, code in (("officer_other", 404), ("fp_rayon", 403), ("viewer", 403), ("nobody", 403)):
        assert _post_entry(login(roles[who]), report, entry).status_code == code
    entry.refresh_from_db()
    assert entry.status == "not_started" and entry.narrative == ""


def test_full_cycle_in_the_browser(report, roles, login):
    officer, rayon, oblast, ministry = (login(roles[k]) for k in ("officer", "fp_rayon", "fp_oblast", "coordinator"))
    for entry in report.entries.all():
        assert _post_entry(officer, report, entry).status_code == 302
    action = lambda c, a, **d: c.post(reverse("plans:report_action", args=[report.pk, a]), d)  # noqa: E731
    unconfirmed = action(officer, "submit")  # without the confirmation nothing moves
    report.refresh_from_db()
    assert unconfirmed.status_code == 302 and report.status == ReportStatus.DRAFT
    assert action(officer, "submit", confirm="1").status_code == 302
    # the rayon's focal point is told it waits for her
    from tendik.accounts.models import Notification

    told = Notification.objects.get(user=roles["fp_rayon"], kind="plans.report")
    assert told.url == reverse("plans:report", args=[report.pk])
    assert not Notification.objects.filter(user=roles["officer"], kind="plans.report").exists()
    # the rayon returns it, the municipality corrects and resubmits
    action(rayon, "return", comment="Приложите фото")
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    page = officer.get(reverse("plans:report", args=[report.pk])).content.decode()
    assert page.index("Приложите фото") < page.index('name="confirm"')  # the comment above the submit button
    returned = Notification.objects.get(user=roles["officer"], kind="plans.report")
    assert "Приложите фото" in returned.body
    assert 'id="returned-h"' not in rayon.get(reverse("plans:report", args=[report.pk])).content.decode()
    action(officer, "submit", confirm="1")
    # the officer cannot approve, the oblast cannot skip the rayon... the rayon approves
    assert action(officer, "approve").status_code == 403
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    action(rayon, "approve")
    action(oblast, "approve")
    page = ministry.get(reverse("plans:report", args=[report.pk])).content.decode()
    assert "Accept" in page or "Принять" in page
    action(ministry, "accept")
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    assert report.events.count() == 7
    # locked: the officer's form is read-only and a post is refused
    entry = report.entries.first()
    assert _post_entry(officer, report, entry, narrative="changed").status_code == 403


def test_action_out_of_scope_changes_nothing(report, roles, login):
    fill(report, roles["officer"])
    login(roles["officer"]).post(reverse("plans:report_action", args=[report.pk, "submit"]), {"confirm": "1"})
    for who, code in (("officer_other", 404), ("fp_naryn", 404), ("fp_rayon_other", 404)):
        r = login(roles[who]).post(reverse("plans:report_action", args=[report.pk, "approve"]))
        assert r.status_code == code
    assert login(roles["viewer"]).post(reverse("plans:report_action", args=[report.pk, "approve"])).status_code == 403
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.events.count() == 2


def test_local_plan_creation_and_measure_adoption(catalogue, territory, roles, login):
    client = login(roles["officer"])
    r = client.post(
        reverse("plans:local_create"),
        {
            "municipality": territory["halmion"].code,
            "start_year": 2025,
            "end_year": 2027,
            "title": "План",
            "programme": "ПСЭР",
            "reporting_frequency": "half",
        },
    )
    plan = LocalPlan.objects.get()
    assert r.status_code == 302 and plan.created_by == roles["officer"]
    r = client.post(
        reverse("plans:local_measure_add", args=[plan.pk]),
        {
            "national_measure": catalogue["m2"].pk,
            "number": "",
            "text": "",
            "responsible_person": "Исаева",
            "start": "2025-02-01",
            "end": "2025-12-31",
            "budget_local": "10000",
            "budget_republican": "0",
            "budget_donor": "0",
            "budget_other": "0",
            "gender_marker": "principal",
            "indicators": [catalogue["families"].pk],
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    measure = LocalMeasure.objects.get()
    assert measure.text == catalogue["m2"].text_ru and measure.national_measure == catalogue["m2"]
    page = client.get(reverse("plans:measure", args=[catalogue["m2"].pk])).content.decode()
    assert territory["halmion"].name_ru in page
    bad = client.post(
        reverse("plans:local_measure_add", args=[plan.pk]),
        {
            "text": "Своя",
            "responsible_person": "Б",
            "start": "2030-01-01",
            "end": "2030-02-01",
            "budget_local": "-5",
            "budget_republican": "0",
            "budget_donor": "0",
            "budget_other": "0",
            "gender_marker": "principal",
        },
    )
    assert bad.status_code == 200 and LocalMeasure.objects.count() == 1
    assert "An amount cannot be negative." in bad.content.decode()
    # another municipality's officer cannot create a plan for Halmion
    other = login(roles["officer_other"]).post(
        reverse("plans:local_create"),
        {
            "municipality": territory["halmion"].code,
            "start_year": 2026,
            "end_year": 2027,
            "reporting_frequency": "year",
        },
    )
    assert other.status_code == 200 and LocalPlan.objects.count() == 1


def test_open_report_from_plan_page(local_plan, roles, login):
    client = login(roles["officer"])
    r = client.post(reverse("plans:report_open", args=[local_plan.pk]), {"period": "2025-H2"})
    report = ProgressReport.objects.get()
    assert r.status_code == 302 and report.entries.count() == 2  # the own measure ended in May
    assert (
        login(roles["officer_other"])
        .post(reverse("plans:report_open", args=[local_plan.pk]), {"period": "2026-H1"})
        .status_code
        == 404
    )
    assert (
        login(roles["fp_rayon"])
        .post(reverse("plans:report_open", args=[local_plan.pk]), {"period": "2026-H1"})
        .status_code
        == 403
    )
    assert ProgressReport.objects.count() == 1


def test_plan_browser_searches_in_three_languages(catalogue, roles, login):
    client = login(roles["viewer"])
    for q in ("обучить", "окутуу", "train women", "1.1"):
        html = client.get(reverse("plans:plan", args=[catalogue["plan"].code]), {"q": q}).content.decode()
        assert reverse("plans:measure", args=[catalogue["m1"].pk]) in html, q
        assert reverse("plans:measure", args=[catalogue["m3"].pk]) not in html, q
    partial = client.get(reverse("plans:index"), {"q": "Kindergartens"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and reverse("plans:measure", args=[catalogue["m3"].pk]) in partial


def test_measure_page_lists_adopting_municipalities_in_scope(local_plan, catalogue, roles, login, territory):
    url = reverse("plans:measure", args=[catalogue["m1"].pk])
    assert territory["halmion"].name_ru in login(roles["fp_rayon"]).get(url).content.decode()
    assert territory["halmion"].name_ru not in login(roles["fp_naryn"]).get(url).content.decode()


def test_evidence_upload_checks_type_and_size(report, roles, login, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login(roles["officer"])
    entry = report.entries.first()
    url = reverse("plans:evidence_add", args=[report.pk, entry.pk])
    client.post(url, {"file": SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100)})
    client.post(url, {"file": SimpleUploadedFile("fake.pdf", b"MZ not a pdf")})
    client.post(url, {"file": SimpleUploadedFile("virus.exe", b"MZ")})
    assert list(entry.evidence.values_list("name", flat=True)) == ["photo.png"]
    ev = entry.evidence.get()
    assert client.get(reverse("plans:evidence", args=[ev.pk])).status_code == 200
    assert login(roles["officer_other"]).get(reverse("plans:evidence", args=[ev.pk])).status_code == 404
    assert (
        login(roles["fp_rayon"]).post(url, {"file": SimpleUploadedFile("b.png", b"\x89PNG\r\n\x1a\n")}).status_code
        == 403
    )
    assert entry.evidence.count() == 1


def test_pages_have_no_inline_styles_or_scripts(report, local_plan, catalogue, roles, login):
    fill(report, roles["officer"])
    client = login(roles["coordinator"])
    for name, url in urls(report, local_plan, catalogue).items():
        if name.endswith("xlsx") or name == "template":
            continue
        response = client.get(url)
        if response.status_code == 200:
            assert not INLINE.search(response.content.decode()), name


def test_entry_counts_report_entries(report):
    assert ReportEntry.objects.filter(report=report).count() == 3


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("ru", ["Панель показателей", "Бюджет: запланировано и израсходовано"]),
        ("ky", ["Көрсөткүчтөр панели", "Бюджет: пландалганы жана сарпталганы"]),
    ],
)
def test_pages_speak_russian_and_kyrgyz(lang, words, report, roles, login, catalogue):
    from django.conf import settings

    client = login(roles["fp_rayon"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    html = client.get(reverse("plans:dashboard")).content.decode()
    for word in words:
        assert word in html
    page = client.get(reverse("plans:plan", args=[catalogue["plan"].code])).content.decode()
    assert {"ru": "Обучить женщин", "ky": "Аялдарды окутуу"}[lang] in page


def test_stale_entry_form_is_refused_and_shows_the_difference(report, roles, login):
    """Issue 12 item 2: two people open the same entry; the second save must not silently replace the first."""
    client = login(roles["officer"])
    entry = _trained_entry(report)
    opened = entry.version
    assert _post_entry(client, report, entry, narrative="Первый", version=opened).status_code == 302
    stale = _post_entry(client, report, entry, narrative="Второй", version=opened)
    assert stale.status_code == 409
    html = stale.content.decode()
    section = html.split('id="stale-title"')[1].split("</section>")[0]
    assert "Первый" in section and "Второй" in section
    assert f'name="version" value="{opened + 1}"' in html  # a second save wins knowingly
    entry.refresh_from_db()
    assert entry.narrative == "Первый" and entry.version == opened + 1
    assert _post_entry(client, report, entry, narrative="Второй", version=opened + 1).status_code == 302


def test_national_measure_page_offers_to_adopt_it_with_wording_and_own_indicators(catalogue, territory, roles, login):
    from tendik.plans.services.local_plans import local_plan_create

    plan = local_plan_create(
        actor=roles["officer"], municipality=territory["halmion"], start_year=2025, end_year=2027, title="План"
    )
    client = login(roles["officer"])
    page = client.get(reverse("plans:measure", args=[catalogue["m2"].pk])).content.decode()
    adopt = reverse("plans:local_measure_add", args=[plan.pk]) + f"?adopt={catalogue['m2'].pk}"
    assert adopt in page
    form = client.get(adopt).context["form"]
    assert form.initial["text"] == catalogue["m2"].text
    own = set(catalogue["m2"].indicators.filter(reported_locally=True))
    assert set(form.fields["indicators"].queryset) == own and catalogue["families"] in own
    groups = [label for label, _options in form.fields["national_measure"].choices if isinstance(_options, list)]
    assert groups and all("—" in g for g in groups)  # grouped by plan and goal
    # a viewer (no local plan to edit) gets no such button
    assert (
        "?adopt="
        not in login(roles["viewer"]).get(reverse("plans:measure", args=[catalogue["m2"].pk])).content.decode()
    )
