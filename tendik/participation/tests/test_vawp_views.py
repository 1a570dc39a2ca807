"""VAWP pages: the public form, receipts, the follow-up pages (authorisation, access log, query counts), statistics."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tendik.audit.models import AccessLogEntry
from tendik.participation.models import ReportState, VawpEvidence, VawpReport, VawpReportEvent
from tendik.participation.selectors.vawp import EVIDENCE_PURPOSE, IDENTITY_PURPOSE
from tendik.participation.services import vawp as services
from tendik.participation.tests.vawp_fixtures import NAME, PHONE, STORY, _fresh_rate_limits, gps_jpeg, submit, vawp

__all__ = ["_fresh_rate_limits", "vawp"]

pytestmark = pytest.mark.django_db

REPORT_URL = "/participation/vawp/report/"


def _form(unit, **extra):
    data = {
        "reporter_role": "candidate",
        "kinds": ["media", "stalking"],
        "unit": str(unit.pk),
        "perpetrators": ["unknown"],
        "support": ["safety"],
        "description": STORY,
        "reporter_name": NAME,
        "reporter_phone": PHONE,
    }
    data.update(extra)
    return data


def test_the_public_form_opens_without_an_account_with_a_quick_exit(vawp):
    response = Client().get(REPORT_URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "data-quick-exit" in body and 'enctype="multipart/form-data"' in body
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    # Territory options are names, never СОАТЕ codes.
    assert vawp.batken.name in body and "41705000000000" not in re.sub(r'value="\d+"', "", body)


def test_anonymous_visitor_submits_and_gets_a_receipt(vawp):
    before = VawpReport.objects.count()
    photo = SimpleUploadedFile("IMG_1.jpg", gps_jpeg(), "image/jpeg")
    response = Client().post(REPORT_URL, {**_form(vawp.kadamjay), "evidence": [photo]})
    assert response.status_code == 200, response.content.decode()[:2000]
    report = VawpReport.objects.latest("id")
    assert VawpReport.objects.count() == before + 1
    body = response.content.decode()
    assert report.code in body
    secret = re.search(r"<dd><strong>([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})</strong></dd>", body).group(1)
    assert services.report_by_receipt(code=report.code, secret=secret) == report
    assert report.submitted_by is None and report.reporter_name == NAME
    assert set(report.kinds) == {"media", "stalking"} and report.evidence.count() == 1


def test_the_form_is_csrf_protected(vawp):
    client = Client(enforce_csrf_checks=True)
    assert client.post(REPORT_URL, _form(vawp.batken)).status_code == 403
    assert VawpReport.objects.count() == 1


def test_a_renamed_executable_is_refused_and_nothing_is_saved(vawp):
    exe = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00" + b"\x00" * 200, "image/jpeg")
    response = Client().post(REPORT_URL, {**_form(vawp.batken), "evidence": [exe]})
    assert response.status_code == 400 and VawpReport.objects.count() == 1
    assert VawpEvidence.objects.count() == 1


def test_oversize_pictures_are_refused(vawp, settings):
    settings.TENDIK_UPLOAD_MAX_BYTES = 200
    big = SimpleUploadedFile("big.jpg", gps_jpeg(), "image/jpeg")
    response = Client().post(REPORT_URL, {**_form(vawp.batken), "evidence": [big]})
    assert response.status_code == 400 and VawpReport.objects.count() == 1


def test_submissions_are_rate_limited_per_address(vawp):
    client = Client(REMOTE_ADDR="10.1.2.3")
    codes = [client.post(REPORT_URL, _form(vawp.batken)).status_code for _ in range(6)]
    assert codes == [200] * 5 + [429]
    assert VawpReport.objects.count() == 6
    # Another address is not affected.
    assert Client(REMOTE_ADDR="10.9.9.9").post(REPORT_URL, _form(vawp.batken)).status_code == 200


def test_robots_filling_the_hidden_field_are_refused(vawp):
    response = Client().post(REPORT_URL, _form(vawp.batken, website="http://spam"))
    assert response.status_code == 400 and VawpReport.objects.count() == 1


def test_a_signed_in_woman_can_report_and_choose_anonymity(vawp, login):
    response = login(vawp.viewer).post(REPORT_URL, _form(vawp.batken, anonymous="on"))
    assert response.status_code == 200
    report = VawpReport.objects.latest("id")
    assert report.anonymous and report.submitted_by is None and report.reporter_name == ""


def test_status_page_shows_the_state_but_never_the_identity(vawp):
    services.report_move(report=vawp.report, actor=vawp.support, to_state="in_contact", note="Секретная заметка")
    url = reverse("participation:vawp_status")
    response = Client().post(url, {"code": vawp.report.code, "secret": vawp.secret})
    body = response.content.decode()
    with translation.override("ru"):
        label = str(dict(ReportState.choices)["in_contact"])
    assert response.status_code == 200 and label in body
    for secret in (NAME, PHONE, STORY[:20], "Секретная"):
        assert secret not in body
    wrong = Client().post(url, {"code": vawp.report.code, "secret": "AAAA-AAAA-AAAA"})
    assert wrong.status_code == 400 and vawp.report.code not in wrong.content.decode().split("<form")[0][-200:]


def test_receipt_checks_are_rate_limited(vawp):
    client = Client(REMOTE_ADDR="10.4.4.4")
    url = reverse("participation:vawp_status")
    codes = [client.post(url, {"code": vawp.report.code, "secret": "XXXX-XXXX-XXXX"}).status_code for _ in range(11)]
    assert codes[-1] == 429 and 429 not in codes[:10]
    # Even the right secret is refused once the limit is reached.
    assert client.post(url, {"code": vawp.report.code, "secret": vawp.secret}).status_code == 429


def test_the_reporter_withdraws_with_code_and_secret(vawp):
    url = reverse("participation:vawp_withdraw")
    refused = Client().post(url, {"code": vawp.report.code, "secret": vawp.secret})  # not confirmed
    assert refused.status_code == 400
    response = Client().post(url, {"code": vawp.report.code, "secret": vawp.secret, "confirm": "on"})
    assert response.status_code == 200
    vawp.report.refresh_from_db()
    assert vawp.report.state == "withdrawn" and vawp.report.reporter_name == ""


# --- authorisation matrix --------------------------------------------------------------------------------------------


def _urls(report, evidence_pk):
    return {
        "list": reverse("participation:vawp_list"),
        "detail": reverse("participation:vawp_detail", args=[report.code]),
        "evidence": reverse("participation:vawp_evidence", args=[report.code, evidence_pk]),
    }


def test_anonymous_visitors_are_sent_to_sign_in(vawp):
    ev = VawpEvidence.objects.get()
    for url in [*_urls(vawp.report, ev.pk).values(), reverse("participation:vawp_statistics")]:
        response = Client().get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    move = reverse("participation:vawp_move", args=[vawp.report.code])
    assert Client().post(move, {"to_state": "in_contact"}).status_code == 302
    assert not AccessLogEntry.objects.exists()


@pytest.mark.parametrize("who", ["viewer", "focal", "coordinator"])
def test_wrong_roles_are_refused_and_see_no_identity(vawp, login, who):
    client = login(getattr(vawp, who))
    ev = VawpEvidence.objects.get()
    for url in _urls(vawp.report, ev.pk).values():
        assert client.get(url).status_code == 403, url
    move = reverse("participation:vawp_move", args=[vawp.report.code])
    note = reverse("participation:vawp_note", args=[vawp.report.code])
    assert client.post(move, {"to_state": "in_contact"}).status_code == 403
    assert client.post(note, {"note": "x"}).status_code == 403
    vawp.report.refresh_from_db()
    assert vawp.report.state == "received" and VawpReportEvent.objects.count() == 1
    assert not AccessLogEntry.objects.exists()


def test_support_staff_out_of_scope_get_404_and_change_nothing(vawp, login):
    client = login(vawp.support_naryn)
    ev = VawpEvidence.objects.get()
    urls = _urls(vawp.report, ev.pk)
    assert client.get(urls["list"]).status_code == 200
    assert vawp.report.code not in client.get(urls["list"]).content.decode()
    assert client.get(urls["detail"]).status_code == 404
    assert client.get(urls["evidence"]).status_code == 404
    move = reverse("participation:vawp_move", args=[vawp.report.code])
    assert client.post(move, {"to_state": "in_contact"}).status_code == 404
    note = reverse("participation:vawp_note", args=[vawp.report.code])
    assert client.post(note, {"note": "x"}).status_code == 404
    vawp.report.refresh_from_db()
    assert vawp.report.state == "received" and VawpReportEvent.objects.count() == 1
    assert not AccessLogEntry.objects.exists()


def test_support_staff_in_scope_see_the_identity_and_every_view_is_logged(vawp, login):
    client = login(vawp.support)
    url = reverse("participation:vawp_detail", args=[vawp.report.code])
    for n in (1, 2):
        body = client.get(url).content.decode()
        assert NAME in body and PHONE in body and STORY in body
        assert AccessLogEntry.objects.filter(purpose=IDENTITY_PURPOSE, actor=vawp.support).count() == n
    entry = AccessLogEntry.objects.first()
    assert entry.object_repr == vawp.report.code and NAME not in entry.object_repr
    # The list shows no identity and logs nothing.
    listing = client.get(reverse("participation:vawp_list")).content.decode()
    assert vawp.report.code in listing and NAME not in listing and PHONE not in listing
    assert AccessLogEntry.objects.count() == 2


def test_support_staff_move_and_note_through_the_page(vawp, login):
    client = login(vawp.support)
    move = reverse("participation:vawp_move", args=[vawp.report.code])
    assert client.post(move, {"to_state": "in_contact", "note": "Позвонила"}).status_code == 302
    assert client.post(move, {"to_state": "received"}).status_code == 302  # not offered: refused with a message
    vawp.report.refresh_from_db()
    assert vawp.report.state == "in_contact"
    note = reverse("participation:vawp_note", args=[vawp.report.code])
    client.post(note, {"note": "Встреча в четверг"})
    body = client.get(reverse("participation:vawp_detail", args=[vawp.report.code])).content.decode()
    assert "Позвонила" in body and "Встреча в четверг" in body


def test_evidence_is_streamed_only_to_support_in_scope_without_metadata_and_logged(vawp, login):
    ev = VawpEvidence.objects.get()
    response = login(vawp.support).get(reverse("participation:vawp_evidence", args=[vawp.report.code, ev.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    content = b"".join(response.streaming_content)
    assert content.startswith(b"\xff\xd8") and b"CameraMaker" not in content
    assert response["X-Content-Type-Options"] == "nosniff" and "no-store" in response["Cache-Control"]
    assert AccessLogEntry.objects.filter(purpose=EVIDENCE_PURPOSE).count() == 1
    assert "/media/" not in ev.file.name and not str(ev.file.name).startswith("media")


def test_follow_up_list_query_count_does_not_grow(vawp, login, django_assert_max_num_queries):
    client = login(vawp.support)
    url = reverse("participation:vawp_list") + "?state=all"
    for _ in range(3):
        submit(vawp.halmion)
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200
    for _ in range(9):
        submit(vawp.kulundu, kinds=["economic", "media", "physical"])
    with django_assert_max_num_queries(14):
        body = client.get(url).content.decode()
    assert body.count("/participation/vawp/reports/V-") >= 13


# --- statistics ------------------------------------------------------------------------------------------------------


def _count_cells(body: str) -> list[str]:
    """The second cell of every statistics row (the count)."""
    return re.findall(r"<tr><td>[^<]*</td><td>([^<]*)</td>", body)


def test_statistics_never_show_a_figure_under_five(vawp, login):
    for _ in range(6):
        submit(vawp.kadamjay, reporter_role="activist", kinds=["sexual_harassment", "psychological"])
    for _ in range(2):
        submit(vawp.naryn, reporter_role="civil_servant", kinds=["stalking"])
    body = login(vawp.coordinator).get(reverse("participation:vawp_statistics")).content.decode()
    cells = _count_cells(body)
    assert cells, body
    assert all(c not in {"1", "2", "3", "4"} for c in cells), cells
    assert "&lt;5" in body and "97" in body and "12–14" in body
    assert "survey" in body.lower() or "опрос" in body.lower()


def test_statistics_are_safe_against_subtraction(vawp, login):
    from tendik.core.testing_disclosure import assert_safe
    from tendik.participation.selectors.vawp import vawp_statistics

    for _ in range(7):
        submit(vawp.kadamjay, reporter_role="activist")
    submit(vawp.naryn, reporter_role="candidate")
    stats = vawp_statistics(user=vawp.coordinator)
    assert_safe(stats.table, stats.shown)
    assert stats.total.display == "9"
    naryn = next(r for r in stats.by_oblast if r.key == vawp.naryn.code)
    batken = next(r for r in stats.by_oblast if r.key == vawp.batken.code)
    assert naryn.figure.display == "<5" and batken.figure.hidden  # 9 − 8 would give Naryn's 1 away
    assert naryn.share == "–" and batken.share == "–"


def test_statistics_are_scoped_and_refused_without_the_permission(vawp, login):
    submit(vawp.naryn)
    url = reverse("participation:vawp_statistics")
    assert login(vawp.viewer).get(url).status_code == 403
    focal = login(vawp.focal).get(url).content.decode()  # Batken only: 1 report
    assert vawp.naryn.name not in focal
    assert login(vawp.support).get(url).status_code == 200


def test_statistics_query_count_does_not_grow(vawp, login, django_assert_max_num_queries):
    client = login(vawp.coordinator)
    url = reverse("participation:vawp_statistics")
    for _ in range(5):
        submit(vawp.halmion)
    with django_assert_max_num_queries(15):
        client.get(url)
    for _ in range(15):
        submit(vawp.naryn, kinds=["economic"])
    with django_assert_max_num_queries(15):
        client.get(url)


@pytest.mark.parametrize(
    ("lang", "heading"),
    [
        ("ru", "Сообщить о насилии в отношении женщины в политике"),
        ("ky", "Саясаттагы аялга карата зомбулук тууралуу кабарлоо"),
        ("en", "Report violence against a woman in politics"),
    ],
)
def test_the_form_speaks_three_languages(vawp, lang, heading):
    client = Client()
    client.cookies["tendik_language"] = lang
    with translation.override(lang):
        body = client.get(REPORT_URL, HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    assert heading in body


def test_detail_page_query_count_does_not_grow_with_history(vawp, login, django_assert_max_num_queries):
    import io

    from tendik.core.uploads import clean_upload

    client = login(vawp.support)
    url = reverse("participation:vawp_detail", args=[vawp.report.code])
    services.report_note_add(report=vawp.report, actor=vawp.support, note="1")
    with django_assert_max_num_queries(24):
        assert client.get(url).status_code == 200
    for n in range(6):
        services.report_note_add(report=vawp.report, actor=vawp.support, note=str(n))
    report, _ = submit(vawp.kadamjay, evidence=[clean_upload(io.BytesIO(gps_jpeg())) for _ in range(3)])
    with django_assert_max_num_queries(24):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(24):
        assert client.get(reverse("participation:vawp_detail", args=[report.code])).status_code == 200
