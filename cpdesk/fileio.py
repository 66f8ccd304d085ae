"""Writing files safely: atomically, and never as a spreadsheet formula."""
from __future__ import annotations

import contextlib
import os
import re
import tempfile
import time
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


#: Temporary files of a save end in this, so cpdesk can tell its own from anyone else's.
TEMP_SUFFIX = ".cpdesk-save.tmp"
#: ``.NAME.<8 random characters>`` + TEMP_SUFFIX (new) or + ``.tmp`` (saves before the suffix existed).
_OWN_TEMP = re.compile(r"^\..+\.[a-z0-9_]{8}(?:\.cpdesk-save)?\.tmp$")
#: A temporary file this old is left over from a save that was interrupted (a save takes seconds),
#: so removing it cannot disturb a save under way in another cpdesk window.
STALE_AFTER_S = 15 * 60


def remove_stale_temporaries(folder) -> int:
    """Remove what interrupted saves left in ``folder``: only cpdesk's own temporary names.

    A legacy name (``.NAME.xxxxxxxx.tmp``) counts as cpdesk's only when ``NAME`` is a file
    beside it, the file that save was writing. Returns the number of files removed.
    """
    removed = 0
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    names = {e.name for e in entries}
    for entry in entries:
        name = entry.name
        if not name.endswith(".tmp") or not _OWN_TEMP.match(name):
            continue
        if not name.endswith(TEMP_SUFFIX) and name[1:].rsplit(".", 2)[0] not in names:
            continue
        try:
            if not entry.is_file(follow_symlinks=False) or now - entry.stat().st_mtime < STALE_AFTER_S:
                continue
            os.unlink(entry.path)
            removed += 1
        except OSError:
            continue
    return removed


def sync_folder(folder) -> None:
    """Make a rename in ``folder`` durable (POSIX); a no-op where folders cannot be opened (Windows)."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    try:
        fd = os.open(folder, flags)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_path(path):
    """Yield a temporary path beside ``path``; move it into place when the block completes.

    For writers that need a file name rather than an open file (Qt's PDF writer). If
    anything fails, the old file (if any) is untouched and the temporary file removed.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(target.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=target.parent)
    os.close(fd)
    try:
        yield tmp
        _set_normal_mode(tmp, target)
        replace_into(tmp, target)
        sync_folder(target.parent)
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
