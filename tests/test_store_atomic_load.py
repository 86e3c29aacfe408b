"""Loading into an on-disk store is atomic: the store is built beside its folder and swapped in only when every
file has loaded, so a malformed file, a crash or a lock held elsewhere loses nothing (docs/deploy.md)."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lexgraph import ondisk
from lexgraph.cli import app
from lexgraph.errors import EXIT_ENVIRONMENT, EXIT_ERROR, DataFileError
from lexgraph.store import OxigraphStore

ROWS = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
BAD_LINE = 3  # the line of MALFORMED that lacks its object


def write_data(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "one.ttl").write_text('<urn:a> <urn:b> "one" .\n<urn:a> <urn:b> "two" .\n', encoding="utf-8")
    (folder / "two.ttl").write_text("<urn:x> <urn:y> <urn:z> .\n", encoding="utf-8")
    return folder


MALFORMED = "<urn:q> <urn:r> <urn:s> .\n\n<urn:q> <urn:r> .\n"


def contents(store: OxigraphStore) -> tuple[int, list[tuple[str, ...]]]:
    """The triple count and every quad, as the store answers a query."""
    rows = sorted(tuple(str(row[name]) for name in ("g", "s", "p", "o")) for row in store.select(ROWS))
    return len(store), rows


def read_back(folder: Path) -> tuple[int, list[tuple[str, ...]]]:
    return contents(OxigraphStore(folder, read_only=True))


def file_bytes(folder: Path) -> dict[str, str]:
    return {str(f.relative_to(folder)): hashlib.sha256(f.read_bytes()).hexdigest()
            for f in sorted(folder.rglob("*")) if f.is_file()}


def leftovers(folder: Path) -> list[str]:
    """Folders a load made beside the store and did not remove."""
    return sorted(p.name for p in folder.parent.iterdir() if p.name.startswith(f".{folder.name}."))


def locks_held() -> int | None:
    """How many file locks this process holds (each open RocksDB store holds one); None off Linux."""
    try:
        listed = Path("/proc/locks").read_text(encoding="ascii")
    except OSError:
        return None
    return sum(line.split()[4] == str(os.getpid()) for line in listed.splitlines() if "->" not in line)


def built(data: Path, folder: Path) -> tuple[int, list[tuple[str, ...]]]:
    """A store at `folder` from `data`, closed again; what it answers."""
    store = OxigraphStore.load([data], include_ontology=False, path=folder)
    answer = contents(store)
    del store
    return answer


def test_a_malformed_file_leaves_the_store_byte_for_byte(tmp_path):
    data, folder = write_data(tmp_path / "data"), tmp_path / "db"
    before = built(data, folder)
    assert before[0] > 0
    on_disk, locks = file_bytes(folder), locks_held()
    (data / "bad.ttl").write_text(MALFORMED, encoding="utf-8")

    with pytest.raises(DataFileError) as raised:
        OxigraphStore.load([data], include_ontology=False, path=folder)

    assert Path(raised.value.path).name == "bad.ttl" and raised.value.line == BAD_LINE
    assert locks_held() == locks  # the half-built store is closed, though the error is still held here
    assert f"bad.ttl:{BAD_LINE}:" in str(raised.value)
    assert file_bytes(folder) == on_disk
    assert leftovers(folder) == []
    assert read_back(folder) == before


def test_a_reload_replaces_the_contents_at_the_same_path(tmp_path):
    data, folder = write_data(tmp_path / "data"), tmp_path / "db"
    first = OxigraphStore.load([data], include_ontology=False, path=folder)
    two = [g for g in first.graph_names() if g.endswith("/two")]
    assert two
    del first
    folder.chmod(0o750)
    (data / "two.ttl").unlink()

    store = OxigraphStore.load([data], include_ontology=False, path=folder)

    assert store.path == folder and not any(store.has_graph(g) for g in two)
    assert contents(store) == contents(OxigraphStore.load([data], include_ontology=False))
    assert (folder.stat().st_mode & 0o777) == 0o750  # the folder's permissions are kept
    assert leftovers(folder) == []
    del store
    assert read_back(folder) == contents(OxigraphStore.load([data], include_ontology=False))


def test_the_first_load_creates_the_store_and_its_parents(tmp_path):
    data, folder = write_data(tmp_path / "data"), tmp_path / "volume" / "db"
    assert built(data, folder) == contents(OxigraphStore.load([data], include_ontology=False))
    assert leftovers(folder) == []


def test_an_in_memory_load_writes_nothing(tmp_path, monkeypatch):
    data = write_data(tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    store = OxigraphStore.load([data], include_ontology=False)
    assert store.path is None and len(store) > 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]
    (data / "bad.ttl").write_text(MALFORMED, encoding="utf-8")
    with pytest.raises(DataFileError) as raised:
        OxigraphStore.load([data], include_ontology=False)
    assert raised.value.line == BAD_LINE


CRASH = {
    "while building": """
        original = OxigraphStore._read_files
        def crash(files, into):
            original(files, into)
            os.kill(os.getpid(), signal.SIGKILL)
        OxigraphStore._read_files = staticmethod(crash)
    """,
    "between the renames": """
        rename = os.rename
        def crash(source, destination):
            rename(source, destination)
            if ".replaced-" in str(destination):
                os.kill(os.getpid(), signal.SIGKILL)
        os.rename = crash
    """,
}


@pytest.mark.parametrize("moment", sorted(CRASH))
def test_a_load_killed_midway_loses_nothing_and_does_not_break_the_next_one(tmp_path, moment):
    data, folder = write_data(tmp_path / "data"), tmp_path / "db"
    before = built(data, folder)
    (data / "two.ttl").unlink()
    script = textwrap.dedent("""
        import os, signal, sys
        from lexgraph.store import OxigraphStore
    """) + textwrap.dedent(CRASH[moment]) + textwrap.dedent("""
        OxigraphStore.load([sys.argv[1]], include_ontology=False, path=sys.argv[2])
    """)
    killed = subprocess.run([sys.executable, "-c", script, str(data), str(folder)], capture_output=True, timeout=120)
    assert killed.returncode == -9, killed.stderr.decode()
    assert leftovers(folder), "the killed load left nothing to clean up: the crash came too late"

    (data / "bad.ttl").write_text(MALFORMED, encoding="utf-8")
    with pytest.raises(DataFileError):  # a second fault: the next load meets a malformed file
        OxigraphStore.load([data], include_ontology=False, path=folder)
    assert leftovers(folder) == []
    assert read_back(folder) == before  # the store from before the crash, put back if it was set aside

    (data / "bad.ttl").unlink()
    store = OxigraphStore.load([data], include_ontology=False, path=folder)
    assert contents(store) == contents(OxigraphStore.load([data], include_ontology=False))
    assert leftovers(folder) == []


def test_a_running_load_beside_is_left_alone_and_lookalikes_are_kept(tmp_path):
    data, folder = write_data(tmp_path / "data"), tmp_path / "db"
    built(data, folder)
    running, crashed, lookalike = (tmp_path / name for name in (".db.building-0123abcd", ".db.replaced-89abcdef",
                                                                ".db.building-notes"))
    for made in (running, crashed, lookalike):
        made.mkdir()
        (made / "CURRENT").write_text("x", encoding="utf-8")
    held = os.open(running, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(held, fcntl.LOCK_EX)  # what a load in another process holds while it builds
        built(data, folder)
        assert running.is_dir() and lookalike.is_dir() and not crashed.exists()
    finally:
        os.close(held)


@contextlib.contextmanager
def held_elsewhere(folder: Path) -> Iterator[None]:
    """Another process with the store open (writable), holding the RocksDB lock, for the block."""
    holder = subprocess.Popen(
        [sys.executable, "-c", "import pyoxigraph, sys, time; s = pyoxigraph.Store(sys.argv[1]); print('held', "
         "flush=True); time.sleep(120)", str(folder)], stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        yield
    finally:
        holder.kill()
        holder.wait()


def test_a_store_locked_by_another_process_is_refused_before_building(tmp_path, monkeypatch):
    data, folder = write_data(tmp_path / "data"), tmp_path / "db"
    before = built(data, folder)
    (data / "two.ttl").unlink()
    reads: list[object] = []
    original = OxigraphStore._read_files
    monkeypatch.setattr(OxigraphStore, "_read_files", staticmethod(lambda *a: reads.append(a) or original(*a)))
    with held_elsewhere(folder), pytest.raises(OSError, match="lock"):
        OxigraphStore.load([data], include_ontology=False, path=folder)
    assert reads == [] or not Path("/proc/locks").exists()  # seen in /proc/locks: nothing was built
    assert leftovers(folder) == []
    assert read_back(folder) == before


def test_a_lock_taken_while_building_is_refused_at_the_swap(tmp_path, monkeypatch):
    """The check before building is a shortcut; the one that counts is the store opened just before the swap."""
    data, folder = write_data(tmp_path / "data"), tmp_path / "db"
    before = built(data, folder)
    (data / "two.ttl").unlink()
    monkeypatch.setattr(ondisk, "_refuse_if_locked", lambda location: None)
    with held_elsewhere(folder), pytest.raises(OSError, match="lock"):
        OxigraphStore.load([data], include_ontology=False, path=folder)
    assert leftovers(folder) == []
    assert read_back(folder) == before


def test_a_lock_held_in_this_process_is_refused(tmp_path):
    data, folder = write_data(tmp_path / "data"), tmp_path / "db"
    before = built(data, folder)
    holder = OxigraphStore(folder)
    with pytest.raises(OSError, match="lock"):
        OxigraphStore.load([data], include_ontology=False, path=folder)
    del holder
    assert leftovers(folder) == []
    assert read_back(folder) == before


def test_a_folder_that_is_not_a_store_is_not_replaced(tmp_path):
    data, folder = write_data(tmp_path / "data"), tmp_path / "db"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(FileExistsError, match="not an Oxigraph store"):
        OxigraphStore.load([data], include_ontology=False, path=folder)
    assert file_bytes(folder) == {"notes.txt": hashlib.sha256(b"mine").hexdigest()}
    assert leftovers(folder) == []


def test_a_store_reached_through_a_symbolic_link_keeps_the_link(tmp_path):
    data, real = write_data(tmp_path / "data"), tmp_path / "volume" / "db"
    built(data, real)
    link = tmp_path / "db"
    link.symlink_to(real, target_is_directory=True)
    (data / "two.ttl").unlink()
    store = OxigraphStore.load([data], include_ontology=False, path=link)
    assert link.is_symlink() and store.path == link
    assert contents(store) == contents(OxigraphStore.load([data], include_ontology=False))
    assert leftovers(real) == [] and leftovers(link) == []


def test_a_mount_point_is_loaded_in_place_and_checked_first(tmp_path, monkeypatch):
    """A volume mounted at the store's folder cannot be renamed: the files are all parsed before it is emptied."""
    data, folder = write_data(tmp_path / "data"), tmp_path / "db"
    before = built(data, folder)
    inode = folder.stat().st_ino
    is_mount = os.path.ismount
    monkeypatch.setattr(os.path, "ismount", lambda path: Path(path) == folder or is_mount(path))
    on_disk = file_bytes(folder)
    (data / "bad.ttl").write_text(MALFORMED, encoding="utf-8")
    with pytest.raises(DataFileError) as raised:
        OxigraphStore.load([data], include_ontology=False, path=folder)
    assert raised.value.line == BAD_LINE and file_bytes(folder) == on_disk
    assert read_back(folder) == before

    (data / "bad.ttl").unlink()
    (data / "two.ttl").unlink()
    store = OxigraphStore.load([data], include_ontology=False, path=folder)
    assert folder.stat().st_ino == inode and leftovers(folder) == []
    assert contents(store) == contents(OxigraphStore.load([data], include_ontology=False))


