from tendik.consultations import selectors
from tendik.consultations.services.answers import answers_publish, recommendation_answer
from tendik.consultations.services.participants import attendance_counts_set, participant_save
from tendik.consultations.tests.factories import state


def test_recommendations_scoped_by_territory(world):
    u = world["u"]
    codes = lambda user: set(selectors.recommendations(user).values_list("code", flat=True))  # noqa: E731
    assert codes(u["coordinator"]) == {"rec-b", "rec-n", "rec-g"}
    assert codes(u["fp_batken"]) == {"rec-b", "rec-g"}
    assert codes(u["officer_kazybek"]) == {"rec-n", "rec-g"}  # her municipality lies in the covered oblast
    assert codes(u["nobody"]) == set()


def test_recommendations_for_measure_both_sides(world):
    c = world["c"]
    assert [r.code for r in selectors.recommendations_for_measure(world["u"]["coordinator"], c["m11"])] == ["rec-b"]
    assert list(selectors.recommendations_for_measure(world["u"]["fp_naryn"], c["m11"])) == []
    # an accepted answer's implementing measure links the recommendation too
    recommendation_answer(
        recommendation=world["rec_g"], actor=None, state=state("accepted"), implementing_measure=c["m34"]
    )
    answers_publish(recommendations=[world["rec_g"]], actor=None, inform=False)
    assert [r.code for r in selectors.recommendations_for_measure(world["u"]["coordinator"], c["m34"])] == ["rec-g"]
    assert set(c["m11"].consultation_recommendations.values_list("code", flat=True)) == {"rec-b"}


def test_attendance_from_counts_or_list(world):
    t = world["t"]
    attendance_counts_set(
        meeting=world["batken_m"], total=10, by_sex={"female": 9, "male": 1}, by_oblast={t["batken"]: 10}
    )
    participant_save(meeting=world["naryn_m"], full_name="A", sex="female", role="deputy", municipality=t["kazybek"])
    participant_save(meeting=world["naryn_m"], full_name="B", sex="male", role="government")
    per, total = selectors.attendance_of_series([world["batken_m"], world["naryn_m"]])
    assert per[world["batken_m"].pk].source == "counts" and per[world["batken_m"].pk].women == 9
    naryn = per[world["naryn_m"].pk]
    assert (naryn.source, naryn.total, naryn.women, naryn.men) == ("list", 2, 1, 1)
    assert naryn.by_oblast == [(t["naryn"], 1)] and naryn.by_role == {"deputy": 1, "government": 1}
    assert (total.total, total.women, total.men) == (12, 10, 2)


def test_feedback_for_municipality(world):
    codes = {r.code for r in selectors.feedback_for_municipality(world["t"]["halmion"])}
    assert codes == {"rec-b", "rec-g"}


def test_attendance_charts_show_roles_and_oblasts_as_the_shared_chart(world, login):
    from django.urls import reverse

    t = world["t"]
    participant_save(meeting=world["naryn_m"], full_name="A", sex="female", role="deputy", municipality=t["kazybek"])
    participant_save(meeting=world["naryn_m"], full_name="B", sex="male", role="government")
    per, _total = selectors.attendance_of_series([world["naryn_m"]])
    from tendik.consultations.figures import attendance_charts

    by_role, by_oblast = attendance_charts(per[world["naryn_m"].pk])
    assert [row[0] for row in by_role.rows] and len(by_role.rows) == 2
    assert [row[0] for row in by_oblast.rows] == [t["naryn"].name]
    page = login(world["u"]["coordinator"]).get(reverse("consultations:meeting", args=[world["naryn_m"].code]))
    html = page.content.decode()
    assert html.count("<svg") >= 2 and "<progress" not in html
