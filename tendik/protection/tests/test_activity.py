"""Committee activity over time (report, page, PDF) and on the thematic map, through the small-number rule."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tendik.protection.charts import activity_chart, period_label
from tendik.protection.map_figures import activity_values, activity_year, map_figures
from tendik.protection.selectors.report import ReportScope, activity_periods, report_data, report_for
from tendik.protection.services import meetings as meeting_services
from tendik.protection.tests.test_report import FROM, TO, dataset  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def test_periods_are_months_within_a_year_and_quarters_beyond():
    assert activity_periods(FROM, TO) == ("month", [f"2025-{m:02d}" for m in range(1, 13)])
    assert activity_periods(dt.date(2024, 11, 15), dt.date(2025, 8, 1))[1][:2] == ["2024-11", "2024-12"]
    unit, keys = activity_periods(dt.date(2024, 2, 1), dt.date(2025, 12, 31))
    assert unit == "quarter" and keys[0] == "2024-Q1" and keys[-1] == "2025-Q4" and len(keys) == 8


@pytest.mark.usefixtures("dataset")
def test_activity_counts_by_month(world):
    data = report_data(scope=ReportScope(committee=world.a), date_from=FROM, date_to=TO)
    activity = data["activity"]
    assert activity["meetings"]["2025-05"] == 1 and sum(activity["meetings"].values()) == data["meetings"]["held"]
    assert activity["prevention"]["2025-04"] == 1 and sum(activity["prevention"].values()) == 1
    assert sum(activity["training"].values()) == 0  # the training is not the committee's own event


@pytest.mark.usefixtures("dataset")
def test_activity_goes_through_the_reports_suppression_and_the_chart_keeps_it(world):
    focal = report_for(user=world.focal, scope=ReportScope(unit=world.territory["batken"]), date_from=FROM, date_to=TO)
    assert focal["activity"]["meetings"]["2025-05"] == "<5" and focal["activity"]["meetings"]["2025-01"] == 0
    with translation.override("en"):
        chart = activity_chart(focal)
    may = next(r for r in chart.rows if r[0] == "May 2025")
    assert may[1] == "<5"  # the table shows the suppressed figure as published, never the count
    assert "May 2025: 1" not in str(chart.svg)
    own = report_for(user=world.chair, scope=ReportScope(committee=world.a), date_from=FROM, date_to=TO)
    with translation.override("en"):
        assert next(r for r in activity_chart(own).rows if r[0] == "May 2025")[1] == "1"


def test_period_labels_in_three_languages():
    with translation.override("ru"):
        assert "2025" in period_label("2025-03") and "Q" not in period_label("2025-Q1")
    with translation.override("en"):
        assert period_label("2025-03") == "March 2025" and period_label("2025-Q1") == "Q1 2025"


@pytest.mark.usefixtures("dataset")
def test_report_page_and_pdf_show_the_chart(login, world):
    client = login(world.chair)
    query = f"?date_from=2025-01-01&date_to=2025-12-31&committee={world.a.pk}"
    html = client.get(reverse("protection:report") + query).content.decode()
    assert 'class="chart-svg chart-line"' in html and "http://" not in html
    pdf = client.get(reverse("protection:report") + query + "&format=pdf")
    assert pdf.content[:4] == b"%PDF"


def test_map_figure_is_for_report_readers_and_suppresses_small_counts(world):
    from django.contrib.auth.models import AnonymousUser

    assert map_figures(AnonymousUser()) == [] and map_figures(world.plain) == []
    assert [f.key for f in map_figures(world.coordinator)] == ["protection.activity"]
    start, _end = activity_year()
    for k in range(6):
        meeting_services.meeting_record(
            committee=world.a, actor=None, held_on=start + dt.timedelta(days=k), agenda="…", on_violence_facts=False
        )
    meeting_services.meeting_record(committee=world.b, actor=None, held_on=start, agenda="…", on_violence_facts=False)
    t = world.territory
    values = activity_values(world.coordinator, [t["batken"], t["naryn"]])
    # Naryn's one meeting is "<5"; Batken's six would give it away from the country's total, so they are hidden too.
    assert values == {t["batken"].code: "–", t["naryn"].code: "<5"}
    assert activity_values(world.focal, [t["batken"], t["naryn"]]) == {t["batken"].code: 6}  # Naryn: out of scope
    page = Client().get(reverse("geography:map"), {"figure": "protection.activity"}).content.decode()
    assert 'class="choropleth"' not in page  # anonymous: no committee figures
