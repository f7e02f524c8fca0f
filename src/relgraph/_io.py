"""Write output files whole or not at all: temporary files beside the targets, then renames.

Every output relgraph writes goes through :func:`atomic_files` (or its one-file forms
:func:`atomic_write` and :func:`atomic_write_text`, or :func:`atomic_directory`):

- **Whole or not at all, as a set.** Each file is written to a temporary file beside its
  target and flushed to disk; only when every file of the set is written are they renamed
  over their targets. Should one rename fail, the files already replaced get their old
  content back (kept under a hard link until the set is in), and new ones are removed.
- **Only regular files are replaced.** A target that exists and is a directory, a FIFO, a
  device or a socket is refused (``-o /dev/null`` as root would otherwise replace the system's
  ``/dev/null`` with a file); so is a name longer than the file system allows.
- **Symbolic links are followed.** A target that is a link to a regular file writes the file
  it points to, beside that file, and the link stays a link; a dangling link is refused.
- **The mode is kept.** A replaced file keeps its permission bits (a private ``600`` file
  stays private); a new file gets ``666`` less the umask, as ``open`` would give it.
- **Leftovers are removed.** Temporary names are ``.NAME.relgraph-PID-XXXXXXXX.tmp``; a run
  killed before it could clean up leaves one behind, and the next write into that directory
  removes those whose process no longer runs.

The library keeps no memory of what it read. The command line's guard against replacing its
own input is a check it installs around a command with :func:`checking_targets`: every target
is passed to it before anything is written.
"""

from __future__ import annotations

import contextlib
import contextvars
import errno
import functools
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from relgraph.errors import OutputError

__all__ = [
    "Staging",
    "atomic_directory",
    "atomic_files",
    "atomic_write",
    "atomic_write_text",
    "check_target",
    "checking_targets",
    "run_checks",
    "write_all",
]

TargetCheck = Callable[[Path], None]
_checks: contextvars.ContextVar[tuple[TargetCheck, ...]] = contextvars.ContextVar(
    "relgraph_target_checks", default=()
)
_LEFTOVER = re.compile(r"\..*\.relgraph-(\d+)-[a-z0-9_]+\.tmp")
_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


@contextlib.contextmanager
def checking_targets(check: TargetCheck) -> Iterator[None]:
    """Within the block, pass every output target to ``check`` before writing anything.

    ``check`` raises :class:`~relgraph.errors.OutputError` to refuse a target. The check
    belongs to the block (a context variable), not to the process: nothing is remembered
    after it.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from relgraph.errors import OutputError
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "kept.txt"
    >>> def refuse(path):
    ...     raise OutputError(f"not {path.name}")
    >>> with checking_targets(refuse):
    ...     atomic_write_text(target, "x")
    Traceback (most recent call last):
    ...
    relgraph.errors.OutputError: not kept.txt
    >>> target.exists()
    False
    """
    token = _checks.set((*_checks.get(), check))
    try:
        yield
    finally:
        _checks.reset(token)


def run_checks(path: str | os.PathLike[str]) -> None:
    """Pass ``path`` to the checks of the enclosing :func:`checking_targets` blocks.

    For writers that replace something other than a regular file (a dataset directory); a
    file's writer gets these checks through :func:`atomic_files`.
    """
    for check in _checks.get():
        check(Path(path))


def _fail(target: Path, reason: str) -> OutputError:
    return OutputError(f"cannot write {target}: {reason}")


def _name_max(directory: Path) -> int:
    try:
        return os.pathconf(directory, "PC_NAME_MAX")
    except (AttributeError, OSError, ValueError):  # no pathconf (Windows), or not known
        return 255


