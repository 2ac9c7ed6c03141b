"""Format extraction: bytes -> `ExtractedDoc` (text plus page, section and record spans).

Invariants:
- For .txt/.md the extracted text IS the decoded file (BOM removed, newlines untouched), so a
  chunk's `text == file_text[start:end]` exactly. Other formats define their own extracted text
  (pages joined by blank lines, Word paragraphs one per line, HTML main text as Markdown, one
  "見出し: 値" block per CSV row) and offsets refer to it.
- Spans are half-open [start, end) character offsets into `ExtractedDoc.text`.
- Every failure is an `IngestError(path, reason)` with a one-line Japanese reason; parser
  exceptions never escape this module.

Parsers are the maintained libraries: charset-normalizer (encodings), pypdf, python-docx,
trafilatura (+ an lxml fallback for pages it returns nothing for) and the stdlib csv module.
Heading detection for Markdown/plain text is a few regexes over lines (see docs/ingest.md).
"""

from __future__ import annotations

import csv
import io
import logging
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from assistant.errors import IngestError
from ingest.files import SUPPORTED_SUFFIXES, display

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PageSpan:
    start: int
    end: int
    number: int  # 1-based page number


@dataclass(frozen=True)
class SectionSpan:
    """A heading's scope: [start, end); the heading line itself is [start, heading_end)."""

    start: int
    end: int
    path: tuple[str, ...]
    heading_end: int


@dataclass(frozen=True)
class RecordSpan:
    """An atomic unit that becomes exactly one chunk (a CSV row)."""

    start: int
    end: int
    section: str | None = None
    department: str | None = None


@dataclass
class ExtractedDoc:
    text: str
    format: str  # text | markdown | pdf | docx | html | csv
    encoding: str | None = None
    pages: list[PageSpan] = field(default_factory=list)
    sections: list[SectionSpan] = field(default_factory=list)
    records: list[RecordSpan] = field(default_factory=list)
    title: str | None = None  # from the format's own metadata or first heading
    soft_wrap: bool = False  # single newlines are layout, not structure (PDF)


# --------------------------------------------------------------------------------------------
# encodings

