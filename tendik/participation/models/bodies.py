"""Bodies (councils, administrations, commissions …) and their composition over time, with the quota rules.

Composition is kept as dated facts, never as a "current" number that is overwritten:

* `BodySeats` — the number of seats from a date on;
* `CompositionCount` — women and men holding a seat as of a date (bodies recorded by counts), with the sex of the
  head and the deputy;
* `BodyMember` — a named (or anonymous) person holding a position for a term (bodies recorded by members);
* `BodyEvent` — what happened (election, appointment, departure, vacancy, change of seats), the timeline.

"Composition on date D" is the latest seats and count facts on or before D, or the members whose term covers D
(selectors.bodies.with_composition computes it in the database). A body at a unit that was later reformed keeps its
unit and its history; a successor body at the new unit names it as `predecessor`.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tendik.audit.models import AuditedModel
from tendik.core.concurrency import Versioned
from tendik.core.i18n import localized

# Bodies below this many seats are exempt from the share rule by default: one holder is always 100% of one sex,
# and for two seats the head/deputy rule (or a per-type threshold of 2) says what "balanced" means.
DEFAULT_MIN_SEATS = 3
DEFAULT_MAX_SHARE = 70


class Sex(models.TextChoices):
    FEMALE = "female", pgettext_lazy("sex", "Woman")
    MALE = "male", pgettext_lazy("sex", "Man")


class Position(models.TextChoices):
    HEAD = "head", pgettext_lazy("body position", "Head")
    DEPUTY = "deputy", pgettext_lazy("body position", "Deputy head")
    SECRETARY = "secretary", pgettext_lazy("body position", "Secretary")
    MEMBER = "member", pgettext_lazy("body position", "Member")


class AgeGroup(models.TextChoices):
    UNDER_30 = "under_30", _("under 30")
    FROM_30 = "30_44", _("30–44")
    FROM_45 = "45_59", _("45–59")
    OVER_60 = "60_over", _("60 and over")


class EventKind(models.TextChoices):
    ELECTION = "election", pgettext_lazy("body event", "Election")
    APPOINTMENT = "appointment", pgettext_lazy("body event", "Appointment")
    DEPARTURE = "departure", pgettext_lazy("body event", "Departure")
    VACANCY = "vacancy", pgettext_lazy("body event", "Vacancy")
    SEATS = "seats", pgettext_lazy("body event", "Change in the number of seats")
    COUNT = "count", pgettext_lazy("body event", "Composition recorded")


class Recording(models.TextChoices):
    COUNTS = "counts", _("Counts of women and men")
    MEMBERS = "members", _("Named members")


class BodyType(Versioned, AuditedModel):
    """A kind of body (ayil kenesh, commission, school parliament …) and the thresholds of its quota rules."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_ky = models.CharField(_("name (Kyrgyz)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    max_share = models.PositiveSmallIntegerField(
        _("highest share of one sex, %"),
        default=DEFAULT_MAX_SHARE,
        validators=[MinValueValidator(50), MaxValueValidator(100)],
        help_text=_("A body breaks the rule when one sex holds more than this share of the filled seats."),
    )
    min_seats = models.PositiveSmallIntegerField(
        _("smallest body the share rule applies to (seats)"),
        default=DEFAULT_MIN_SEATS,
        validators=[MinValueValidator(1)],
        help_text=_("Bodies with fewer seats, or fewer filled seats, are not checked against the share rule."),
    )
    head_deputy_rule = models.BooleanField(
        _("head and deputy must be of different sexes"),
        default=False,
    )
    indicator_code = models.SlugField(
        _("plan indicator fed by these bodies"),
        max_length=80,
        blank=True,
        help_text=_("Code of the plan indicator that counts the members of such bodies, by sex."),
    )
    is_active = models.BooleanField(_("in use"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    name = localized("name")

    class Meta:
        verbose_name = _("body type")
        verbose_name_plural = _("body types")
        ordering = ["order", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(max_share__gte=50, max_share__lte=100), name="part_bodytype_share"),
            models.CheckConstraint(condition=Q(min_seats__gte=1), name="part_bodytype_min_seats"),
        ]

    def __str__(self) -> str:
        return self.name

    def audit_label(self) -> str:
        return self.code


class Body(Versioned, AuditedModel):
    """One body at a territory: the Kara-Bulak ayil kenesh, the Aydarken town youth committee …"""

    body_type = models.ForeignKey(BodyType, verbose_name=_("type"), on_delete=models.PROTECT, related_name="bodies")
    unit = models.ForeignKey(
        "geography.AdministrativeUnit", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    name_ru = models.CharField(_("name (Russian)"), max_length=250)
    name_ky = models.CharField(_("name (Kyrgyz)"), max_length=250, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=250, blank=True)
    recording = models.CharField(
        _("composition recorded as"), max_length=10, choices=Recording.choices, default=Recording.COUNTS
    )
    established_on = models.DateField(_("established on"), null=True, blank=True)
    dissolved_on = models.DateField(
        _("dissolved on"), null=True, blank=True, help_text=_("Empty while the body exists.")
    )
    predecessor = models.ForeignKey(
        "self",
        verbose_name=_("continues the body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="successors",
        help_text=_("After a territorial reform: the body this one replaces."),
    )
    notes = models.TextField(_("notes"), blank=True)

    name = localized("name")

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["unit__path", "body_type__order", "name_ru"]
        constraints = [
            models.CheckConstraint(
                condition=Q(dissolved_on__isnull=True)
                | Q(established_on__isnull=True)
                | Q(dissolved_on__gt=models.F("established_on")),
                name="part_body_dates",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def audit_label(self) -> str:
        return f"body-{self.pk}"


class BodySeats(AuditedModel):
    """The number of seats of a body from `valid_from` until the next such fact."""

    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="seat_facts")
    valid_from = models.DateField(_("from"))
    seats = models.PositiveSmallIntegerField(_("seats"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("number of seats")
        verbose_name_plural = _("numbers of seats")
        ordering = ["body", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["body", "valid_from"], name="part_seats_unique_date"),
            models.CheckConstraint(condition=Q(seats__gte=1), name="part_seats_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.body_id} {self.valid_from}: {self.seats}"

    def audit_label(self) -> str:
        return f"seats-{self.body_id}-{self.valid_from}"


class CompositionCount(AuditedModel):
    """Women and men holding a seat as of a date (until the next count): for bodies recorded by counts."""

    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="counts")
    as_of = models.DateField(_("as of"))
    women = models.PositiveSmallIntegerField(_("women"))
    men = models.PositiveSmallIntegerField(_("men"))
    head_sex = models.CharField(_("head"), max_length=6, choices=Sex.choices, blank=True)
    deputy_sex = models.CharField(_("deputy head"), max_length=6, choices=Sex.choices, blank=True)

    class Meta:
        verbose_name = _("composition count")
        verbose_name_plural = _("composition counts")
        ordering = ["body", "as_of"]
        constraints = [models.UniqueConstraint(fields=["body", "as_of"], name="part_count_unique_date")]

    def __str__(self) -> str:
        return f"{self.body_id} {self.as_of}: {self.women}/{self.men}"

    def audit_label(self) -> str:
        return f"count-{self.body_id}-{self.as_of}"


class BodyMember(AuditedModel):
    """A person holding a position in a body for a term. Name, age group and disability only with her consent."""

    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="members")
    position = models.CharField(_("position"), max_length=10, choices=Position.choices, default=Position.MEMBER)
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices)
    term_start = models.DateField(_("term start"))
    term_end = models.DateField(
        _("term end"), null=True, blank=True, help_text=_("The day she or he no longer holds the seat.")
    )
    consent_on = models.DateField(
        _("consent to personal details recorded on"),
        null=True,
        blank=True,
        help_text=_("Without recorded consent only position, sex and term are kept."),
    )
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    age_group = models.CharField(_("age group"), max_length=10, choices=AgeGroup.choices, blank=True)
    disability = models.BooleanField(_("has a disability"), null=True, blank=True)

    audit_redacted_fields = ("full_name",)

    class Meta:
        verbose_name = _("member of a body")
        verbose_name_plural = _("members of bodies")
        ordering = ["body", "term_start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(consent_on__isnull=False)
                | (Q(full_name="") & Q(age_group="") & Q(disability__isnull=True)),
                name="part_member_consent",
            ),
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gt=models.F("term_start")),
                name="part_member_term",
            ),
        ]
        indexes = [models.Index(fields=["body", "term_start"])]

    def __str__(self) -> str:
        return f"{self.body_id} {self.position} {self.term_start}"

    def audit_label(self) -> str:
        return f"member-{self.pk}"


class BodyEvent(AuditedModel):
    """Something that happened to a body's composition, in the order it happened."""

    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("what happened"), max_length=12, choices=EventKind.choices)
    on = models.DateField(_("date"))
    member = models.ForeignKey(
        BodyMember, verbose_name=_("member"), null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("event in a body")
        verbose_name_plural = _("events in bodies")
        ordering = ["body", "-on", "-id"]

    def __str__(self) -> str:
        return f"{self.body_id} {self.kind} {self.on}"

    def audit_label(self) -> str:
        return f"body-event-{self.pk}"
