"""Forms of the hazard pages; the services check everything again."""

from __future__ import annotations

from django import forms

from anjian.core.forms import MultipleFileField, ScopedChoicesMixin
from anjian.core.models import AccidentCategory, Department, Enterprise, Region
from anjian.hazards.models import HazardLevel, HazardSource
from anjian.risks.models import HazardFactorCategory, MajorHazardCriterion

DATE = forms.DateInput(attrs={"type": "date"})


def photos_field(label: str) -> MultipleFileField:
    """Any number of photos; on a phone the picker offers the camera."""
    return MultipleFileField(
        required=False, label=label, accept="image/jpeg,image/png", capture="environment"
    )


class HazardReportForm(ScopedChoicesMixin, forms.Form):
    """Report a hazard at an enterprise the user may see."""

    enterprise = forms.ModelChoiceField(
        queryset=Enterprise.objects.order_by("name"), label="隐患单位"
    )
    source = forms.ChoiceField(choices=HazardSource.choices, label="发现方式")
    place = forms.CharField(label="隐患部位", max_length=200)
    description = forms.CharField(label="隐患描述", widget=forms.Textarea(attrs={"rows": 3}))
    category = forms.ModelChoiceField(
        queryset=HazardFactorCategory.objects.all(), required=False, label="隐患类别(GB/T 13861)"
    )
    accident_type = forms.ModelChoiceField(
        queryset=AccidentCategory.objects.all(), required=False, label="可能导致的事故类型"
    )
    level = forms.ChoiceField(choices=HazardLevel.choices, label="隐患等级")
    criterion = forms.ModelChoiceField(
        queryset=MajorHazardCriterion.objects.select_related("criterion_list"),
        required=False,
        label="重大隐患判定依据",
        help_text="选择判定依据即认定为重大隐患。",
    )
    photos = photos_field("现场照片")


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class AssignForm(VersionForm):
    owner_name = forms.CharField(label="整改责任人", max_length=50)
    measures = forms.CharField(label="整改措施", widget=forms.Textarea(attrs={"rows": 3}))
    funds = forms.DecimalField(label="整改资金(元)", required=False, min_value=0, initial=0)
    deadline = forms.DateField(label="整改期限", widget=DATE)


class StartForm(VersionForm):
    owner_name = forms.CharField(label="整改责任人(可修改)", max_length=50, required=False)
    measures = forms.CharField(
        label="整改措施(可补充)", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    funds = forms.DecimalField(label="整改资金(元)", required=False, min_value=0)


class SubmitForm(VersionForm):
    rectification_note = forms.CharField(
        label="整改完成情况", widget=forms.Textarea(attrs={"rows": 3})
    )
    photos = photos_field("整改后照片")


class CloseForm(VersionForm):
    note = forms.CharField(
        label="验收意见", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReturnForm(VersionForm):
    reason = forms.CharField(label="退回理由", widget=forms.Textarea(attrs={"rows": 2}))


class ReclassifyForm(VersionForm):
    level = forms.ChoiceField(choices=HazardLevel.choices, label="隐患等级")
    criterion = forms.ModelChoiceField(
        queryset=MajorHazardCriterion.objects.select_related("criterion_list"),
        required=False,
        label="重大隐患判定依据",
        help_text="选择判定依据即认定为重大隐患。",
    )
    reason = forms.CharField(label="变更理由", widget=forms.Textarea(attrs={"rows": 2}))


class ExtensionRequestForm(forms.Form):
    requested_deadline = forms.DateField(label="申请延至", widget=DATE)
    reason = forms.CharField(label="延期理由", widget=forms.Textarea(attrs={"rows": 2}))


class ExtensionDecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label="审批结果",
        choices=[("1", "批准延期"), ("0", "不予延期")],
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(
        label="审批意见", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DoubleReportForm(forms.Form):
    department_on = forms.DateField(label="报告监管部门日期", required=False, widget=DATE)
    congress_on = forms.DateField(label="报告职代会日期", required=False, widget=DATE)


class ListingForm(ScopedChoicesMixin, forms.Form):
    """挂牌督办: the listing level is one of the hazard's own regions or above it."""

    authority = forms.ModelChoiceField(queryset=Region.objects.none(), label="挂牌督办机关")
    document_number = forms.CharField(label="督办文号", required=False, max_length=100)
    responsible_leader = forms.CharField(label="包保责任领导", max_length=50)
    supervising_unit = forms.ModelChoiceField(
        queryset=Department.objects.order_by("name"), label="督办单位"
    )
    deadline = forms.DateField(label="督办期限", widget=DATE)

    def __init__(self, *args, hazard=None, **kwargs):
        super().__init__(*args, **kwargs)
        path = hazard.region.path if hazard else ""
        ancestors = [p for p in path.strip("/").split("/") if p]
        self.fields["authority"].queryset = Region.objects.filter(code__in=ancestors)
