"""The report on a constructed dataset: figures, consent exclusion, small-cell suppression, query counts."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from tendik.protection.selectors.report import ReportScope, report_data, report_for
from tendik.protection.services import cases as case_services
from tendik.protection.services import events as event_services
from tendik.protection.services import families as family_services
from tendik.protection.services import meetings as meeting_services
from tendik.protection.services import orders as order_services
from tendik.protection.services import referrals as referral_services
from tendik.protection.services.committees import member_add
from tendik.protection.tests.helpers import make_case, make_committee

pytestmark = pytest.mark.django_db
FROM, TO = dt.date(2025, 1, 1), dt.date(2025, 12, 31)


def _refer(case, provider, on):
    case_services.consent_record(case=case, actor=None, kind="disclosure", provider=provider, given_on=on)
    return referral_services.referral_send(case=case, actor=None, provider=provider, items=[], sent_on=on)


@pytest.fixture
def dataset(world):
    """Committee A: 6 counted cases (5 women, 1 man) + 2 without consent; B: 1 counted case (world.case_b)."""
    from tendik.protection.models import ServiceProvider

    crisis = ServiceProvider.objects.create(name="Кризисный центр (тест)", kind="crisis_centre")
    a = world.a
    for k in range(6):
        member_add(
            committee=a,
            actor=None,
            full_name=f"Член {k}",
            sector=["police", "health"][k % 2],
            sex="female",
            joined_on=dt.date(2024, 1, 1),
        )
    cases = [world.case]
    for k in range(5):
        cases.append(
            make_case(a, name=f"Тест {k}", sex="male" if k == 4 else "female", opened_on=dt.date(2025, 4, 1 + k))
        )
    for k in range(2):
        make_case(a, name=f"Без согласия {k}", opened_on=dt.date(2025, 5, 1 + k), statistics=False)
    make_case(a, name="Прошлый год", opened_on=dt.date(2024, 5, 1))  # outside the period
    for k, case in enumerate(cases):
        case_services.incident_add(
            case=case,
            actor=None,
            occurred_on=case.opened_on,
            forms=["physical", "psychological"] if k < 3 else ["economic"],
        )
        if case.survivor_sex == "female":
            _refer(case, world.shelter if k % 2 else crisis, case.opened_on)
    referral_services.service_record(
        case=cases[0], actor=None, kind="cash_aid", started_on=dt.date(2025, 6, 1), amount_som=Decimal("8000")
    )
    referral_services.service_record(
        case=cases[1], actor=None, kind="cash_aid", started_on=dt.date(2025, 6, 2), amount_som=Decimal("5000")
    )
    referral_services.service_record(case=cases[2], actor=None, kind="housing", started_on=dt.date(2025, 6, 3))
    order = order_services.order_issue(
        case=cases[0],
        actor=None,
        police_unit="ОВД",
        number="1",
        issued_on=dt.date(2025, 3, 2),
        valid_from=dt.date(2025, 3, 2),
        valid_until=dt.date(2025, 3, 10),
    )
    order_services.order_extend(
        order=order, actor=None, extended_on=dt.date(2025, 3, 10), new_until=dt.date(2025, 3, 20)
    )
    for k in range(7):
        family = family_services.family_add(
            committee=a, actor=None, household=f"Семья {k}", risk_factors=["unemployment"], added_on=dt.date(2025, 2, 1)
        )
        family_services.family_visit_record(family=family, actor=None, done_on=dt.date(2025, 3, 1))
    family_services.family_remove(family=family, actor=None, reason="Ситуация улучшилась", on=dt.date(2025, 9, 1))
    meeting_services.meeting_record(
        committee=a, actor=None, held_on=dt.date(2025, 5, 5), agenda="…", on_violence_facts=True
    )
    t = world.territory
    event_services.event_record(
        actor=None,
        unit=t["halmion"],
        committee=a,
        kind="parents_meeting",
        held_on=dt.date(2025, 4, 4),
        title="Родительское собрание",
        attendance=[{"sex": "female", "count": 30}, {"sex": "male", "count": 12}],
    )
    event_services.event_record(
        actor=None,
        unit=t["halmion"],
        kind="training",
        training_days=2,
        held_on=dt.date(2025, 4, 9),
        title="Тренинг",
        attendance=[
            {"sex": "female", "oblast": t["batken"], "count": 20},
            {"sex": "male", "oblast": t["naryn"], "count": 7},
        ],
    )
    return cases


def test_figures_on_a_constructed_dataset(world, dataset):
    data = report_data(scope=ReportScope(committee=world.a), date_from=FROM, date_to=TO)
    assert data["committees"] == {
        "count": 1,
        "members": 6,
        "members_by_sector": {"health": 3, "police": 3},
        "members_by_sex": {"female": 6},
    }
    assert data["cases"]["included"] == 6 and data["cases"]["left_out"] == 2
    assert data["cases"]["by_sex"] == {"female": 5, "male": 1}
    assert data["cases"]["by_form"] == {"economic": 3, "physical": 3, "psychological": 3}
    assert data["referrals"]["women_to_crisis_centres_and_shelters"] == 5
    assert data["referrals"]["by_provider_kind"] == {"crisis_centre": 3, "shelter": 2}
    assert data["services"]["cash_aid_recipients"] == 2
    assert data["services"]["cash_aid_total_som"] == Decimal("13000")
    assert data["services"]["people_by_kind"] == {"cash_aid": 2, "housing": 1}
    assert data["orders"] == {"issued": 1, "extended": 1, "violated": 0}
    assert data["families"]["active"] == 6 and data["families"]["added"] == 7 and data["families"]["removed"] == 1
    assert data["families"]["visits"] == {"visit": 7}
    assert data["meetings"] == {"held": 1, "on_violence_facts": 1}
    assert data["prevention"]["people"] == 42 and data["prevention"]["people_by_sex"] == {"female": 30, "male": 12}
    assert data["training"]["people"] == 0  # the training was not the committee's own event
    # Rayon and oblast scopes add up the committees inside them; the other oblast's case is not here.
    oblast = report_data(scope=ReportScope(unit=world.territory["batken"]), date_from=FROM, date_to=TO)
    assert oblast["cases"]["included"] == 6 and oblast["committees"]["count"] == 2
    assert oblast["training"]["by_length"] == {"1": 0, "2": 27}
    assert oblast["training"]["by_region"] == {"north": 7, "south": 20, "unknown": 0}
    country = report_data(scope=ReportScope(), date_from=FROM, date_to=TO)
    assert country["cases"]["included"] == 7 and country["committees"]["count"] == 3


def test_cases_without_statistics_consent_are_left_out_everywhere(world, dataset):
    uncounted = make_case(world.a, name="Ещё без согласия", opened_on=dt.date(2025, 7, 1), statistics=False)
    case_services.consent_record(case=uncounted, actor=None, kind="disclosure", provider=world.shelter)
    referral_services.referral_send(case=uncounted, actor=None, provider=world.shelter, items=[])
    referral_services.service_record(
        case=uncounted, actor=None, kind="cash_aid", started_on=dt.date(2025, 7, 2), amount_som=1000
    )
    data = report_data(scope=ReportScope(committee=world.a), date_from=FROM, date_to=TO)
    assert data["cases"]["left_out"] == 3
    assert data["referrals"]["women_to_crisis_centres_and_shelters"] == 5
    assert data["services"]["cash_aid_total_som"] == Decimal("13000")


def test_small_cells_are_suppressed_outside_the_committee(world, dataset):
    focal_view = report_for(
        user=world.focal, scope=ReportScope(unit=world.territory["batken"]), date_from=FROM, date_to=TO
    )
    assert focal_view["suppressed"] is True
    assert focal_view["cases"]["by_sex"]["male"] == "<5"
    # Never a visible total minus a visible part: 6 cases, 5 women would give the man away.
    visible = [focal_view["cases"]["included"], focal_view["cases"]["by_sex"]["female"]]
    assert "–" in visible
    assert focal_view["cases"]["left_out"] == "<5"
    assert focal_view["services"]["cash_aid_recipients"] == "<5"
    # The amount is hidden with the count of recipients behind it.
    assert focal_view["services"]["cash_aid_total_som"] == "–"
    assert focal_view["orders"]["issued"] == "<5"
    assert focal_view["committees"]["count"] == "<5"
    assert focal_view["training"]["by_length"]["1"] == 0  # zero identifies no one
    own = report_for(user=world.chair, scope=ReportScope(committee=world.a), date_from=FROM, date_to=TO)
    assert own["suppressed"] is False and own["cases"]["by_sex"] == {"female": 5, "male": 1}
    assert own["services"]["cash_aid_recipients"] == 2
    assert own["services"]["cash_aid_total_som"] == "13000.00"


def test_moving_the_start_date_does_not_move_the_window_outside_the_committee(world, dataset):
    """The leak of issue 9: a window shifted by weeks isolated one case. Outside the committee the window is the
    whole year, so every start date inside it gives the same figures."""
    scope = ReportScope(unit=world.territory["batken"])
    views = [
        report_for(user=world.focal, scope=scope, date_from=start, date_to=TO)
        for start in (FROM, dt.date(2025, 4, 3), dt.date(2025, 4, 4), dt.date(2025, 11, 30))
    ]
    assert all(v["cases"] == views[0]["cases"] for v in views)
    assert all(v["period"] == {"from": "2025-01-01", "to": "2025-12-31"} for v in views)
    assert views[1]["period_widened"] is True
    # The committee itself still chooses any dates and sees exact figures.
    own = report_for(user=world.chair, scope=ReportScope(committee=world.a), date_from=dt.date(2025, 4, 3), date_to=TO)
    assert own["cases"]["included"] == 3 and own["period"]["from"] == "2025-04-03"


def test_published_report_tables_resist_the_attack(world, dataset):
    """Every table of the report, attacked: no hidden figure can be recovered from totals, parts or breakdowns."""
    from tendik.core.disclosure import Audience
    from tendik.core.testing_disclosure import assert_safe
    from tendik.protection.selectors.report_table import report_table

    for scope in (ReportScope(unit=world.territory["batken"]), ReportScope(), ReportScope(committee=world.a)):
        data = report_data(scope=scope, date_from=FROM, date_to=TO)
        table = report_table(data)
        shown = table.protect(audience=Audience.CROSS_SCOPE)
        assert shown.any_hidden
        assert_safe(table, shown)


def test_forms_of_violence_are_counted_per_case_in_the_database(world, dataset, django_assert_max_num_queries):
    from collections import Counter

    from tendik.protection import rollups
    from tendik.protection.models import Case

    case_services.incident_add(case=dataset[0], actor=None, occurred_on=FROM, forms=["physical", "sexual"])
    with django_assert_max_num_queries(10):  # every case figure, whatever the number of cases
        rows = list(rollups.figure_rows(Case.objects.filter(committee=world.a, opened_on__gte=FROM)))
    forms: Counter[str] = Counter()
    for _c, _m, _s, figure, _t, n in rows:
        if figure.startswith("cases.by_form."):
            forms[figure.rsplit(".", 1)[1]] += n
    assert forms["physical"] == 3 and forms["sexual"] == 1 and forms["economic"] == 3


def test_report_page_excel_and_pdf(login, world, dataset):
    import io

    from openpyxl import load_workbook

    client = login(world.chair)
    url = reverse("protection:report")
    query = f"?date_from=2025-01-01&date_to=2025-12-31&committee={world.a.pk}"
    html = client.get(url + query).content.decode()
    assert "13000" in html and "http://" not in html
    xlsx = client.get(url + query + "&format=xlsx")
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    values = [r[1] for r in rows if len(r) > 1]
    assert 6 in values and any(str(v).startswith("13000") for v in values)
    pdf = client.get(url + query + "&format=pdf")
    assert pdf.content[:4] == b"%PDF" and len(pdf.content) > 3000


def test_report_authorisation(login, world, client):
    url = reverse("protection:report")
    assert client.get(url).status_code == 302
    assert login(world.plain).get(url).status_code == 403
    batken = "?date_from=2025-01-01&date_to=2025-12-31&unit=41705000000000"
    assert login(world.focal).get(url + batken).status_code == 200
    assert (
        login(world.focal).get(url + "?date_from=2025-01-01&date_to=2025-12-31&unit=41704000000000").status_code == 403
    )
    assert login(world.chair).get(url + batken).status_code == 403
    assert (
        login(world.chair).get(url + f"?date_from=2025-01-01&date_to=2025-12-31&committee={world.b.pk}").status_code
        == 403
    )
    assert login(world.coordinator).get(url + batken).status_code == 200


def _grow(world, n):
    """n more committees with members, cases, referrals, events and meetings."""
    from tendik.geography.services import unit_create

    rayon = world.territory["kadamjay"]
    for k in range(n):
        unit = unit_create(
            code=f"41705258{900 + len(rayon.children.all()):03d}000",
            level="ayil_aimak",
            parent=rayon,
            name_ru=f"Тестовый аймак {k}",
        )
        committee = make_committee(unit)
        member_add(committee=committee, actor=None, full_name="Член", sector="police", sex="male")
        case = make_case(committee, name=f"Рост {k}", opened_on=dt.date(2025, 6, 1))
        _refer(case, world.shelter, dt.date(2025, 6, 2))
        case_services.incident_add(case=case, actor=None, occurred_on=dt.date(2025, 6, 1), forms=["physical"])
        meeting_services.meeting_record(committee=committee, actor=None, held_on=dt.date(2025, 6, 3), agenda="…")
        event_services.event_record(
            actor=None,
            unit=unit,
            committee=committee,
            kind="preventive_meeting",
            held_on=dt.date(2025, 6, 4),
            title="Встреча",
            attendance=[{"sex": "female", "count": 10}],
        )


def test_report_query_count_does_not_grow_with_committees(world, django_assert_max_num_queries, login):
    client = login(world.coordinator)
    url = reverse("protection:report") + "?date_from=2025-01-01&date_to=2025-12-31"
    api = reverse("protection-report") + "?from=2025-01-01&to=2025-12-31"
    _grow(world, 3)
    client.get(url)
    with django_assert_max_num_queries(12) as small:
        client.get(url)
    _grow(world, 9)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(api)