def _resolve(path: str | os.PathLike[str]) -> Path:
    """The file a write of ``path`` replaces, after every check but the directory's."""
    target = Path(path)
    if not target.name or target.name in (".", ".."):
        raise _fail(target, "that is a directory, not a file name")
    real = target
    if os.path.islink(target):
        real = Path(os.path.realpath(target))
        if not os.path.lexists(real):
            raise _fail(target, f"it is a symbolic link to {real}, which does not exist")
    try:
        mode = real.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as error:
        if error.errno == errno.ENAMETOOLONG:
            mode = None  # reported below, by name
        else:
            raise _fail(target, error.strerror or str(error)) from None
    if mode is not None and not stat.S_ISREG(mode):
        kind = next((what for test, what in _KINDS if test(mode)), "not a regular file")
        hint = "; give a file name inside it" if stat.S_ISDIR(mode) else ""
        raise _fail(target, f"it is {kind}, which relgraph does not replace{hint}")
    directory = real.parent
    if not directory.is_dir():
        raise _fail(target, f"the directory {directory} does not exist")
    length, limit = len(os.fsencode(real.name)), _name_max(directory)
    if length > limit:
        raise _fail(
            target,
            f"the file name is {length} bytes long; this file system allows at most {limit}",
        )
    for check in _checks.get():
        check(real)
    return real


def check_target(path: str | os.PathLike[str]) -> Path:
    """Make now the checks a write of ``path`` would make (the block's too), writing nothing.

    Returns
    -------
    pathlib.Path
        The file a write would replace (a link's target).

    Raises
    ------
    OutputError
        When ``path`` could not be written (see the module docstring).

    Examples
    --------
    >>> check_target("/")
    Traceback (most recent call last):
    ...
    relgraph.errors.OutputError: cannot write /: that is a directory, not a file name
    """
    return _resolve(path)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # another user's process, or one we may not signal
    return True


def _remove_leftovers(directory: Path) -> None:
    """Remove temporary files of relgraph runs that died before cleaning up."""
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return
    for entry in entries:
        found = _LEFTOVER.fullmatch(entry.name)
        if found is None or int(found.group(1)) == os.getpid() or _alive(int(found.group(1))):
            continue
        with contextlib.suppress(OSError):
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)


def _temp_name(target: Path, *, directory: bool = False) -> Path:
    # a short stem keeps the temporary name legal when the target's is near the limit
    prefix = f".{target.name[:64]}.relgraph-{os.getpid()}-"
    parent = target if directory else target.parent
    if directory:
        return Path(tempfile.mkdtemp(prefix=prefix, suffix=".tmp", dir=parent))
    handle, name = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=parent)
    os.close(handle)
    return Path(name)


class Staging:
    """The files of one :func:`atomic_files` block: temporary paths, committed together."""

    def __init__(self) -> None:
        self._files: dict[Path, tuple[Path, Path]] = {}  # real target -> (temp, as asked)
        self._cleaned: set[Path] = set()

    def path(self, target: str | os.PathLike[str]) -> Path:
        """A temporary file to write ``target``'s content to; it replaces ``target`` at the end.

        Raises
        ------
        OutputError
            When ``target`` cannot be written (see the module docstring).
        """
        real = _resolve(target)
        if real in self._files:
            return self._files[real][0]
        if real.parent not in self._cleaned:
            _remove_leftovers(real.parent)
            self._cleaned.add(real.parent)
        try:
            temp = _temp_name(real)
        except OSError as error:
            raise _fail(Path(target), error.strerror or str(error)) from None
        self._files[real] = (temp, Path(target))
        return temp

    def write_text(self, target: str | os.PathLike[str], text: str) -> None:
        """Stage ``text`` as UTF-8 for ``target``."""
        self.path(target).write_text(text, encoding="utf-8")

    def write_bytes(self, target: str | os.PathLike[str], data: bytes) -> None:
        """Stage ``data`` for ``target``."""
        self.path(target).write_bytes(data)

    def _discard(self) -> None:
        for temp, _ in self._files.values():
            with contextlib.suppress(OSError):
                temp.unlink()

    def _commit(self) -> None:
        for real, (temp, asked) in self._files.items():
            _resolve(asked)  # the target may have changed since it was staged
            with open(temp, "rb+") as written:
                os.fsync(written.fileno())
            try:
                mode = stat.S_IMODE(real.stat().st_mode)
            except FileNotFoundError:
                mode = 0o666 & ~_umask()
            os.chmod(temp, mode)
        several = len(self._files) > 1
        done: list[tuple[Path, Path | None]] = []
        try:
            for real, (temp, _) in self._files.items():
                backup = _keep_old(real) if several else None
                os.replace(temp, real)
                done.append((real, backup))
        except BaseException:
            for real, backup in reversed(done):
                with contextlib.suppress(OSError):
                    if backup is None:
                        real.unlink()
                    else:
                        os.replace(backup, real)
            raise
        finally:
            for _, backup in done:
                if backup is not None:
                    with contextlib.suppress(OSError):
                        backup.unlink()


