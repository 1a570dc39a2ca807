from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from tendik.accounts.roles import COMMITTEE_ROLES, Role
from tendik.audit.models import AuditedModel
from tendik.geography.models import AdministrativeUnit


class User(AuditedModel, AbstractUser):
    audit_redacted_fields = ("password",)
    audit_ignored_fields = ("last_login",)

    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(
        _("interface language"), max_length=2, choices=[("ru", "Русский"), ("ky", "Кыргызча"), ("en", "English")],
        default="ru",
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username


class RoleAssignment(AuditedModel):
    """A role held by a user within one scope: the country, a territorial unit or a committee."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("user"))
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    unit = models.ForeignKey(
        AdministrativeUnit, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("territory"),
        help_text=_("Empty for the whole country."),
    )
    committee = models.ForeignKey(
        "protection.Committee", null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("committee"),
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
