"""Forms of the duties pages; region and department choices stay within the user's scope."""

from django import forms

from anjian.core.models import Department, Region
from anjian.duties.models import UnitRole


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (phone cameras and galleries included)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*,.pdf,.docx,.xlsx"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class NoticeUploadForm(forms.Form):
    """Upload a notice file for a region the user holds."""

    file = forms.FileField(
        label="通知原文",
        help_text="DOCX、PDF（含文字层）、HTML 或 TXT，最大 20 MB",
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.pdf,.html,.htm,.txt"}),
    )
    region = forms.ModelChoiceField(queryset=Region.objects.none(), label="发文区划")
    year = forms.IntegerField(
        label="工作年度",
        required=False,
        min_value=2000,
        max_value=2100,
        help_text="留空则取通知中的年度",
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        regions = Region.objects.visible_to(user, "view").filter(level__lte=4)
        self.fields["region"].queryset = regions
        home = getattr(user, "region", None)
        if home is not None and regions.filter(pk=home.pk).exists():
            self.fields["region"].initial = home.pk


def _departments(region, user):
    qs = Department.objects.filter(region__path__startswith=region.path).select_related("region")
    return qs.visible_to(user).order_by("region__path", "name")


class UnitMapForm(forms.Form):
    """Map an unresolved unit name to a department once; it is remembered as an alias."""

    name = forms.CharField(widget=forms.HiddenInput)
    department = forms.ModelChoiceField(queryset=Department.objects.none(), label="对应部门")

    def __init__(self, *args, region=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = _departments(region, user)


class AssignForm(forms.Form):
    """Make departments responsible for a task (for a vague unit, or in addition)."""

    name = forms.ChoiceField(label="原文单位", required=False)
    departments = forms.ModelMultipleChoiceField(
        queryset=Department.objects.none(),
        label="指定部门",
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    role = forms.ChoiceField(choices=UnitRole.choices, label="分工", initial=UnitRole.LEAD)

    def __init__(self, *args, obligation=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departments"].queryset = _departments(obligation.region, user)
        pending = [(p["name"], p["name"]) for p in obligation.pending_units]
        self.fields["name"].choices = [("", "（新增部门，不对应原文单位）"), *pending]


class ProgressForm(forms.Form):
    """A department's progress report with evidence files."""

    text = forms.CharField(label="进展情况", widget=forms.Textarea(attrs={"rows": 5}))
    files = MultipleFileField(
        label="佐证材料", required=False, help_text="照片、PDF、Word、Excel，可多选，每个最大 20 MB"
    )


class ReturnForm(forms.Form):
    """Return a report with the reason the department must act on."""

    reason = forms.CharField(label="退回理由", widget=forms.Textarea(attrs={"rows": 3}))


class EmptyForm(forms.Form):
    """A step with no input (accept)."""


class IndicatorForm(forms.Form):
    """Record a value towards a target."""

    indicator = forms.IntegerField(widget=forms.HiddenInput)
    value = forms.DecimalField(label="当前值", min_value=0, max_digits=14, decimal_places=2)
    note = forms.CharField(label="说明", required=False, max_length=300)
