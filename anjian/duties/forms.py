"""Forms of the duties pages; region and department choices stay within the user's scope."""

from django import forms

from anjian.core.access import access_for
from anjian.core.forms import MultipleFileField, ScopedChoicesMixin
from anjian.core.models import Department, Region, RegionLevel
from anjian.duties.models import Obligation, UnitRole


class NoticeUploadForm(ScopedChoicesMixin, forms.Form):
    """Upload a notice file for a region the user holds."""

    file = forms.FileField(
        label="通知原文",
        help_text="DOCX、PDF（含文字层）、HTML 或 TXT，最大 20 MB",
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.pdf,.html,.htm,.txt"}),
    )
    region = forms.ModelChoiceField(
        queryset=Region.objects.filter(level__lte=RegionLevel.TOWN), label="发文区划"
    )
    year = forms.IntegerField(
        label="工作年度",
        required=False,
        min_value=2000,
        max_value=2100,
        help_text="留空则取通知中的年度",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        home = getattr(self.user, "region", None)
        choosable = home is not None and home.level <= RegionLevel.TOWN
        if choosable and access_for(self.user).allows("view", home):
            self.fields["region"].initial = home.pk


class DepartmentChoicesForm(ScopedChoicesMixin, forms.Form):
    """A form whose departments are those a task of ``region`` may be given to."""

    department_field = "department"

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields[self.department_field]
        under = field.queryset & Obligation.departments_under(region)
        field.queryset = under.select_related("region").order_by("region__path", "name")


class UnitMapForm(DepartmentChoicesForm):
    """Map an unresolved unit name to a department once; it is remembered as an alias."""

    name = forms.CharField(widget=forms.HiddenInput)
    department = forms.ModelChoiceField(queryset=Department.objects.all(), label="对应部门")


class AssignForm(DepartmentChoicesForm):
    """Make departments responsible for a task (for a vague unit, or in addition)."""

    department_field = "departments"
    name = forms.ChoiceField(label="原文单位", required=False)
    departments = forms.ModelMultipleChoiceField(
        queryset=Department.objects.all(),
        label="指定部门",
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    role = forms.ChoiceField(choices=UnitRole.choices, label="分工", initial=UnitRole.LEAD)

    def __init__(self, *args, obligation: Obligation, **kwargs):
        super().__init__(*args, region=obligation.region, **kwargs)
        pending = [(p["name"], p["name"]) for p in obligation.pending_units]
        self.fields["name"].choices = [("", "（新增部门，不对应原文单位）"), *pending]


class ProgressForm(forms.Form):
    """A department's progress report with evidence files."""

    text = forms.CharField(label="进展情况", widget=forms.Textarea(attrs={"rows": 5}))
    files = MultipleFileField(
        label="佐证材料",
        required=False,
        accept="image/*,.pdf,.docx,.xlsx",
        help_text="照片、PDF、Word、Excel，可多选，每个最大 20 MB",
    )


class ReturnForm(forms.Form):
    """Return a report with the reason the department must act on."""

    reason = forms.CharField(label="退回理由", widget=forms.Textarea(attrs={"rows": 3}))


class IndicatorForm(forms.Form):
    """Record a value towards a target."""

    indicator = forms.IntegerField(widget=forms.HiddenInput)
    value = forms.DecimalField(label="当前值", min_value=0, max_digits=14, decimal_places=2)
    note = forms.CharField(label="说明", required=False, max_length=300)
