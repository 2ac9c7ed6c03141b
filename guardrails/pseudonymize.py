"""Pseudonymisation: findings become typed placeholders (<PERSON_1>, <PHONE_1> ...) and come back.

Invariants:
- Within one `Session` (one request: question + retrieved passages + history) the same surface string
  of a type always gets the same placeholder, across every text masked with that session. "The same"
  ignores width, spaces and separators (山田 太郎 = 山田太郎, 090-1234-5678 = 09012345678).
- `mask()` replaces exactly the finding spans; everything else is byte-for-byte unchanged. The
  replacement is done by presidio-anonymizer (a custom operator per type) so its span bookkeeping is
  reused; conflict resolution already happened in the detector, so merging is switched off.
- `restore()` puts the original surface back for every placeholder of the session, also when the model
  mangled it a little: full-width brackets or digits (＜PERSON_1＞), other brackets ([PERSON_1],
  【PERSON_1】), spaces or a missing underscore (<PERSON 1>, <PERSON1>), lower case, or no brackets at all
  (PERSON_1様). Placeholders the session does not know are left as they are.
- A mapping is personal data: it stays in memory on this machine and is never logged.
"""

from __future__ import annotations

import threading
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

import regex as re

from assistant.settings import PII_TYPES
from assistant.types import Finding

_TYPES_RE = "|".join(sorted(PII_TYPES, key=len, reverse=True))
_OPEN = r"[<＜〈《\[［【〔(（{｛]"
_CLOSE = r"[>＞〉》\]］】〕)）}｝]"
# candidates are found broadly (full-width letters included), then NFKC-normalised and parsed strictly
_CANDIDATE = re.compile(rf"{_OPEN}[\sA-Za-zＡ-Ｚａ-ｚ_＿\-－0-9０-９]{{3,32}}{_CLOSE}"
                        r"|(?<![A-Za-zＡ-Ｚａ-ｚ0-9０-９_＿])[A-Za-zＡ-Ｚａ-ｚ_＿]{2,24}[_＿][0-9０-９]{1,4}(?![0-9０-９])")
_STRICT = re.compile(rf"^[<\[({{〈《【〔]?\s*(?P<type>{_TYPES_RE})\s*[_\-\s]?\s*(?P<n>[0-9]{{1,4}})\s*[>\])}}〉》】〕]?$",
                     re.IGNORECASE)
# a placeholder as masking writes it (<PERSON_1>)
_PLACED = re.compile(rf"<({_TYPES_RE})_([0-9]{{1,4}})>")
_NUMERIC_TYPES = {"PHONE", "MY_NUMBER", "CORPORATE_NUMBER", "POSTAL_CODE", "BANK_ACCOUNT", "CREDIT_CARD", "PASSPORT",
                  "DRIVER_LICENSE", "HEALTH_INSURANCE", "BASIC_RESIDENT_CODE"}


def placeholder_key(entity_type: str, surface: str) -> tuple[str, str]:
    """Identity of a value within a request (width, spaces and number separators ignored)."""
    s = unicodedata.normalize("NFKC", surface)
    s = re.sub(r"\s+", "", s)
    if entity_type in _NUMERIC_TYPES:
        s = re.sub(r"[-‐‑–—−ー()（）.・]", "", s)
    if entity_type == "EMAIL":
        s = s.lower()
    return entity_type, s


@dataclass
class Masked:
    """One masked text. `mapping` is placeholder -> original surface (the session's, shared)."""

    text: str
    mapping: dict[str, str]
    counts: dict[str, int]


