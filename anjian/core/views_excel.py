"""``filter_problems``, kept for ``risks.views`` until its export is a ``ListExportView``
(``core.lists.ListSpec.export_filtered`` answers a wrong filter the same way). Delete this
module once nothing imports it."""

from __future__ import annotations

from django.http import HttpResponseBadRequest


def filter_problems(filterset) -> HttpResponseBadRequest:
    """Export nothing rather than more than asked: name the filter that is wrong."""
    problems = "；".join(
        f"{filterset.form.fields[name].label}：{'、'.join(errors)}"
        for name, errors in filterset.errors.items()
    )
    return HttpResponseBadRequest(
        f"筛选条件有误，未导出。{problems}", content_type="text/plain; charset=utf-8"
    )