_JA_ENCODINGS = ["utf_8", "cp932", "euc_jp", "iso2022_jp"]


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 0x20 and b not in (0x09, 0x0A, 0x0C, 0x0D, 0x1B))
    return controls > max(4, len(sample) // 100)


def _is_japanese_char(ch: str) -> bool:
    o = ord(ch)
    return (0x3000 <= o <= 0x30FF or 0x4E00 <= o <= 0x9FFF or 0xFF01 <= o <= 0xFF5E or 0x3400 <= o <= 0x4DBF
            or 0x2460 <= o <= 0x24FF or 0x2500 <= o <= 0x257F or 0x3200 <= o <= 0x33FF or 0xF900 <= o <= 0xFAFF
            or o in (0x2010, 0x2015, 0x2018, 0x2019, 0x201C, 0x201D, 0x2025, 0x2026, 0x203B, 0x2212, 0x00D7, 0x00F7))


def _plausible(text: str) -> bool:
    """Decoded text reads as Japanese/ASCII prose rather than mojibake or noise: few control or
    private-use characters, and the non-ASCII part mostly kana/kanji/full-width forms (EUC-JP bytes
    read as CP932 give mostly half-width katakana and fail this)."""
    if not text.strip():
        return True
    sample = text[:20000]
    bad = sum(1 for ch in sample if (ord(ch) < 0x20 and ch not in "\t\n\r\f\x1b") or 0xE000 <= ord(ch) <= 0xF8FF or ch == "\ufffd")
    if bad > len(sample) // 50:
        return False
    non_ascii = [ch for ch in sample if ord(ch) > 0x7F]
    if not non_ascii:
        return True
    ja = sum(1 for ch in non_ascii if _is_japanese_char(ch))
    halfwidth_kana = sum(1 for ch in non_ascii if 0xFF61 <= ord(ch) <= 0xFF9F)
    return ja >= 0.6 * len(non_ascii) and halfwidth_kana <= 0.3 * len(non_ascii)


def decode_text(data: bytes, path: str) -> tuple[str, str]:
    """Decode Japanese text: BOM, then strict UTF-8, then charset-normalizer over CP932/EUC-JP/JIS."""
    if not data:
        raise IngestError(path, "空のファイルです")
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            raise IngestError(path, "UTF-8 の BOM 付きですが、内容が UTF-8 として壊れています") from None
    for bom, enc in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            try:
                text = data[2:].decode(enc)
            except UnicodeDecodeError:
                break
            if _plausible(text):
                return text, "utf-16"
            break
    if _looks_binary(data):
        raise IngestError(path, "バイナリデータのようです（テキストファイルとして読めません）")
    if b"\x1b$B" in data or b"\x1b$@" in data:
        try:
            return data.decode("iso2022_jp"), "iso2022_jp"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    # charset-normalizer ranks the Japanese encodings; its default chaos threshold rejects some
    # real CP932 files outright (mixed tables and numbers), hence the second, tolerant pass whose
    # winner must still read as Japanese (_plausible)
    for threshold in (0.2, 1.0):
        for match in from_bytes(data, cp_isolation=_JA_ENCODINGS, threshold=threshold):
            enc = {"shift_jis": "cp932"}.get(match.encoding, match.encoding)
            try:
                text = data.decode(enc)
            except (UnicodeDecodeError, LookupError):
                continue
            if _plausible(text):
                return text, enc
    raise IngestError(path, "文字コードを判定できません（UTF-8・Shift_JIS・EUC-JP のいずれとしても読めません）")


# --------------------------------------------------------------------------------------------
# structure of text files

_LINE_RE = re.compile(r"[^\n]*\n|[^\n]+\Z")
_ATX_RE = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*\r?\n?$")
_FENCE_RE = re.compile(r"^ {0,3}(```|~~~)")


def iter_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line including its newline."""
    return [m.span() for m in _LINE_RE.finditer(text)]


def _sections_from_headings(text_len: int, heads: list[tuple[int, int, int, str]]) -> list[SectionSpan]:
    """heads: (start, heading_end, level, title) in order -> nested section spans."""
    out: list[SectionSpan] = []
    stack: list[tuple[int, str]] = []
    for i, (start, hend, level, title) in enumerate(heads):
        while stack and stack[-1][0] >= level:
            stack.pop()
        stack.append((level, title))
        end = heads[i + 1][0] if i + 1 < len(heads) else text_len
        out.append(SectionSpan(start, end, tuple(t for _, t in stack), hend))
    return out


def markdown_sections(text: str) -> tuple[list[SectionSpan], str | None]:
    """ATX headings (# …) outside fenced code; returns sections and the first H1 as title."""
    heads: list[tuple[int, int, int, str]] = []
    in_fence: str | None = None
    for start, end in iter_lines(text):
        line = text[start:end]
        fm = _FENCE_RE.match(line)
        if fm:
            in_fence = None if in_fence == fm.group(1) else (in_fence or fm.group(1))
            continue
        if in_fence:
            continue
        m = _ATX_RE.match(line)
        if m and m.group(2).strip():
            heads.append((start, end, len(m.group(1)), _clean_heading(m.group(2))))
    title = next((t for _, _, lvl, t in heads if lvl == 1), None)
    return _sections_from_headings(len(text), heads), title


def _clean_heading(s: str) -> str:
    s = re.sub(r"[*_`]+", "", s)
    return re.sub(r"[ \t　]+", " ", s).strip()


_KANJI_NUM = "0-9０-９一二三四五六七八九十百"
_PLAIN_HEADINGS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(rf"^(?:第[{_KANJI_NUM}]+[編部章]|序章|終章|補足資料|参考資料|資料編)(?:[ \t　]|$)")),
    (2, re.compile(rf"^第[{_KANJI_NUM}]+節(?:[ \t　]|$)")),
    (2, re.compile(r"^[0-9０-９]{1,2}[ \t　]+\S")),
    (3, re.compile(r"^[(（][0-9０-９]{1,2}[)）][ \t　]*\S")),
    (4, re.compile(r"^【[^】]{1,40}】$|^■[ \t　]*\S")),
)
_TOC_RE = re.compile(r"(?:\.{3,}|…{2,}|・{3,})|[\t ][0-9０-９補]{1,4}[0-9０-９]*$")


