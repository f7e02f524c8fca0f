"""Write output files whole or not at all: a temporary file beside the target, then rename.

Every file :func:`relgraph.read_relations` reads is remembered, and no output may replace it:
``relgraph render data.yaml -o data.yaml`` is an error, not a lost data file.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from relgraph.errors import OutputError

__all__ = ["atomic_directory", "atomic_write", "atomic_write_text", "protect_input"]

_inputs: set[Path] = set()


def protect_input(path: str | os.PathLike[str]) -> None:
    """Remember ``path`` as an input that no output of this process may replace."""
    _inputs.add(Path(path).resolve())


def _refuse_inputs(target: Path) -> None:
    resolved = target.resolve()
    for path in _inputs:
        if resolved == path or (
            resolved.exists() and path.exists() and os.path.samefile(resolved, path)
        ):
            raise OutputError(
                f"cannot write {target}: that would overwrite the input file {path}; "
                "choose another output path"
            )


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike[str], mode: str = "wb") -> Iterator[Path]:
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
    target = Path(path)
    _refuse_inputs(target)
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise OutputError(f"cannot write {target}: the directory {directory} does not exist")
    try:
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as error:
        raise OutputError(f"cannot write {target}: {error.strerror or error}") from None
    os.close(handle)
    tmp = Path(name)
    try:
        yield tmp
        with open(tmp, "rb+") as written:
            os.fsync(written.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except OSError as error:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"cannot write {target}: {error.strerror or error}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` as UTF-8 to ``path``, whole or not at all."""
    with atomic_write(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


@contextlib.contextmanager
def atomic_directory(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary directory that becomes ``path`` when the block succeeds.

    Files already in ``path`` that the block does not write are kept; the ones it writes are
    each replaced at once.
    """
    target = Path(path)
    _refuse_inputs(target)
    try:
        target.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target))
    except OSError as error:
        raise OutputError(f"cannot write {target}: {error.strerror or error}") from None
    try:
        yield staging
        for item in staging.iterdir():
            _refuse_inputs(target / item.name)
            os.replace(item, target / item.name)
    except OSError as error:
        raise OutputError(f"cannot write {target}: {error.strerror or error}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


@functools.cache
def _umask() -> int:
    # os.umask can only be read by setting it; read it once, not while other threads write
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
