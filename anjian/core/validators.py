"""Validators for Chinese identifiers: 统一社会信用代码 (GB 32100-2015), phones, GB/T 4754 codes."""

import re

from django.core.exceptions import ValidationError

# GB 32100-2015 §4: the 31 characters a credit code may use (no I, O, S, V, Z).
CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_CREDIT_CODE_SHAPE = re.compile(r"^[1-9A-HNY][0-9A-HJ-NPQRTUWXY][0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$")


def credit_code_check_char(first17: str) -> str:
    """The 18th character that GB 32100-2015 computes from the first 17 (mod 31)."""
    total = sum(
        CREDIT_CODE_CHARSET.index(ch) * w
        for ch, w in zip(first17, CREDIT_CODE_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_CHARSET[(31 - total % 31) % 31]


def normalise_credit_code(value: str) -> str:
    """Upper-case and strip spaces (including full-width ones) that people paste in."""
    return re.sub(r"[\s\u3000]", "", value or "").upper()


def validate_credit_code(value: str) -> None:
    """Raise a clear error unless ``value`` is an 18-character credit code with a valid check."""
    code = normalise_credit_code(value)
    if len(code) != 18:
        raise ValidationError(
            "统一社会信用代码应为18位，当前为%(n)d位。",
            code="credit_code_length",
            params={"n": len(code)},
        )
    if not _CREDIT_CODE_SHAPE.match(code):
        raise ValidationError(
            "统一社会信用代码含有不允许的字符（不使用I、O、S、V、Z）或第3-8位行政区划码不是数字。",
            code="credit_code_charset",
        )
    expected = credit_code_check_char(code[:17])
    if code[17] != expected:
        raise ValidationError(
            "统一社会信用代码校验位错误：末位应为%(expected)s，实为%(actual)s。",
            code="credit_code_check",
            params={"expected": expected, "actual": code[17]},
        )


def normalise_phone(value: str) -> str:
    """Drop spaces, a +86/0086 country prefix and dashes inside mobile numbers people paste in."""
    phone = re.sub(r"[\s\u3000()（）]", "", value or "")
    phone = re.sub(r"^(\+86|0086)-?", "", phone)
    if re.fullmatch(r"1[\d-]{10,12}", phone):
        phone = phone.replace("-", "")
    return phone


_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")


def validate_phone(value: str) -> None:
    """A mainland mobile (11 digits) or landline (区号-号码) number."""
    if not (_MOBILE.match(value) or _LANDLINE.match(value)):
        raise ValidationError(
            "电话号码格式不正确：应为11位手机号或“区号-号码”格式的固定电话。", code="phone"
        )


_INDUSTRY_CODE = re.compile(r"^[A-T](\d{2}(\d{1,2})?)?$")


def validate_industry_code(value: str) -> None:
    """A GB/T 4754-2017 code: a section letter, optionally with 2–4 digits (C2614)."""
    if not _INDUSTRY_CODE.match(value):
        raise ValidationError(
            "国民经济行业代码应为门类字母A-T，可带2至4位数字，如C2614。", code="industry_code"
        )