def text_sections(text: str) -> list[SectionSpan]:
    """Heuristic headings in plain text: 第N章 (1), 第N節 / "1 見出し" (2), "(1) 見出し" (3),
    【見出し】 / ■見出し (4). Only short lines without a sentence end count; table-of-contents
    lines (dot leaders or a trailing page number) do not."""
    heads: list[tuple[int, int, int, str]] = []
    for start, end in iter_lines(text):
        raw = text[start:end]
        line = raw.strip(" \t\r\n　")
        if not line or len(line) > 50 or line.endswith(("。", "、", "，", "：", ":")):
            continue
        if _TOC_RE.search(line) or line.count("\t") > 1:
            continue
        for level, rx in _PLAIN_HEADINGS:
            if rx.match(line):
                heads.append((start, end, level, _clean_heading(line.lstrip("■【").rstrip("】"))))
                break
    return _sections_from_headings(len(text), heads)


# --------------------------------------------------------------------------------------------
# formats


def load(path: Path, data: bytes, *, max_unpacked_bytes: int) -> ExtractedDoc:
    """Dispatch on the extension. Raises IngestError (with the file named) for any problem."""
    kind = SUPPORTED_SUFFIXES.get(path.suffix.lower())
    shown = display(path)
    try:
        if kind == "text":
            doc = load_text(data, shown)
        elif kind == "markdown":
            doc = load_markdown(data, shown)
        elif kind == "pdf":
            doc = load_pdf(data, shown)
        elif kind == "docx":
            doc = load_docx(data, shown, max_unpacked_bytes=max_unpacked_bytes)
        elif kind == "html":
            doc = load_html(data, shown)
        elif kind == "csv":
            doc = load_csv(data, shown)
        else:
            raise IngestError(shown, f"対応していない形式です（{path.suffix or '拡張子なし'}）")
    except IngestError:
        raise
    except RecursionError:
        raise IngestError(shown, "構造が深すぎて解析できません（破損または悪意のあるファイルの可能性）") from None
    except MemoryError:
        raise IngestError(shown, "メモリが不足したため解析を中止しました") from None
    if not doc.text.strip():
        raise IngestError(shown, "本文がありません（空白だけのファイルです）")
    return doc


def load_text(data: bytes, path: str) -> ExtractedDoc:
    text, enc = decode_text(data, path)
    return ExtractedDoc(text=text, format="text", encoding=enc, sections=text_sections(text))


def load_markdown(data: bytes, path: str) -> ExtractedDoc:
    text, enc = decode_text(data, path)
    sections, title = markdown_sections(text)
    return ExtractedDoc(text=text, format="markdown", encoding=enc, sections=sections, title=title)


_PAGE_SEP = "\n\n"


def load_pdf(data: bytes, path: str) -> ExtractedDoc:
    import pypdf
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    if b"%PDF-" not in data[:1024]:
        raise IngestError(path, "PDF ではありません、または PDF が壊れています（%PDF ヘッダーがありません）")
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception:
                ok = 0
            if not ok:
                raise IngestError(path, "パスワードで保護された PDF です（保護を解除してから取り込んでください）")
        texts: list[str] = []
        for page in reader.pages:
            texts.append(_clean_pdf_text(page.extract_text() or ""))
        outline = _pdf_outline(reader)
        meta_title = None
        try:
            meta_title = (reader.metadata or {}).get("/Title")
        except Exception:
            meta_title = None
    except IngestError:
        raise
    except FileNotDecryptedError:
        raise IngestError(path, "パスワードで保護された PDF です（保護を解除してから取り込んでください）") from None
    # pypdf signals damaged structure with many exception types, and unsupported features (e.g. an
    # unknown filter or encryption scheme) with NotImplementedError: all mean "cannot read this PDF"
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError, AssertionError, NotImplementedError) as exc:
        log.info("pdf parse failure %s: %r", path, exc)
        raise IngestError(path, "PDF が壊れていて読めません") from None
    if not any(t.strip() for t in texts):
        raise IngestError(path, "テキスト層がありません（画像だけの PDF です）。OCR が必要です")
    parts: list[str] = []
    pages: list[PageSpan] = []
    pos = 0
    for i, t in enumerate(texts):
        if i:
            parts.append(_PAGE_SEP)
            pos += len(_PAGE_SEP)
        pages.append(PageSpan(pos, pos + len(t), i + 1))
        parts.append(t)
        pos += len(t)
    text = "".join(parts)
    sections = _outline_sections(outline, pages, len(text))
    title = str(meta_title).strip() if meta_title and str(meta_title).strip().lower() not in ("untitled", "") else None
    return ExtractedDoc(text=text, format="pdf", pages=pages, sections=sections, title=title, soft_wrap=True)


