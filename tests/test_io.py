"""The atomic writer: whole sets or nothing, only regular files replaced, modes kept, no
leftovers (issue 15, classes 1-3), with targets made here (FIFOs, sockets, links, dead runs)."""

from __future__ import annotations

import errno
import os
import signal
import socket
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from relgraph import _io
from relgraph._io import (
    atomic_directory,
    atomic_files,
    atomic_write_text,
    check_target,
    write_all,
)
from relgraph.errors import OutputError


def listing(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


# --- class 1: only regular files are replaced -------------------------------------------


def test_a_fifo_is_refused_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(OutputError) as caught:
        atomic_write_text(fifo, "data")
    assert str(caught.value) == (
        f"cannot write {fifo}: it is a FIFO (named pipe), which relgraph does not replace"
    )
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert listing(tmp_path) == ["pipe"]


def test_a_device_is_refused(tmp_path: Path) -> None:
    # check_target makes a write's checks and writes nothing, so asking about the system's
    # /dev/null is safe even as root
    with pytest.raises(OutputError) as caught:
        check_target("/dev/null")
    assert str(caught.value) == (
        "cannot write /dev/null: it is a character device, which relgraph does not replace"
    )
    link = tmp_path / "null.json"
    link.symlink_to("/dev/null")
    with pytest.raises(OutputError, match="it is a character device"):
        check_target(link)


def test_a_socket_and_a_directory_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "s"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        with pytest.raises(OutputError, match="it is a socket, which relgraph does not replace"):
            atomic_write_text(path, "data")
        assert stat.S_ISSOCK(path.stat().st_mode)
    finally:
        server.close()
    with pytest.raises(OutputError) as caught:
        atomic_write_text(tmp_path, "data")
    assert str(caught.value) == (
        f"cannot write {tmp_path}: it is a directory, which relgraph does not replace; give "
        "a file name inside it"
    )
    for name in (".", "/", "out/.."):
        with pytest.raises(OutputError, match="that is a directory, not a file name"):
            atomic_write_text(name, "data")


def test_a_link_writes_the_file_it_points_to_and_stays_a_link(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    real = tmp_path / "real" / "out.txt"
    real.write_text("old")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    atomic_write_text(link, "new")
    assert link.is_symlink()
    assert real.read_text() == "new"
    assert listing(tmp_path) == ["link.txt", "real"]
    assert listing(tmp_path / "real") == ["out.txt"]


def test_a_link_to_a_fifo_or_to_nothing_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    to_fifo, dangling = tmp_path / "to-fifo", tmp_path / "dangling"
    to_fifo.symlink_to(fifo)
    dangling.symlink_to(tmp_path / "nowhere")
    with pytest.raises(OutputError, match="it is a FIFO"):
        atomic_write_text(to_fifo, "data")
    with pytest.raises(OutputError) as caught:
        atomic_write_text(dangling, "data")
    assert str(caught.value) == (
        f"cannot write {dangling}: it is a symbolic link to {tmp_path / 'nowhere'}, which does "
        "not exist"
    )
    assert listing(tmp_path) == ["dangling", "pipe", "to-fifo"]


def test_a_name_too_long_for_the_file_system_is_refused(tmp_path: Path) -> None:
    long = tmp_path / ("n" * 300 + ".csv")
    with pytest.raises(OutputError) as caught:
        atomic_write_text(long, "data")
    limit = os.pathconf(tmp_path, "PC_NAME_MAX")
    assert str(caught.value) == (
        f"cannot write {long}: the file name is 304 bytes long; this file system allows at "
        f"most {limit}"
    )
    # a name just within the limit is written: the temporary name is kept short
    fits = tmp_path / ("n" * (limit - 4) + ".csv")
    atomic_write_text(fits, "data")
    assert listing(tmp_path) == [fits.name]


# --- class 2: a set of files is written whole or not at all --------------------------------


def test_a_set_with_one_refused_target_changes_nothing(tmp_path: Path) -> None:
    (tmp_path / "actors.csv").write_text("old actors")
    (tmp_path / "stances.csv").mkdir()  # blocks the second file
    with pytest.raises(OutputError, match="stances.csv: it is a directory"):
        write_all({tmp_path / "actors.csv": "new actors", tmp_path / "stances.csv": "new"})
    assert (tmp_path / "actors.csv").read_text() == "old actors"
    assert listing(tmp_path) == ["actors.csv", "stances.csv"]


def test_a_rename_failing_midway_restores_the_files_already_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second, third = (tmp_path / n for n in ("a.csv", "b.csv", "c.json"))
    first.write_text("old a")
    second.write_text("old b")
    real_replace = os.replace

    def full_disk_on_c(source: str, target: str) -> None:
        # the disk, not our code, fails: the third rename of the set
        if Path(target) == third:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))
        real_replace(source, target)

    monkeypatch.setattr(_io.os, "replace", full_disk_on_c)
    with pytest.raises(OutputError, match="No space left on device"):
        write_all({first: "new a", second: "new b", third: "{}"})
    monkeypatch.undo()
    assert (first.read_text(), second.read_text()) == ("old a", "old b")
    assert listing(tmp_path) == ["a.csv", "b.csv"]