def _keep_old(real: Path) -> Path | None:
    """A second name for ``real``'s current content, to restore it if the set fails."""
    if not real.exists():
        return None
    backup = _temp_name(real)
    backup.unlink()
    try:
        os.link(real, backup)
    except OSError:
        shutil.copy2(real, backup)  # a file system without hard links
    return backup


@contextlib.contextmanager
def atomic_files() -> Iterator[Staging]:
    """Write several files as one: all of them replace their targets, or none does.

    Yields a :class:`Staging`; ask it for a temporary path per target
    (:meth:`Staging.path`) or give it the content (:meth:`Staging.write_text`). When the
    block ends without an exception every staged file replaces its target; on any failure no
    target is changed and the temporary files are removed.

    Raises
    ------
    OutputError
        When a target is refused (see the module docstring) or cannot be written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp())
    >>> with atomic_files() as staging:
    ...     staging.write_text(out / "panel.csv", "a,b\\n")
    ...     staging.write_text(out / "panel.provenance.json", "{}\\n")
    >>> sorted(p.name for p in out.iterdir())
    ['panel.csv', 'panel.provenance.json']
    >>> with atomic_files() as staging:
    ...     staging.write_text(out / "panel.csv", "new\\n")
    ...     staging.write_text(out / "missing" / "panel.provenance.json", "{}\\n")
    Traceback (most recent call last):
    ...
    relgraph.errors.OutputError: cannot write .../missing/panel.provenance.json: the directory ... does not exist
    >>> (out / "panel.csv").read_text()
    'a,b\\n'
    """  # noqa: E501
    staging = Staging()
    try:
        yield staging
        staging._commit()
    except OSError as error:
        name = error.filename or "the output"
        raise _fail(Path(name), error.strerror or str(error)) from None
    finally:
        staging._discard()


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path`` at once.

    On any exception the temporary file is removed and ``path`` is left as it was.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> with atomic_write(target) as tmp:
    ...     _ = tmp.write_text("done")
    >>> target.read_text()
    'done'
    """
    with atomic_files() as staging:
        yield staging.path(path)


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` as UTF-8 to ``path``, whole or not at all."""
    with atomic_files() as staging:
        staging.write_text(path, text)


@contextlib.contextmanager
def atomic_directory(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary directory whose files replace those of ``path`` as one set.

    The directory ``path`` is made when missing (and removed again if the set fails). Files
    already in ``path`` that the block does not write are kept.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "csv"
    >>> with atomic_directory(out) as staging:
    ...     _ = (staging / "actors.csv").write_text("id\\n")
    >>> [p.name for p in out.iterdir()]
    ['actors.csv']
    """
    target = Path(path)
    if os.path.islink(target):
        target = Path(os.path.realpath(target))
    made = not os.path.lexists(target)
    if not made and not target.is_dir():
        raise _fail(Path(path), "it exists and is not a directory")
    try:
        target.mkdir(parents=True, exist_ok=True)
        _remove_leftovers(target)
        scratch = _temp_name(target, directory=True)
    except OSError as error:
        raise _fail(Path(path), error.strerror or str(error)) from None
    try:
        with atomic_files() as staging:
            yield scratch
            for item in sorted(scratch.iterdir()):
                os.replace(item, staging.path(target / item.name))
    except BaseException:
        if made:
            shutil.rmtree(scratch, ignore_errors=True)
            with contextlib.suppress(OSError):
                target.rmdir()
        raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def write_all(files: Mapping[str | os.PathLike[str], str | bytes]) -> None:
    """Write each ``{path: content}`` as one set (text as UTF-8), whole or not at all."""
    with atomic_files() as staging:
        for path, content in files.items():
            if isinstance(content, str):
                staging.write_text(path, content)
            else:
                staging.write_bytes(path, content)


@functools.cache
def _umask() -> int:
    # os.umask can only be read by setting it; read it once, not while other threads write
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
