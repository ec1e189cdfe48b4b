"""Helpers of the public-report tests (no tests here): a scene, photos, clients.

A report in town A1 (inside county A, naming enterprise A with a contact) and one in
town B1 (outside), both filed through the public service.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from anjian.hazards.models import HazardParameter, PublicReport
from anjian.hazards.reports import services as reports

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
DESCRIPTION = "厂区东侧仓库消防通道被货物堵死，灭火器过期未检。"
CONTACT_NAME = "王举报"
CONTACT_PHONE = "13912345678"


def load_parameters() -> None:
    """The hazard rule parameters hazard_report needs, straight from the shipped file."""
    path = Path(__file__).resolve().parents[1] / "data" / "parameters.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    HazardParameter.objects.bulk_create(
        [HazardParameter(**dict(zip(data["columns"], row, strict=True))) for row in data["rows"]]
    )


def photo(name: str = "现场.png", content: bytes = PNG) -> SimpleUploadedFile:
    kind = "image/png" if name.endswith(".png") else "image/jpeg"
    return SimpleUploadedFile(name, content, content_type=kind)


def submit(region, **overrides) -> tuple[PublicReport, str]:
    data = {"region": region, "description": DESCRIPTION, **overrides}
    return reports.public_report_submit(**data)


@dataclass
class Scene:
    world: object
    a: PublicReport  # town A1, names enterprise A, with contact and a photo
    b: PublicReport  # town B1 (county B, outside)
    code_a: str
    code_b: str

    def user(self, role: str):
        return self.world.user(role)


def build_scene(world) -> Scene:
    cache.clear()
    load_parameters()
    a, code_a = submit(
        world.town_a1,
        enterprise_name=world.enterprise_a.name,
        contact_name=CONTACT_NAME,
        contact_phone=CONTACT_PHONE,
        photos=[photo()],
    )
    b, code_b = submit(world.town_b1, enterprise_name=world.enterprise_b.name)
    return Scene(world, a, b, code_a, code_b)


def api_client(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def hazard_rows(enterprise, n: int = 1) -> list[dict]:
    return [
        {
            "enterprise": enterprise.pk,
            "place": f"东侧仓库{i + 1}号门",
            "description": "消防通道堵塞",
            "level": "general",
        }
        for i in range(n)
    ]