@dataclass
class Session:
    """Placeholder assignments for one request. Thread-safe; carry it across the texts of a request."""

    _by_key: dict[tuple[str, str], str] = field(default_factory=dict)
    _surface: dict[str, str] = field(default_factory=dict)
    _next: Counter = field(default_factory=Counter)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def numbered_after(cls, text: str) -> Session:
        """A new session whose placeholders of each type are numbered after the highest of that type
        `text` already holds. A log line quotes the model's prompt, masked with the request's session
        (「家臣の<PERSON_1>に城を預ける」); the log's own redaction then finds the names the prompt shows as
        written, and a fresh session had made 則職 a second <PERSON_1> beside 黒田重隆's."""
        session = cls()
        for m in _PLACED.finditer(text):
            kind, n = m.group(1), int(m.group(2))
            session._next[kind] = max(session._next[kind], n)
        return session

    def placeholder(self, entity_type: str, surface: str) -> str:
        if entity_type not in PII_TYPES:
            raise ValueError(f"unknown PII type {entity_type!r}")
        key = placeholder_key(entity_type, surface)
        with self._lock:
            ph = self._by_key.get(key)
            if ph is None:
                self._next[entity_type] += 1
                ph = f"<{entity_type}_{self._next[entity_type]}>"
                self._by_key[key] = ph
                self._surface[ph] = surface
            return ph

    @property
    def mapping(self) -> dict[str, str]:
        """placeholder -> original surface (first surface seen for that value)."""
        with self._lock:
            return dict(self._surface)

    def restore(self, text: str) -> str:
        return restore(text, self.mapping)

    def mask_known(self, text: str) -> str:
        """`text` with every occurrence of a value this session has masked replaced by its placeholder
        (longest value first). A value is found as written or width-folded, with or without spaces between
        its characters (「森戸裕一」 finds 「森戸 裕一氏」), and a number also without its separators.

        A public passage that names the person the question names then shows the model the question's
        placeholder, so the model can tell which passage and which sentence the question is about: before,
        「<PERSON_1>と結婚した人は」 stood beside 「…デステとルクレツィアの結婚式」. No detection is run, so this
        never reveals a value: it only masks more. Values of one character are left (「肩」 inside 「肩書」)."""
        pattern, forms = self._known()
        return pattern.sub(lambda m: forms[_folded(m.group(0))], text) if pattern is not None else text

    def restore_found(self, text: str, where: str) -> str:
        """`text` (masked with this session) with the placeholders put back whose value `where` holds
        (as `mask_known` finds it): what a local check may read of a name the documents give."""
        pattern, forms = self._known()
        if pattern is None:
            return text
        found = {forms[_folded(m.group(0))] for m in pattern.finditer(where)}
        return restore(text, {ph: v for ph, v in self.mapping.items() if ph in found})

    def _known(self) -> tuple[re.Pattern | None, dict[str, str]]:
        """One pattern over every masked value (spaces allowed between its characters), and each value's
        folded form (`_folded`) → its placeholder."""
        with self._lock:
            forms: dict[str, str] = {}
            for ph, surface in self._surface.items():
                forms.setdefault(_folded(surface), ph)
            for key, ph in self._by_key.items():  # every surface seen; a number's key has no separators
                forms.setdefault(key[1], ph)
        forms = {f: ph for f, ph in forms.items() if len(f) >= 2}
        if not forms:
            return None, forms
        alternatives = (r"\s*".join(map(re.escape, f)) for f in sorted(forms, key=len, reverse=True))
        return re.compile("|".join(alternatives)), forms

    def __len__(self) -> int:
        return len(self._surface)


def _folded(value: str) -> str:
    """A value as `Session.mask_known` compares it: width-folded (NFKC), without spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", value))


def _anonymizer():
    global _ANON
    if _ANON is None:
        from presidio_anonymizer import AnonymizerEngine

        _ANON = AnonymizerEngine()
    return _ANON


_ANON = None


def mask(text: str, findings: list[Finding], session: Session | None = None) -> Masked:
    """Replace each finding with its typed placeholder. Findings must not overlap (the detector's are not)."""
    session = session if session is not None else Session()
    counts = Counter(f.entity_type for f in findings)
    if not findings:
        return Masked(text, session.mapping, {})
    ordered = sorted(findings, key=lambda f: f.start)
    for a, b in zip(ordered, ordered[1:]):
        if b.start < a.end:
            raise ValueError("findings overlap; resolve them before masking")
    for f in ordered:
        if not (0 <= f.start < f.end <= len(text)):
            raise ValueError("finding offsets outside the text")
    from presidio_anonymizer.entities import OperatorConfig, RecognizerResult

    for f in ordered:  # number placeholders in reading order (presidio replaces from the end)
        session.placeholder(f.entity_type, text[f.start:f.end])
    operators = {
        t: OperatorConfig("custom", {"lambda": (lambda s, _t=t: session.placeholder(_t, s))})
        for t in counts
    }
    results = [RecognizerResult(f.entity_type, f.start, f.end, f.score) for f in ordered]
    out = _anonymizer().anonymize(
        text=text, analyzer_results=results, operators=operators, merge_entities_with_spaces=False,
    )
    return Masked(out.text, session.mapping, dict(counts))


def restore(text: str, mapping: dict[str, str]) -> str:
    """Put the original values back for every placeholder in `mapping`, tolerating small mangling."""
    if not mapping:
        return text
    canon = {ph.upper(): surface for ph, surface in mapping.items()}

    def lookup(m: re.Match) -> str:
        strict = _STRICT.match(unicodedata.normalize("NFKC", m.group(0)))
        if strict is None:
            return m.group(0)
        key = f"<{strict.group('type').upper()}_{int(strict.group('n'))}>"
        return canon.get(key, m.group(0))

    return _CANDIDATE.sub(lookup, text)


class Pseudonymizer:
    """Object form of `mask`/`restore` bound to one session (one request)."""

    def __init__(self, session: Session | None = None) -> None:
        self.session = session if session is not None else Session()

    def mask(self, text: str, findings: list[Finding]) -> Masked:
        return mask(text, findings, self.session)

    def restore(self, text: str) -> str:
        return self.session.restore(text)
