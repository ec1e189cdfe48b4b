"""factory_boy factories for the core models (test data only; real data goes through services)."""

import itertools

import factory

from anjian.core.models import (
    AccidentCategory,
    Department,
    DepartmentKind,
    Enterprise,
    Region,
    RegionLevel,
    RoleAssignment,
    Sector,
    User,
)
from anjian.core.services import reference
from anjian.core.validators import CREDIT_CODE_CHARSET, credit_code_check_char

_codes = itertools.count(1)


def accident_categories() -> None:
    """The 20 GB 6441 categories straight from the shipped file (the loader has its own test)."""
    doc, _digest = reference.read_dataset(reference.DATA_DIR / "accident_categories.json")
    AccidentCategory.objects.bulk_create(
        AccidentCategory(**dict(zip(doc["columns"], row, strict=True))) for row in doc["rows"]
    )


def valid_credit_code(n: int | None = None, region_code: str = "140222") -> str:
    """A distinct, valid 统一社会信用代码 (GB 32100 check character computed)."""
    n = next(_codes) if n is None else n
    digits = []
    for _ in range(9):
        n, r = divmod(n, len(CREDIT_CODE_CHARSET))
        digits.append(CREDIT_CODE_CHARSET[r])
    first17 = "91" + region_code + "".join(reversed(digits))
    return first17 + credit_code_check_char(first17)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    code = factory.Sequence(lambda n: f"{990000 + n}")
    name = factory.Sequence(lambda n: f"测试区划{n}")
    level = RegionLevel.COUNTY
    parent = None
    path = factory.LazyAttribute(lambda o: f"{o.parent.path if o.parent else ''}{o.code}/")
    full_name = factory.LazyAttribute(lambda o: o.name)


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"sector_{n}")
    name = factory.Sequence(lambda n: f"行业{n}")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"测试部门{n}")
    kind = DepartmentKind.INDUSTRY_REGULATOR


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.PostGenerationMethodCall("set_password", "Test-password-2026")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    credit_code = factory.LazyFunction(valid_credit_code)
    name = factory.Sequence(lambda n: f"测试企业{n}有限公司")
    sector = factory.SubFactory(SectorFactory)
    scale = "small"
    employee_count = 20
    address = "测试地址1号"
    region = factory.SubFactory(RegionFactory)
    supervising_department = factory.SubFactory(
        DepartmentFactory, region=factory.SelfAttribute("..region")
    )
    responsible_inspector = factory.SubFactory(
        UserFactory, department=factory.SelfAttribute("..supervising_department")
    )
    principal_name = "张三"
    principal_phone = "13800138000"


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    role = "coordinator"
    include_descendants = True
