"""Every supported format, from real files written by the test, through the whole Ingestor."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.loaders import decode_text, load
from tests.ingest.conftest import write_docx, write_image_pdf, write_pdf

JA = "住民票の写しの交付手数料は1通300円です。窓口は平日8時30分から17時15分まで開いています。"


def _ingest_one(ingestor, path: Path, **kw):
    results = list(ingestor.ingest([path], **kw))
    assert len(results) == 1
    return results[0]


@pytest.mark.parametrize(
    ("encoding", "prefix", "expected"),
    [
        ("utf-8", b"", "utf-8"),
        ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"),
        ("cp932", b"", "cp932"),
        ("euc_jp", b"", "euc_jp"),
        ("iso2022_jp", b"", "iso2022_jp"),
    ],
)
def test_when_text_file_in_japanese_encoding_then_detected_and_offsets_exact(ingestor, store, docs, encoding, prefix, expected):
    text = "# 窓口案内\n\n" + JA + "\n① 印鑑登録は即日できます。\n"
    if encoding in ("euc_jp", "iso2022_jp"):
        text = text.replace("①", "1")  # ① does not exist in these encodings
    path = docs / f"guide_{encoding}.md"
    path.write_bytes(prefix + text.encode(encoding))
    r = _ingest_one(ingestor, path)
    assert r.status == "added", r.error
    doc = load(path, path.read_bytes(), max_unpacked_bytes=10**8)
    assert doc.encoding == expected
    assert doc.text == text
    for c in store.chunks_of_doc(r.doc_id):
        assert text[c.start : c.end] == c.text


def test_when_shift_jis_text_has_crlf_then_offsets_index_the_decoded_file(ingestor, store, docs):
    text = "窓口の案内\r\n\r\n" + JA + "\r\n転入届は14日以内に提出してください。\r\n"
    path = docs / "crlf.txt"
    path.write_bytes(text.encode("cp932"))
    r = _ingest_one(ingestor, path)
    decoded = path.read_bytes().decode("cp932")
    chunks = store.chunks_of_doc(r.doc_id)
    assert chunks and all(decoded[c.start : c.end] == c.text for c in chunks)


def test_when_markdown_has_headings_then_section_path_in_metadata_and_retrieval_text(ingestor, store, docs):
    md = (
        "# 窓口業務マニュアル\n\n市民課\n\n## 第2章 住民票\n\n### 2.1 請求できる者\n\n"
        "本人または同一世帯の方が請求できます。代理人は委任状が必要です。\n\n"
        "```\n# これはコードで見出しではない\n```\n\n### 2.2 手数料\n\n" + JA + "\n"
    )
    path = docs / "manual.md"
    path.write_text(md, encoding="utf-8")
    r = _ingest_one(ingestor, path)
    chunks = store.chunks_of_doc(r.doc_id)
    by_text = {c.section: c for c in chunks}
    assert "第2章 住民票 > 2.1 請求できる者" in by_text
    assert "第2章 住民票 > 2.2 手数料" in by_text
    c = by_text["第2章 住民票 > 2.2 手数料"]
    assert c.title == "窓口業務マニュアル" and c.doc_type == "manual"
    assert c.retrieval_text().startswith("窓口業務マニュアル\n第2章 住民票 > 2.2 手数料\n")
    assert md[c.start : c.end] == c.text and "300円" in c.text
    assert not any("これはコード" in (x.section or "") for x in chunks)


def test_when_pdf_has_text_layer_then_pages_and_outline_sections_kept(ingestor, store, docs):
    path = write_pdf(
        docs / "tebiki.pdf",
        [["第1章　総則", "住民票の写しの手数料は1通300円です。窓口は8時30分から", "17時15分までです。"],
         ["第2章　印鑑登録", "印鑑登録は本人が来庁すれば即日できます。"],
         ["第3章　戸籍", "戸籍謄本の手数料は450円です。"]],
        outline=[(0, "第1章 総則"), (1, "第2章 印鑑登録"), (2, "第3章 戸籍")],
        title="窓口の手引き",
    )
    r = _ingest_one(ingestor, path)
    assert r.status == "added", r.error
    chunks = store.chunks_of_doc(r.doc_id)
    pages = {c.page for c in chunks}
    assert pages == {1, 2, 3}
    p2 = [c for c in chunks if c.page == 2]
    assert all("印鑑" in c.text for c in p2) and p2[0].section == "第2章 印鑑登録"
    p1 = next(c for c in chunks if c.page == 1)
    # the wrapped line is one sentence: 8時30分から / 17時15分まで stay together
    assert "8時30分から\n17時15分までです。" in p1.text
    assert chunks[0].title == "窓口の手引き" and chunks[0].doc_type == "manual"


def test_when_pdf_is_image_only_then_failed_with_ocr_needed(ingestor, docs):
    r = _ingest_one(ingestor, write_image_pdf(docs / "scan.pdf"))
    assert r.status == "failed" and "OCR" in r.error and "テキスト層がありません" in r.error


def test_when_docx_has_headings_and_table_then_section_path_and_rows_whole(ingestor, store, docs):
    path = write_docx(
        docs / "jimu.docx",
        [
            ("title", "転入届 事務処理要領"),
            ("h1", "第1章 受付"),
            ("p", "転入届は転入した日から14日以内に届け出てください。本人確認書類を確認します。"),
            ("h2", "1.1 必要書類"),
            ("table", [["書類", "備考"], ["転出証明書", "マイナンバーカードによる転出は不要"], ["本人確認書類", "顔写真付きは1点"]]),
            ("h1", "第2章 交付"),
            ("p", "住民票の写しは即日交付します。"),
        ],
    )
    r = _ingest_one(ingestor, path)
    assert r.status == "added", r.error
    chunks = store.chunks_of_doc(r.doc_id)
    sections = [c.section for c in chunks]
    assert "第1章 受付 > 1.1 必要書類" in sections and "第2章 交付" in sections
    table = next(c for c in chunks if c.section == "第1章 受付 > 1.1 必要書類")
    assert "| 転出証明書 | マイナンバーカードによる転出は不要 |" in table.text
    assert chunks[0].title == "転入届 事務処理要領"


def test_when_html_page_then_main_text_without_navigation(ingestor, store, docs):
    html = """<!DOCTYPE html><html lang="ja"><head><meta charset="shift_jis"><title>住民票の写しの交付｜みどり野市</title></head>
