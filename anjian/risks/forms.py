"""Forms of the risk pages: inputs are picked from the loaded scales and scored by the
services' ``Assessor``; the register form passes the model's own validation too."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy

from anjian.core.access import access_for
from anjian.core.forms import DateInput
from anjian.core.models import Enterprise
from anjian.core.validators import normalise_phone
from anjian.risks.models import (
    ControlMeasure,
    LecFactor,
    LsScale,
    RiskMethod,
    RiskPoint,
)
from anjian.risks.scoring import plain
from anjian.risks.services.assessment import ALL_INPUT_FIELDS, Assessor
from anjian.risks.services.risk_points import REGISTER_FIELDS

PREVIEW = {
    "hx-get": reverse_lazy("risks:assess_preview"),
    "hx-trigger": "change",
    "hx-target": "#assessment",
    "hx-include": "closest form",
}


def _input(label: str, coerce) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label=label, required=False, coerce=coerce, empty_value=None)


class AssessmentFields(forms.Form):
    """Method and inputs, each input a select of the values of its loaded table; ``clean``
    scores them (``self.assessment``) or names what is missing, and clears the inputs of the
    method not chosen. ``point`` starts the form from a risk point's assessment."""

    method = forms.ChoiceField(label="评价方法", choices=RiskMethod.choices)
    lec_l = _input("L 事故发生的可能性", Decimal)
    lec_e = _input("E 暴露于危险环境的频繁程度", Decimal)
    lec_c = _input("C 发生事故可能造成的后果", Decimal)
    ls_l = _input("L 可能性(LS)", int)
    ls_s = _input("S 严重性(LS)", int)

    def __init__(self, *args, point: RiskPoint | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.assessment = None
        lec = [
            (r.factor, plain(r.score), r.description) for r in LecFactor.objects.order_by("-score")
        ]
        ls = [
            (r.axis, str(r.value), r.description[:30]) for r in LsScale.objects.order_by("-value")
        ]
        for name, axis, rows in (
            *[(f"lec_{a.lower()}", a, lec) for a in "LEC"],
            *[(f"ls_{a.lower()}", a, ls) for a in "LS"],
        ):
            self.fields[name].choices = [("", "—")] + [
                (value, f"{value} {text}") for row_axis, value, text in rows if row_axis == axis
            ]
        for name in ("method", *ALL_INPUT_FIELDS):
            self.fields[name].widget.attrs.update(PREVIEW)
        point = point or getattr(self, "instance", None)
        if point is not None and point.method:
            self.initial["method"] = point.method
            for name in ALL_INPUT_FIELDS:
                if getattr(point, name) is not None:
                    self.initial[name] = plain(getattr(point, name))

    def clean(self):
        data = super().clean()
        if any(name in self.errors for name in ("method", *ALL_INPUT_FIELDS)):
            return data
        try:
            self.assessment = Assessor.load().assess(data.get("method"), data)
        except ValidationError as error:
            self.add_error(None, error)
        else:
            data.update(self.assessment.inputs)
        return data


class RiskPointForm(AssessmentFields, forms.ModelForm):
    """Register or correct a risk point; the level shown is computed, never typed."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = RiskPoint
        fields = REGISTER_FIELDS
        widgets = {
            "hazard_factors": forms.SelectMultiple(attrs={"size": 8}),
            "accident_types": forms.CheckboxSelectMultiple,
            "next_review_on": DateInput,
        }
        help_texts = {
            "hazard_factors": "可多选（按住Ctrl或在手机上逐项点选）。",
            "next_review_on": "不填则为一年后。",
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["next_review_on"].required = False
        if self.instance.pk:
            del self.fields["enterprise"]
            return
        enterprises = access_for(user).scope(Enterprise, "riskpoint.add").order_by("name")
        self.fields["enterprise"].queryset = enterprises
        only = list(enterprises[:2])
        if len(only) == 1:
            self.initial.setdefault("enterprise", only[0].pk)

    def clean_responsible_phone(self):
        return normalise_phone(self.cleaned_data["responsible_phone"])

    def service_data(self) -> dict:
        """What the service takes: the form's fields without the version."""
        return {k: v for k, v in self.cleaned_data.items() if k != "expected_version"}


class ReassessForm(AssessmentFields):
    """A new assessment: method, inputs and the next review date."""

    next_review_on = forms.DateField(
        label="下次评估日期", required=False, widget=DateInput, help_text="不填则为一年后。"
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class DeactivateForm(forms.Form):
    """Why the risk point is taken out of use."""

    reason = forms.CharField(label="停用原因", max_length=200)
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class MeasureForm(forms.ModelForm):
    """A control measure to add."""

    class Meta:
        model = ControlMeasure
        fields = ["kind", "control_level", "text", "responsible"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
