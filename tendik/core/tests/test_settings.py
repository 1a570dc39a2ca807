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
