"""BANK_ACCOUNT: bank account numbers (7 digits after 普通/当座/口座番号; 0001-123-1234567 bank-branch-
account; 123-1234567 branch-account) and ゆうちょ 記号番号 (記号 1xxxx + 番号 up to 8 digits, or
12345-12345678). The span is the number (for ゆうちょ from the 記号 value to the end of the 番号)."""

from __future__ import annotations

from presidio_analyzer import Pattern

from guardrails.recognizers.base import JaPatternRecognizer

_R = r"(?![0-9])(?!-[0-9])"


class BankAccountRecognizer(JaPatternRecognizer):
    ENTITY = "BANK_ACCOUNT"
    PATTERNS = [
        Pattern("yucho_kigo_bango",
                r"(?<=記号\s?[:：]?\s?)1[0-9]{3}[0-9](?:-[0-9])?\s?[-、,・]?\s?(?:番号\s?[:：]?\s?)?[0-9]{5,8}" + _R, 0.7),
        Pattern("yucho_hyphen", r"(?<![0-9\-])1[0-9]{4}-[0-9]{5,8}(?:-[0-9])?" + _R, 0.4),
        Pattern("bank_branch_account", r"(?<![0-9\-])[0-9]{4}-[0-9]{3}-[0-9]{7}" + _R, 0.7),
        Pattern("branch_account", r"(?<![0-9\-])[0-9]{3}-[0-9]{7}" + _R, 0.35),
        Pattern("account_7", r"(?<![0-9\-])[0-9]{7}" + _R, 0.1),
        Pattern("account_grouped", r"(?<![0-9\-])[0-9]{3}\s[0-9]{4}(?![0-9])(?!\s[0-9])", 0.1),
    ]
    CONTEXT = ("口座番号", "口座", "普通預金", "普通", "当座預金", "当座", "預金", "貯金", "総合口座", "ゆうちょ",
               "ゆうちょ銀行", "記号番号", "振込先", "振込口座", "振込", "振替", "支店", "店番", "銀行", "信用金庫",
               "信金", "農協", "労働金庫", "口座名義")
    CONTEXT_WINDOW = 20
    YIELD_TO_OTHERS = True
    UNCONFIRMED_CAP = 0.3
