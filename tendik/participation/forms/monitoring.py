"""Forms of dialogue-group monitoring. They validate input; the services decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tendik.core.concurrency import StaleVersion, VersionedFormMixin
from tendik.core.uploads import EvidenceFileField
from tendik.participation.models import MemberRole, RatingTone, VisitLanguage


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        parent = obj.parent.name if getattr(obj, "parent", None) else ""
        return f"{obj.name} ({parent})" if parent else obj.name


class GroupChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.name


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class VisitStartForm(forms.Form):
    municipality = UnitChoiceField(label=_("Municipality"), queryset=None)  # type: ignore[arg-type]
    group = GroupChoiceField(label=_("Dialogue group"), queryset=None)  # type: ignore[arg-type]
    visited_on = forms.DateField(label=_("Date of the visit"), widget=DateInput())
    language = forms.ChoiceField(label=_("Language of the notes"), choices=VisitLanguage.choices)
    summary = forms.CharField(
        label=pgettext_lazy("monitoring visit", "Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, municipalities: Any, groups: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities.select_related("parent")  # type: ignore[attr-defined]
        self.fields["group"].queryset = groups  # type: ignore[attr-defined]
        self.fields["visited_on"].initial = timezone.localdate()


class VisitEditForm(VersionedFormMixin, forms.Form):
    group = GroupChoiceField(label=_("Dialogue group"), queryset=None)  # type: ignore[arg-type]
    visited_on = forms.DateField(label=_("Date of the visit"), widget=DateInput())
    language = forms.ChoiceField(label=_("Language of the notes"), choices=VisitLanguage.choices)
    summary = forms.CharField(
        label=pgettext_lazy("monitoring visit", "Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, groups: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups  # type: ignore[attr-defined]


class MeasureChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.number}. {obj.text}"


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.full_name


class VisitMeasuresForm(forms.Form):
    measures = MeasureChoiceField(
        label=_("Measures checked"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,  # type: ignore[arg-type]
    )
    monitors = MemberChoiceField(
        label=_("Monitors"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,  # type: ignore[arg-type]
    )

    def __init__(self, *args: Any, measures: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["measures"].queryset = measures  # type: ignore[attr-defined]
        self.fields["monitors"].queryset = members  # type: ignore[attr-defined]


class ScorecardsForm(forms.Form):
    """One rating, findings and recommendations per checked measure (fields named card-<id>-…)."""

    stale_diff: list[dict[str, Any]] | None = None

    def __init__(self, *args: Any, cards: list[Any], levels: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cards = cards
        choices = [("", "—"), *((str(lv.pk), lv.label) for lv in levels)]
        self.levels = {str(lv.pk): lv for lv in levels}
        for card in cards:
            p = f"card-{card.pk}"
            self.fields[f"{p}-level"] = forms.ChoiceField(
                label=_("Rating"), choices=choices, required=False, initial=str(card.level_id or "")
            )
            self.fields[f"{p}-findings"] = forms.CharField(
                label=_("Findings"), required=False, initial=card.findings, widget=forms.Textarea(attrs={"rows": 4})
            )
            self.fields[f"{p}-recommendations"] = forms.CharField(
                label=_("Recommendations"),
                required=False,
                initial=card.recommendations,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            # The version each card was read at (tendik.core.concurrency): a save over someone else's is refused.
            self.fields[f"{p}-version"] = forms.IntegerField(
                widget=forms.HiddenInput, required=False, min_value=0, initial=card.version
            )

    def rows(self) -> list[tuple[Any, Any, Any, Any]]:
        return [
            (c, self[f"card-{c.pk}-level"], self[f"card-{c.pk}-findings"], self[f"card-{c.pk}-recommendations"])
            for c in self.cards
        ]

    def values(self) -> list[tuple[Any, Any, str, str, int | None]]:
        out = []
        for c in self.cards:
            p = f"card-{c.pk}"
            out.append(
                (
                    c,
                    self.levels.get(self.cleaned_data.get(f"{p}-level") or ""),
                    self.cleaned_data.get(f"{p}-findings", ""),
                    self.cleaned_data.get(f"{p}-recommendations", ""),
                    self.cleaned_data.get(f"{p}-version"),
                )
            )
        return out

    def stale(self, card: Any, exc: StaleVersion) -> None:
        """Someone saved `card` after this editor opened it: keep her input, take the stored version (a second save
        wins knowingly) and show the difference, the measure named in each line."""
        raw: Any = self.data  # a QueryDict
        data = raw.copy()
        data[self.add_prefix(f"card-{card.pk}-version")] = exc.current_version
        self.data = data
        number = card.local_measure.number
        diff = [{**d, "label": f"{number}. {d['label']}"} for d in exc.diff]
        self.stale_diff = [*(self.stale_diff or []), *diff]
        self.add_error(
            None,
            _("Someone saved this after you opened it. Compare the difference below; save again to keep your version."),
        )


class PhotosForm(forms.Form):
    photos = EvidenceFileField(
        label=_("Photos"),
        multiple=True,
        help_text=_("JPEG, PNG or WebP. Location and camera data are removed before the photo is stored."),
    )
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)


class SeriesChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.title


class RecommendForm(forms.Form):
    series = SeriesChoiceField(
        label=pgettext_lazy("recommend into", "Consultation series"), queryset=None, empty_label=None
    )  # type: ignore[arg-type]

    def __init__(self, *args: Any, series: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["series"].queryset = series  # type: ignore[attr-defined]


class GroupForm(VersionedFormMixin, forms.Form):
    name_ru = forms.CharField(label=_("Name in Russian"), max_length=300)
    name_ky = forms.CharField(label=_("Name in Kyrgyz"), max_length=300, required=False)
    name_en = forms.CharField(label=_("Name in English"), max_length=300, required=False)
    territory = UnitChoiceField(label=_("Territory"), queryset=None)  # type: ignore[arg-type]
    founded_on = forms.DateField(label=_("Formed on"), required=False, widget=DateInput())
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, territories: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = territories.select_related("parent")  # type: ignore[attr-defined]


class MemberForm(VersionedFormMixin, forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    role = forms.ChoiceField(label=_("Role in the group"), choices=MemberRole.choices)
    occupation = forms.CharField(label=_("Occupation"), max_length=200, required=False)
    username = forms.CharField(
        label=_("Tendik account (user name)"),
        max_length=150,
        required=False,
        help_text=_("Link the member to her account so that she can write visits."),
    )
    joined_on = forms.DateField(label=_("Joined on"), required=False, widget=DateInput())
    left_on = forms.DateField(label=_("Left on"), required=False, widget=DateInput())

    def clean_username(self) -> Any:
        from tendik.accounts.models import User

        name = self.cleaned_data.get("username", "").strip()
        if not name:
            return None
        user = User.objects.filter(username=name, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("No active account has this user name."))
        return user


LEVEL_ROWS = 7


class ScaleForm(VersionedFormMixin, forms.Form):
    name_ru = forms.CharField(label=_("Name in Russian"), max_length=200)
    name_ky = forms.CharField(label=_("Name in Kyrgyz"), max_length=200, required=False)
    name_en = forms.CharField(label=_("Name in English"), max_length=200, required=False)
    is_current = forms.BooleanField(label=_("Use for new visits"), required=False, initial=True)

    def __init__(self, *args: Any, levels: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        levels = list(levels or [])
        for i in range(max(LEVEL_ROWS, len(levels) + 2)):
            lv = levels[i] if i < len(levels) else None
            self.fields[f"l{i}-score"] = forms.IntegerField(
                label=_("Score"), min_value=0, max_value=100, required=False, initial=lv.score if lv else None
            )
            for lang, label in (
                ("ru", _("Label in Russian")),
                ("ky", _("Label in Kyrgyz")),
                ("en", _("Label in English")),
            ):
                self.fields[f"l{i}-label_{lang}"] = forms.CharField(
                    label=label, max_length=120, required=False, initial=getattr(lv, f"label_{lang}", "")
                )
            self.fields[f"l{i}-tone"] = forms.ChoiceField(
                label=_("Colour"), choices=RatingTone.choices, initial=lv.tone if lv else RatingTone.FAIR
            )
        self.level_count = max(LEVEL_ROWS, len(levels) + 2)

    def level_rows(self) -> list[list[Any]]:
        names = ["score", "label_ru", "label_ky", "label_en", "tone"]
        return [[self[f"l{i}-{n}"] for n in names] for i in range(self.level_count)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for i in range(self.level_count):
            if data.get(f"l{i}-label_ru") and data.get(f"l{i}-score") is None:
                self.add_error(f"l{i}-score", _("Give this level a score."))
        return data

    def levels(self) -> list[dict[str, Any]]:
        d = self.cleaned_data
        return [
            {
                "score": d[f"l{i}-score"],
                "label_ru": d.get(f"l{i}-label_ru", ""),
                "label_ky": d.get(f"l{i}-label_ky", ""),
                "label_en": d.get(f"l{i}-label_en", ""),
                "tone": d.get(f"l{i}-tone"),
            }
            for i in range(self.level_count)
            if d.get(f"l{i}-label_ru") and d.get(f"l{i}-score") is not None
        ]
