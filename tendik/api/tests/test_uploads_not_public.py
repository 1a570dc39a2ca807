"""Issue 12 item 7: uploaded evidence is never reachable by a guessable URL without a permission check."""

from __future__ import annotations

import importlib

import pytest
from django.test import Client, override_settings
from django.urls import clear_url_caches


@pytest.mark.django_db
def test_media_is_not_served_even_in_development(settings, tmp_path):
    evidence = tmp_path / "media" / "plans" / "evidence" / "1"
    evidence.mkdir(parents=True)
    (evidence / "act.pdf").write_bytes(b"%PDF-1.4 survivor's statement")
    import tendik.urls

    with override_settings(DEBUG=True, MEDIA_ROOT=tmp_path / "media"):
        clear_url_caches()
        importlib.reload(tendik.urls)
        try:
            response = Client().get("/media/plans/evidence/1/act.pdf")
            assert response.status_code in {302, 404}
            assert b"survivor" not in b"".join(getattr(response, "streaming_content", [response.content]))
        finally:
            importlib.reload(tendik.urls)
            clear_url_caches()
