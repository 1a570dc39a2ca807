"""Sign-in, sign-out, password change, second factor, API tokens and the user's own account page."""

from __future__ import annotations

import base64
import datetime as dt
import re
from typing import Any
from urllib.parse import urlencode

import django_otp
import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from tendik.accounts import services
from tendik.accounts.forms import LoginForm, TokenForm
from tendik.accounts.middleware import IDLE_FLAG
from tendik.accounts.permissions import perms_summary, requires_two_factor
from tendik.accounts.roles import PERM_LABELS
from tendik.accounts.selectors import unread_count, user_assignments
from tendik.accounts.views.common import actor, safe_next


def address_limited(request: HttpRequest) -> bool:
    """Too many failed sign-ins from this address lately, whatever the accounts (password spraying)."""
    from axes.helpers import get_client_ip_address
    from axes.models import AccessAttempt

    ip = get_client_ip_address(request)
    if not ip:
        return False
    since = timezone.now() - dt.timedelta(minutes=settings.TENDIK_LOGIN_ADDRESS_WINDOW_MINUTES)
    failures = AccessAttempt.objects.filter(ip_address=ip, attempt_time__gte=since).aggregate(
        n=Sum("failures_since_start")
    )["n"]
    return (failures or 0) >= settings.TENDIK_LOGIN_ADDRESS_LIMIT


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if address_limited(request):
            return render(request, "accounts/address_limited.html", status=429)
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["idle_logout"] = self.request.session.pop(IDLE_FLAG, False)
        return context

    def get_success_url(self) -> str:
        url = super().get_success_url()
        if requires_two_factor(self.request.user):
            return f"{reverse('accounts:two_factor')}?{urlencode({'next': url})}"
        return url

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        # The interface speaks the language chosen in the user's profile from the first page after sign-in.
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            form.get_user().language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
        )
        return response


# Not one transaction: checking a password is slow on purpose (PBKDF2), and on SQLite a request's transaction holds
# the write lock; the few writes of a sign-in (session, last login, failed attempts) stand on their own.
sign_in = transaction.non_atomic_requests(SignInView.as_view())
sign_out = auth_views.LogoutView.as_view()


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        return response


password_change = PasswordChangeView.as_view()


def qr_svg(text: str) -> SafeString:
    """`text` as a QR code in inline SVG, drawn here: the secret never leaves Tendik for a QR service."""
    svg = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathFillImage, border=2).to_string(encoding="unicode")
    # Inline SVG in HTML needs no namespace declaration (and pages carry no external URLs at all).
    svg = svg.replace(' xmlns="http://www.w3.org/2000/svg"', "")
    svg = re.sub(r' width="[^"]*" height="[^"]*"', ' width="220" height="220"', svg, count=1)
    label = _("QR code for the authenticator app")
    return mark_safe(svg.replace("<svg ", f'<svg class="qr" role="img" aria-label="{label}" ', 1))  # noqa: S308


def _verified(user: Any) -> bool:
    """Has this session passed the second factor? (OTPMiddleware gives request.user an is_verified().)"""
    return bool(getattr(user, "is_verified", lambda: False)())


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _verify_confirmed(user: Any, token: str) -> TOTPDevice | None:
    for device in TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk"):
        verified = django_otp.verify_token(user, device.persistent_id, token)
        if verified is not None:
            return verified
    return None


def _throttled(user: Any) -> bool:
    return any(not d.verify_is_allowed()[0] for d in TOTPDevice.objects.filter(user=user))


def _pass_second_factor(request: HttpRequest, device: TOTPDevice) -> None:
    request.session.cycle_key()  # a new session key at the step up, against session fixation
    django_otp.login(request, device)


@login_required
@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app (first time) or enter its code; then continue to `next`."""
    user = actor(request)
    next_url = safe_next(request)
    if _verified(user):
        return render(request, "accounts/two_factor_done.html", {"next": next_url})
    form = TokenForm(request.POST or None)
    has_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    if has_device:
        if request.method == "POST" and form.is_valid():
            device = _verify_confirmed(user, form.cleaned_data["token"])
            if device is not None:
                _pass_second_factor(request, device)
                return redirect(next_url)
            form.add_error("token", _wrong_code_message(user))
        return render(
            request,
            "accounts/two_factor_verify.html",
            {"form": form, "next": next_url, "required": requires_two_factor(user)},
        )
    device = services.totp_device_start(user=user)
    if request.method == "POST" and form.is_valid():
        if services.totp_device_confirm(device=device, token=form.cleaned_data["token"]):
            _pass_second_factor(request, device)
            messages.success(request, _("Two-factor sign-in is set up. Keep the phone with the app safe."))
            return redirect(next_url)
        form.add_error("token", _wrong_code_message(user))
    secret = base64.b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "next": next_url,
        "qr": qr_svg(device.config_url),
        "secret": _grouped(secret),
        "required": requires_two_factor(user),
    }
    return render(request, "accounts/two_factor_setup.html", context)


def _wrong_code_message(user: Any) -> str:
    if _throttled(user):
        return _("Too many wrong codes. Wait a minute, then enter the newest code.")
    return _("This code is not valid. Check the time on your phone and enter the newest code.")


@login_required
@require_http_methods(["GET", "POST"])
def api_token(request: HttpRequest) -> HttpResponse:
    """The user's own API token. A token acts without a second factor, so it is issued only after one."""
    user = actor(request)
    if requires_two_factor(user) and not _verified(user):
        return redirect(f"{reverse('accounts:two_factor')}?{urlencode({'next': request.get_full_path()})}")
    new_key = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "issue":
            new_key = services.api_token_issue(user=user).key
        elif action == "revoke":
            if services.api_token_revoke(user=user):
                messages.success(request, _("The API token has been revoked."))
            return redirect("accounts:api_token")
    token = Token.objects.filter(user=user).first()
    return render(request, "accounts/api_token.html", {"token": token, "new_key": new_key})


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    context = {
        "assignments": user_assignments(user=user).filter(is_active=True),
        "permissions": sorted(str(PERM_LABELS[p]) for p in perms_summary(user)),
        "two_factor_required": requires_two_factor(user),
        "has_device": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
        "has_token": Token.objects.filter(user=user).exists(),
        "unread": unread_count(user=user),
    }
    return render(request, "accounts/profile.html", context)
