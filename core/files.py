"""Files written whole or not at all.

Every file output goes through `atomic_write`: the content is written to a temporary file in the
target folder and moved over the target only when the writer finished. A failed writer leaves
nothing behind and the previous file untouched. The result gets the mode a plainly created file
would get (0o666 less the umask), not the owner-only mode of `tempfile.mkstemp`.
"""
from __future__ import annotations

import os
import tempfile
from typing import Callable


def file_mode() -> int:
    """The mode a plainly created file gets (0o666 less the process umask)."""
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            umask = next(int(line.split()[1], 8) for line in handle if line.startswith("Umask:"))
    except (OSError, StopIteration, ValueError, IndexError):
        umask = 0o022
    return 0o666 & ~umask


def atomic_write(path: str, writer: Callable[[str], None], suffix: str = "", prefix: str = ".tmp-") -> str:
    """Call writer(temp_path), then move the temporary file to `path`; on any error remove it and re-raise.

    >>> import os, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> target = os.path.join(folder, "a.txt")
    >>> _ = atomic_write(target, lambda temp: open(temp, "w").write("x"), ".txt")
    >>> open(target).read()
    'x'
    """
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    handle, temp = tempfile.mkstemp(suffix=suffix, prefix=prefix, dir=folder)
    os.close(handle)
    try:
        writer(temp)
        os.chmod(temp, file_mode())
        os.replace(temp, path)
    finally:
        if os.path.exists(temp):
            os.remove(temp)
    return path


def write_text(path: str, text: str, suffix: str = "") -> str:
    """Write `text` (UTF-8) to `path` whole or not at all (atomic_write); returns the path.

    >>> import os, tempfile
    >>> target = os.path.join(tempfile.mkdtemp(), "bericht.html")
    >>> open(write_text(target, "<p>ä</p>"), encoding="utf-8").read()
    '<p>ä</p>'
    """
    def writer(temp):
        with open(temp, "w", encoding="utf-8") as handle:
            handle.write(text)
    return atomic_write(path, writer, suffix or os.path.splitext(path)[1])