def _clean_pdf_text(t: str) -> str:
    t = t.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return t.strip("\n")


def _pdf_outline(reader) -> list[tuple[int, int, str]]:
    """(page_index, depth, title) from the PDF outline (bookmarks); [] if none or unreadable."""
    out: list[tuple[int, int, str]] = []

    def walk(items, depth: int) -> None:
        for it in items:
            if isinstance(it, list):
                walk(it, depth + 1)
                continue
            try:
                page = reader.get_destination_page_number(it)
                title = str(it.title).strip()
            except Exception:
                continue
            if page is not None and page >= 0 and title:
                out.append((page, depth, title))

    try:
        walk(reader.outline, 1)
    except Exception:
        return []
    return out


def _outline_sections(outline: list[tuple[int, int, str]], pages: list[PageSpan], n: int) -> list[SectionSpan]:
    """Bookmarks become sections starting at the top of their page."""
    heads: list[tuple[int, int, int, str]] = []
    for page_idx, depth, title in sorted(outline, key=lambda x: x[0]):
        if page_idx < len(pages):
            s = pages[page_idx].start
            heads.append((s, s, depth, _clean_heading(title)))
    # several bookmarks on one page give empty sections except the last, whose path (from the
    # heading stack) still includes its parents
    return _sections_from_headings(n, heads)


# --- Word


_HEADING_STYLE_RE = re.compile(r"(?i)^(?:heading|見出し)\s*([1-9])$")


def _check_zip(data: bytes, path: str, max_unpacked_bytes: int) -> None:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise IngestError(path, "Word ファイル（.docx）が壊れています（ZIP として開けません）") from None
    with zf:
        infos = zf.infolist()
        if len(infos) > 10_000:
            raise IngestError(path, "ZIP 内のファイル数が異常に多いため処理を中止しました（zip bomb の疑い）")
        total = sum(i.file_size for i in infos)
        if total > max_unpacked_bytes:
            raise IngestError(path, f"展開後のサイズが異常に大きいため処理を中止しました（{total / 1_048_576:.0f} MB、zip bomb の疑い）")
        for i in infos:
            if i.compress_size and i.file_size > 5_000_000 and i.file_size / i.compress_size > 200:
                raise IngestError(path, "圧縮率が異常に高いため処理を中止しました（zip bomb の疑い）")
        if "word/document.xml" not in zf.namelist():
            raise IngestError(path, "Word ファイル（.docx）が壊れています（本文 word/document.xml がありません）")


def load_docx(data: bytes, path: str, *, max_unpacked_bytes: int) -> ExtractedDoc:
    _check_zip(data, path, max_unpacked_bytes)
    import docx
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises a variety of KeyError/ValueError/lxml errors
        log.info("docx parse failure %s: %r", path, exc)
        raise IngestError(path, "Word ファイル（.docx）が壊れていて読めません") from None

    lines: list[str] = []
    heads_idx: list[tuple[int, int, str]] = []  # (line index, level, title)
    title: str | None = None
    try:
        for child in document.element.body.iterchildren():
            if child.tag == qn("w:p"):
                para = Paragraph(child, document)
                text = para.text.replace("\r", "").replace("\n", " ").replace("\v", " ")
                level = _docx_heading_level(para)
                stripped = text.strip()
                if level == 0:  # the Title style names the document and opens a top section
                    if stripped and title is None:
                        title = stripped
                    level = 1
                if level is not None and stripped:
                    heads_idx.append((len(lines), level, stripped))
                lines.append(text)
            elif child.tag == qn("w:tbl"):
                for row in Table(child, document).rows:
                    cells, seen = [], set()
                    for cell in row.cells:
                        if id(cell._tc) in seen:  # merged cells repeat
                            continue
                        seen.add(id(cell._tc))
                        cells.append(re.sub(r"\s+", " ", cell.text).strip())
                    if any(cells):
                        lines.append("| " + " | ".join(cells) + " |")
                lines.append("")
        core_title = (document.core_properties.title or "").strip()
    except IngestError:
        raise
    except Exception as exc:
        log.info("docx walk failure %s: %r", path, exc)
        raise IngestError(path, "Word ファイル（.docx）の内容を読み取れません") from None

    text_parts: list[str] = []
    starts: list[int] = []
    pos = 0
    for ln in lines:
        starts.append(pos)
        text_parts.append(ln + "\n")
        pos += len(ln) + 1
    text = "".join(text_parts)
    heads = [(starts[i], starts[i] + len(lines[i]) + 1, lvl, _clean_heading(t)) for i, lvl, t in heads_idx]
    sections = _sections_from_headings(len(text), heads)
    if title is None:
        title = core_title or next((t for _, lvl, t in heads_idx if lvl == 1), None)
    return ExtractedDoc(text=text, format="docx", sections=sections, title=title)