def test_a_folder_that_refuses_the_rename_is_loaded_in_place(tmp_path, monkeypatch):
    data, folder = write_data(tmp_path / "data"), tmp_path / "db"
    built(data, folder)
    inode = folder.stat().st_ino
    rename = os.rename

    def busy(source, destination):
        if Path(source) == folder:
            raise OSError(errno.EBUSY, "Device or resource busy", str(source))
        rename(source, destination)

    monkeypatch.setattr(os, "rename", busy)
    (data / "two.ttl").unlink()
    store = OxigraphStore.load([data], include_ontology=False, path=folder)
    assert folder.stat().st_ino == inode and leftovers(folder) == []
    assert contents(store) == contents(OxigraphStore.load([data], include_ontology=False))


def test_serve_on_a_store_with_a_malformed_file_exits_2_and_keeps_the_store(tmp_path):
    """`lexgraph serve --workers N --store DIR` loads the store before any process starts: a malformed file is
    the documented exit code 2 naming the file and line, and the store is as it was (validation off, so the
    store's own load meets the file rather than the check before it)."""
    data, folder = write_data(tmp_path / "data"), tmp_path / "db"
    first = OxigraphStore.load([data], path=folder)  # with the ontology, as the service loads it
    del first
    on_disk = file_bytes(folder)
    (data / "bad.ttl").write_text(MALFORMED, encoding="utf-8")
    result = CliRunner().invoke(
        app, ["serve", "--workers", "2", "--store", str(folder), "--data", str(data)],
        env={"LEXGRAPH_VALIDATE_DATA": "false", "COLUMNS": "300", "NO_COLOR": "1"},
    )
    assert result.exit_code == EXIT_ERROR, result.output
    assert f"bad.ttl:{BAD_LINE}:" in result.output
    assert file_bytes(folder) == on_disk and leftovers(folder) == []


def test_serve_on_a_store_another_process_holds_exits_3_in_one_line(tmp_path):
    """With `--workers N`, the supervisor loads DIR once; held by another store it cannot be, and that is one
    line naming the folder and the documented exit code 3, not a traceback; the store keeps what it held."""
    data, folder = write_data(tmp_path / "data"), tmp_path / "db"
    holder = OxigraphStore.load([data], path=folder)
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    before = holder.select(count)[0]["n"].toPython()
    result = CliRunner().invoke(
        app, ["serve", "--workers", "2", "--store", str(folder), "--data", str(data)],
        env={"LEXGRAPH_VALIDATE_DATA": "false", "COLUMNS": "300", "NO_COLOR": "1"},
    )
    assert result.exit_code == EXIT_ENVIRONMENT, result.output
    assert f"cannot load the store at {folder}" in result.output
    assert "Traceback" not in result.output
    assert before > 0 and holder.select(count)[0]["n"].toPython() == before
    assert leftovers(folder) == []
