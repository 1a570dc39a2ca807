import pytest


@pytest.mark.django_db
def test_healthz_reports_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"]["status"] == "ok"


def test_scope_paths(territory, make_user):
    from tendik.accounts.permissions import has_perm
    from tendik.accounts.roles import Perm

    fp = make_user("focal_point", unit=territory["kadamjay"])
    assert has_perm(fp, Perm.REPORT_REVIEW, unit=territory["halmion"])
    assert not has_perm(fp, Perm.REPORT_REVIEW, unit=territory["kulundu"])
