"""Check digits of Japanese identifiers and payment cards (formulas from docs/domain.md).

Every function takes the digits only (callers strip separators) and returns False for the wrong
length, so a validator never raises on odd input.
"""

from __future__ import annotations


def digits_of(text: str) -> str:
    """ASCII digits of `text` in order (separators and anything else dropped)."""
    return "".join(ch for ch in text if "0" <= ch <= "9")


def my_number_check_digit(first11: str) -> int:
    """個人番号: weights 6,5,4,3,2,7,6,5,4,3,2 left to right; r = sum mod 11; 0 if r <= 1 else 11 - r."""
    weights = (6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
    r = sum(int(d) * w for d, w in zip(first11, weights)) % 11
    return 0 if r <= 1 else 11 - r


def is_valid_my_number(digits: str) -> bool:
    return len(digits) == 12 and digits.isdigit() and my_number_check_digit(digits[:11]) == int(digits[11])


def corporate_number_check_digit(base12: str) -> int:
    """法人番号: 9 - (sum Pn*Qn mod 9), Pn counted from the right of the base, Qn = 1 odd n, 2 even n."""
    total = 0
    for n, d in enumerate(reversed(base12), start=1):
        total += int(d) * (1 if n % 2 else 2)
    return 9 - (total % 9)


def is_valid_corporate_number(digits: str) -> bool:
    return len(digits) == 13 and digits.isdigit() and corporate_number_check_digit(digits[1:]) == int(digits[0])


def insurer_number_check_digit(body: str) -> int:
    """保険者番号: weights 2,1,2,... from the right of the body, digit sum of the products, 10 - last digit."""
    total = 0
    for n, d in enumerate(reversed(body)):
        p = int(d) * (2 if n % 2 == 0 else 1)
        total += p // 10 + p % 10
    return (10 - total % 10) % 10


def is_valid_insurer_number(digits: str) -> bool:
    """8-digit (社保・後期高齢者) or 6-digit (国民健康保険) insurer numbers; the last digit is the check."""
    return len(digits) in (6, 8) and digits.isdigit() and insurer_number_check_digit(digits[:-1]) == int(digits[-1])


def luhn_ok(digits: str) -> bool:
    if not digits.isdigit() or not 12 <= len(digits) <= 19:
        return False
    total = 0
    for n, d in enumerate(reversed(digits)):
        v = int(d)
        if n % 2 == 1:
            v *= 2
            if v > 9:
                v -= 9
        total += v
    return total % 10 == 0
