"""API under /api/v1/protection/: authorisation matrix, identities, concurrency, consent, report, schema."""

import datetime as dt

import pytest
from django.test import Client

from tendik.audit.models import AccessLogEntry
from tendik.protection.models import Case, Referral
from tendik.protection.tests.conftest import PHONE, SURVIVOR

pytestmark = pytest.mark.django_db
BASE = "/api/v1/protection/"
LISTS = [
    "committees",
    "members",
    "appeals",
    "families",
    "cases",
    "orders",
    "providers",
    "referrals",
    "services",
    "meetings",
    "events",
]


@pytest.mark.parametrize("name", LISTS)
def test_anonymous_and_roleless_users_are_refused(world, login, name):
    assert Client().get(f"{BASE}{name}/").status_code in (401, 403)
    assert login(world.plain).get(f"{BASE}{name}/").status_code == 403
    assert login(world.municipal).get(f"{BASE}{name}/").status_code == 403


@pytest.mark.parametrize("name", ["appeals", "families", "cases", "orders", "referrals", "services", "meetings"])
def test_focal_points_see_no_committee_casework(world, login, name):
    assert login(world.focal).get(f"{BASE}{name}/").status_code == 403


def test_committee_lists_are_scoped(world, login):
    def names(user):
        body = login(user).get(f"{BASE}committees/").json()
        return {row["name"] for row in body["results"]}

    assert names(world.focal) == {world.a.name, world.c.name}
    assert names(world.coordinator) == {world.a.name, world.b.name, world.c.name}
    assert names(world.other) == {world.b.name}


def test_cases_of_another_committee_are_invisible(world, login):
    client = login(world.other)
    codes = {row["code"] for row in client.get(f"{BASE}cases/").json()["results"]}
    assert codes == {world.case_b.code}
    assert client.get(f"{BASE}cases/{world.case.pk}/").status_code == 404
    assert (
        client.patch(
            f"{BASE}cases/{world.case.pk}/",
            {"version": 1, "survivor_age_group": "61_plus"},
            content_type="application/json",
        ).status_code
        == 404
    )
    assert Case.objects.get(pk=world.case.pk).survivor_age_group == "26_40"


def test_list_never_carries_identities(world, login):
    body = login(world.owner).get(f"{BASE}cases/").content.decode()
    assert SURVIVOR not in body and PHONE not in body


def test_identity_only_for_permitted_users_and_logged(world, login):
    url = f"{BASE}cases/{world.case.pk}/"
    before = AccessLogEntry.objects.filter(purpose="case.identity").count()
    member = login(world.member).get(url).json()
    assert member["identity"] is None and member["code"] == world.case.code
    assert AccessLogEntry.objects.filter(purpose="case.identity").count() == before
    owner = login(world.owner).get(url).json()
    assert owner["identity"]["survivor"]["survivor_name"] == SURVIVOR
    assert owner["identity"]["survivor"]["survivor_phone"] == PHONE
    assert AccessLogEntry.objects.filter(purpose="case.identity", actor=world.owner).count() == before + 1
    assert login(world.chair).get(url).json()["identity"] is not None


def test_stale_patch_gets_409_with_the_difference(world, login):
    url = f"{BASE}cases/{world.case.pk}/"
    v = world.case.version
    first = login(world.owner).patch(
        url, {"version": v, "survivor_age_group": "41_60"}, content_type="application/json"
    )
    assert first.status_code == 200 and first.json()["version"] == v + 1
    second = login(world.chair).patch(
        url, {"version": v, "survivor_age_group": "18_25"}, content_type="application/json"
    )
    assert second.status_code == 409
    body = second.json()
    assert body["error"]["code"] == "stale_version" and body["current_version"] == v + 1
    assert body["diff"][0]["field"] == "survivor_age_group" and body["diff"][0]["hidden"] is False
    assert (
        login(world.owner).patch(url, {"survivor_age_group": "18_25"}, content_type="application/json").status_code
        == 400
    )


