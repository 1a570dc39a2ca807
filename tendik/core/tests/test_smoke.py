import pytest


@pytest.mark.django_db
def test_healthz_reports_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"]["status"] == "ok"


@pytest.mark.django_db
def test_quick_exit_lands_on_a_neutral_page_that_says_nothing_about_tendik(client, settings) -> None:
    html = client.get("/blank/").content.decode()
    for word in ("Tendik", "Теңдик", "насили", "зомбулук", "violence", "site-nav"):
        assert word not in html
    from django.template import Context, Template

    settings.TENDIK_QUICK_EXIT_URL = "/somewhere-neutral/"
    rendered = Template("{% load tendik_core %}{% quick_exit %}").render(Context({}))
    assert 'href="/somewhere-neutral/"' in rendered and 'data-blank="/blank/"' in rendered


@pytest.mark.django_db
def test_pages_are_compressed_for_slow_connections(client) -> None:
    response = client.get("/", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"


def test_a_command_on_an_unmigrated_database_says_to_migrate(tmp_path) -> None:
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}", "TENDIK_DATA_DIR": str(tmp_path)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run(
        [sys.executable, str(root / "manage.py"), "demo_accounts"], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 1
    assert "tendik migrate" in done.stderr and "Traceback" not in done.stderr
