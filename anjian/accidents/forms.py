"""Forms of the accident pages and of what follows (investigation, warnings, sanctions,
曝光台); every choice is limited to what the user may see, and the services check again."""

from __future__ import annotations

from django import forms

from anjian.accidents.models import Accident, AccidentGrade, MeasureKind, SanctionKind, SubjectKind
from anjian.accidents.services.accidents import reports_only_as_enterprise_staff
from anjian.core.forms import DateInput, ScopedChoicesMixin
from anjian.core.models import Department, Enterprise, Region, RegionLevel


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def text(label: str, rows: int = 3, **kwargs) -> forms.CharField:
    return forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": rows}), **kwargs)


def moment(label: str, **kwargs) -> forms.DateTimeField:
    """An optional time (now when left empty)."""
    return forms.DateTimeField(label=label, required=False, widget=DateTimeInput(), **kwargs)


class ExpectedVersionForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class AccidentForm(ScopedChoicesMixin, forms.ModelForm):
    """Report an accident; enterprise staff report for their own enterprise only."""

    unit_reported_at = moment(
        "事故单位报告时间", help_text="单位负责人向县级应急管理部门报告的时间；不填则为现在。"
    )
    reporting_unit = forms.CharField(label="报告单位", required=False, max_length=100)

    class Meta:
        model = Accident
        fields = Accident.report_fields
        widgets = {
            "occurred_at": DateTimeInput(),
            "narrative": forms.Textarea(attrs={"rows": 4}),
            "measures_taken": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "is_road_traffic": "道路交通事故和火灾事故的伤亡补报期为7日，其他为30日。",
            "sector": "不填则取事故单位的行业领域。",
            "enterprise": "道路交通等事故可以没有事故单位。",
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.own_enterprise_only = reports_only_as_enterprise_staff(user)
        fields = self.fields
        fields["enterprise"].queryset = fields["enterprise"].queryset.select_related("region")
        fields["sector"].required = False
        if self.own_enterprise_only:
            for name in ("region", "department", "sector"):
                del fields[name]
            fields["enterprise"].required = True
            return
        fields["region"].queryset = fields["region"].queryset.filter(
            level__in=[RegionLevel.COUNTY, RegionLevel.TOWN]
        )
        fields["region"].label_from_instance = lambda r: r.long_name

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("unit_reported_at", None)
        data.pop("reporting_unit", None)
        if self.own_enterprise_only:
            data["region"] = data["enterprise"].region
        return data

    def _post_clean(self):
        # The service validates the whole row; the form only checks its own fields.
        pass


class AccidentEditForm(forms.ModelForm):
    """Correct the description (the figures have their own form)."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Accident
        fields = Accident.descriptive_fields
        widgets = {"narrative": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expected_version"].initial = self.instance.version

    def _post_clean(self):
        pass


class FiguresForm(ExpectedVersionForm):
    """Changed casualties or loss (补报)."""

    deaths = forms.IntegerField(label="死亡人数", min_value=0)
    missing = forms.IntegerField(label="失踪人数", min_value=0)
    serious_injuries = forms.IntegerField(label="重伤人数(含急性工业中毒)", min_value=0)
    minor_injuries = forms.IntegerField(label="轻伤人数", min_value=0)
    direct_loss = forms.DecimalField(label="直接经济损失(元)", min_value=0, decimal_places=2)
    reason = text("变化情况说明")
    field_order = [*Accident.figure_fields, "reason"]


class OverrideForm(ExpectedVersionForm):
    """An authorised grade decision."""

    grade = forms.ModelChoiceField(label="认定等级", queryset=AccidentGrade.objects.all())
    reason = text("认定理由和依据")
    field_order = ["grade", "reason"]


class ReportUpwardForm(forms.Form):
    """The next level's report."""

    reporting_unit = forms.CharField(label="报告单位", max_length=100)
    reported_at = moment("报告时间", help_text="不填则为现在。")
    recipient = forms.CharField(label="接报单位", max_length=100, required=False)
    note = text("说明", rows=2, required=False)


class ConfirmForm(forms.Form):
    """A step with nothing to fill in."""


class ConclusionForm(forms.Form):
    conclusion = text("督导结论", rows=4)


# ---- investigation ------------------------------------------------------------------------


class InvestigationOpenForm(forms.Form):
    led_by = forms.CharField(label="牵头单位", max_length=200)
    team = text("调查组组成", help_text="成员单位和人员。")


class FindingForm(forms.Form):
    subject_kind = forms.ChoiceField(label="对象类别", choices=SubjectKind.choices)
    subject = forms.CharField(label="责任人或责任单位", max_length=100)
    position = forms.CharField(label="职务", max_length=100, required=False)
    responsibility = forms.CharField(label="责任认定", max_length=200)
    handling = text("处理建议或结果", rows=2)


class MeasureForm(ScopedChoicesMixin, forms.Form):
    """A rectification measure (转为隐患 or 转为责任事项 of an enterprise or department you see)."""

    description = text("整改措施", rows=2)
    kind = forms.ChoiceField(label="类型", choices=MeasureKind.choices)
    responsible = forms.CharField(label="责任单位", max_length=200)
    enterprise = forms.ModelChoiceField(
        label="整改单位",
        queryset=Enterprise.objects.order_by("name"),
        required=False,
        help_text="转为隐患时必填（默认为事故单位）。",
    )
    department = forms.ModelChoiceField(
        label="责任部门",
        queryset=Department.objects.order_by("name"),
        required=False,
        help_text="转为责任事项时必填，由该部门按期报送进展。",
    )
    due_date = forms.DateField(label="完成期限", required=False, widget=DateInput())


class ChecklistForm(forms.Form):
    cause_found = forms.BooleanField(label="事故原因已查清", required=False)
    responsible_dealt_with = forms.BooleanField(label="责任人员已处理", required=False)
    measures_in_place = forms.BooleanField(label="整改措施已落实", required=False)
    people_educated = forms.BooleanField(label="有关人员已受到教育", required=False)


class SubmitReportForm(forms.Form):
    causes = text("事故原因", rows=4)
    submitted_at = moment("提交时间")


class ReplyForm(forms.Form):
    reply_document = forms.CharField(label="批复文号", max_length=100)
    replied_at = moment("批复时间")


# ---- warnings -----------------------------------------------------------------------------


class WarningForm(ScopedChoicesMixin, forms.Form):
    """A warning to the sector in a region the user may see."""

    region = forms.ModelChoiceField(
        label="警示范围", queryset=Region.objects.filter(level__lte=RegionLevel.TOWN)
    )
    title = forms.CharField(label="标题", max_length=200)
    content = text("事故教训和防范要求", rows=5)
    ack_due = forms.DateField(label="确认和自查期限", required=False, widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].label_from_instance = lambda r: r.long_name


class SelfInspectionForm(forms.Form):
    findings = text("自查情况", rows=4, help_text="举一反三，写明检查范围和发现的问题。")
    hazards_found = forms.IntegerField(label="发现隐患数", min_value=0, initial=0)


# ---- sanctions ----------------------------------------------------------------------------


class SanctionForm(forms.Form):
    kind = forms.ChoiceField(label="处置措施", choices=SanctionKind.choices)
    reason = text("依据和理由")


class CheckItemForm(forms.Form):
    item = forms.CharField(widget=forms.HiddenInput)
    done = forms.BooleanField(label="已完成", required=False)
    note = forms.CharField(label="核查说明", max_length=300, required=False)


class LiftForm(forms.Form):
    note = text("复工复产意见")


# ---- 曝光台 ----------------------------------------------------------------------------------


class PublishForm(forms.Form):
    """A redacted summary; the service refuses personal data."""

    title = forms.CharField(label="标题", max_length=200)
    summary = text("事故概要(不得含个人信息)", rows=4)
    lessons = text("警示和教训", rows=4)
    name_enterprise = forms.BooleanField(label="公开事故单位名称", required=False)


class WithdrawForm(forms.Form):
    reason = text("撤回原因", rows=2)
