"""Fixtures for the ingest tests: temporary index, fake or real embedder, real files on disk.

Every test runs with outbound network blocked (any non-loopback connect raises), so a library
falling back to a download or telemetry fails the test instead of leaving the machine.
"""

from __future__ import annotations

import io
import socket
from pathlib import Path

import pytest

from tests.ingest.ingest_fakes import CountingEmbedder

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "assistant" / "demo_corpus"
SEEDS = REPO.parent / "shared" / "data" / "seeds"


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    real_connect = socket.socket.connect

    def guarded(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if self.family == socket.AF_UNIX or host in ("127.0.0.1", "::1", "localhost"):
            return real_connect(self, address)
        raise AssertionError(f"network access attempted: {address!r}")

    monkeypatch.setattr(socket.socket, "connect", guarded)


def ingest_settings(home: Path, **ingest):
    from assistant.settings import load_settings

    values = {"chunk_size": 200, "chunk_overlap": 40, **ingest}
    return load_settings(home=home, ingest=values)


@pytest.fixture
def settings(tmp_path):
    return ingest_settings(tmp_path / "home")


@pytest.fixture
def embedder():
    return CountingEmbedder()


@pytest.fixture
def store(settings, embedder):
    from ingest.store import IndexStore

    s = IndexStore(settings.index_dir, embedder)
    yield s
    s.close()


@pytest.fixture
def ingestor(settings, embedder, store):
    from ingest.pipeline import Ingestor

    return Ingestor(settings, embedder, store)


@pytest.fixture
def docs(tmp_path) -> Path:
    d = tmp_path / "docs"
    d.mkdir()
    return d


# ---------------------------------------------------------------------- real-file builders


def write_pdf(path: Path, pages: list[list[str]], *, outline: list[tuple[int, str]] = (), encrypt: str | None = None,
              title: str | None = None) -> Path:
    """A PDF with a Japanese text layer (reportlab's built-in CID font HeiseiMin-W3)."""
    from reportlab.lib import pdfencrypt
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("HeiseiMin-W3"))
    enc = pdfencrypt.StandardEncryption(encrypt, canPrint=1) if encrypt else None
    c = canvas.Canvas(str(path), encrypt=enc)
    if title:
        c.setTitle(title)
    marks = dict(outline)
    for i, lines in enumerate(pages):
        c.setFont("HeiseiMin-W3", 11)
        y = 800
        for ln in lines:
            c.drawString(50, y, ln)
            y -= 16
        if i in marks:
            c.bookmarkPage(f"p{i}")
            c.addOutlineEntry(marks[i], f"p{i}", level=0)
        c.showPage()
    c.save()
    return path


def write_image_pdf(path: Path) -> Path:
    """A scanned-looking PDF: one page with an image and no text layer."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    img = Image.new("RGB", (400, 200), "white")
    ImageDraw.Draw(img).rectangle([20, 20, 380, 180], outline="black", width=5)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    buf.seek(0)
    c = canvas.Canvas(str(path))
    c.drawImage(ImageReader(buf), 50, 500, width=400, height=200)
    c.showPage()
    c.save()
    return path


def write_docx(path: Path, blocks: list[tuple[str, object]], *, title: str | None = None) -> Path:
    """blocks: ("h1".."h3", text) | ("p", text) | ("table", [[cells], ...]) | ("title", text)."""
    import docx

    d = docx.Document()
    if title:
        d.core_properties.title = title
    for kind, val in blocks:
        if kind == "title":
            d.add_heading(str(val), level=0)
        elif kind.startswith("h"):
            d.add_heading(str(val), level=int(kind[1]))
        elif kind == "p":
            d.add_paragraph(str(val))
        elif kind == "table":
            rows = list(val)  # type: ignore[arg-type]
            t = d.add_table(rows=len(rows), cols=len(rows[0]))
            for r, row in enumerate(rows):
                for ci, cell in enumerate(row):
                    t.cell(r, ci).text = cell
    d.save(str(path))
    return path