def test_a_new_directory_is_removed_again_when_its_set_fails(tmp_path: Path) -> None:
    target = tmp_path / "csv"

    def fail() -> None:
        with atomic_directory(target) as staging:
            (staging / "actors.csv").write_text("id\n")
            raise OutputError("stopped")

    with pytest.raises(OutputError, match="stopped"):
        fail()
    assert listing(tmp_path) == []


def test_a_directory_set_replaces_its_files_and_keeps_others(tmp_path: Path) -> None:
    target = tmp_path / "csv"
    target.mkdir()
    (target / "notes.txt").write_text("mine")
    (target / "actors.csv").write_text("old")
    with atomic_directory(target) as staging:
        (staging / "actors.csv").write_text("new")
        (staging / "stances.csv").write_text("new")
    assert listing(target) == ["actors.csv", "notes.txt", "stances.csv"]
    assert (target / "actors.csv").read_text() == "new"


# --- class 3: modes kept, leftovers of killed runs removed ----------------------------------


def test_a_replaced_file_keeps_its_mode(tmp_path: Path) -> None:
    private = tmp_path / "private.json"
    private.write_text("old")
    private.chmod(0o600)
    atomic_write_text(private, "new")
    assert (private.read_text(), stat.S_IMODE(private.stat().st_mode)) == ("new", 0o600)
    shared = tmp_path / "new.json"
    atomic_write_text(shared, "new")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(shared.stat().st_mode) == 0o666 & ~umask


def test_a_killed_run_leaves_a_named_leftover_that_the_next_run_removes(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    script = textwrap.dedent(
        f"""
        import os, signal
        from relgraph._io import atomic_files
        with atomic_files() as staging:
            staging.write_text({str(target)!r}, "half")
            os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    run = subprocess.run([sys.executable, "-c", script], check=False)
    assert run.returncode == -signal.SIGKILL
    leftovers = listing(tmp_path)
    assert len(leftovers) == 1
    assert leftovers[0].startswith(".out.json.relgraph-")
    assert leftovers[0].endswith(".tmp")
    atomic_write_text(tmp_path / "other.json", "{}")
    assert listing(tmp_path) == ["other.json"]


def test_a_live_run_s_temporary_file_is_left_alone(tmp_path: Path) -> None:
    running = tmp_path / ".x.json.relgraph-1-abc123.tmp"  # process 1 always runs
    running.write_text("in progress")
    with atomic_files() as staging:
        staging.write_text(tmp_path / "a.json", "a")
        mine = listing(tmp_path)
        atomic_write_text(tmp_path / "b.json", "b")  # cleans up, but not a live run's file
        assert set(mine) <= set(listing(tmp_path))
    assert listing(tmp_path) == [running.name, "a.json", "b.json"]
