"""Print every active account with its roles and scopes, the demo password, and who must set up 2FA."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db.models import Prefetch
from django_otp.plugins.otp_totp.models import TOTPDevice

from tendik.accounts.models import RoleAssignment, User
from tendik.accounts.permissions import requires_two_factor
from tendik.accounts.services import DEMO_PASSWORD


class Command(BaseCommand):
    help = "List the active accounts with roles, scopes and the demo password."

    def handle(self, *args: Any, **options: Any) -> None:
        users = (
            User.objects.filter(is_active=True)
            .order_by("username")
            .prefetch_related(
                Prefetch(
                    "role_assignments",
                    queryset=RoleAssignment.objects.filter(is_active=True).select_related("unit", "committee"),
                    to_attr="active_roles",
                )
            )
        )
        confirmed = set(TOTPDevice.objects.filter(confirmed=True).values_list("user_id", flat=True))
        rows = [("username", "roles and scopes", "password", "two-factor")]
        self.stdout.write("")
        for user in users:
            roles = "; ".join(f"{a.get_role_display()} — {a.scope_label}" for a in user.active_roles) or "—"
            if not requires_two_factor(user):
                second = "not required"
            elif user.pk in confirmed:
                second = "required, device set up"
            else:
                second = "required: set up at first sign-in"
            rows.append((user.username, roles, self._password(user), second))
        widths = [max(len(str(r[i])) for r in rows) for i in range(3)]
        self.stdout.write("Demo accounts (development data only):")
        for i, row in enumerate(rows):
            self.stdout.write("  ".join(str(v).ljust(widths[n]) if n < 3 else str(v) for n, v in enumerate(row)))
            if i == 0:
                self.stdout.write("  ".join("-" * w for w in widths) + "  " + "-" * 10)
        if len(rows) == 1:
            self.stdout.write("No active accounts. Run `load_demo_users` first.")
        else:
            self.stdout.write(
                "Accounts marked 'set up at first sign-in' are shown a QR code after the password: scan it with an "
                "authenticator app (FreeOTP, Aegis, Google or Microsoft Authenticator) and enter the code."
            )

    @staticmethod
    def _password(user: User) -> str:
        # Only accounts that still have the demo password show it; never in production.
        if getattr(settings, "PRODUCTION", False) or not user.check_password(DEMO_PASSWORD):
            return "(own password)"
        return DEMO_PASSWORD