def _docx_heading_level(para) -> int | None:
    """1-9 for headings, 0 for the Title style, None for body text."""
    from docx.oxml.ns import qn

    try:
        name = para.style.name if para.style is not None else ""
    except Exception:
        name = ""
    if name and name.lower() == "title" or name == "表題":
        return 0
    m = _HEADING_STYLE_RE.match(name or "")
    if m:
        return int(m.group(1))
    ppr = para._p.pPr
    if ppr is not None:
        ol = ppr.find(qn("w:outlineLvl"))
        if ol is not None:
            try:
                val = int(ol.get(qn("w:val")))
            except (TypeError, ValueError):
                return None
            if 0 <= val <= 8:
                return val + 1
    return None


# --- HTML


_TRAFILATURA_CONFIG = None


def _trafilatura_config():
    """Japanese pages are short in characters: trafilatura's 250-character minimum would send most
    of them to its whole-page fallback, navigation included. No SIGALRM timeout either (the UI
    ingests from worker threads)."""
    global _TRAFILATURA_CONFIG
    if _TRAFILATURA_CONFIG is None:
        from trafilatura.settings import use_config

        cfg = use_config()
        cfg.set("DEFAULT", "MIN_EXTRACTED_SIZE", "40")
        cfg.set("DEFAULT", "MIN_OUTPUT_SIZE", "1")
        cfg.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
        _TRAFILATURA_CONFIG = cfg
    return _TRAFILATURA_CONFIG


def load_html(data: bytes, path: str) -> ExtractedDoc:
    """Main content via trafilatura (navigation, headers, footers dropped), as Markdown so that
    headings become sections; an lxml fallback for pages trafilatura returns nothing for.
    A page whose only text is navigation fails."""
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    text = None
    title = None
    try:
        text = trafilatura.extract(
            data, output_format="markdown", include_tables=True, include_formatting=True,
            include_links=False, include_images=False, include_comments=False, favor_recall=True,
            deduplicate=False, config=_trafilatura_config(),
        )
        meta = trafilatura.extract_metadata(data)
        title = meta.title if meta is not None else None
    except Exception as exc:
        log.info("trafilatura failure %s: %r", path, exc)
        text = None
    if not text or not text.strip():
        text, title2 = _html_fallback(data, path)
        title = title or title2
    text = text.replace("\r\n", "\n")
    # trafilatura leaves "| a | b | " with a trailing space on table rows
    text = re.sub(r"\|[ \t]+\n", "|\n", text)
    if _only_navigation(data, text):
        raise IngestError(path, "HTML から本文を抽出できませんでした（ナビゲーションだけのページです）")
    sections, h1 = markdown_sections(text)
    return ExtractedDoc(text=text, format="html", sections=sections, title=(title or h1))


def _html_tree(data: bytes):
    """lxml tree of the page, decoded with trafilatura's charset detection (meta, then guess)."""
    import lxml.html
    from trafilatura.utils import decode_file

    markup = decode_file(data)
    if not markup.strip():
        return None
    try:
        return lxml.html.document_fromstring(markup)
    except Exception:  # lxml raises ParserError / ValueError on junk
        return None


_NAV_XPATH = "//nav|//header|//footer|//aside|//*[@role='navigation']"


def _only_navigation(data: bytes, text: str) -> bool:
    """Every extracted line is text of a nav/header/footer/aside element."""
    tree = _html_tree(data)
    if tree is None:
        return False
    nav_texts = {t.strip() for el in tree.xpath(_NAV_XPATH) for t in el.itertext() if t.strip()}
    lines = [re.sub(r"^(?:[#>*-]+\s*)+", "", ln).strip() for ln in text.splitlines()]
    lines = [ln for ln in lines if ln]
    return bool(lines) and all(ln in nav_texts for ln in lines)


