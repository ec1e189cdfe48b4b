"""``anjian demo``: create the demo county once (idempotent) and print the demo logins."""

from typing import Any

from django.core.management.base import BaseCommand

from anjian.core.demo import DEMO_PASSWORD, EXTENSIONS, demo_load


class Command(BaseCommand):
    help = "创建演示数据（天镇县、乡镇、部门、约300家单位、每种角色一个用户）；重复运行不作改动。"

    def handle(self, *args: Any, **options: Any) -> None:
        result = demo_load()
        if result.created:
            self.stdout.write(f"demo data created: {result.enterprises} enterprises (marked 演示)")
        else:
            self.stdout.write(
                f"demo data already present ({result.enterprises} enterprises); nothing changed"
            )
        for extension in EXTENSIONS:
            self.stdout.write(extension())
        self.stdout.write(f"\n演示账号 demo logins (password for all: {DEMO_PASSWORD})")
        for username, role, scope in result.logins:
            self.stdout.write(f"  {username:<18} {role:<14} {scope}")
        self.stdout.write("\nOpen http://127.0.0.1:8000/ and sign in.")
