"""The attachment store: content-addressed copies, streaming limits, type from content."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from helper_app.store.attachments import AttachmentError, AttachmentStore
from tests.helpers.store import make_jpeg, make_pdf, make_png


@pytest.mark.parametrize(
    ("maker", "mime"),
    [(make_jpeg, "image/jpeg"), (make_png, "image/png"), (make_pdf, "application/pdf")],
)
def test_an_accepted_file_is_copied_under_its_sha256(
    tmp_path: Path, maker: object, mime: str
) -> None:
    source = maker(tmp_path / "Nguyễn Văn An - CCCD.bin")  # type: ignore[operator]
    store = AttachmentStore(tmp_path / "store")
    stored = store.ingest(source)
    content = source.read_bytes()
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    assert (stored.size, stored.mime, stored.filename) == (
        len(content),
        mime,
        "Nguyễn Văn An - CCCD.bin",
    )
    on_disk = store.path_for(stored.sha256)
    assert on_disk.read_bytes() == content
    assert on_disk.name == stored.sha256
    names = [p.name for p in (tmp_path / "store").rglob("*")]
    assert not any("Nguy" in n for n in names), "the user's file name must not reach the disk"


def test_the_same_content_is_stored_once(tmp_path: Path) -> None:
    store = AttachmentStore(tmp_path / "store")
    a = store.ingest(make_png(tmp_path / "a.png"))
    b = store.ingest(make_png(tmp_path / "b.png"))
    assert a.sha256 == b.sha256
    assert len([p for p in (tmp_path / "store").rglob("*") if p.is_file()]) == 1


def test_the_type_comes_from_the_content_not_the_name(tmp_path: Path) -> None:
    fake = tmp_path / "scan.jpg"
    fake.write_text("MZ this is really a program, not a photo", encoding="utf-8")
    with pytest.raises(AttachmentError) as err:
        AttachmentStore(tmp_path / "store").ingest(fake)
    assert "scan.jpg" in err.value.message_en and "JPEG" in err.value.message_en
    assert "scan.jpg" in err.value.message_vi
    png_named_pdf = make_png(tmp_path / "giay.pdf")
    assert AttachmentStore(tmp_path / "store").ingest(png_named_pdf).mime == "image/png"


def test_a_refused_type_names_what_it_is(tmp_path: Path) -> None:
    gif = tmp_path / "anim.gif"
    gif.write_bytes(b"GIF89a" + b"\x00" * 100)
    with pytest.raises(AttachmentError, match="image/gif"):
        AttachmentStore(tmp_path / "store").ingest(gif)


def test_a_file_over_the_limit_is_refused_and_leaves_nothing(tmp_path: Path) -> None:
    big = tmp_path / "big.pdf"
    with big.open("wb") as f:
        f.write(b"%PDF-1.4\n")
        f.write(os.urandom(3 * 1024 * 1024))
    store = AttachmentStore(tmp_path / "store", max_bytes=2 * 1024 * 1024)
    with pytest.raises(AttachmentError) as err:
        store.ingest(big)
    assert "2 MB" in err.value.message_en and "big.pdf" in err.value.message_en
    assert [p for p in (tmp_path / "store").rglob("*") if p.is_file()] == []


def test_a_file_exactly_at_the_limit_is_accepted(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "a.pdf")
    store = AttachmentStore(tmp_path / "store", max_bytes=pdf.stat().st_size)
    assert store.ingest(pdf).size == pdf.stat().st_size


@pytest.mark.parametrize("case", ["missing", "empty", "folder"])
def test_unusable_sources_get_clear_errors(tmp_path: Path, case: str) -> None:
    source = tmp_path / "thing.png"
    if case == "empty":
        source.write_bytes(b"")
    elif case == "folder":
        source.mkdir()
    expected = {"missing": "does not exist", "empty": "empty", "folder": "folder"}[case]
    with pytest.raises(AttachmentError, match=expected):
        AttachmentStore(tmp_path / "store").ingest(source)


def test_a_name_too_long_or_a_fifo_is_refused_not_crashed_on(tmp_path: Path) -> None:
    """What the window's attach (drag and drop, the file dialog) meets too, not only the CLI:
    a 795-byte NFD name raised ``OSError: File name too long``; a FIFO blocked the copy."""
    import os
    import unicodedata

    store = AttachmentStore(tmp_path / "store")
    long_name = unicodedata.normalize("NFD", "Giấy chứng sinh Nguyễn Thị Hường " * 9) + ".pdf"
    assert len(os.fsencode(long_name)) > 255
    with pytest.raises(AttachmentError, match="bytes long, more than the 255 bytes") as err:
        store.ingest(tmp_path / long_name)
    assert "…" in err.value.message_en  # the name is cut in the middle, not printed whole
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    with pytest.raises(AttachmentError, match="not a regular file"):
        store.ingest(fifo)


def test_an_unreadable_file_gets_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = make_png(tmp_path / "locked.png")
    real_open = Path.open

    def deny(self: Path, *args: object, **kwargs: object) -> object:
        if self == source:
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", deny)
    with pytest.raises(AttachmentError, match="Cannot read the file locked.png"):
        AttachmentStore(tmp_path / "store").ingest(source)


def test_path_for_never_builds_a_path_from_anything_but_a_digest(tmp_path: Path) -> None:
    store = AttachmentStore(tmp_path / "store")
    with pytest.raises(ValueError):
        store.path_for("../../etc/passwd")


def test_garbage_collection_keeps_referenced_files(tmp_path: Path) -> None:
    store = AttachmentStore(tmp_path / "store")
    keep = store.ingest(make_png(tmp_path / "a.png"))
    drop = store.ingest(make_pdf(tmp_path / "b.pdf"))
    (tmp_path / "store" / ".incoming-stale").write_bytes(b"half a file")
    assert store.collect_garbage({keep.sha256}) == 2
    assert store.exists(keep.sha256) and not store.exists(drop.sha256)


def test_bytes_made_in_memory_are_checked_and_stored(tmp_path: Path) -> None:
    files = AttachmentStore(tmp_path / "att")
    png = make_png(tmp_path / "p.png").read_bytes()
    stored = files.ingest_bytes(png, "scaled.png")
    assert stored.mime == "image/png" and stored.size == len(png)
    assert stored.sha256 == hashlib.sha256(png).hexdigest()
    assert stored.filename == "scaled.png"
    with pytest.raises(AttachmentError, match="evil.txt"):
        files.ingest_bytes(b"plain text, not an image", "../../evil.txt")
    with pytest.raises(AttachmentError, match="empty"):
        files.ingest_bytes(b"", "empty.png")
    # Nothing named after the user's file, and nothing left half-written.
    assert not any("scaled" in p.name or "evil" in p.name for p in (tmp_path / "att").rglob("*"))
