"""Browser checks shared by the project: pages opened in headless Chromium at 360 × 780 px.

Use (any app): put tests under `tests/browser/`, mark them `pytest.mark.browser`, and call the `page_check` fixture:

    pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

    def test_my_page(page_check, my_data):
        page_check("/plans/", name="plans-index")        # asserts 200, no sideways scroll, zero axe violations

A signed-in page: `page_check(url, name=..., user=user)` (a session cookie is set for the user, second factor passed),
or sign in as a person does with the `sign_in` fixture: `sign_in(user, totp=True)` types the password and then the
current code of the user's confirmed TOTP device (computed from its key here, as the authenticator app does).
`page_check(url, followed=True)` first asserts that the page on screen links to `url` (no dead end), then opens it.
At desktop width: `page_check.page.set_viewport_size(DESKTOP)`; the sideways-scroll check uses the current width.
Screenshots go to $TENDIK_ARTIFACTS (default artifacts/screenshots), one full-page PNG per check, kept by CI.
Needs Playwright (Python) and Debian's chromium at /usr/bin/chromium (or $TENDIK_CHROMIUM); skipped otherwise.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("TENDIK_CHROMIUM", "/usr/bin/chromium")
VIEWPORT = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 800}
PASSWORD = "correct-horse-battery-9"  # make_user's password (conftest.py)

# What no visible text may contain: СОАТЕ codes, ISO dates, period codes, permission codes, enum values, slugs.
FORBIDDEN_TEXT = {
    "СОАТЕ code": re.compile(r"\b417\d{11}\b"),
    "ISO date": re.compile(r"\b20\d\d-\d\d-\d\d\b"),
    "period code": re.compile(r"\b20\d\d-[HQ]\d\b"),
    "permission code": re.compile(r"\b(?:plans|consultations|protection|participation|accounts|audit)\.[a-z_]+\b"),
    "enum value": re.compile(
        r"\b(?:rayon_approved|oblast_approved|not_started|in_progress|case_opened|service_provided|follow_up)\b"
    ),
    "slug": re.compile(r"\b[a-z]+(?:-[a-z0-9]+){2,}\b"),
}


def people_words_problems(text: str) -> list[str]:
    """Codes of the system found in `text` (what a person reads), as "kind: match" lines."""
    return [f"{kind}: {m.group(0)}" for kind, rx in FORBIDDEN_TEXT.items() for m in rx.finditer(text)]


def artifacts_dir() -> Path:
    path = Path(os.environ.get("TENDIK_ARTIFACTS", "artifacts/screenshots"))
    path.mkdir(parents=True, exist_ok=True)
    return path


_ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"


def pytest_runtest_setup(item: Any) -> None:
    """Playwright's sync API runs an event loop in this thread; the ORM calls the tests (and the database fixtures)
    make around it are synchronous. Allowed only while a browser test runs (set before any fixture), so that other
    tests, e.g. `check --deploy` in a subprocess, do not inherit it."""
    item._async_unsafe_before = os.environ.get(_ASYNC_UNSAFE)
    os.environ[_ASYNC_UNSAFE] = "true"


def pytest_runtest_teardown(item: Any, nextitem: Any) -> None:
    os.environ[_ASYNC_UNSAFE] = "true"  # the fixtures' teardown (database flush) runs after this hook


@pytest.hookimpl(trylast=True)
def pytest_runtest_logreport(report: Any) -> None:
    if report.when == "teardown":
        os.environ.pop(_ASYNC_UNSAFE, None)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium); browser checks skipped")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Playwright is not installed (pip install playwright); browser checks skipped")
    with sync_playwright() as pw:
        try:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        except Exception as exc:  # noqa: BLE001 - any launch failure means "no browser here"
            pytest.skip(f"Chromium at {CHROMIUM} does not start: {exc}")
        yield browser
        browser.close()


@pytest.fixture
def phone(chromium: Any, live_server: Any) -> Iterator[Any]:
    """A fresh 360 × 780 page (Russian locale) on the live server."""
    context = chromium.new_context(viewport=VIEWPORT, locale="ru-RU", base_url=live_server.url, device_scale_factor=1)
    page = context.new_page()
    yield page
    context.close()


def _sign_in(page: Any, base_url: str, user: Any) -> None:
    """The session of a signed-in user with the second factor passed (as the `login` fixture), as a cookie."""
    from django.conf import settings

    from conftest import signed_in

    client = signed_in(user)
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": client.session.session_key, "url": base_url}]
    )


def totp_code(user: Any, *, wrong: bool = False) -> str:
    """The code the user's authenticator app shows now (her first confirmed TOTP device), or one that is not valid."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    assert device is not None, f"{user} has no confirmed TOTP device"
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    token = (totp.token() + (500_000 if wrong else 0)) % 10**device.digits
    return f"{token:0{device.digits}d}"


