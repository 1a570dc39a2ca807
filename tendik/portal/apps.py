from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """Cross-module pages above the domain apps: front page, task home, dashboards, public portal, open data."""

    name = "tendik.portal"
    label = "portal"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from tendik.portal.jobs import register_jobs

        register_jobs()

        from tendik.core import pagecache
        from tendik.plans.rollups import PAGES

        # The public territory pages are parts of the plans' key too (tendik.portal.views.public): rendered again,
        # for each territory a change raised, as soon as it commits (where warming is on).
        pagecache.warm(PAGES, "public territory", _warm_territory)
        pagecache.warm(PAGES, "public plans", _warm_plans)


def _warm_territory(path: str, query: Any) -> None:
    from tendik.portal.views.public import warm_territory

    warm_territory(path, query)


def _warm_plans(path: str, query: Any) -> None:
    from tendik.portal.views.public import warm_plans

    if not path:  # country-wide pages
        warm_plans()