def test_member_without_sharing_cannot_write_identity_by_api(world, login):
    response = login(world.member).patch(
        f"{BASE}cases/{world.case.pk}/",
        {"version": world.case.version, "survivor_name": "Другое"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert Case.objects.get(pk=world.case.pk).survivor_name == SURVIVOR


def test_referral_without_consent_is_refused_with_nothing_saved(world, login):
    client = login(world.owner)
    response = client.post(
        f"{BASE}referrals/",
        {"case": world.case.pk, "provider": world.shelter.pk, "items": ["identity", "contacts"]},
        content_type="application/json",
    )
    assert response.status_code == 400 and not Referral.objects.exists()
    client.post(
        f"{BASE}cases/{world.case.pk}/consents/",
        {
            "kind": "disclosure",
            "provider": world.shelter.pk,
            "items": ["identity", "contacts"],
            "given_on": "2025-03-01",
        },
        content_type="application/json",
    )
    ok = client.post(
        f"{BASE}referrals/",
        {
            "case": world.case.pk,
            "provider": world.shelter.pk,
            "items": ["identity", "contacts"],
            "sent_on": "2025-03-02",
        },
        content_type="application/json",
    )
    assert ok.status_code == 201 and ok.json()["status"] == "sent"
    moved = client.post(
        f"{BASE}referrals/{ok.json()['id']}/transition/", {"to": "accepted"}, content_type="application/json"
    )
    assert moved.status_code == 200 and moved.json()["status"] == "accepted"


def test_open_case_and_move_it_through_the_api(world, login):
    client = login(world.member)
    created = client.post(
        f"{BASE}cases/",
        {
            "committee": world.a.pk,
            "survivor_sex": "female",
            "survivor_age_group": "18_25",
            "survivor_name": "Примерная Нургүл",
            "opened_on": "2025-06-01",
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    body = created.json()
    assert "survivor_name" not in body and body["stage"] == "opened"
    pk = body["id"]
    bad = client.post(f"{BASE}cases/{pk}/transition/", {"to": "services"}, content_type="application/json")
    assert bad.status_code == 400
    good = client.post(
        f"{BASE}cases/{pk}/transition/",
        {"to": "assessment", "version": body["version"]},
        content_type="application/json",
    )
    assert good.status_code == 200 and good.json()["stage"] == "assessment"
    other = login(world.other).post(
        f"{BASE}cases/",
        {"committee": world.a.pk, "survivor_sex": "female", "survivor_age_group": "18_25"},
        content_type="application/json",
    )
    assert other.status_code == 400  # committee not in the user's scope


def test_family_visit_and_event_through_the_api(world, login):
    client = login(world.member)
    family = client.post(
        f"{BASE}families/",
        {"committee": world.a.pk, "household": "Семья (тест)", "risk_factors": ["alcohol_drugs"]},
        content_type="application/json",
    )
    assert family.status_code == 201 and "household" not in family.json()
    visit = client.post(
        f"{BASE}families/{family.json()['id']}/visits/",
        {"done_on": "2025-05-01", "kind": "talk"},
        content_type="application/json",
    )
    assert visit.status_code == 201
    event = client.post(
        f"{BASE}events/",
        {
            "committee": world.a.pk,
            "unit": "41705258860000",
            "kind": "training",
            "training_days": 1,
            "held_on": "2025-05-02",
            "title": "Тренинг",
            "attendance": [{"sex": "female", "oblast": "41705000000000", "count": 9}],
        },
        content_type="application/json",
    )
    assert event.status_code == 201, event.content
    assert login(world.other).get(f"{BASE}families/{family.json()['id']}/").status_code == 404


def test_report_api(world, login):
    url = f"{BASE}report/?from=2025-01-01&to=2025-12-31"
    assert Client().get(url).status_code in (401, 403)
    assert login(world.plain).get(url).status_code == 403
    chair = login(world.chair).get(url + f"&committee={world.a.pk}").json()
    assert chair["suppressed"] is False and chair["cases"]["included"] == 1
    focal = login(world.focal).get(url + "&unit=41705000000000").json()
    assert focal["suppressed"] is True and focal["cases"]["included"] == "<5"
    assert login(world.focal).get(url + "&unit=41704000000000").status_code == 403
    assert login(world.focal).get(f"{BASE}report/?from=2025-13-01&to=2025-12-31").status_code == 400
    country = login(world.coordinator).get(url).json()
    assert country["scope"]["unit"] is None and country["committees"]["count"] == "<5"


def test_schema_lists_the_protection_endpoints(world, login):
    response = login(world.coordinator).get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for name in [*LISTS, "report"]:
        assert f"{BASE}{name}/" in paths


def test_case_opened_from_an_appeal(world, login):
    from tendik.protection.models import Appeal
    from tendik.protection.services.appeals import appeal_register

    appeal = appeal_register(committee=world.a, actor=None, channel="whatsapp", subject="Конфликт в семье")
    created = login(world.member).post(
        f"{BASE}cases/",
        {"committee": world.a.pk, "survivor_sex": "female", "survivor_age_group": "26_40", "appeal": appeal.pk},
        content_type="application/json",
    )
    assert created.status_code == 201
    appeal = Appeal.objects.get(pk=appeal.pk)
    assert appeal.case_id == created.json()["id"] and appeal.outcome == "case_opened"


def test_malformed_bodies_answer_400_not_500(world, login):
    """Issue 12 item 4: a JSON list where an object is expected, and an empty risk assessment, were server errors."""
    from tendik.protection.services.families import family_add

    family = family_add(committee=world.a, actor=world.chair, household="Семья Т.", risk_factors=["alcohol_drugs"])
    client = login(world.chair)
    removed = client.post(f"{BASE}families/{family.pk}/remove/", ["reason"], content_type="application/json")
    assert removed.status_code == 400
    family.refresh_from_db()
    assert family.status == "active"
    risk = client.post(f"{BASE}cases/{world.case.pk}/risk-assessments/", {}, content_type="application/json")
    assert risk.status_code == 400 and "answers" in risk.json()["error"]["fields"]
    ok = client.post(
        f"{BASE}families/{family.pk}/remove/", {"reason": "moved away", "version": family.version}, "application/json"
    )
    assert ok.status_code == 200 and ok.json()["status"] == "removed"


def test_encrypted_free_text_stays_required_and_lone_surrogates_are_400(world, login):
    """Found by fuzzing: a decision without text was a server error; so was text that is not valid Unicode."""
    from tendik.protection.services.meetings import meeting_record

    meeting = meeting_record(committee=world.a, actor=world.chair, held_on=dt.date(2025, 3, 5), agenda="Повестка")
    client = login(world.chair)
    url = f"{BASE}meetings/{meeting.pk}/decisions/"
    missing = client.post(url, {}, content_type="application/json")
    assert missing.status_code == 400 and "text" in missing.json()["error"]["fields"]
    broken = client.post(url, b'{"text": "\\ud800"}', content_type="application/json")
    assert broken.status_code == 400
    assert not meeting.decisions.exists()
