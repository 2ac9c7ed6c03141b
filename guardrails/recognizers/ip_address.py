"""IP_ADDRESS: IPv4 (octets validated) and IPv6 (validated by `ipaddress`). Version strings such as
v1.2.3.4 are excluded by the lookbehind; a label (IP, 接続元 ...) raises the score."""

from __future__ import annotations

import ipaddress

from presidio_analyzer import Pattern

from guardrails.recognizers.base import JaPatternRecognizer

_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"


class IpAddressRecognizer(JaPatternRecognizer):
    ENTITY = "IP_ADDRESS"
    PATTERNS = [
        Pattern("ipv4", r"(?<![0-9A-Za-z.])" + r"(?:" + _OCTET + r"\.){3}" + _OCTET + r"(?![0-9])(?!\.[0-9])", 0.7),
        Pattern("ipv6", r"(?<![0-9A-Fa-f:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![0-9A-Fa-f:])", 0.7),
    ]
    CONTEXT = ("IPアドレス", "IP", "接続元", "アクセス元", "送信元", "ホスト", "サーバ", "端末")
    YIELD_TO_OTHERS = True  # バージョン 3.2.1.5, 第1.2.3.4項 ...
    UNCONFIRMED_CAP = 0.3

    def invalidate_result(self, pattern_text: str) -> bool:
        try:
            addr = ipaddress.ip_address(pattern_text)
        except ValueError:
            return True
        if addr.version == 6:
            return pattern_text.count(":") < 2 or not any(c.isalnum() for c in pattern_text.replace(":", ""))
        return False
