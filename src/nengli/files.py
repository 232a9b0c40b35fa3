"""Writing files so that a failure never leaves half a file behind, under nengli's one lock."""

from __future__ import annotations

import errno
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from .layout import lock_file, temp_file
from .problems import ProblemError

#: how long a command waits for another nengli writing the same file before giving up
LOCK_TIMEOUT = 60
#: the temporary file's flags: created here, never an existing file or a link (Windows: binary)
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


def _create_temp(path: Path) -> tuple[int, Path]:
    """A new file beside ``path``, with the mode any new file gets (0o666 less the umask).

    The system applies the umask itself when it creates the file; reading the umask would
    mean setting it, for a moment, for the whole process. (tempfile.mkstemp would make the
    file 0600, private to its owner.)
    """
    for _ in range(100):
        tmp = temp_file(path, os.urandom(6).hex())
        try:
            return os.open(tmp, _CREATE, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(path))  # pragma: no cover


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, fsync it, then rename over ``path``.

    os.replace is atomic on the same volume on POSIX and Windows alike, so readers see either
    the old file or the new one, never a mix. An existing file keeps its mode.
    """
    path = Path(path)
    fd, tmp = _create_temp(path)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        try:
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        except OSError:  # no such file yet: the new file's own mode is the right one
            pass
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


class Busy(ProblemError):
    """Another nengli held the lock of a file for longer than LOCK_TIMEOUT seconds."""


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the lock of ``path`` for a read, edit and write; ``Busy`` if it stays taken."""
    from filelock import FileLock, Timeout

    from .read import display_name

    lock = FileLock(str(lock_file(path)), timeout=LOCK_TIMEOUT)
    try:
        lock.acquire()
    except Timeout:
        raise Busy("locked", name=display_name(path), lock=display_name(lock_file(path))) from None
    try:
        yield
    finally:
        lock.release()


#: Windows' MAX_PATH: without long-path support, a path of this many characters or more (the
#: terminating NUL counts) cannot be made or opened
MAX_PATH = 260


def long_paths_enabled() -> bool:
    """Whether Windows lets programs use paths of 260 characters and more (the registry's
    LongPathsEnabled; Python itself declares it can). Always True elsewhere."""
    if os.name != "nt":
        return True
    import winreg  # type: ignore[import-not-found]  # Windows only

    try:
        with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, r"SYSTEM\CurrentControlSet\Control\FileSystem") as key:
            value, _kind = winreg.QueryValueEx(key, "LongPathsEnabled")
    except OSError:
        return False
    return value == 1


def too_long(path: Path, enabled: Callable[[], bool] | None = None) -> int | None:
    """The length of ``path`` (absolute) when Windows cannot make it, else None; ``enabled``
    tells whether long paths are allowed (default: long_paths_enabled)."""
    length = len(os.path.abspath(path))
    if length < MAX_PATH or (enabled or long_paths_enabled)():
        return None
    return length


_REASONS = {
    errno.EACCES: "没有访问权限，或文件正被其他程序占用",
    errno.EPERM: "没有权限",
    errno.EISDIR: "这是一个文件夹",
    errno.ENOENT: "所在的文件夹不存在",
    errno.ENOTDIR: "路径中有一部分不是文件夹",
    errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "磁盘是只读的",
    errno.EBUSY: "文件正被其他程序占用",
    errno.ENAMETOOLONG: "文件名或路径太长",
}


def describe_os_error(exc: OSError) -> str:
    """Why a file operation failed, in words for the user (Windows sharing violations included)."""
    if getattr(exc, "winerror", None) in (32, 33):  # ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION
        return "文件正被其他程序（如 Excel、WPS）打开"
    if getattr(exc, "winerror", None) == 206:  # ERROR_FILENAME_EXCED_RANGE
        return "文件名或路径太长"
    return _REASONS.get(exc.errno or 0, exc.strerror or type(exc).__name__)
