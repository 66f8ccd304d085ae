"""Writing files safely: atomically, and never as a spreadsheet formula."""
from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from cpdesk.errors import CpdeskError

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(text: object) -> object:
    """Make text that a spreadsheet would run as a formula inert by prefixing an apostrophe.

    Numbers are left alone (a negative number is data, not a formula).
    """
    if isinstance(text, str) and text.startswith(_FORMULA_START):
        return "'" + text
    return text


class FileInUseError(CpdeskError):
    """The target file is open in another program (Excel, Word) or not writable."""


@contextlib.contextmanager
def atomic_path(path):
    """Yield a temporary path beside ``path``; move it into place when the block completes.

    For writers that need a file name rather than an open file (Qt's PDF writer). If
    anything fails, the old file (if any) is untouched and the temporary file removed.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        yield tmp
        _set_normal_mode(tmp, target)
        replace_into(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def atomic_write(path, mode: str = "w", **kwargs):
    """Write to a temporary file beside ``path`` and move it into place only when complete."""
    with atomic_path(path) as tmp:
        with open(tmp, mode, **kwargs) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())


def _set_normal_mode(tmp, target: Path) -> None:
    """Give the new file the old file's permissions, or the usual ones for a new file.

    ``mkstemp`` creates files readable by their owner only; an exported paper must not be.
    """
    try:
        mode = target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    with contextlib.suppress(OSError):
        os.chmod(tmp, mode)


def replace_into(tmp, target) -> None:
    """``os.replace`` with a clear message when the target is locked by another program."""
    try:
        os.replace(tmp, target)
    except PermissionError as exc:
        raise FileInUseError(
            f"{target}: cannot be written because it is open in another program or read-only. "
            "Close it (for example in Excel or Word) and try again; nothing has been lost.") from exc
