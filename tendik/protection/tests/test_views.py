"""Web pages: the authorisation matrix, confidentiality of identities, access logging, quick exit."""

import re

import pytest
from django.urls import reverse

from tendik.audit.models import AccessLogEntry
from tendik.protection.models import Case, CaseShare, Committee, CommitteeMember
from tendik.protection.services.cases import case_share
from tendik.protection.tests.conftest import ADDRESS, DOCUMENT, PHONE, SURVIVOR

pytestmark = pytest.mark.django_db


def _identity_in(html: str) -> bool:
    return any(s in html for s in (SURVIVOR, PHONE, ADDRESS, DOCUMENT))


def _logs(case) -> int:
    return AccessLogEntry.objects.filter(object_id=str(case.pk), purpose="case.identity").count()


def test_anonymous_is_sent_to_sign_in(client, world):
    for url in (
        reverse("protection:index"),
        reverse("protection:case", args=[world.case.pk]),
        reverse("protection:report"),
        reverse("protection:committee", args=[world.a.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    "who,expected",
    [
        ("owner", 200),
        ("chair", 200),
        ("member", 200),
        ("other", 404),
        ("focal", 404),
        ("coordinator", 404),
        ("municipal", 404),
        ("plain", 404),
    ],
)
def test_case_page_matrix(login, world, who, expected):
    response = login(getattr(world, who)).get(reverse("protection:case", args=[world.case.pk]))
    assert response.status_code == expected
    if expected == 404:
        assert not _identity_in(response.content.decode())


def test_owner_sees_identity_and_the_view_is_logged(login, world):
    before = _logs(world.case)
    html = login(world.owner).get(reverse("protection:case", args=[world.case.pk])).content.decode()
    assert SURVIVOR in html and PHONE in html and DOCUMENT in html
    assert _logs(world.case) == before + 1
    entry = AccessLogEntry.objects.filter(purpose="case.identity").first()
    assert entry.actor == world.owner and SURVIVOR not in entry.object_repr and entry.object_repr == world.case.code


def test_chair_sees_identity(login, world):
    html = login(world.chair).get(reverse("protection:case", args=[world.case.pk])).content.decode()
    assert SURVIVOR in html


def test_member_without_sharing_sees_only_the_code_and_nothing_is_logged(login, world):
    before = _logs(world.case)
    html = login(world.member).get(reverse("protection:case", args=[world.case.pk])).content.decode()
    assert world.case.code in html and not _identity_in(html)
    assert _logs(world.case) == before
    # Once shared, the member sees it (and that view is logged).
    case_share(case=world.case, actor=world.owner, user=world.member)
    html = login(world.member).get(reverse("protection:case", args=[world.case.pk])).content.decode()
    assert SURVIVOR in html and _logs(world.case) == before + 1


def test_member_of_another_committee_sees_nothing_of_its_cases(login, world):
    client = login(world.other)
    assert client.get(reverse("protection:committee", args=[world.a.pk])).status_code == 404
    assert client.get(reverse("protection:case_edit", args=[world.case.pk])).status_code == 404
    html = client.get(reverse("protection:committee", args=[world.b.pk])).content.decode()
    assert world.case_b.code in html and world.case.code not in html
    index = client.get(reverse("protection:index")).content.decode()
    assert world.b.name in index and world.a.name not in index


def test_case_pages_have_a_quick_exit_and_no_identity_in_urls(login, world):
    html = login(world.owner).get(reverse("protection:case", args=[world.case.pk])).content.decode()
    exit_link = re.search(r"<a[^>]*class=\"quick-exit\"[^>]*>", html).group(0)
    # It leaves for the neutral page (never Tendik's own front page, which talks about family violence).
    assert "data-quick-exit" in exit_link and 'href="/blank/"' in exit_link
    for href in re.findall(r'(?:href|action)="([^"]*)"', html):
        assert not _identity_in(href) and "%D0" not in href
    assert "http://" not in html and "https://" not in html
    assert "no-store" in login(world.owner).get(reverse("protection:case", args=[world.case.pk]))["Cache-Control"]


def test_focal_point_sees_committee_lists_of_the_territory_but_no_cases(login, world):
    client = login(world.focal)
    index = client.get(reverse("protection:index")).content.decode()
    assert world.a.name in index and world.c.name in index and world.b.name not in index
    page = client.get(reverse("protection:committee", args=[world.a.pk])).content.decode()
    assert world.case.code not in page and not _identity_in(page)
    assert client.get(reverse("protection:committee", args=[world.b.pk])).status_code == 404


def test_wrong_roles_are_refused_the_index(login, world):
    assert login(world.plain).get(reverse("protection:index")).status_code == 403
    assert login(world.municipal).get(reverse("protection:index")).status_code == 403


def test_stale_edit_in_the_browser_shows_the_difference(login, world):
    client = login(world.owner)
    url = reverse("protection:case_edit", args=[world.case.pk])
    form = {
        "opened_on": "2025-03-01",
        "survivor_name": SURVIVOR,
        "survivor_birth_date": "1990-05-17",
        "survivor_address": ADDRESS,
        "survivor_phone": PHONE,
        "survivor_document": DOCUMENT,
        "survivor_sex": "female",
        "survivor_age_group": "26_40",
        "relationship": "",
        "safety_plan": "",
        "notes": "",
        "version": world.case.version,
    }
    assert client.post(url, {**form, "survivor_age_group": "41_60"}).status_code == 302
    response = client.post(url, {**form, "survivor_phone": "+996 777 000 000"})  # same old version
    assert response.status_code == 409
    section = response.content.decode().split('id="stale-title"')[1].split("</section>")[0]
    assert "+996 777 000 000" in section and PHONE in section
    assert "41–60" in section and "41_60" not in section  # labels, not codes
    assert Case.objects.get(pk=world.case.pk).survivor_phone == PHONE


def test_edit_form_for_member_without_sharing_has_no_identity_fields(login, world):
    html = login(world.member).get(reverse("protection:case_edit", args=[world.case.pk])).content.decode()
    assert 'name="survivor_name"' not in html and not _identity_in(html)
    assert 'name="survivor_age_group"' in html


def test_denied_posts_change_nothing(login, world):
    before = (Case.objects.count(), CommitteeMember.objects.count(), Committee.objects.count())
    other = login(world.other)
    assert (
        other.post(
            reverse("protection:case_stage", args=[world.case.pk]), {"to": "assessment", "version": world.case.version}
        ).status_code
        == 404
    )
    assert (
        other.post(
            reverse("protection:case_open", args=[world.a.pk]),
            {"survivor_sex": "female", "survivor_age_group": "18_25"},
        ).status_code
        == 404
    )
    focal = login(world.focal)
    assert (
        focal.post(
            reverse("protection:case_open", args=[world.a.pk]),
            {"survivor_sex": "female", "survivor_age_group": "18_25"},
        ).status_code
        == 404
    )
    assert (
        login(world.member)
        .post(reverse("protection:case_share", args=[world.case.pk]), {"user": world.member.pk})
        .status_code
        == 403
    )
    assert login(world.plain).post(reverse("protection:committee_add"), {}).status_code == 403
    assert (Case.objects.count(), CommitteeMember.objects.count(), Committee.objects.count()) == before
    assert Case.objects.get(pk=world.case.pk).stage == "opened" and not CaseShare.objects.exists()


def test_committee_member_can_open_a_case_and_becomes_owner(login, world):
    response = login(world.member).post(
        reverse("protection:case_open", args=[world.a.pk]),
        {
            "opened_on": "2025-04-01",
            "survivor_name": "Примерная Асель",
            "survivor_sex": "female",
            "survivor_age_group": "18_25",
            "relationship": "spouse",
        },
    )
    assert response.status_code == 302
    case = Case.objects.get(opened_on="2025-04-01")
    assert case.owner == world.member and "Примерная" not in response["Location"]


def test_focal_point_creates_a_committee_in_territory_only(login, world):
    client = login(world.focal)
    ok = client.post(
        reverse("protection:committee_add"),
        {"municipality": world.territory["aydarken"].pk, "name": "МК Айдаркен", "status": "active"},
    )
    assert ok.status_code == 302 and Committee.objects.filter(name="МК Айдаркен").exists()
    bad = client.post(
        reverse("protection:committee_add"),
        {"municipality": world.territory["kazybek"].pk, "name": "МК чужой", "status": "active"},
    )
    assert bad.status_code == 400 and not Committee.objects.filter(name="МК чужой").exists()


@pytest.mark.parametrize(
    "name,args",
    [
        ("member_add", "a"),
        ("appeal_add", "a"),
        ("family_add", "a"),
        ("case_open", "a"),
        ("case_find", "a"),
        ("meeting_add", "a"),
        ("event_add", "a"),
    ],
)
def test_committee_forms_matrix(login, world, name, args):
    url = reverse(f"protection:{name}", args=[world.a.pk])
    assert login(world.member).get(url).status_code == 200
    assert login(world.other).get(url).status_code == 404
    assert login(world.plain).get(url).status_code == 404


@pytest.mark.parametrize(
    "name",
    [
        "case_edit",
        "incident_add",
        "risk_add",
        "consent_add",
        "referral_add",
        "service_add",
        "order_add",
        "perpetrator_add",
    ],
)
def test_case_forms_matrix(login, world, name):
    url = reverse(f"protection:{name}", args=[world.case.pk])
    assert login(world.owner).get(url).status_code == 200
    assert login(world.other).get(url).status_code == 404
    assert login(world.focal).get(url).status_code == 404
    expected_member = 403 if name == "perpetrator_add" else 200
    assert login(world.member).get(url).status_code == expected_member


def test_identifiable_export_is_for_the_chair_only_encrypted_and_logged(login, world):
    import io

    import msoffcrypto
    from openpyxl import load_workbook

    url = reverse("protection:export", args=[world.a.pk])
    assert login(world.owner).get(url).status_code == 403
    assert login(world.other).get(url).status_code == 404
    response = login(world.chair).post(url, {"password": "Very-secret-42"})
    assert response.status_code == 200
    content = response.content
    assert SURVIVOR.encode() not in content and b"PK\x03\x04" not in content[:4]
    office = msoffcrypto.OfficeFile(io.BytesIO(content))
    office.load_key(password="Very-secret-42")
    plain = io.BytesIO()
    office.decrypt(plain)
    rows = list(load_workbook(plain).active.iter_rows(values_only=True))
    assert any(SURVIVOR in row for row in rows)
    assert AccessLogEntry.objects.filter(purpose="export.identifiable", actor=world.chair).count() == 1


def test_visit_form_is_one_screen(login, world):
    from tendik.protection.services.families import family_add

    family = family_add(committee=world.a, actor=None, household="Семья (тест)", risk_factors=["unemployment"])
    client = login(world.member)
    html = client.get(reverse("protection:family", args=[family.pk])).content.decode()
    assert 'action="{}"'.format(reverse("protection:visit_add", args=[family.pk])) in html
    response = client.post(
        reverse("protection:visit_add", args=[family.pk]), {"kind": "talk", "done_on": "2025-05-02", "notes": "ok"}
    )
    assert response.status_code == 302 and family.visits.count() == 1
    assert (
        login(world.other)
        .post(reverse("protection:visit_add", args=[family.pk]), {"kind": "talk", "done_on": "2025-05-02"})
        .status_code
        == 404
    )
    assert family.visits.count() == 1


def test_meeting_minutes_pdf_lists_codes_only(login, world):
    import datetime as dt

    from tendik.protection.services.meetings import meeting_record

    meeting = meeting_record(
        committee=world.a,
        actor=None,
        held_on=dt.date(2025, 5, 5),
        agenda="Повестка",
        on_violence_facts=True,
        cases=[world.case],
    )
    response = login(world.member).get(reverse("protection:minutes", args=[meeting.pk]))
    assert response.status_code == 200 and response.content[:4] == b"%PDF" and len(response.content) > 2000
    html = login(world.member).get(reverse("protection:meeting", args=[meeting.pk])).content.decode()
    assert world.case.code in html and not _identity_in(html)
    assert login(world.other).get(reverse("protection:minutes", args=[meeting.pk])).status_code == 404


def test_earlier_cases_of_the_same_perpetrator_are_shown_by_code(login, world):
    import datetime as dt

    from tendik.protection.services.cases import perpetrator_add
    from tendik.protection.tests.helpers import make_case

    earlier = make_case(world.a, owner=world.owner, name="Другая Асель", opened_on=dt.date(2024, 1, 5))
    for case in (earlier, world.case):
        perpetrator_add(case=case, actor=None, name="Условный  Нарушитель", birth_date=dt.date(1980, 1, 1))
    html = login(world.owner).get(reverse("protection:case", args=[world.case.pk])).content.decode()
    assert earlier.code in html


def test_referral_refused_for_consent_leads_to_consent_and_back(world, login) -> None:
    """No dead end: the refusal links to a pre-filled consent, which returns to the referral filled in again."""
    from tendik.protection.models import Consent, Referral

    client = login(world.owner)
    add = reverse("protection:referral_add", args=[world.case.pk])
    data = {"provider": world.shelter.pk, "items": ["identity"], "purpose": "Приют", "sent_on": "01.03.2026"}
    refused = client.post(add, data)
    assert refused.status_code == 400 and not Referral.objects.exists()
    link = re.search(r'href="([^"]*/consents/new/\?[^"]*)"', refused.content.decode())
    assert link, "the refusal offers to record the consent"
    consent_url = link.group(1).replace("&amp;", "&")
    page = client.get(consent_url)
    assert page.status_code == 200
    assert page.context["form"].initial["kind"] == "disclosure"
    assert page.context["form"].initial["items"] == ["identity"]
    nxt = page.context["next"]
    assert nxt.startswith(add)
    done = client.post(
        consent_url,
        {
            "kind": "disclosure",
            "provider": world.shelter.pk,
            "items": ["identity"],
            "given_on": "01.03.2026",
            "next": nxt,
        },
    )
    assert done.status_code == 302 and done["Location"] == nxt
    assert Consent.objects.filter(case=world.case, kind="disclosure").count() == 1
    again = client.get(nxt)
    assert again.context["form"].initial["provider"] == str(world.shelter.pk)
    assert client.post(add, data).status_code == 302 and Referral.objects.count() == 1
    # An outside `next` is ignored: back to the case.
    other = client.post(
        reverse("protection:consent_add", args=[world.case.pk]),
        {"kind": "statistics", "given_on": "01.03.2026", "next": "https://evil.example/"},
    )
    assert other["Location"] == reverse("protection:case", args=[world.case.pk])


def test_opening_a_case_links_its_appeal_and_records_consent_to_statistics(login, world) -> None:
    from tendik.protection.models import Appeal
    from tendik.protection.services.appeals import appeal_register

    appeal = appeal_register(committee=world.a, actor=world.chair, channel="phone", subject="Звонок соседки")
    client = login(world.member)
    committee_page = client.get(reverse("protection:committee", args=[world.a.pk])).content.decode()
    assert f"?appeal={appeal.pk}" in committee_page  # the appeal row offers to open a case from it
    members_at = committee_page.index(reverse("protection:member_add", args=[world.a.pk]))
    assert members_at > committee_page.index(reverse("protection:appeal_add", args=[world.a.pk]))  # appeals first
    form = client.get(reverse("protection:case_open", args=[world.a.pk]) + f"?appeal={appeal.pk}")
    assert form.context["form"].fields["from_appeal"].initial == appeal.pk
    response = client.post(
        reverse("protection:case_open", args=[world.a.pk]),
        {
            "opened_on": "2025-04-02",
            "survivor_sex": "female",
            "survivor_age_group": "18_25",
            "from_appeal": appeal.pk,
            "statistics_consent": "on",
        },
    )
    assert response.status_code == 302
    case = Case.objects.get(opened_on="2025-04-02")
    assert Appeal.objects.get(pk=appeal.pk).outcome == "case_opened"
    assert case.consents.filter(kind="statistics", withdrawn_on__isnull=True).count() == 1
