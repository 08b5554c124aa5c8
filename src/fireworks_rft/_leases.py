"""Step leases held as ``flock`` locks on small files, one per step, for the SQLite ledger.

A lease gives one holder at a time the right to send a step or to decide whether a lost one
ran. The kernel drops a ``flock`` when its holder dies, however it dies, so no process ever
guesses from timing. Threads of one process are kept apart by a thread lock per step, since
``flock`` does not separate them reliably; a finished step's thread lock is dropped. POSIX
only.
"""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path


class FileLease:
    """A lease held as an exclusive ``flock`` on a lock file (released when the fd closes)."""

    def __init__(self, fd: int, thread_lock: threading.Lock) -> None:
        self._fd: int | None = fd
        self._thread_lock = thread_lock

    def release(self) -> None:
        """Give the lease back; twice is harmless."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            os.close(fd)  # closing the descriptor drops its flock
        finally:
            self._thread_lock.release()


class FileLeases:
    """The leases of the steps of one ledger: lock files in ``folder``."""

    def __init__(self, folder: Path) -> None:
        try:
            import fcntl  # noqa: F401 - checked here, used by take
        except ImportError:  # pragma: no cover - Windows
            raise OSError("the SQLite ledger's leases need POSIX flock (Linux, macOS)") from None
        folder.mkdir(exist_ok=True)
        self.folder = folder
        self._lock = threading.Lock()
        self._step_locks: dict[str, threading.Lock] = {}

    def take(self, job: str, output_model: str) -> FileLease | None:
        """The step's lease, or None at once if another thread or process holds it."""
        import fcntl

        key = _key(job, output_model)
        with self._lock:
            thread_lock = self._step_locks.setdefault(key, threading.Lock())
        if not thread_lock.acquire(blocking=False):
            return None
        try:
            fd = os.open(self.folder / key, os.O_RDWR | os.O_CREAT, 0o600)
        except BaseException:
            thread_lock.release()
            raise
        lease = FileLease(fd, thread_lock)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lease.release()  # another process holds it
            return None
        except BaseException:
            lease.release()
            raise
        return lease

    def forget(self, job: str, output_model: str) -> None:
        """Remove a finished step's lock file, and its thread lock unless it is held.

        A thread that took the thread lock from the table just before is still fenced off
        by the file lock, and a finished step is never sent again whatever lease its sender
        holds (its row says so).
        """
        key = _key(job, output_model)
        (self.folder / key).unlink(missing_ok=True)
        with self._lock:
            thread_lock = self._step_locks.get(key)
            if thread_lock is not None and not thread_lock.locked():
                del self._step_locks[key]


def _key(job: str, output_model: str) -> str:
    return hashlib.sha256(f"{job}\n{output_model}".encode()).hexdigest()[:40]
