"""Core tables: the data generations that keep cached pages exact (tendik.core.pagecache)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Generation(models.Model):
    """A counter raised in the same transaction as every change to the data a cached page shows."""

    key = models.CharField(_("key"), max_length=60, primary_key=True)
    value = models.BigIntegerField(_("value"), default=0)

    class Meta:
        verbose_name = _("data generation")
        verbose_name_plural = _("data generations")

    def __str__(self) -> str:
        return f"{self.key}: {self.value}"
