from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from tendik.accounts.roles import COMMITTEE_ROLES, Role
from tendik.audit.models import AuditedModel
from tendik.core.concurrency import Versioned
from tendik.geography.models import AdministrativeUnit


class User(Versioned, AuditedModel, AbstractUser):
    audit_redacted_fields = ("password",)
    audit_ignored_fields = ("last_login",)

    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(
        _("interface language"),
        max_length=2,
        choices=[("ru", "Русский"), ("ky", "Кыргызча"), ("en", "English")],
        default="ru",
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")  # type: ignore[assignment]  # lazy text, as in every Meta
        verbose_name_plural = _("users")  # type: ignore[assignment]

    def __str__(self) -> str:
        return self.full_name or self.username


class RoleAssignment(AuditedModel):
    """A role held by a user within one scope: the country, a territorial unit or a committee."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("user"))
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    unit = models.ForeignKey(
        AdministrativeUnit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("territory"),
        help_text=_("Empty for the whole country."),
    )
    committee = models.ForeignKey(
        "protection.Committee",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("committee"),
        related_name="role_assignments",
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(unit__isnull=True) | models.Q(committee__isnull=True),
                name="role_assignment_one_scope",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.scope_label}"

    @property
    def scope_label(self) -> str:
        if self.committee_id:
            return str(self.committee)
        if self.unit_id:
            return str(self.unit)
        return str(_("Kyrgyz Republic"))

    def clean(self) -> None:
        if self.role in COMMITTEE_ROLES and not self.committee_id:
            raise ValidationError({"committee": _("This role is held within a committee: choose the committee.")})
        if self.role not in COMMITTEE_ROLES and self.committee_id:
            raise ValidationError({"committee": _("Only committee roles are bound to a committee.")})


class Notification(models.Model):
    """An in-app notice for one user. Never holds a survivor's identity: link to the record instead."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("user"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    title = models.CharField(_("title"), max_length=255)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    kind = models.CharField(_("kind"), max_length=50, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.title
