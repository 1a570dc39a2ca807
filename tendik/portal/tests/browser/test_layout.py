"""Layout at 360 px and at 1280 px (issue 10): the module sub-menu stays one line on a phone, filters wait behind a
disclosure on a phone and stand open on a desktop or when a filter is set, budget labels never break mid-word, map
labels are legible or absent. Screenshots of both widths go to $TENDIK_ARTIFACTS (layout-360-*, layout-1280-*)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tendik.portal.tests.browser.conftest import DESKTOP, VIEWPORT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Lines of text a label box occupies (its height over its line height).
LINES = """(el) => Math.round(el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight))"""
# The rendered size, in CSS px, of the map's visible label texts (none when the labels are hidden).
LABEL_SIZES = """() => Array.from(document.querySelectorAll('.choropleth .labels text, .geo-map .labels text'))
  .filter(t => t.getClientRects().length && getComputedStyle(t.closest('.labels')).display !== 'none')
  .map(t => t.getBoundingClientRect().height)"""


def _open(page_check: Any, url: str, name: str, width: int) -> Any:
    page = page_check.page
    page.set_viewport_size(DESKTOP if width == DESKTOP["width"] else VIEWPORT)
    page_check(url, name=f"layout-{width}-{name}")
    return page


def test_layout_at_phone_and_desktop_width(page_check: Any, public_world: Any) -> None:
    for width in (VIEWPORT["width"], DESKTOP["width"]):  # one world for both widths
        _layout(page_check, public_world, width)


def _layout(page_check: Any, w: Any, width: int) -> None:
    phone = width == VIEWPORT["width"]
    page_check(reverse("tasks"), name=f"layout-{width}-tasks", user=w.coordinator)

    # The plans sub-menu: one line (about 40 px) on a phone instead of four (about 180 px).
    page = _open(page_check, reverse("plans:reports"), "subnav", width)
    height = page.eval_on_selector("ul.subnav", "el => el.getBoundingClientRect().height")
    assert height < 60, f"the sub-menu takes {height} px"
    if phone:  # every item reachable by keyboard, the focused one scrolled into view
        last = page.locator("ul.subnav a").last
        last.focus()
        assert last.is_visible() and page.evaluate("document.activeElement.closest('ul.subnav') !== null")

    # The same for a bar of buttons (participation's monitoring pages), whose filters wait behind the disclosure.
    page = _open(page_check, reverse("participation:monitoring"), "button-subnav", width)
    height = page.eval_on_selector("nav.subnav", "el => el.getBoundingClientRect().height")
    assert height < 75, f"the button sub-menu takes {height} px"
    assert page.eval_on_selector("details.filter-box", "d => d.open") is (not phone)

    # Filters: closed on a phone, open on a desktop; open on a phone too once a filter is set.
    page = _open(page_check, reverse("consultations:recommendations"), "filters", width)
    is_open = page.eval_on_selector("details.filter-box", "d => d.open")
    assert is_open is (not phone), f"filters open={is_open} at {width} px"
    if phone:
        box = page.eval_on_selector("details.filter-box", "d => d.getBoundingClientRect().height")
        assert box < 70, f"the closed filters take {box} px"
        page.click("details.filter-box > summary")  # one tap (or Enter) opens them
        assert page.eval_on_selector("details.filter-box", "d => d.open")
        page_check(reverse("consultations:recommendations") + "?q=квоты", name="layout-360-filters-set")
        assert page.eval_on_selector("details.filter-box", "d => d.open"), "a set filter is hidden"

    # Budget: each source's name on one line, never broken inside a word.
    page = _open(page_check, reverse("plans:dashboard"), "budget", width)
    labels = page.locator(".budget-row label")
    assert labels.count() > 0
    for k in range(labels.count()):
        assert labels.nth(k).evaluate(LINES) == 1, f"budget label {labels.nth(k).inner_text()!r} wraps at {width} px"


def test_map_labels_are_legible_or_absent(page_check: Any) -> None:
    """The country's thematic map and the territories' map, drawn from the reference boundaries: at 360 px no label
    (the table below names the territories), at 1280 px labels of at least 11 px."""
    from django.core.management import call_command

    call_command("load_territories", verbosity=0)
    page = page_check.page
    for width, viewport in ((VIEWPORT["width"], VIEWPORT), (DESKTOP["width"], DESKTOP)):
        page.set_viewport_size(viewport)
        for name, url, table in (
            ("portal-map", reverse("portal:country"), ".choropleth .chart-data"),
            ("territory-map", reverse("geography:map"), None),
        ):
            page_check(url, name=f"layout-{width}-{name}")
            assert page.locator(".choropleth svg, .geo-map svg").count() > 0, f"{url}: no map drawn"
            sizes = page.evaluate(LABEL_SIZES)
            if width == VIEWPORT["width"]:
                assert sizes == [], f"{url}: map labels of {sizes} px on a phone"
                if table:
                    assert page.locator(table).count() > 0, f"{url}: no table names the map's territories"
            else:
                assert sizes, f"{url}: no labels on a desktop"
                assert min(sizes) >= 11, f"{url}: map labels of {min(sizes)} px on a desktop"
