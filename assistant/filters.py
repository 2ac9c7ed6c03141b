"""Build `SearchFilters` from user input, accepting 和暦 (令和6年度, R6.4.1, 令和6年4月1日) and ISO dates."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.errors import AssistantError
from assistant.types import DOC_TYPES, SearchFilters


def build_filters(
    doc_types: Sequence[str] = (), departments: Sequence[str] = (), labels: Sequence[str] = (),
    date_from: str | None = None, date_to: str | None = None, period: str | None = None,
) -> SearchFilters:
    from ingest.metadata import parse_date_range

    bad = [d for d in doc_types if d not in DOC_TYPES]
    if bad:
        raise AssistantError(f"文書種別が不正です: {', '.join(bad)}（指定できるのは {', '.join(DOC_TYPES)}）")
    lo = hi = None
    if period:
        lo, hi = parse_date_range(period)
        if lo is None and hi is None:
            raise AssistantError(f"期間を解釈できません: {period}（例: 令和6年度、2024年、令和6年4月）")
    if date_from:
        lo = parse_date_range(date_from)[0]  # 令和6年4月 -> its first day
        if lo is None:
            raise AssistantError(f"開始日を解釈できません: {date_from}（例: 2024-04-01、令和6年4月1日、R6.4.1）")
    if date_to:
        hi = parse_date_range(date_to)[1]  # 令和7年3月 -> its last day (inclusive)
        if hi is None:
            raise AssistantError(f"終了日を解釈できません: {date_to}（例: 2025-03-31、令和7年3月31日）")
    return SearchFilters(doc_types=tuple(doc_types), departments=tuple(departments),
                         date_from=lo, date_to=hi, confidentiality=tuple(labels))
