"""Reads for users, role assignments, territories to pick from and notifications, scoped by the permission layer."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import override

from tendik.accounts.models import Notification, RoleAssignment, User
from tendik.accounts.permissions import assignment_q, is_national, scope_paths
from tendik.accounts.roles import Perm
from tendik.core.i18n import LANGUAGES
from tendik.geography.models import AdministrativeUnit


def _active_assignments() -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.filter(is_active=True)


def users_for(actor: Any) -> QuerySet[User]:
    """Users `actor` may manage.

    National MANAGE_USERS: everyone. A territorial grant: users all of whose active roles lie in that territory
    (a user who also holds a role elsewhere, or for the whole country, or a superuser, stays out of reach).
    Anyone else: nobody.
    """
    if is_national(actor, Perm.MANAGE_USERS):
        return User.objects.all()
    in_scope = assignment_q(actor, Perm.MANAGE_USERS)
    return (
        User.objects.filter(pk__in=_active_assignments().filter(in_scope).values("user_id"))
        .exclude(pk__in=_active_assignments().exclude(in_scope).values("user_id"))
        .exclude(is_superuser=True)
    )


def user_list(*, actor: Any, query: str = "", role: str = "", active: str = "") -> QuerySet[User]:
    """The users page: search by username, name, organisation or e-mail; roles prefetched (constant queries)."""
    qs = users_for(actor)
    if query:
        qs = qs.filter(
            Q(username__icontains=query)
            | Q(full_name__icontains=query)
            | Q(organisation__icontains=query)
            | Q(email__icontains=query)
        )
    if role:
        qs = qs.filter(pk__in=_active_assignments().filter(role=role).values("user_id"))
    if active in {"1", "0"}:
        qs = qs.filter(is_active=active == "1")
    return qs.prefetch_related(
        Prefetch("role_assignments", queryset=_assignments_with_scope().filter(is_active=True), to_attr="active_roles")
    ).order_by("username")


def _assignments_with_scope() -> QuerySet[RoleAssignment]:
    # the committee's municipality too: scope checks on a committee assignment read its path
    return RoleAssignment.objects.select_related("unit", "committee__municipality").order_by("-is_active", "role", "pk")


def user_access(*, actor: Any, user_id: Any) -> User:
    """The user with `user_id` if `actor` may manage them; otherwise 404 (existence is not revealed)."""
    user = users_for(actor).filter(pk=user_id).first()
    if user is None:
        raise Http404
    return user


def user_assignments(*, user: User) -> QuerySet[RoleAssignment]:
    """All of a user's role assignments, active first, with their scope loaded."""
    return _assignments_with_scope().filter(user=user)


def assignment_access(*, actor: Any, user: User, assignment_id: Any) -> RoleAssignment:
    assignment = _assignments_with_scope().filter(user=user, pk=assignment_id).first()
    if assignment is None:
        raise Http404
    return assignment


def units_to_pick(*, actor: Any, query: str, limit: int = 20) -> QuerySet[AdministrativeUnit]:
    """Current units matching a name or SOATE code, inside the actor's MANAGE_USERS scope."""
    qs = AdministrativeUnit.objects.current().search(query)
    paths = scope_paths(actor, Perm.MANAGE_USERS)
    if paths is not None:
        scope = Q(pk__in=[])
        for path in paths:
            scope |= Q(path__startswith=path)
        qs = qs.filter(scope)
    return qs.select_related("parent").order_by("depth", "name_ru")[:limit]


def unit_pick_label(unit: AdministrativeUnit) -> str:
    """How a territory is written in the territory field (never its code): «Халмионский айылный аймак, Кадамжайский
    район». The parent tells apart units of the same name; the form reads the label back (`unit_from_label`)."""
    return f"{unit.name}, {unit.parent.name}" if unit.parent_id and unit.parent else unit.name


def unit_from_label(*, actor: Any, text: str) -> AdministrativeUnit | None:
    """The one unit in the actor's scope whose pick label is `text`, or None."""
    found = list(units_to_pick(actor=actor, query=text.split(",")[0], limit=50))
    # An English label may be a transliteration that search does not know: then every unit in scope (a few hundred).
    for candidates in (found, None):
        if candidates is None:
            candidates = list(units_to_pick(actor=actor, query="", limit=5000))
        for lang in LANGUAGES:  # the label as offered in any language (a form may be sent after switching)
            with override(lang):
                exact = [u for u in candidates if unit_pick_label(u) == text]
            if len(exact) == 1:
                return exact[0]
    return None


def unit_by_code(code: str) -> AdministrativeUnit | None:
    return AdministrativeUnit.objects.filter(code=code.strip()).first()


def committee_model() -> Any:
    # Committees belong to the protection app, which stands above accounts: look the model up, do not import it.
    return apps.get_model("protection", "Committee")


def committee_by_id(committee_id: Any) -> Any:
    return committee_model().objects.select_related("municipality").filter(pk=committee_id).first()


def notifications_for(*, user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).order_by("-created_at", "-pk")


def notification_access(*, user: Any, notification_id: Any) -> Notification:
    notification = notifications_for(user=user).filter(pk=notification_id).first()
    if notification is None:
        raise Http404
    return notification


def unread_count(*, user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
