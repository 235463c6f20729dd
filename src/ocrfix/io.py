"""Safe file input and output for the command line.

Reading checks that a file is UTF-8 text before ocrfix touches it, and
remembers the two things about its bytes that fixing must not change: a
leading byte order mark and CRLF line ends.

>>> page = decode(b"\\xef\\xbb\\xbf\\xe6\\x9c\\xac,\\r\\n")
>>> page.text, page.bom, page.newline
('本,\\n', True, '\\r\\n')
>>> page.encode("本，\\n")
b'\\xef\\xbb\\xbf\\xe6\\x9c\\xac\\xef\\xbc\\x8c\\r\\n'

Writing never leaves a half-written file behind: :func:`atomic_write` and
:func:`atomic_output` write a temporary file in the target's folder, flush and
fsync it, give it the target's permissions and rename it over the target, so
the target is always either the old file or the complete new one.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterator

UTF8_BOM = b"\xef\xbb\xbf"
#: Suffix of the temporary files written next to their target.
TMP_SUFFIX = ".ocrfix-tmp"


class InputError(ValueError):
    """A file ocrfix will not fix: not UTF-8 text, binary, not a regular file."""


@dataclass(frozen=True, slots=True)
class TextFile:
    """Decoded text plus what :meth:`encode` needs to write it back in the same style.

    ``text`` is what ocrfix fixes: no BOM, and ``\\n`` line ends when every
    line end of the file was ``\\r\\n``. A file with mixed line ends is left
    as it is (``newline`` is ``\\n`` and ``text`` keeps its ``\\r``).
    """

    text: str
    bom: bool = False
    newline: str = "\n"
    #: Permission bits of the file it was read from (None for stdin).
    mode: int | None = None

    def encode(self, text: str) -> bytes:
        """``text`` as bytes, with this file's BOM and line ends."""
        if self.newline != "\n":
            text = text.replace("\n", self.newline)
        data = text.encode("utf-8")
        return UTF8_BOM + data if self.bom else data

    def restyle(self, text: str) -> str:
        """``text`` with this file's line ends (BOM not included)."""
        return text.replace("\n", self.newline) if self.newline != "\n" else text


def decode(data: bytes) -> TextFile:
    """Check ``data`` is UTF-8 text and decode it.

    Raises :class:`InputError` with a message that says what the bytes look
    like and how to convert them.

    >>> decode(b"a\\x00b")
    Traceback (most recent call last):
    ...
    ocrfix.io.InputError: binary file (NUL byte at offset 1), not text
    >>> decode("本报".encode("gb18030"))
    Traceback (most recent call last):
    ...
    ocrfix.io.InputError: not UTF-8 (invalid byte 0xb1 at offset 0); if it is GBK/GB18030 text, convert it first: iconv -f GB18030 -t UTF-8
    """
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return _raise("UTF-16 text (byte order mark); convert it first: iconv -f UTF-16 -t UTF-8")
    nul = data.find(b"\x00")
    if nul >= 0:
        return _raise(f"binary file (NUL byte at offset {nul}), not text")
    bom = data.startswith(UTF8_BOM)
    try:
        text = data.decode("utf-8-sig" if bom else "utf-8")
    except UnicodeDecodeError as exc:
        offset = exc.start + (len(UTF8_BOM) if bom else 0)
        return _raise(
            f"not UTF-8 (invalid byte 0x{data[offset]:02x} at offset {offset}); "
            "if it is GBK/GB18030 text, convert it first: iconv -f GB18030 -t UTF-8"
        )
    newline = "\n"
    crlf = text.count("\r\n")
    if crlf and crlf == text.count("\n"):
        newline = "\r\n"
        text = text.replace("\r\n", "\n")
    return TextFile(text, bom, newline)


def _raise(message: str) -> TextFile:
    raise InputError(message)


def check_regular_file(path: str | os.PathLike) -> os.stat_result:
    """``stat`` of ``path``; :class:`InputError` unless it is a regular file.

    A FIFO or device would block or never end, and a folder is not a page.
    Missing paths and permission problems raise the usual :class:`OSError`.
    """
    st = os.stat(path)
    if stat.S_ISDIR(st.st_mode):
        raise InputError("is a directory, expected a file")
    if not stat.S_ISREG(st.st_mode):
        raise InputError("not a regular file (a device, pipe or socket)")
    return st


def read_file(path: str | os.PathLike) -> TextFile:
    """Read and :func:`decode` a regular file."""
    st = check_regular_file(path)
    with open(path, "rb") as f:
        data = f.read()
    return dataclasses.replace(decode(data), mode=stat.S_IMODE(st.st_mode))


def os_error_message(exc: OSError) -> str:
    """A short message for an :class:`OSError`, without the repeated path.

    >>> os_error_message(FileNotFoundError(2, "No such file or directory", "x.txt"))
    'no such file or directory'
    """
    text = exc.strerror or str(exc)
    return text[:1].lower() + text[1:]


@contextlib.contextmanager
def atomic_output(
    path: str | os.PathLike, *, mode: int | None = None, backup: str | None = None
) -> Iterator[BinaryIO]:
    """Write ``path`` atomically through the binary file this yields.

    The data goes to a temporary file in ``path``'s folder; when the block
    ends without an exception it is flushed, fsynced, given ``mode`` (by
    default the permissions of the file it replaces, else those a new file
    gets under the umask) and renamed over ``path``, and the folder is
    fsynced. When the block raises, the temporary file is removed and
    ``path`` is untouched. With ``backup`` (a suffix), the old ``path`` is
    kept as ``path + backup`` first.

    A symbolic link is followed: its target is replaced and the link stays.
    """
    target = Path(os.path.realpath(path))
    old = None
    with contextlib.suppress(FileNotFoundError):
        old = os.stat(target)
    if mode is None:
        mode = stat.S_IMODE(old.st_mode) if old else _default_mode()
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TMP_SUFFIX, dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            os.fchmod(f.fileno(), mode)
            if old is not None and os.geteuid() == 0:
                with contextlib.suppress(OSError):
                    os.fchown(f.fileno(), old.st_uid, old.st_gid)
            os.fsync(f.fileno())
        if backup and old is not None:
            _backup(target, Path(str(target) + backup))
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(target.parent)


def atomic_write(path: str | os.PathLike, data: bytes, *, mode: int | None = None, backup: str | None = None) -> None:
    """Replace ``path`` with ``data`` atomically; see :func:`atomic_output`."""
    with atomic_output(path, mode=mode, backup=backup) as f:
        f.write(data)


def _backup(target: Path, backup: Path) -> None:
    """Keep ``target`` as ``backup``, atomically replacing an older backup.

    A hard link costs nothing and keeps the original inode (the rename that
    follows gives ``target`` a new one); where links are not possible the
    file is copied.
    """
    tmp = backup.with_name(f".{backup.name}.{os.getpid()}{TMP_SUFFIX}")
    with contextlib.suppress(FileNotFoundError):
        os.unlink(tmp)
    try:
        os.link(target, tmp)
    except OSError:
        with open(target, "rb") as src, atomic_output(tmp, mode=stat.S_IMODE(os.stat(target).st_mode)) as dst:
            while chunk := src.read(1 << 20):
                dst.write(chunk)
    os.replace(tmp, backup)


def _fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (where the platform allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def is_temporary(name: str) -> bool:
    """Whether ``name`` is one of ocrfix's temporary files (left by a killed run)."""
    return name.startswith(".") and name.endswith(TMP_SUFFIX)
