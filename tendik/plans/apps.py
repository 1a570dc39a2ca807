from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "tendik.plans"
    label = "plans"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Plans")

    def ready(self) -> None:
        from tendik.geography.figures import register_provider
        from tendik.plans.jobs import register_jobs
        from tendik.plans.selectors.figures import map_figures

        register_provider(map_figures)
        register_jobs()

        from tendik.core import pagecache
        from tendik.plans.rollups import PAGES

        # The dashboards show the plans' records and sums and the names of places (indicator sources add the models
        # they compute from): a change to any raises the generation of the cached dashboards.
        pagecache.watch(PAGES, apps={"plans", "geography"})