@pytest.fixture
def sign_in(phone: Any) -> Callable[..., str]:
    """Sign in through the form as a person does (fresh cookies): username, password, then, with `totp`, the code
    of the authenticator app typed into the second-factor form. Returns the address the person lands on."""
    from django.urls import reverse

    def _sign_in(user: Any, *, totp: bool = False, wrong_code: bool = False, password: str = PASSWORD) -> str:
        phone.context.clear_cookies()
        phone.goto(reverse("accounts:login"), wait_until="domcontentloaded")
        phone.fill("input[name=username]", user.username)
        phone.fill("input[name=password]", password)
        with phone.expect_navigation(wait_until="domcontentloaded"):
            phone.click("main form button[type=submit]")
        if totp:
            assert reverse("accounts:two_factor") in phone.url, f"{user}: no second-factor form after the password"
            phone.fill("input[name=token]", totp_code(user, wrong=wrong_code))
            with phone.expect_navigation(wait_until="domcontentloaded"):
                phone.click("main form button[type=submit]")
        return str(phone.url)

    return _sign_in


# Focus not obscured (WCAG 2.4.11): on pages with the fixed quick-exit button, every field of the page, focused as
# the keyboard or the phone's "next field" does, must come to rest clear of the button.
_FOCUS_UNDER_QUICK_EXIT = """() => {
  const exit = document.querySelector('.quick-exit');
  if (!exit) return [];
  const hidden = [];
  const fields = document.querySelectorAll('main input:not([type=hidden]), main select, main textarea, main button');
  for (const el of fields) {
    if (!el.getClientRects().length) continue;
    el.focus();
    const a = el.getBoundingClientRect(), b = exit.getBoundingClientRect();
    if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) {
      hidden.push(el.name || el.id || el.textContent.trim());
    }
  }
  if (document.activeElement) document.activeElement.blur();
  window.scrollTo(0, 0);
  return hidden;
}"""


@pytest.fixture
def page_check(phone: Any, live_server: Any) -> Any:
    """Open `url` (at 360 px unless the viewport was changed), assert status 200, no horizontal scroll and zero
    axe-core violations; save a screenshot. Returns what it measured. `page_check.page` is the Playwright page;
    `page_check.here(name)` checks the page on screen;
    `page_check.switch_language(code)` changes the language with the switcher in the header, as a person does."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    shots = artifacts_dir()

    def check(
        url: str,
        *,
        name: str | None = None,
        user: Any = None,
        lang: str = "ru",
        words: bool = False,
        followed: bool = False,
    ) -> dict[str, Any]:
        """`lang`: the interface language (cookie); `words`: also assert that no visible text holds a code of the
        system (people_words_problems); `followed`: the page on screen must link to `url`."""
        from django.conf import settings

        if followed:
            links = phone.locator(f'a[href="{url}"]')
            assert links.count() > 0, f"{phone.url}: no link to {url} (dead end)"
        if user is not None:
            _sign_in(phone, live_server.url, user)
        phone.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": lang, "url": live_server.url}])
        # "load", not "networkidle": pages ask for nothing after loading, and networkidle costs 0.5 s a page.
        response = phone.goto(url, wait_until="load")
        assert response is not None and response.status == 200, f"{url}: {response and response.status}"
        return here(name or re.sub(r"[^a-z0-9]+", "-", url.lower()).strip("-") or "home", words=words)

    def here(label: str, *, words: bool = False) -> dict[str, Any]:
        """The checks on the page now on screen (after a form was sent, say), without opening another."""
        url = phone.url
        phone.screenshot(path=str(shots / f"{label}.png"), full_page=True)
        viewport = phone.viewport_size["width"]
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport, f"{url} scrolls sideways: {width} px wide at {viewport} px"
        if words:
            problems = people_words_problems(phone.inner_text("body"))
            assert not problems, f"{url}: codes on screen: {problems}"
        obscured = phone.evaluate(_FOCUS_UNDER_QUICK_EXIT)
        assert not obscured, f"{url}: fields hidden under the quick-exit button when focused: {obscured}"
        results = axe.run(phone)
        assert results.violations_count == 0, f"{url}: axe violations\n{results.generate_report()}"
        return {"url": url, "width": width, "screenshot": str(shots / f"{label}.png")}

    def switch_language(code: str) -> None:
        with phone.expect_navigation(wait_until="domcontentloaded"):
            phone.select_option("#lang-select", code)
        assert phone.evaluate("document.documentElement.lang") == code, f"language not switched to {code}"

    check.here = here  # type: ignore[attr-defined]
    check.page = phone  # type: ignore[attr-defined]
    check.switch_language = switch_language  # type: ignore[attr-defined]
    return check
