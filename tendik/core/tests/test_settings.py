"""Production settings: refuse to start without secrets, and pass `check --deploy`."""

from __future__ import annotations

import os
import subprocess
import sys

from cryptography.fernet import Fernet


def _run(env_extra: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TENDIK_", "DATABASE_URL"))}
    env.update({"DJANGO_SETTINGS_MODULE": "tendik.settings", **env_extra})
    return subprocess.run([sys.executable, "-m", "tendik", *args], env=env, capture_output=True, text=True, timeout=120)


PRODUCTION = {
    "TENDIK_ENV": "production",
    "TENDIK_SECRET_KEY": "x" * 20 + "-production-secret-for-the-test-7f3a9c2e1d5b8f0a6c4e",
    "TENDIK_ALLOWED_HOSTS": "tendik.example.kg",
    "TENDIK_FIELD_KEYS": Fernet.generate_key().decode(),
    "TENDIK_HASH_KEY": "a-hash-key-for-the-test",
}


def test_production_refuses_to_start_without_a_secret_key() -> None:
    env = {k: v for k, v in PRODUCTION.items() if k != "TENDIK_SECRET_KEY"}
    result = _run(env, "check")
    assert result.returncode != 0
    assert "TENDIK_SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_field_keys() -> None:
    env = {k: v for k, v in PRODUCTION.items() if k != "TENDIK_FIELD_KEYS"}
    result = _run(env, "check")
    assert result.returncode != 0
    assert "TENDIK_FIELD_KEYS" in result.stderr


def test_production_settings_pass_the_deployment_check() -> None:
    result = _run(PRODUCTION, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_unknown_environment_is_refused() -> None:
    result = _run({"TENDIK_ENV": "staging"}, "check")
    assert result.returncode != 0
    assert "TENDIK_ENV must be" in result.stderr


def _cache_backend(env_extra: dict[str, str]) -> str:
    code = (
        "from django.conf import settings; c = settings.CACHES['default']; "
        "print(c['BACKEND'], c.get('LOCATION') or '', settings.TENDIK_PAGE_WARM)"
    )
    result = _run(env_extra, "shell", "-c", code)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]  # (after the shell's own notice of the objects it imported)


def test_the_page_cache_is_shared_by_the_servers_processes_when_the_server_names_a_directory(tmp_path) -> None:
    """Each process's memory by default (the demo, the tests); one directory on disk for all the workers when the
    shipped gunicorn settings name it (tendik.gunicorn_conf.on_starting), and in production by default, where the
    background worker shares it with the server (and renders parts again after a change: TENDIK_PAGE_WARM)."""
    assert _cache_backend({}).startswith("django.core.cache.backends.locmem.LocMemCache")
    assert _cache_backend({}).endswith(" False")  # nothing to warm in another process's memory
    assert _cache_backend({"TENDIK_PAGE_CACHE_DIR": "off"}).startswith("django.core.cache.backends.locmem")
    shared = _cache_backend({"TENDIK_PAGE_CACHE_DIR": str(tmp_path)})
    assert shared == f"django.core.cache.backends.filebased.FileBasedCache {tmp_path} True"
    assert _cache_backend({"TENDIK_PAGE_CACHE_DIR": str(tmp_path), "TENDIK_PAGE_WARM": "0"}).endswith(" False")
    production = {**PRODUCTION, "TENDIK_DATA_DIR": str(tmp_path)}
    assert (
        _cache_backend(production) == f"django.core.cache.backends.filebased.FileBasedCache {tmp_path}/cache/pages True"
    )
    assert _cache_backend({**production, "TENDIK_PAGE_CACHE_DIR": "off"}).startswith(
        "django.core.cache.backends.locmem"
    )


def test_the_server_empties_the_shared_page_cache_when_it_starts(tmp_path, monkeypatch) -> None:
    """A restart (or a reload) follows every deploy, migration and restore (data changed without raising the
    generations): the parts rendered before are gone; nothing else in the directory is touched."""
    from tendik import gunicorn_conf

    monkeypatch.delenv("TENDIK_PAGE_CACHE_DIR", raising=False)
    monkeypatch.setenv("TENDIK_DATA_DIR", str(tmp_path))
    pages = tmp_path / "cache" / "pages"
    pages.mkdir(parents=True)
    (pages / "0f3a.djcache").write_bytes(b"a part rendered before the restart")
    (pages / "notes.txt").write_text("not the cache's")
    gunicorn_conf.on_starting(None)
    assert os.environ["TENDIK_PAGE_CACHE_DIR"] == str(pages)
    assert sorted(p.name for p in pages.iterdir()) == ["notes.txt"]
    (pages / "5b1c.djcache").write_bytes(b"a part rendered before a reload (HUP: new code, no restart)")
    gunicorn_conf.on_reload(None)
    assert sorted(p.name for p in pages.iterdir()) == ["notes.txt"]

    monkeypatch.setenv("TENDIK_PAGE_CACHE_DIR", "off")  # stays "off" for the workers (not production's default)
    gunicorn_conf.on_starting(None)
    assert os.environ["TENDIK_PAGE_CACHE_DIR"] == "off"
