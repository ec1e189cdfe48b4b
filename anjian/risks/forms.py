"""Forms of the risk pages; inputs are picked from the loaded scales, choices are scoped."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from anjian.core.models import AccidentCategory
from anjian.risks.models import (
    ControlKind,
    ControlLevel,
    HazardFactorCategory,
    LecFactor,
    LsScale,
    RiskMethod,
    RiskPoint,
)
from anjian.risks.scoring import plain
from anjian.risks.selectors import enterprises_for


class DateInput(forms.DateInput):
    input_type = "date"


def _lec_choices(axis: str) -> list[tuple[str, str]]:
    rows = LecFactor.objects.filter(factor=axis).order_by("-score")
    return [("", "—")] + [(plain(r.score), f"{plain(r.score)} {r.description}") for r in rows]


def _ls_choices(axis: str) -> list[tuple[str, str]]:
    rows = LsScale.objects.filter(axis=axis).order_by("-value")
    return [("", "—")] + [(str(r.value), f"{r.value} {r.description[:30]}") for r in rows]


def _decimal_or_none(value):
    return Decimal(value) if value not in (None, "") else None


def _int_or_none(value):
    return int(value) if value not in (None, "") else None


class AssessmentFields(forms.Form):
    """Method and inputs, each input a select of the values of its loaded table."""

    method = forms.ChoiceField(label="评价方法", choices=RiskMethod.choices)
    lec_l = forms.TypedChoiceField(label="L 事故发生的可能性", required=False)
    lec_e = forms.TypedChoiceField(label="E 暴露于危险环境的频繁程度", required=False)
    lec_c = forms.TypedChoiceField(label="C 发生事故可能造成的后果", required=False)
    ls_l = forms.TypedChoiceField(label="L 可能性(LS)", required=False)
    ls_s = forms.TypedChoiceField(label="S 严重性(LS)", required=False)

    input_names = ("lec_l", "lec_e", "lec_c", "ls_l", "ls_s")

    def setup_inputs(self, preview_url: str = "") -> None:
        """Fill the input choices from the tables; changing one asks for a level preview."""
        for name, axis in (("lec_l", "L"), ("lec_e", "E"), ("lec_c", "C")):
            field = self.fields[name]
            field.choices = _lec_choices(axis)
            field.coerce = _decimal_or_none
            field.empty_value = None
        for name, axis in (("ls_l", "L"), ("ls_s", "S")):
            field = self.fields[name]
            field.choices = _ls_choices(axis)
            field.coerce = _int_or_none
            field.empty_value = None
        if preview_url:
            for name in ("method", *self.input_names):
                self.fields[name].widget.attrs.update(
                    {
                        "hx-get": preview_url,
                        "hx-trigger": "change",
                        "hx-target": "#assessment",
                        "hx-include": "closest form",
                    }
                )

    def assessment_data(self) -> dict:
        """The method and the inputs it uses (the other method's are left out)."""
        method = self.cleaned_data.get("method")
        used = ("lec_l", "lec_e", "lec_c") if method == RiskMethod.LEC else ("ls_l", "ls_s")
        return {"method": method, **{n: self.cleaned_data.get(n) for n in used}}


class RiskPointForm(AssessmentFields, forms.ModelForm):
    """Register or correct a risk point; the level shown is computed, never typed."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    hazard_factors = forms.ModelMultipleChoiceField(
        label="危险和有害因素(GB/T 13861)",
        queryset=HazardFactorCategory.objects.order_by("code"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="可多选（按住Ctrl或在手机上逐项点选）。",
    )
    accident_types = forms.ModelMultipleChoiceField(
        label="可能导致的事故类型(GB 6441)",
        queryset=AccidentCategory.objects.order_by("code"),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = RiskPoint
        fields = [
            "enterprise",
            "name",
            "place",
            "activity",
            "hazard_factors",
            "accident_types",
            "method",
            "lec_l",
            "lec_e",
            "lec_c",
            "ls_l",
            "ls_s",
            "responsible_name",
            "responsible_phone",
            "next_review_on",
        ]
        widgets = {"next_review_on": DateInput}
        help_texts = {"next_review_on": "不填则为一年后。"}

    def __init__(self, *args, user, preview_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_inputs(preview_url)
        self.fields["next_review_on"].required = False
        self.fields["hazard_factors"].label_from_instance = lambda h: f"{h.code} {h.name}"
        if self.instance.pk:
            del self.fields["enterprise"]
            self.fields["expected_version"].initial = self.instance.version
            for name in self.input_names:
                value = getattr(self.instance, name)
                if value is not None:
                    self.initial[name] = plain(value) if isinstance(value, Decimal) else value
        else:
            self.fields["enterprise"].queryset = enterprises_for(user, "add").order_by("name")

    def _post_clean(self):
        # The service validates and writes the row; the form only collects the input.
        pass

    def service_data(self) -> dict:
        data = {
            k: v
            for k, v in self.cleaned_data.items()
            if k not in ("expected_version", *self.input_names)
        }
        data.update(self.assessment_data())
        return data


class ReassessForm(AssessmentFields):
    """A new assessment: method, inputs and the next review date."""

    next_review_on = forms.DateField(
        label="下次评估日期", required=False, widget=DateInput, help_text="不填则为一年后。"
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, preview_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_inputs(preview_url)


class DeactivateForm(forms.Form):
    """Why the risk point is taken out of use."""

    reason = forms.CharField(label="停用原因", max_length=200)
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class MeasureForm(forms.Form):
    """A control measure to add."""

    kind = forms.ChoiceField(label="措施类别", choices=ControlKind.choices)
    control_level = forms.ChoiceField(label="管控层级", choices=ControlLevel.choices)
    text = forms.CharField(label="管控措施", widget=forms.Textarea(attrs={"rows": 3}))
    responsible = forms.CharField(label="责任人", max_length=50)
