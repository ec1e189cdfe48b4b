"""Forms of the accident pages; every choice is limited to what the user may see."""

from __future__ import annotations

from django import forms

from anjian.accidents.models import (
    Accident,
    AccidentGrade,
    InvestigationLevel,
    MeasureKind,
    SanctionKind,
    SubjectKind,
)
from anjian.accidents.services.accidents import reports_only_as_enterprise_staff
from anjian.core.access import access_for
from anjian.core.models import Department, Enterprise, Region, RegionLevel
from anjian.core.statistics import validate_statistics_day


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"


class AccidentForm(forms.ModelForm):
    """Report an accident; enterprise staff report for their own enterprise only."""

    unit_reported_at = forms.DateTimeField(
        label="事故单位报告时间",
        required=False,
        widget=DateTimeInput(),
        help_text="单位负责人向县级应急管理部门报告的时间；不填则为现在。",
    )
    reporting_unit = forms.CharField(label="报告单位", required=False, max_length=100)

    class Meta:
        model = Accident
        fields = [
            "title",
            "occurred_at",
            "place",
            "region",
            "enterprise",
            "sector",
            "department",
            "category",
            "is_road_traffic",
            "deaths",
            "missing",
            "serious_injuries",
            "minor_injuries",
            "direct_loss",
            "narrative",
            "measures_taken",
        ]
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
        super().__init__(*args, **kwargs)
        self.own_enterprise_only = reports_only_as_enterprise_staff(user)
        enterprises = Enterprise.objects.visible_to(user, "view").select_related("region")
        self.fields["enterprise"].queryset = enterprises
        self.fields["sector"].required = False
        if self.own_enterprise_only:
            for name in ("region", "department", "sector"):
                del self.fields[name]
            self.fields["enterprise"].required = True
            return
        self.fields["region"].queryset = Region.objects.visible_to(user).filter(
            level__in=[RegionLevel.COUNTY, RegionLevel.TOWN]
        )
        self.fields["region"].label_from_instance = lambda r: r.full_name or r.name
        self.fields["department"].queryset = Department.objects.visible_to(user)

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
        fields = ["title", "place", "category", "is_road_traffic", "narrative", "measures_taken"]
        widgets = {"narrative": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expected_version"].initial = self.instance.version

    def _post_clean(self):
        pass


class FiguresForm(forms.Form):
    """Changed casualties or loss (补报)."""

    deaths = forms.IntegerField(label="死亡人数", min_value=0)
    missing = forms.IntegerField(label="失踪人数", min_value=0)
    serious_injuries = forms.IntegerField(label="重伤人数(含急性工业中毒)", min_value=0)
    minor_injuries = forms.IntegerField(label="轻伤人数", min_value=0)
    direct_loss = forms.DecimalField(label="直接经济损失(元)", min_value=0, decimal_places=2)
    reason = forms.CharField(label="变化情况说明", widget=forms.Textarea(attrs={"rows": 3}))
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class OverrideForm(forms.Form):
    """An authorised grade decision."""

    grade = forms.ModelChoiceField(label="认定等级", queryset=AccidentGrade.objects.all())
    reason = forms.CharField(label="认定理由和依据", widget=forms.Textarea(attrs={"rows": 3}))
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ReportUpwardForm(forms.Form):
    """The next level's report."""

    reporting_unit = forms.CharField(label="报告单位", max_length=100)
    reported_at = forms.DateTimeField(
        label="报告时间", required=False, widget=DateTimeInput(), help_text="不填则为现在。"
    )
    recipient = forms.CharField(label="接报单位", max_length=100, required=False)
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class InvestigationOpenForm(forms.Form):
    led_by = forms.CharField(label="牵头单位", max_length=200)
    team = forms.CharField(
        label="调查组组成", widget=forms.Textarea(attrs={"rows": 3}), help_text="成员单位和人员。"
    )


class FindingForm(forms.Form):
    subject_kind = forms.ChoiceField(label="对象类别", choices=SubjectKind.choices)
    subject = forms.CharField(label="责任人或责任单位", max_length=100)
    position = forms.CharField(label="职务", max_length=100, required=False)
    responsibility = forms.CharField(label="责任认定", max_length=200)
    handling = forms.CharField(label="处理建议或结果", widget=forms.Textarea(attrs={"rows": 2}))


class MeasureForm(forms.Form):
    description = forms.CharField(label="整改措施", widget=forms.Textarea(attrs={"rows": 2}))
    kind = forms.ChoiceField(label="类型", choices=MeasureKind.choices)
    responsible = forms.CharField(label="责任单位", max_length=200)
    enterprise = forms.ModelChoiceField(
        label="整改单位",
        queryset=Enterprise.objects.none(),
        required=False,
        help_text="转为隐患时必填（默认为事故单位）。",
    )
    department = forms.ModelChoiceField(
        label="责任部门",
        queryset=Department.objects.none(),
        required=False,
        help_text="转为责任事项时必填，由该部门按期报送进展。",
    )
    due_date = forms.DateField(label="完成期限", required=False, widget=DateInput())

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        access = access_for(user)
        self.fields["enterprise"].queryset = access.scope(Enterprise).order_by("name")
        self.fields["department"].queryset = access.scope(Department).order_by("name")


class ChecklistForm(forms.Form):
    cause_found = forms.BooleanField(label="事故原因已查清", required=False)
    responsible_dealt_with = forms.BooleanField(label="责任人员已处理", required=False)
    measures_in_place = forms.BooleanField(label="整改措施已落实", required=False)
    people_educated = forms.BooleanField(label="有关人员已受到教育", required=False)


class SubmitReportForm(forms.Form):
    causes = forms.CharField(label="事故原因", widget=forms.Textarea(attrs={"rows": 4}))
    submitted_at = forms.DateTimeField(label="提交时间", required=False, widget=DateTimeInput())


class ReplyForm(forms.Form):
    reply_document = forms.CharField(label="批复文号", max_length=100)
    replied_at = forms.DateTimeField(label="批复时间", required=False, widget=DateTimeInput())


class ConfirmForm(forms.Form):
    """A step with nothing to fill in."""


class ConclusionForm(forms.Form):
    conclusion = forms.CharField(label="督导结论", widget=forms.Textarea(attrs={"rows": 4}))


class WarningForm(forms.Form):
    region = forms.ModelChoiceField(label="警示范围", queryset=Region.objects.none())
    title = forms.CharField(label="标题", max_length=200)
    content = forms.CharField(label="事故教训和防范要求", widget=forms.Textarea(attrs={"rows": 5}))
    ack_due = forms.DateField(label="确认和自查期限", required=False, widget=DateInput())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.visible_to(user).filter(
            level__lte=RegionLevel.TOWN
        )
        self.fields["region"].label_from_instance = lambda r: r.full_name or r.name


class SelfInspectionForm(forms.Form):
    findings = forms.CharField(
        label="自查情况",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="举一反三，写明检查范围和发现的问题。",
    )
    hazards_found = forms.IntegerField(label="发现隐患数", min_value=0, initial=0)


class SanctionForm(forms.Form):
    kind = forms.ChoiceField(label="处置措施", choices=SanctionKind.choices)
    reason = forms.CharField(label="依据和理由", widget=forms.Textarea(attrs={"rows": 3}))


class CheckItemForm(forms.Form):
    item = forms.CharField(widget=forms.HiddenInput)
    done = forms.BooleanField(label="已完成", required=False)
    note = forms.CharField(label="核查说明", max_length=300, required=False)


class LiftForm(forms.Form):
    note = forms.CharField(label="复工复产意见", widget=forms.Textarea(attrs={"rows": 3}))


class PublishForm(forms.Form):
    title = forms.CharField(label="标题", max_length=200)
    summary = forms.CharField(
        label="事故概要(不得含个人信息)", widget=forms.Textarea(attrs={"rows": 4})
    )
    lessons = forms.CharField(label="警示和教训", widget=forms.Textarea(attrs={"rows": 4}))
    name_enterprise = forms.BooleanField(label="公开事故单位名称", required=False)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="撤回原因", widget=forms.Textarea(attrs={"rows": 2}))


class StatisticsForm(forms.Form):
    start = forms.DateField(
        label="开始日期", required=False, widget=DateInput(), validators=[validate_statistics_day]
    )
    end = forms.DateField(
        label="结束日期", required=False, widget=DateInput(), validators=[validate_statistics_day]
    )
    region = forms.ModelChoiceField(label="区划", queryset=Region.objects.none(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.visible_to(user).filter(
            level__lte=RegionLevel.COUNTY
        )


INVESTIGATION_LEADS = dict(InvestigationLevel.choices)
