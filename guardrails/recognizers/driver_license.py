"""DRIVER_LICENSE: 運転免許証番号, 12 digits (no published check digit), only next to its label."""

from __future__ import annotations

from presidio_analyzer import Pattern

from guardrails.recognizers.base import JaPatternRecognizer
from guardrails.recognizers.my_number import TWELVE


class DriverLicenseRecognizer(JaPatternRecognizer):
    ENTITY = "DRIVER_LICENSE"
    PATTERNS = [Pattern("license_12", TWELVE, 0.3)]
    CONTEXT = ("運転免許証番号", "運転免許証", "運転免許", "免許証番号", "免許証", "免許番号", "免許")
    CONTEXT_WINDOW = 24
    REQUIRES_CONTEXT = True
