"""群众举报, the public side: report a hazard without logging in, and follow it by receipt code.

Both pages are rate-limited per client address through Django's cache, and share their
limits with the public API (a reporter cannot go round the page by calling the API).
"""

from __future__ import annotations

import ipaddress
import time
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.views import View

from anjian.core.models import RegionLevel
from anjian.core.views_base import add_service_errors
from anjian.hazards.services import reports

# ---- rate limits --------------------------------------------------------------------------------


def client_address(request) -> str:
    """The caller's address as the web server saw it; IPv6 callers count per /64 network.

    REMOTE_ADDR, not X-Forwarded-For (which anyone can send): behind a reverse proxy, have
    the proxy or the application server set REMOTE_ADDR to the real client address.
    """
    raw = request.META.get("REMOTE_ADDR", "") or "unknown"
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return raw[:64]
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address)


@dataclass(frozen=True)
class RateLimit:
    """At most ``limit`` hits per client address per fixed window of ``window`` seconds."""

    bucket: str
    setting: str
    default: int
    window: int = 3600

    @property
    def limit(self) -> int:
        return getattr(settings, self.setting, self.default)

    def _key(self, request) -> str:
        slot = int(time.time()) // self.window
        return f"anjian:ratelimit:{self.bucket}:{client_address(request)}:{slot}"

    def exceeded(self, request) -> bool:
        return cache.get(self._key(request), 0) >= self.limit

    def hit(self, request) -> None:
        key = self._key(request)
        if cache.add(key, 1, self.window):
            return
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, self.window)

    @property
    def message(self) -> str:
        return f"提交过于频繁：同一网络每小时最多{self.limit}次，请稍后再试。"


# Submissions count when accepted; lookups count every try (guessing codes is what they stop).
SUBMIT_LIMIT = RateLimit("publicreport.submit", "ANJIAN_PUBLIC_REPORTS_PER_HOUR", 5)
LOOKUP_LIMIT = RateLimit("publicreport.lookup", "ANJIAN_RECEIPT_LOOKUPS_PER_HOUR", 30)

NOT_FOUND = "没有找到与该回执码对应的举报。请核对回执码后重试。"

# ---- forms --------------------------------------------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input (phone galleries pick many at once); checked by the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ".jpg,.jpeg,.png,image/jpeg,image/png"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single_file_clean = super().clean
        if isinstance(data, list | tuple):
            return [single_file_clean(d, initial) for d in data if d]
        return [single_file_clean(data, initial)] if data else []


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


# ---- pages --------------------------------------------------------------------------------------


def _private(response):
    """Receipt codes and statuses must not sit in a shared cache or the browser's history."""
    add_never_cache_headers(response)
    response["Cache-Control"] += ", private"
    return response


class PublicReportView(View):
    """The public form (no login): GET shows it, POST files the report and shows the code once."""

    template_name = "hazards/reports/public_form.html"

    def get(self, request):
        return render(request, self.template_name, {"form": PublicReportForm()})

    def post(self, request):
        if SUBMIT_LIMIT.exceeded(request):
            response = render(
                request,
                self.template_name,
                {"form": PublicReportForm(), "limited": SUBMIT_LIMIT.message},
                status=429,
            )
            response["Retry-After"] = str(SUBMIT_LIMIT.window)
            return response
        form = PublicReportForm(request.POST, request.FILES)
        if form.is_valid():
            data = dict(form.cleaned_data)
            region = reports.reportable_regions().filter(pk=data.pop("region")).first()
            try:
                _report, code = reports.public_report_submit(region=region, **data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                SUBMIT_LIMIT.hit(request)
                response = render(request, "hazards/reports/public_receipt.html", {"code": code})
                return _private(response)
        return render(request, self.template_name, {"form": form}, status=400)


class ReceiptLookupView(View):
    """查询: the status of one report by its receipt code, and nothing else."""

    template_name = "hazards/reports/public_lookup.html"

    def get(self, request):
        return _private(render(request, self.template_name, {"form": LookupForm()}))

    def post(self, request):
        if LOOKUP_LIMIT.exceeded(request):
            context = {"form": LookupForm(), "limited": LOOKUP_LIMIT.message}
            return _private(render(request, self.template_name, context, status=429))
        LOOKUP_LIMIT.hit(request)
        form = LookupForm(request.POST)
        context = {"form": LookupForm()}
        if form.is_valid():
            result = reports.receipt_lookup(form.cleaned_data["code"])
            context.update(searched=True, result=result, not_found=NOT_FOUND)
        else:
            context["form"] = form
        return _private(render(request, self.template_name, context))
