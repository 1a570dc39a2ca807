import pytest
from django.test import Client


@pytest.mark.django_db
def test_front_page_shows_public_figures_with_fixed_queries(django_assert_max_num_queries, territory) -> None:
    from tendik.protection.models import Committee

    Committee.objects.create(municipality=territory["halmion"], name="МК Халмион")
    Committee.objects.create(municipality=territory["kulundu"], name="МК Кулунду")
    client = Client()
    with django_assert_max_num_queries(8):
        response = client.get("/")
    assert response.status_code == 200
    assert response.context["figures"]["committees"] == 2
    for i in range(5):
        Committee.objects.create(municipality=territory["kazybek"], name=f"МК {i}")
    with django_assert_max_num_queries(8):
        response = client.get("/")
    assert response.context["figures"]["committees"] == 7
