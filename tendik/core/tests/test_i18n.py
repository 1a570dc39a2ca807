"""Russian, Kyrgyz and English are complete: a test fails on any untranslated, fuzzy or stale message."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.test import Client
from django.utils import formats, translation

TENDIK = Path(__file__).resolve().parents[2]
APPS = sorted(p for p in TENDIK.iterdir() if (p / "apps.py").exists())
LANGS = ("ru", "ky", "en")


def _extract(app: Path, tmp_path: Path) -> set[str]:
    """The msgids the app's code and templates use, by running makemessages on a copy of the app."""
    if shutil.which("xgettext") is None:
        pytest.fail("gettext is not installed: `apt-get install gettext` (./dev and .ci/run install it)")
    copy = tmp_path / app.name
    shutil.copytree(
        app, copy, ignore=shutil.ignore_patterns("locale", "tests", "migrations", "__pycache__", "data", "static")
    )
    (copy / "locale").mkdir()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tendik.settings", "PYTHONPATH": str(TENDIK.parent)}
    subprocess.run(
        [sys.executable, "-P", "-m", "django", "makemessages", "-l", "ru", "--no-location", "-v", "0"],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    po_path = copy / "locale" / "ru" / "LC_MESSAGES" / "django.po"
    if not po_path.exists():
        return set()
    return {(e.msgctxt or "") + "\x04" + e.msgid for e in polib.pofile(str(po_path)) if e.msgid}


@pytest.mark.parametrize("app", APPS, ids=lambda p: p.name)
def test_every_message_is_translated_in_three_languages(app: Path, tmp_path: Path) -> None:
    used = _extract(app, tmp_path)
    if not used:
        return
    problems = []
    for lang in LANGS:
        po_path = app / "locale" / lang / "LC_MESSAGES" / "django.po"
        mo_path = po_path.with_suffix(".mo")
        if not po_path.exists() or not mo_path.exists():
            problems.append(f"{app.name}: no {lang} catalogue ({po_path.relative_to(TENDIK)} and .mo)")
            continue
        po = polib.pofile(str(po_path))
        translated = {}
        for e in po:
            key = (e.msgctxt or "") + "\x04" + e.msgid
            if e.obsolete:
                continue
            if "fuzzy" in e.flags:
                problems.append(f"{app.name} [{lang}] fuzzy: {e.msgid[:60]!r}")
            elif e.translated():
                translated[key] = e
        for key in sorted(used - set(translated)):
            problems.append(f"{app.name} [{lang}] untranslated: {key.split(chr(4))[1][:60]!r}")
        mo = polib.mofile(str(mo_path))
        compiled = {(e.msgctxt or "") + "\x04" + e.msgid: e.msgstr for e in mo}
        stale = [k for k, e in translated.items() if compiled.get(k) != e.msgstr and not e.msgid_plural]
        if stale:
            problems.append(f"{app.name} [{lang}] .mo is stale for {len(stale)} messages: run compilemessages")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "expected"),
    [("ru", "Перейти к содержанию"), ("ky", "Мазмунга өтүү"), ("en", "Skip to content")],
)
def test_language_switcher_changes_the_page(lang: str, expected: str) -> None:
    client = Client()
    response = client.post("/i18n/setlang/", {"language": lang, "next": "/about/"})
    assert response.status_code == 302
    page = client.get("/about/")
    html = page.content.decode()
    assert f'<html lang="{lang}">' in html
    assert expected in html


@pytest.mark.django_db
def test_russian_is_the_default_language() -> None:
    html = Client().get("/about/").content.decode()
    assert '<html lang="ru">' in html
    assert "О системе Теңдик" in html


def test_dates_and_numbers_follow_the_language() -> None:
    import datetime as dt

    day = dt.date(2025, 5, 12)
    with translation.override("ru"):
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == "12.05.2025"
        assert formats.number_format(1234567.5, 1, force_grouping=True) == "1\xa0234\xa0567,5"
        assert "мая" in formats.date_format(day)
    with translation.override("en"):
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == "12/05/2025"
        assert formats.number_format(1234567.5, 1, force_grouping=True) == "1,234,567.5"
        assert formats.date_format(day) == "12 May 2025"
    with translation.override("ky"):
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == "12.05.2025"
        assert formats.date_format(day).startswith("2025-ж.")


def test_kyrgyz_letters_survive_in_a_generated_pdf() -> None:
    from weasyprint import HTML

    text = "Теңдик: өнүгүү, үй-бүлө, Ысык-Көл"
    html = f'<html lang="ky"><body style="font-family: \'DejaVu Sans\'">{text}</body></html>'
    pdf = HTML(string=html).write_pdf(uncompressed_pdf=True)
    assert pdf.startswith(b"%PDF")
    # Only the font that carries ң ө ү is embedded: a missing glyph would pull in a fallback font.
    fonts = set(re.findall(rb"/BaseFont\s*/[A-Z]{6}\+([^\s/>]+)", pdf))
    assert fonts and all(name.startswith(b"DejaVu") for name in fonts), fonts
    doc = HTML(string=f"<p>{text}</p>").render()
    rendered = "".join(box.text for page in doc.pages for box in _walk(page._page_box) if getattr(box, "text", None))
    assert "ң" in rendered and "ө" in rendered and "ү" in rendered


def _walk(box):  # type: ignore[no-untyped-def]
    yield box
    for child in getattr(box, "children", []) or []:
        yield from _walk(child)
