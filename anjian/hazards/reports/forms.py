"""Forms of 群众举报: the public's report and lookup, and each step of its handling."""

from __future__ import annotations

from django import forms

from anjian.core.access import access_for
from anjian.core.forms import PHOTO_ACCEPT, MultipleFileField
from anjian.core.models import Enterprise, RegionLevel
from anjian.hazards.models import HazardLevel, PublicReport, RewardStatus
from anjian.hazards.reports import services as reports

# ---- the public side ------------------------------------------------------------------------


def region_choices() -> list:
    """Counties with their towns under them, for a <select> with one group per county."""
    groups: dict[int, tuple[str, list]] = {}
    order: list[int] = []
    for region in reports.reportable_regions().only("pk", "name", "full_name", "level", "parent"):
        if region.level == RegionLevel.COUNTY:
            groups[region.pk] = (
                region.full_name or region.name,
                [(region.pk, f"{region.name}（不确定乡镇）")],
            )
            order.append(region.pk)
        elif region.parent_id in groups:
            groups[region.parent_id][1].append((region.pk, region.name))
    return [("", "请选择")] + [groups[pk] for pk in order]


class PublicReportForm(forms.Form):
    """What the public fills in; the service checks it again and gives the same messages."""

    region = forms.TypedChoiceField(
        label="隐患所在地区",
        coerce=int,
        error_messages={
            "required": "请选择隐患所在的县（市、区）或乡镇（街道）。",
            "invalid_choice": "请选择隐患所在的县（市、区）或乡镇（街道）。",
        },
    )
    enterprise_name = forms.CharField(
        label="单位名称（选填）", required=False, max_length=200, help_text="被举报的单位名称"
    )
    address = forms.CharField(
        label="具体地点（选填）", required=False, max_length=200, help_text="如街道门牌、厂区位置"
    )
    description = forms.CharField(
        label="举报内容",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "请填写举报内容。"},
        help_text="请写明在什么地方、存在什么隐患、持续了多久。",
    )
    photos = MultipleFileField(
        accept=PHOTO_ACCEPT,
        label="照片（选填）",
        required=False,
        help_text=f"最多{reports.MAX_PHOTOS}张，jpg或png格式。",
    )
    contact_name = forms.CharField(label="您的姓名（选填）", required=False, max_length=50)
    contact_phone = forms.CharField(
        label="联系电话（选填）",
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text="可匿名举报。留下的姓名和电话加密保存，只有受理部门的承办人员能看到，"
        "仅用于核实情况和发放奖励。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = region_choices()


class LookupForm(forms.Form):
    code = forms.CharField(
        label="回执码",
        max_length=64,
        error_messages={"required": "请输入回执码。"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


# ---- the handlers' steps --------------------------------------------------------------------


class _StepForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, report: PublicReport, user, **kwargs):
        kwargs.setdefault("initial", {})["version"] = report.version
        super().__init__(*args, **kwargs)
        self.report, self.user = report, user


def enterprises_near(report: PublicReport, user):
    """Enterprises the user can see in the report's county (the match and hazard choices)."""
    county = report.region.county
    return (
        access_for(user)
        .scope(Enterprise)
        .filter(region__path__startswith=county.path)
        .order_by("name")
    )


class AcceptForm(_StepForm):
    enterprise = forms.ModelChoiceField(
        queryset=Enterprise.objects.none(),
        required=False,
        label="对应生产经营单位",
        help_text="举报涉及平台上已登记的单位时请选择；不确定可留空。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises_near(self.report, self.user)
        self.fields["enterprise"].initial = self.report.enterprise_id


class DismissForm(_StepForm):
    reason = forms.CharField(
        label="不予立案理由",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "请填写不予立案的理由（举报人凭回执码可以看到）。"},
        help_text="举报人凭回执码可以看到这段理由，请勿写入举报人或其他人员的个人信息。",
    )


class RewardForm(_StepForm):
    status = forms.ChoiceField(label="奖励决定", choices=RewardStatus.choices)
    amount = forms.DecimalField(
        label="奖励金额(元)",
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        error_messages={"invalid": "奖励金额请填写数字（元）。"},
    )
    note = forms.CharField(
        label="说明",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="不予奖励时请写明理由；发放时可注明发放方式和凭证。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].initial = self.report.reward_status or RewardStatus.PROPOSED
        self.fields["amount"].initial = self.report.reward_amount


class VerifyForm(_StepForm):
    finding = forms.CharField(
        label="核查情况",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "请填写核查情况。"},
    )
    copy_photos = forms.BooleanField(
        label="把举报照片附到隐患上",
        required=False,
        help_text="隐患及其照片对被举报单位可见；照片可能暴露举报人时请不要勾选。",
    )


class HazardRowForm(forms.Form):
    """One confirmed hazard; a row left blank is skipped."""

    enterprise = forms.ModelChoiceField(
        queryset=Enterprise.objects.none(), required=False, label="隐患单位"
    )
    place = forms.CharField(label="隐患部位", required=False, max_length=200)
    description = forms.CharField(
        label="隐患描述",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="被举报单位可以看到，请勿写入举报人信息。",
    )
    level = forms.ChoiceField(
        label="隐患等级", choices=HazardLevel.choices, initial=HazardLevel.GENERAL
    )

    def __init__(self, *args, enterprises=None, **kwargs):
        super().__init__(*args, **kwargs)
        if enterprises is not None:
            self.fields["enterprise"].queryset = enterprises

    @property
    def is_blank(self) -> bool:
        """Nothing typed (the enterprise alone is only the preselected match)."""
        return not (self.cleaned_data.get("place") or self.cleaned_data.get("description"))


HazardRowFormSet = forms.formset_factory(HazardRowForm, extra=3, max_num=10)
