"""Credit codes (GB 32100), phones and GB/T 4754 industry codes: good pass, bad are named."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from anjian.core.validators import (
    CREDIT_CODE_CHARSET,
    credit_code_check_char,
    normalise_credit_code,
    validate_credit_code,
    validate_industry_code,
    validate_phone,
)

REAL_CREDIT_CODES = [
    "91350100M000100Y43",  # the worked example of GB 32100-2015
    "91440300708461136T",
    "91110000802100433B",
]


def message_of(validator, value) -> str:
    with translation.override("zh-hans"), pytest.raises(ValidationError) as caught:
        validator(value)
    return " ".join(caught.value.messages)


# ---- 统一社会信用代码 ------------------------------------------------------------------


@pytest.mark.parametrize("code", REAL_CREDIT_CODES)
def test_real_credit_codes_are_valid(code):
    validate_credit_code(code)
    assert credit_code_check_char(code[:17]) == code[17]


@pytest.mark.parametrize("code", REAL_CREDIT_CODES)
def test_credit_code_with_any_other_check_char_is_refused(code):
    for ch in CREDIT_CODE_CHARSET:
        candidate = code[:17] + ch
        if ch == code[17]:
            validate_credit_code(candidate)
        else:
            with pytest.raises(ValidationError):
                validate_credit_code(candidate)


def test_wrong_check_char_message_names_the_expected_and_actual_char():
    message = message_of(validate_credit_code, "91350100M000100Y44")
    assert "校验位错误" in message
    assert "末位应为3" in message and "实为4" in message


def test_wrong_check_char_error_carries_its_code_and_params():
    with pytest.raises(ValidationError) as caught:
        validate_credit_code("91440300708461136U")
    assert caught.value.code == "credit_code_check"
    assert caught.value.params == {"expected": "T", "actual": "U"}


@pytest.mark.parametrize(("code", "length"), [("91350100M000100Y4", 17), ("913501", 6)])
def test_credit_code_of_the_wrong_length_says_how_long_it_is(code, length):
    message = message_of(validate_credit_code, code)
    assert "应为18位" in message and f"当前为{length}位" in message


def test_nineteen_characters_are_too_long():
    assert "当前为19位" in message_of(validate_credit_code, "91350100M000100Y433")


@pytest.mark.parametrize("code", [c.lower() for c in REAL_CREDIT_CODES])
def test_lower_case_credit_code_is_accepted_after_normalisation(code):
    validate_credit_code(code)
    assert normalise_credit_code(code) == code.upper()


@pytest.mark.parametrize("letter", ["I", "O", "S", "V", "Z"])
def test_credit_code_with_a_forbidden_letter_is_refused_by_name(letter):
    first17 = "91350100M000100" + letter + "4"
    message = message_of(validate_credit_code, first17 + "3")
    assert "不使用I、O、S、V、Z" in message


def test_credit_code_with_letters_in_the_region_digits_is_refused():
    message = message_of(validate_credit_code, "913501A0M000100Y43")
    assert "行政区划码不是数字" in message


@pytest.mark.parametrize(
    "pasted",
    [
        "9135 0100 M000 100Y 43",
        "\u300091350100M000100Y43\u3000",  # full-width (ideographic) spaces
        "91350100M000100Y43\n",
        "\t91350100m000100y43 ",
    ],
)
def test_spaces_people_paste_in_are_stripped(pasted):
    validate_credit_code(pasted)
    assert normalise_credit_code(pasted) == "91350100M000100Y43"


def test_empty_credit_code_is_refused_as_too_short():
    assert "当前为0位" in message_of(validate_credit_code, "")
    assert normalise_credit_code(None) == ""


# ---- 电话 ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "phone",
    [
        "13800138000",
        "19912345678",
        "0352-1234567",
        "010-12345678",
        "03521234567",
        "010-12345678-801",
    ],
)
def test_mainland_mobiles_and_landlines_are_valid_phones(phone):
    validate_phone(phone)


@pytest.mark.parametrize(
    "phone",
    [
        "12345",
        "1380013800",  # 10 digits
        "138001380000",  # 12 digits
        "12800138000",  # no such mobile prefix
        "23800138000",
        "352-1234567",  # area code without its 0
        "0352-12345",  # number too short
        "1380013800a",
        "",
    ],
)
def test_bad_phones_are_refused_with_a_chinese_message(phone):
    message = message_of(validate_phone, phone)
    assert "电话号码格式不正确" in message and "11位手机号" in message


# ---- 国民经济行业代码 (GB/T 4754-2017) -------------------------------------------------


@pytest.mark.parametrize("code", ["C", "A", "T", "C26", "C261", "C2614", "B06", "G5436"])
def test_industry_codes_of_section_division_group_and_class_are_valid(code):
    validate_industry_code(code)


@pytest.mark.parametrize(
    "code",
    [
        "U",  # sections run from A to T
        "C2",  # a division has two digits
        "C26145",  # a class has at most four
        "c2614",  # sections are capital letters
        "2614",  # the section letter is required
        "CC26",
        "C 2614",
    ],
)
def test_bad_industry_codes_are_refused_naming_the_expected_form(code):
    message = message_of(validate_industry_code, code)
    assert "门类字母A-T" in message and "C2614" in message
