"""Consultations test world: the shared territory, a small plan catalogue, one series with a Batken meeting
(town of Aydarken) and a Naryn meeting (Kazybek), users of every relevant role."""

from __future__ import annotations

from typing import Any

import pytest

from tendik.consultations.tests import factories as f


@pytest.fixture
def catalogue(db: Any) -> dict[str, Any]:
    return f.plan_catalogue()


@pytest.fixture
def world(territory: dict[str, Any], catalogue: dict[str, Any], make_user: Any) -> dict[str, Any]:
    t = territory
    series = f.series(code="may", plans=[catalogue["gender"], catalogue["wps"]])
    batken_m = f.meeting(series, t["aydarken"], oblasts=[t["batken"]], code="batken-m", title_ru="Встреча в Баткене")
    naryn_m = f.meeting(series, t["kazybek"], oblasts=[t["naryn"]], code="naryn-m", title_ru="Встреча в Нарыне")
    rec_b = f.recommendation(
        series,
        meeting_obj=batken_m,
        text_ru="Открыть кризисные центры в районах",
        text_ky="Райондордо кризистик борборлорду ачуу",
        regions=[t["batken"]],
        measures=[catalogue["m11"]],
        code="rec-b",
    )
    rec_n = f.recommendation(
        series,
        meeting_obj=naryn_m,
        text_ru="Соблюдать гендерные квоты в органах власти",
        regions=[t["naryn"]],
        measures=[catalogue["n1"]],
        code="rec-n",
    )
    rec_g = f.recommendation(
        series, text_ru="Развивать малый и средний бизнес женщин", scope="general", code="rec-g", theme="economic"
    )
    users = {
        "coordinator": make_user("national_coordinator", username="coordinator"),
        "fp_batken": make_user("focal_point", unit=t["batken"], username="fp_batken"),
        "fp_naryn": make_user("focal_point", unit=t["naryn"], username="fp_naryn"),
        "viewer_batken": make_user("viewer", unit=t["batken"], username="viewer_batken"),
        "officer_kazybek": make_user("municipal_officer", unit=t["kazybek"], username="officer_kazybek"),
        "nobody": make_user(None, username="nobody"),
    }
    return {
        "t": t,
        "c": catalogue,
        "series": series,
        "batken_m": batken_m,
        "naryn_m": naryn_m,
        "rec_b": rec_b,
        "rec_n": rec_n,
        "rec_g": rec_g,
        "u": users,
    }
