"""Original files (CVs, ToRs) kept unchanged on disk, written so that a crash leaves no half file.

`FileStore.save()` writes to a temporary file in the target folder, fsyncs it and
renames it into place; the stored path is relative to the store's root, so the folder
can move. Content is addressed by its SHA-256, which also lets callers recognise the
same file uploaded twice.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class StoredFile:
    path: str
    sha256: str
    size: int


class FileStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def save(self, folder: str, data: bytes, suffix: str) -> StoredFile:
        digest = hashlib.sha256(data).hexdigest()
        relative = Path(folder) / f"{digest}{suffix}"
        target = self.root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return StoredFile(path=str(relative), sha256=digest, size=len(data))

    def read(self, path: str) -> bytes:
        return (self.root / path).read_bytes()

    def delete(self, path: str) -> None:
        (self.root / path).unlink(missing_ok=True)