def _html_fallback(data: bytes, path: str) -> tuple[str, str | None]:
    """Visible text of headings, paragraphs, list items and table rows, navigation removed."""
    tree = _html_tree(data)
    if tree is None:
        raise IngestError(path, "HTML を解析できませんでした")
    title = (tree.findtext(".//title") or "").strip() or None
    for el in tree.xpath(_NAV_XPATH + "|//script|//style|//noscript|//form|//iframe|//svg"):
        el.drop_tree()
    lines: list[str] = []
    for el in tree.iter("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "tr", "dt", "dd", "pre"):
        if el.tag == "tr":
            cells = [re.sub(r"\s+", " ", c.text_content()).strip() for c in el if c.tag in ("th", "td")]
            if any(cells):
                lines.append("| " + " | ".join(cells) + " |")
            continue
        if el.tag in ("p", "li") and any(a.tag in ("p", "li", "tr") for a in el.iterancestors()):
            continue
        t = re.sub(r"\s+", " ", el.text_content()).strip()
        if t:
            lines.append(("#" * int(el.tag[1]) + " " + t) if el.tag[0] == "h" else t)
    text = "\n\n".join(lines)
    if not text.strip():
        raise IngestError(path, "HTML から本文を抽出できませんでした")
    return text, title


# --- CSV

_CATEGORY_COLS = ("分類", "カテゴリ", "カテゴリー", "区分", "ジャンル", "項目", "category")
_DEPT_COLS = ("担当課", "所管課", "担当部署", "担当", "所管", "部署", "問い合わせ先", "department")


def load_csv(data: bytes, path: str) -> ExtractedDoc:
    """One record per data row, rendered as "見出し: 値" lines; the row is one chunk.

    A row whose number of fields differs from the header (ignoring trailing empty fields) or an
    unterminated quote fails the whole file with the line number: a silently shifted answer
    would be worse than no answer.
    """
    raw, enc = decode_text(data, path)
    sample = raw[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(raw, newline=""), delimiter=delimiter, strict=True)
    header: list[str] | None = None
    parts: list[str] = []
    records: list[RecordSpan] = []
    pos = 0
    try:
        for row in reader:
            if not any(c.strip() for c in row):
                continue
            if header is None:
                header = [c.strip() for c in row]
                if len(header) < 2:
                    raise IngestError(path, "CSV の見出し行に列が 1 つしかありません（区切り文字を確認してください）")
                cat_i = _find_col(header, _CATEGORY_COLS)
                dept_i = _find_col(header, _DEPT_COLS)
                continue
            cells = list(row)
            while len(cells) > len(header) and not cells[-1].strip():
                cells.pop()
            if len(cells) != len(header):
                raise IngestError(path, f"CSV の {reader.line_num} 行目が壊れています（{len(cells)} 列、見出しは {len(header)} 列）")
            block = "\n".join(f"{h or f'列{i + 1}'}: {c.strip()}" for i, (h, c) in enumerate(zip(header, cells)) if c.strip())
            if not block:
                continue
            if parts:
                parts.append("\n\n")
                pos += 2
            section = cells[cat_i].strip() or None if cat_i is not None else None
            dept = cells[dept_i].strip() or None if dept_i is not None else None
            records.append(RecordSpan(pos, pos + len(block), section, dept))
            parts.append(block)
            pos += len(block)
    except csv.Error as exc:
        raise IngestError(path, f"CSV の {reader.line_num} 行目が壊れています（{_csv_reason(exc)}）") from None
    if header is None or not records:
        raise IngestError(path, "CSV にデータ行がありません")
    text = "".join(parts)
    sections: list[SectionSpan] = []
    return ExtractedDoc(text=text, format="csv", encoding=enc, sections=sections, records=records)


def _find_col(header: list[str], names: tuple[str, ...]) -> int | None:
    low = [h.lower() for h in header]
    for n in names:
        if n.lower() in low:
            return low.index(n.lower())
    return None


def _csv_reason(exc: csv.Error) -> str:
    msg = str(exc)
    if "EOF" in msg or "end of data" in msg or "unexpected end" in msg:
        return "引用符が閉じられていません"
    if "quote" in msg:
        return "引用符の位置が不正です"
    return "形式が不正です"
