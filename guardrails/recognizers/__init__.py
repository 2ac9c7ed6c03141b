"""One presidio recognizer per PII type (the fixed vocabulary of `assistant.settings.PII_TYPES`).

`RECOGNIZER_CLASSES` is the registry the engine loads; `build_recognizers()` instantiates it. Every class
has `ENTITY` (its type) and `CONTEXT` (label words); pattern recognizers also have `PATTERNS`.
"""

from __future__ import annotations

from guardrails.recognizers.address import AddressRecognizer
from guardrails.recognizers.age import AgeRecognizer
from guardrails.recognizers.bank_account import BankAccountRecognizer
from guardrails.recognizers.basic_resident_code import BasicResidentCodeRecognizer
from guardrails.recognizers.corporate_number import CorporateNumberRecognizer
from guardrails.recognizers.credit_card import CreditCardRecognizer
from guardrails.recognizers.date_of_birth import DateOfBirthRecognizer
from guardrails.recognizers.driver_license import DriverLicenseRecognizer
from guardrails.recognizers.email import EmailRecognizer
from guardrails.recognizers.health_insurance import HealthInsuranceRecognizer
from guardrails.recognizers.ip_address import IpAddressRecognizer
from guardrails.recognizers.my_number import MyNumberRecognizer
from guardrails.recognizers.passport import PassportRecognizer
from guardrails.recognizers.person import PersonRecognizer
from guardrails.recognizers.phone import PhoneRecognizer
from guardrails.recognizers.postal_code import PostalCodeRecognizer

RECOGNIZER_CLASSES: tuple[type, ...] = (
    PersonRecognizer, AddressRecognizer, PhoneRecognizer, EmailRecognizer, MyNumberRecognizer,
    CorporateNumberRecognizer, PostalCodeRecognizer, DateOfBirthRecognizer, AgeRecognizer,
    BankAccountRecognizer, CreditCardRecognizer, PassportRecognizer, DriverLicenseRecognizer,
    HealthInsuranceRecognizer, BasicResidentCodeRecognizer, IpAddressRecognizer,
)


def build_recognizers(classes=RECOGNIZER_CLASSES, *, use_ner: bool | str = False) -> list:
    """Instantiate the recognizers (PERSON optionally also uses GiNZA's NER: "gated" or "full")."""
    out = []
    for cls in classes:
        out.append(cls(use_ner=use_ner) if cls is PersonRecognizer else cls())
    return out


__all__ = ["RECOGNIZER_CLASSES", "build_recognizers"] + [c.__name__ for c in RECOGNIZER_CLASSES]
