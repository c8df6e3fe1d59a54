"""Resumable, content-addressed attachment uploads, scoped to the uploader's ward.

``HEAD`` tells how many bytes the server holds; ``PATCH`` appends a chunk at ``Upload-Offset``
with the total ``Upload-Length``. The bytes held are the file's size on disk (so a crash between
writing and recording loses nothing), appends are serialized per blob by the storage lock, and
when the last byte arrives the SHA-256 is checked: a mismatch discards the bytes (422). A blob
is looked up by ``(ward, sha256)`` only, so a ward never learns whether another ward holds a file.

Disk (issue 12 item 6): an account may hold at most ``quota`` bytes in unfinished uploads (the
sizes they declared), and an upload still unfinished ``expiry`` after it started is deleted
by :meth:`BlobService.expire_unfinished`, which the app runs at start and periodically.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

import sqlalchemy as sa
import sqlalchemy.exc
from sqlmodel import Session, col, select
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect

from helper_server.db import Database
from helper_server.errors import ApiError, not_found
from helper_server.models import Blob, User, utcnow
from helper_server.storage import BlobBusyError, BlobStorage

READ_CHUNK = 64 * 1024
SWEEP_BATCH = 500
"""Expired uploads deleted per sweep transaction (a sweep never holds the database long)."""

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BlobState:
    """What a HEAD or PATCH answers: bytes held, declared size, complete or not."""

    sha256: str
    offset: int
    size: int
    complete: bool


def _offset_mismatch(held: int) -> ApiError:
    return ApiError(
        409,
        "blob.offset_mismatch",
        f"The server holds {held} bytes of this file; send the next chunk at that offset.",
        f"Máy chủ đang giữ {held} byte của tệp này; hãy gửi tiếp từ vị trí đó.",
        headers={"Upload-Offset": str(held)},
        offset=held,
    )


def _too_large(limit: int) -> ApiError:
    return ApiError(
        413,
        "blob.too_large",
        f"Files larger than {limit} bytes are not accepted.",
        f"Không nhận tệp lớn hơn {limit} byte.",
    )


def _quota_exceeded(held: int, quota: int, expiry: dt.timedelta) -> ApiError:
    days = max(1, round(expiry.total_seconds() / 86400))
    return ApiError(
        413,
        "blob.quota_exceeded",
        f"Your unfinished uploads already take {held} of the {quota} bytes allowed; sync again "
        f"to finish them, or wait: uploads left unfinished are removed after {days} day(s).",
        f"Các tệp bạn đang tải dở đã chiếm {held} trên {quota} byte được phép; hãy đồng bộ lại "
        f"để gửi nốt, hoặc chờ: tệp tải dở bị xoá sau {days} ngày.",
    )


class BlobService:
    """Upload bookkeeping over one database and one storage.

    Args:
        db: the database.
        storage: where the bytes go.
        max_size: the largest file accepted.
        quota: unfinished upload bytes one account may hold (0: no limit).
        expiry: how long an upload may stay unfinished before the sweep deletes it.
    """

    def __init__(
        self,
        db: Database,
        storage: BlobStorage,
        *,
        max_size: int,
        quota: int = 0,
        expiry: dt.timedelta = dt.timedelta(days=7),
    ) -> None:
        self.db = db
        self.storage = storage
        self.max_size = max_size
        self.quota = quota
        self.expiry = expiry

    def unfinished_bytes(self, session: Session, user_id: uuid.UUID) -> int:
        """The declared sizes of the account's unfinished uploads, summed."""
        total = session.exec(
            select(sa.func.coalesce(sa.func.sum(Blob.size), 0)).where(
                Blob.created_by == user_id, col(Blob.complete).is_(False)
            )
        ).one()
        return int(total)

    def expire_unfinished(self, now: dt.datetime | None = None) -> int:
        """Delete uploads unfinished for longer than ``expiry`` (rows and bytes); how many.

        An upload being appended right now is skipped (its lock is taken) and tried next time.
        """
        cutoff = (now or utcnow()) - self.expiry
        removed = 0
        while True:
            with self.db.read() as session:
                stale = session.exec(
                    select(Blob.id, Blob.storage_key)
                    .where(col(Blob.complete).is_(False), col(Blob.created_at) < cutoff)
                    .order_by(col(Blob.created_at))
                    .limit(SWEEP_BATCH)
                ).all()
            done = 0
            for blob_id, key in stale:
                try:
                    with self.storage.locked(key):
                        with self.db.write() as session:
                            row = session.get(Blob, blob_id)
                            if row is None or row.complete:
                                continue
                            session.delete(row)
                        self.storage.remove(key)
                        done += 1
                except BlobBusyError:
                    continue
            removed += done
            if len(stale) < SWEEP_BATCH or done == 0:
                break
        if removed:
            log.info("expired %d unfinished upload(s)", removed)
        return removed

    def _find(self, session: Session, ward_code: str, sha256: str) -> Blob | None:
        stmt = select(Blob).where(Blob.ward_code == ward_code, Blob.sha256 == sha256)
        return session.exec(stmt).first()

    def state(self, *, user: User, sha256: str) -> BlobState:
        """The upload state of ``sha256`` in the caller's ward (404 if none started)."""
        with self.db.read() as session:
            blob = self._find(session, user.ward_code, sha256)
        if blob is None:
            raise not_found("file")
        held = blob.size if blob.complete else self.storage.held(blob.storage_key)
        return BlobState(sha256, held, blob.size, blob.complete)

    def open_complete(self, *, user: User, sha256: str) -> tuple[Iterator[bytes], int]:
        """The bytes of a complete blob of the caller's ward, and their count."""
        with self.db.read() as session:
            blob = self._find(session, user.ward_code, sha256)
        if blob is None or not blob.complete:
            raise not_found("file")
        fh = self.storage.open(blob.storage_key)

        def chunks() -> Iterator[bytes]:
            with fh:
                while chunk := fh.read(READ_CHUNK):
                    yield chunk

        return chunks(), blob.size

    def _get_or_create(self, user: User, sha256: str, offset: int, length: int) -> Blob:
        with self.db.read() as session:
            blob = self._find(session, user.ward_code, sha256)
        if blob is not None:
            return blob
        if offset != 0:
            raise _offset_mismatch(0)
        try:
            with self.db.write() as session:
                if self.quota:
                    held = self.unfinished_bytes(session, user.id)
                    if held + length > self.quota:
                        raise _quota_exceeded(held, self.quota, self.expiry)
                blob = Blob(
                    ward_code=user.ward_code,
                    sha256=sha256,
                    size=length,
                    storage_key=uuid.uuid4().hex,
                    created_by=user.id,
                    created_at=utcnow(),
                )
                session.add(blob)
            return blob
        except sqlalchemy.exc.IntegrityError:
            with self.db.read() as session:
                found = self._find(session, user.ward_code, sha256)
            if found is None:  # pragma: no cover - the conflicting row was committed
                raise
            return found

    def _exists(self, blob_id: uuid.UUID) -> bool:
        with self.db.read() as session:
            return session.get(Blob, blob_id) is not None

    def _set(self, blob_id: uuid.UUID, *, size: int | None = None, complete: bool = False) -> None:
        with self.db.write() as session:
            blob = session.get(Blob, blob_id)
            assert blob is not None
            if size is not None:
                blob.size = size
            if complete:
                blob.complete = True
                blob.completed_at = utcnow()
            session.add(blob)

    async def append(
        self,
        *,
        user: User,
        sha256: str,
        offset: int,
        length: int,
        content_length: int | None,
        chunks: AsyncIterator[bytes],
    ) -> BlobState | None:
        """Append a chunk; ``None`` when the client went away mid-chunk (bytes kept).

        Raises:
            ApiError: 409 wrong offset / busy / length changed, 413 too large, 422 bad hash.
        """
        if length > self.max_size:
            raise _too_large(self.max_size)
        blob = await run_in_threadpool(self._get_or_create, user, sha256, offset, length)
        if blob.complete:
            if offset != blob.size:
                raise _offset_mismatch(blob.size)
            return BlobState(sha256, blob.size, blob.size, True)
        try:
            with self.storage.locked(blob.storage_key):
                return await self._append_locked(blob, offset, length, content_length, chunks)
        except BlobBusyError as exc:
            raise ApiError(
                409,
                "blob.busy",
                "Another upload of this file is in progress; retry shortly.",
                "Tệp này đang được tải lên ở một yêu cầu khác; vui lòng thử lại sau.",
                headers={"Retry-After": "1"},
            ) from exc

    async def _append_locked(
        self,
        blob: Blob,
        offset: int,
        length: int,
        content_length: int | None,
        chunks: AsyncIterator[bytes],
    ) -> BlobState | None:
        key = blob.storage_key
        if not await run_in_threadpool(self._exists, blob.id):
            raise _offset_mismatch(0)  # expired by the sweep meanwhile: start it again
        held = self.storage.held(key)
        if blob.size != length:
            if offset != 0:
                raise ApiError(
                    409,
                    "blob.length_mismatch",
                    f"This upload was started with Upload-Length {blob.size}; "
                    "restart it at offset 0 to change the length.",
                    f"Lần tải này bắt đầu với Upload-Length {blob.size}; "
                    "muốn đổi thì tải lại từ vị trí 0.",
                )
            self.storage.truncate(key, 0)
            await run_in_threadpool(self._set, blob.id, size=length)
            held = 0
        if offset != held:
            raise _offset_mismatch(held)
        if content_length is not None and offset + content_length > length:
            raise _beyond_length(length)
        written, overflow, gone = await self._receive(key, held, length, chunks)
        if overflow:
            self.storage.truncate(key, held)
            raise _beyond_length(length)
        if gone:
            return None
        now_held = held + written
        if now_held == length:
            digest = await run_in_threadpool(self.storage.sha256, key)
            if digest != blob.sha256:
                self.storage.truncate(key, 0)
                raise ApiError(
                    422,
                    "blob.hash_mismatch",
                    "The file's SHA-256 does not match its name; it was discarded, "
                    "upload it again from offset 0.",
                    "Mã SHA-256 của tệp không khớp; tệp đã bị hủy, hãy tải lại từ đầu.",
                    offset=0,
                )
            await run_in_threadpool(self._set, blob.id, complete=True)
        return BlobState(blob.sha256, now_held, length, now_held == length)

    async def _receive(
        self, key: str, held: int, length: int, chunks: AsyncIterator[bytes]
    ) -> tuple[int, bool, bool]:
        written = 0
        with self.storage.appender(key) as fh:
            try:
                async for chunk in chunks:
                    if held + written + len(chunk) > length:
                        return written, True, False
                    fh.write(chunk)
                    written += len(chunk)
            except ClientDisconnect:
                return written, False, True
        return written, False, False


def _beyond_length(length: int) -> ApiError:
    return ApiError(
        413,
        "blob.beyond_length",
        f"This chunk goes past the declared Upload-Length ({length} bytes).",
        f"Phần dữ liệu này vượt quá Upload-Length đã khai ({length} byte).",
    )
