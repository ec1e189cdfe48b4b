"""Risk reference data loaded from ``risks/data``: LEC and LS scales, bands, criteria."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from anjian.core.models.fields import ref


class FactStatus(models.TextChoices):
    """How sure the reference notes are of a fact: confirmed, from memory, derived."""

    CONFIRMED = "C", _("已核实")
    MEMORY = "M", _("凭记忆，待核实")
    DERIVED = "D", _("推导")


class LecAxis(models.TextChoices):
    """The three LEC factors (作业条件危险性评价法, D = L × E × C)."""

    L = "L", _("事故发生的可能性")
    E = "E", _("暴露于危险环境的频繁程度")
    C = "C", _("发生事故可能造成的后果")


class LsAxis(models.TextChoices):
    """The two axes of the LS risk matrix (R = L × S)."""

    L = "L", _("可能性")
    S = "S", _("严重性")


class RiskMethod(models.TextChoices):
    """A risk assessment method whose score is banded into the four levels."""

    LEC = "LEC", _("作业条件危险性评价法(LEC)")
    LS = "LS", _("风险矩阵法(LS)")


class RiskLevel(models.TextChoices):
    """The four 双重预防 risk levels."""

    MAJOR = "major", _("重大风险")
    LARGE = "large", _("较大风险")
    GENERAL = "general", _("一般风险")
    LOW = "low", _("低风险")


class Colour(models.TextChoices):
    """The colour of a risk level (红橙黄蓝)."""

    RED = "red", _("红")
    ORANGE = "orange", _("橙")
    YELLOW = "yellow", _("黄")
    BLUE = "blue", _("蓝")


def _status_field():
    return models.CharField(
        _("核实状态"), max_length=1, choices=FactStatus.choices, default=FactStatus.CONFIRMED
    )


class LecFactor(models.Model):
    """One value of an LEC factor table (L, E or C) with its wording."""

    code = models.CharField(_("代码"), max_length=20, unique=True)
    factor = models.CharField(_("因素"), max_length=1, choices=LecAxis.choices)
    score = models.DecimalField(_("分值"), max_digits=6, decimal_places=1)
    description = models.CharField(_("判定准则"), max_length=200)
    alternative = models.CharField(_("另一种表述"), max_length=200, blank=True)
    status = _status_field()

    audit_exclude = frozenset()

    class Meta:
        verbose_name = _("LEC分值")
        verbose_name_plural = _("LEC分值")
        ordering = ["factor", "-score"]
        constraints = [
            models.UniqueConstraint(fields=["factor", "score"], name="risks_lec_factor_score")
        ]

    def __str__(self) -> str:
        return f"{self.factor}={self.score} {self.description}"


class LsScale(models.Model):
    """One step (1–5) of the LS matrix's likelihood or severity scale."""

    code = models.CharField(_("代码"), max_length=20, unique=True)
    axis = models.CharField(_("维度"), max_length=1, choices=LsAxis.choices)
    value = models.PositiveSmallIntegerField(_("分值"))
    description = models.CharField(_("判定准则"), max_length=300)
    alternative = models.CharField(_("按频次的表述"), max_length=200, blank=True)
    status = _status_field()

    audit_exclude = frozenset()

    class Meta:
        verbose_name = _("LS分值")
        verbose_name_plural = _("LS分值")
        ordering = ["axis", "-value"]
        constraints = [
            models.UniqueConstraint(fields=["axis", "value"], name="risks_ls_axis_value"),
            models.CheckConstraint(
                condition=models.Q(value__gte=1, value__lte=5), name="risks_ls_value_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.axis}={self.value}"


class RiskBand(models.Model):
    """A score band of a method: scores from ``lower_bound`` (inclusive) up to the next band."""

    code = models.CharField(_("代码"), max_length=30, unique=True)
    method = models.CharField(_("评价方法"), max_length=3, choices=RiskMethod.choices)
    lower_bound = models.DecimalField(_("下限(含)"), max_digits=8, decimal_places=2)
    level = models.CharField(_("风险等级代码"), max_length=10, choices=RiskLevel.choices)
    level_name = models.CharField(_("风险等级"), max_length=10)
    colour = models.CharField(_("颜色"), max_length=10, choices=Colour.choices)
    description = models.CharField(_("说明"), max_length=300, blank=True)
    source = models.CharField(_("依据"), max_length=300)
    status = _status_field()

    audit_exclude = frozenset()

    class Meta:
        verbose_name = _("风险分级")
        verbose_name_plural = _("风险分级")
        ordering = ["method", "-lower_bound"]
        constraints = [
            models.UniqueConstraint(fields=["method", "level"], name="risks_band_method_level"),
            models.UniqueConstraint(
                fields=["method", "lower_bound"], name="risks_band_method_lower_bound"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.method} ≥{self.lower_bound} {self.level_name}"


class HazardFactorCategory(models.Model):
    """A GB/T 13861 hazard-factor category (大类, 中类, 小类 or 细类)."""

    code = models.CharField(_("代码"), max_length=6, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    parent_code = models.CharField(_("上级代码"), max_length=6, blank=True)
    level = models.PositiveSmallIntegerField(_("层级"))
    note = models.CharField(_("备注"), max_length=300, blank=True)
    status = _status_field()

    audit_exclude = frozenset()

    class Meta:
        verbose_name = _("危险和有害因素分类")
        verbose_name_plural = _("危险和有害因素分类")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class MajorHazardCriterionList(models.Model):
    """A 重大事故隐患判定标准 of one industry, and whether all its items are shipped."""

    code = models.CharField(_("代码"), max_length=30, unique=True)
    industry = models.CharField(_("行业领域"), max_length=100)
    title = models.CharField(_("标准名称"), max_length=200)
    document_number = models.CharField(_("文号"), max_length=100, blank=True)
    issued_on = models.DateField(_("公布日期"), null=True, blank=True)
    effective_on = models.DateField(_("施行日期"), null=True, blank=True)
    stated_count = models.PositiveSmallIntegerField(_("标准所列条目数"), null=True, blank=True)
    complete = models.BooleanField(_("条目完整"), default=False)
    source = models.TextField(_("依据"))

    audit_exclude = frozenset()

    class Meta:
        verbose_name = _("重大事故隐患判定标准")
        verbose_name_plural = _("重大事故隐患判定标准")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.title


class MajorHazardCriterion(models.Model):
    """One item of a 重大事故隐患判定标准 (a checklist label, verbatim or shortened with …)."""

    criterion_list = ref(MajorHazardCriterionList, _("判定标准"), related_name="criteria")
    code = models.CharField(_("代码"), max_length=40, unique=True)
    article = models.CharField(_("条款"), max_length=40)
    heading = models.CharField(_("类别"), max_length=100, blank=True)
    text = models.TextField(_("判定情形"))
    note = models.CharField(_("备注"), max_length=300, blank=True)
    status = _status_field()
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    audit_exclude = frozenset()

    class Meta:
        verbose_name = _("重大事故隐患判定情形")
        verbose_name_plural = _("重大事故隐患判定情形")
        ordering = ["criterion_list", "sort_order", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:40]}"
