import pytest

from guardrails.checksums import (
    corporate_number_check_digit, is_valid_corporate_number, is_valid_insurer_number, is_valid_my_number,
    luhn_ok, my_number_check_digit,
)


@pytest.mark.parametrize("digits,valid", [
    ("123456789018", True), ("123456789012", False), ("000000000000", True), ("12345678901", False),
    ("abcdefghijkl", False),
])
def test_when_my_number_is_checked_then_the_check_digit_decides(digits, valid):
    assert is_valid_my_number(digits) is valid


def test_when_the_remainder_is_0_or_1_then_the_my_number_check_digit_is_0():
    # r = sum mod 11; r <= 1 -> 0
    assert my_number_check_digit("00000000000") == 0
    assert my_number_check_digit("10000000000") == 5  # 6 mod 11 = 6 -> 11 - 6


@pytest.mark.parametrize("digits,valid", [
    ("7000012050002", True),  # 国税庁
    ("8000012050002", False), ("700001205000", False),
])
def test_when_corporate_number_is_checked_then_the_leading_check_digit_decides(digits, valid):
    assert is_valid_corporate_number(digits) is valid
    if valid:
        assert corporate_number_check_digit(digits[1:]) == int(digits[0])


@pytest.mark.parametrize("digits,valid", [("01130012", True), ("01130013", False), ("06139929", False)])
def test_when_insurer_number_is_checked_then_the_check_digit_decides(digits, valid):
    assert is_valid_insurer_number(digits) is valid


@pytest.mark.parametrize("digits,valid", [
    ("4111111111111111", True), ("4111111111111112", False), ("378282246310005", True), ("1234", False),
])
def test_when_card_number_is_checked_then_luhn_decides(digits, valid):
    assert luhn_ok(digits) is valid
