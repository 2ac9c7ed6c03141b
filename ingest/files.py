"""Finding and vetting input files before anything parses them.

Invariants:
- Every path that reaches a parser is a regular file (never a FIFO or device, which would block
  or stream forever), at most `max_bytes` long, readable, and has a clean name.
- Directory walks follow symlinks but never loop: a link back to an ancestor directory is reported
  as a failure for that link, a second link to an already walked directory is skipped.
- Include/exclude globs apply to paths relative to the directory given; explicitly named files are
  always taken. Patterns without "/" match the base name; "**" spans directories.
- The same file reached twice in one batch (via a link) is ingested once.
- Problems become `IngestError(path, reason)` with a one-line Japanese reason.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import IngestError

SUPPORTED_SUFFIXES: dict[str, str] = {
    ".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
    ".pdf": "pdf", ".docx": "docx", ".html": "html", ".htm": "html", ".csv": "csv",
}
_LEGACY_HINTS = {
    ".doc": "旧形式の Word 文書（.doc）は読めません。Word で .docx として保存し直してください",
    ".xls": "Excel ファイル（.xls）は未対応です。CSV で保存し直してください",
    ".xlsx": "Excel ファイル（.xlsx）は未対応です。CSV で保存し直してください",
    ".ppt": "PowerPoint ファイルは未対応です。PDF で保存し直してください",
    ".pptx": "PowerPoint ファイルは未対応です。PDF で保存し直してください",
    ".rtf": "RTF は未対応です。.docx で保存し直してください",
}
# C0/C1 controls, zero-width and bidi-override characters (e.g. U+202E hides a real extension)
_BAD_NAME_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


@dataclass(frozen=True)
class Candidate:
    """A file to ingest, or a problem found while looking for files (`problem` is the reason)."""

    path: Path  # absolute, normalised, symlinks not resolved (this is what the doc id hashes)
    explicit: bool
    problem: str | None = None
    size: int = 0


def display(path: str | os.PathLike[str]) -> str:
    """A path safe to print on one line (control characters escaped)."""
    s = os.fsdecode(path)
    s = s.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return _BAD_NAME_CHARS.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", s)


def normalise_path(path: str | os.PathLike[str]) -> Path:
    """Absolute, normalised (no "..", NFC) path without resolving symlinks."""
    return Path(unicodedata.normalize("NFC", os.path.abspath(os.fsdecode(path))))


def doc_id_for(path: Path) -> str:
    """Deterministic document id: a hash of the normalised absolute path."""
    return hashlib.sha256(("doc\x00" + str(normalise_path(path))).encode("utf-8", "surrogateescape")).hexdigest()[:32]


def name_problem(raw: str) -> str | None:
    """Why a path given to us (or found in a folder) is unacceptable, if it is."""
    try:
        raw.encode("utf-8")
    except UnicodeEncodeError:
        return "ファイル名の文字コードが不正です（UTF-8 として読めない名前です）"
    if _BAD_NAME_CHARS.search(raw):
        return "ファイル名に制御文字または不可視の文字が含まれています"
    if ".." in Path(raw).parts:
        return "パスに「..」が含まれています（パス・トラバーサルの疑いがあるため処理しません）"
    return None


def suffix_problem(path: Path) -> str | None:
    suffix = path.suffix.lower()
    if suffix in SUPPORTED_SUFFIXES:
        return None
    if suffix in _LEGACY_HINTS:
        return _LEGACY_HINTS[suffix]
    shown = suffix or "拡張子なし"
    return f"対応していない形式です（{shown}）。対応形式: .txt .md .pdf .docx .html .csv"


def _glob_to_regex(pattern: str) -> re.Pattern[str]:
    """Translate a glob with ** to a regex over "/"-separated relative paths."""
    pat = pattern.replace("\\", "/")
    anchored = "/" in pat.strip("/") or pat.startswith("**")
    if not anchored:
        pat = "**/" + pat
    out, i = [], 0
    while i < len(pat):
        c = pat[i]
        if pat.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pat.startswith("**", i):
            out.append(".*")
            i += 2
        elif c == "*":
            out.append("[^/]*")
            i += 1
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[":
            j = pat.find("]", i + 1)
            if j == -1:
                out.append(re.escape(c))
                i += 1
            else:
                body = pat[i + 1 : j]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body}]")
                i = j + 1
        else:
            out.append(re.escape(c))
            i += 1
    return re.compile("".join(out) + r"\Z", re.S)


class PathMatcher:
    def __init__(self, include: Sequence[str], exclude: Sequence[str]) -> None:
        self.include = [_glob_to_regex(p) for p in include]
        self.exclude = [_glob_to_regex(p) for p in exclude]

    def excluded(self, rel: str) -> bool:
        return any(rx.match(rel) for rx in self.exclude)

    def included(self, rel: str) -> bool:
        return not self.include or any(rx.match(rel) for rx in self.include)


@dataclass
class WalkStats:
    skipped_unsupported: int = 0
    skipped_excluded: int = 0
    skipped_duplicate: int = 0


def expand(
    paths: Iterable[str | os.PathLike[str]],
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    stats: WalkStats | None = None,
) -> Iterator[Candidate]:
    """Files to ingest from files and directories, in a stable order, with problems inline."""
    matcher = PathMatcher(include, exclude)
    stats = stats if stats is not None else WalkStats()
    seen_files: set[tuple[int, int]] = set()
    seen_dirs: set[tuple[int, int]] = set()
    for given in paths:
        raw = os.fsdecode(given)
        problem = name_problem(raw)
        if problem:  # reported under the name as given (normalising would hide the "..")
            yield Candidate(Path(raw), True, problem)
            continue
        path = normalise_path(raw)
        try:
            st = os.stat(path)
        except OSError as exc:
            yield Candidate(path, True, _os_reason(exc, path))
            continue
        if stat.S_ISDIR(st.st_mode):
            yield from _walk(path, path, matcher, stats, seen_files, seen_dirs, ((st.st_dev, st.st_ino),))
        else:
            key = (st.st_dev, st.st_ino)
            if key in seen_files:
                stats.skipped_duplicate += 1
                continue
            seen_files.add(key)
            yield Candidate(path, True, None, st.st_size)


def _walk(
    root: Path, directory: Path, matcher: PathMatcher, stats: WalkStats,
    seen_files: set[tuple[int, int]], seen_dirs: set[tuple[int, int]], ancestors: tuple[tuple[int, int], ...],
) -> Iterator[Candidate]:
    seen_dirs.add(ancestors[-1])
    try:
        with os.scandir(directory) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        yield Candidate(directory, False, _os_reason(exc, directory, is_dir=True))
        return
    for entry in entries:
        path = Path(entry.path)
        rel = path.relative_to(root).as_posix()
        problem = name_problem(entry.name)
        if problem:
            yield Candidate(path, False, problem)
            continue
        try:
            st = os.stat(path)  # follows symlinks
        except OSError as exc:
            if matcher.excluded(rel):
                continue
            yield Candidate(path, False, _os_reason(exc, path))
            continue
        if stat.S_ISDIR(st.st_mode):
            if matcher.excluded(rel) or matcher.excluded(rel + "/"):
                stats.skipped_excluded += 1
                continue
            key = (st.st_dev, st.st_ino)
            if key in ancestors:
                yield Candidate(path, False, "シンボリックリンクが循環しています（親フォルダを指しています）")
                continue
            if key in seen_dirs:
                stats.skipped_duplicate += 1
                continue
            yield from _walk(root, path, matcher, stats, seen_files, seen_dirs, ancestors + (key,))
            continue
        if matcher.excluded(rel) or not matcher.included(rel):
            stats.skipped_excluded += 1
            continue
        if suffix_problem(path) is not None:
            stats.skipped_unsupported += 1
            continue
        key = (st.st_dev, st.st_ino)
        if key in seen_files:
            stats.skipped_duplicate += 1
            continue
        seen_files.add(key)
        yield Candidate(path, False, None, st.st_size)


def _os_reason(exc: OSError, path: Path, *, is_dir: bool = False) -> str:
    if exc.errno == errno.ELOOP:
        return "シンボリックリンクが循環しています"
    if exc.errno == errno.ENOENT:
        if os.path.islink(path):
            return "シンボリックリンクのリンク先が存在しません"
        return "ファイルが見つかりません"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "フォルダを読み取る権限がありません" if is_dir else "読み取り権限がありません"
    if exc.errno == errno.ENAMETOOLONG:
        return "パスが長すぎます"
    return f"ファイルを開けません（{exc.strerror or exc.__class__.__name__}）"


def read_checked(path: Path, max_bytes: int) -> bytes:
    """Read a candidate after checking type, size and permissions; raises IngestError."""
    shown = display(path)
    try:
        st = os.stat(path)
    except OSError as exc:
        raise IngestError(shown, _os_reason(exc, path)) from None
    if stat.S_ISDIR(st.st_mode):
        raise IngestError(shown, "フォルダです（ファイルを指定してください）")
    if not stat.S_ISREG(st.st_mode):
        raise IngestError(shown, "通常のファイルではありません（デバイス・FIFO・ソケット等は読み込みません）")
    sp = suffix_problem(path)
    if sp:
        raise IngestError(shown, sp)
    if st.st_size > max_bytes:
        raise IngestError(shown, f"ファイルが大きすぎます（{st.st_size / 1_048_576:.1f} MB、上限 {max_bytes / 1_048_576:g} MB）")
    try:
        # O_NONBLOCK: a file swapped for a FIFO after the check must not hang us
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise IngestError(shown, _os_reason(exc, path)) from None
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            raise IngestError(shown, "通常のファイルではありません（デバイス・FIFO・ソケット等は読み込みません）")
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise IngestError(shown, f"ファイルが大きすぎます（上限 {max_bytes / 1_048_576:g} MB）")
    if not data:
        raise IngestError(shown, "空のファイルです")
    return data