<body><header><nav><ul><li><a href="/">ホーム</a></li><li><a href="/k">くらし・手続き</a></li><li><a href="/s">子育て・教育</a></li></ul></nav></header>
<div class="breadcrumb"><a href="/">トップ</a> &gt; くらし &gt; 住民票</div>
<main><article><h1>住民票の写しの交付</h1><p>住民票の写しは、市民課窓口で請求できます。手数料は1通300円です。</p>
<h2>請求できる方</h2><p>本人または同一世帯の方です。代理人の場合は委任状が必要です。</p>
<h2>手数料</h2><table><tr><th>種類</th><th>手数料</th></tr><tr><td>住民票の写し</td><td>300円</td></tr><tr><td>コンビニ交付</td><td>200円</td></tr></table>
<p>お問い合わせ：市民部 市民課</p></article></main>
<aside><h3>よく見られているページ</h3><ul><li>ごみの出し方</li></ul></aside>
<footer>Copyright みどり野市 All rights reserved.</footer></body></html>"""
    path = docs / "juminhyo.html"
    path.write_bytes(html.encode("cp932"))
    r = _ingest_one(ingestor, path)
    assert r.status == "added", r.error
    chunks = store.chunks_of_doc(r.doc_id)
    body = "\n".join(c.text for c in chunks)
    assert "手数料は1通300円です" in body and "| コンビニ交付 | 200円 |" in body
    for nav in ("くらし・手続き", "子育て・教育", "Copyright", "よく見られているページ"):
        assert nav not in body
    assert any(c.section == "手数料" for c in chunks)
    assert chunks[0].title.startswith("住民票の写しの交付")


def test_when_csv_faq_then_one_chunk_per_row_with_category_and_department(ingestor, store, docs):
    rows = [
        "分類,質問,回答,担当課",
        "住民票,住民票の写しの手数料はいくらですか。,窓口での交付は1通300円です。,市民課",
        '印鑑,印鑑登録はその日にできますか。,"本人確認書類があれば即日登録できます。\nない場合は照会書を郵送します。",市民課',
        "児童手当,児童手当はいつ支給されますか。,偶数月に前月分までを支給します。,子育て支援課",
    ]
    path = docs / "faq.csv"
    path.write_bytes(("\r\n".join(rows) + "\r\n").encode("cp932"))  # Excel's CSV: CP932 + CRLF
    r = _ingest_one(ingestor, path)
    assert r.status == "added" and r.chunks == 3, r.error
    chunks = store.chunks_of_doc(r.doc_id)
    assert [c.section for c in chunks] == ["住民票", "印鑑", "児童手当"]
    assert [c.department for c in chunks] == ["市民課", "市民課", "子育て支援課"]
    assert chunks[1].text.startswith("分類: 印鑑\n質問: 印鑑登録はその日にできますか。\n回答: 本人確認書類があれば")
    assert "照会書を郵送します" in chunks[1].text


def test_when_directory_then_recursed_with_include_and_exclude(ingestor, docs):
    (docs / "a").mkdir()
    (docs / "a" / "b").mkdir()
    (docs / "a" / "keep.md").write_text("# A\n\n本文です。", encoding="utf-8")
    (docs / "a" / "b" / "deep.txt").write_text("深い階層の文書です。", encoding="utf-8")
    (docs / "a" / "b" / "skip.txt").write_text("除外される文書です。", encoding="utf-8")
    (docs / ".hidden.md").write_text("隠しファイルです。", encoding="utf-8")  # default exclude **/.*
    (docs / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n")  # unsupported: skipped silently in walks
    results = list(ingestor.ingest([docs], exclude=["**/skip.txt"]))
    names = sorted(Path(r.path).name for r in results)
    assert names == ["deep.txt", "keep.md"]
    assert ingestor.last_walk.skipped_unsupported == 1
    only_md = list(ingestor.ingest([docs], include=["*.md"]))
    assert [Path(r.path).name for r in only_md] == ["keep.md"]


def test_when_decoding_utf16_with_bom_then_text(tmp_path):
    data = "\ufeff令和6年4月8日 窓口案内".encode("utf-16-le")
    assert decode_text(data, "x.txt") == ("令和6年4月8日 窓口案内", "utf-16")
