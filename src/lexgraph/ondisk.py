"""An on-disk Oxigraph store built so that a load that fails loses nothing (`OxigraphStore.load(path=...)`).

The store is built in a hidden folder beside its own (one filesystem, so a rename is atomic), and renamed into
place only once every file has loaded; the store that was there is renamed aside, then removed. Folder locks
(flock) tell a load in progress from what a dead one left, which the next load removes (or, for a store set
aside by a load that died between its two renames, puts back). Where the folder cannot be renamed (a volume
mounted at it), the files are all parsed first and the store emptied and loaded in place. See docs/deploy.md.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import shutil
import stat
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import URIRef

Files = Sequence[tuple[Path, URIRef]]
ReadFiles = Callable[[Files, "ox.Store | None"], None]  # load each file into its graph, or (None) only parse it
OpenAt = Callable[[Path], "OxigraphStore"]  # the store at a path, opened

if TYPE_CHECKING:
    from .store import OxigraphStore


def build_on_disk(files: Files, target: Path, read_files: ReadFiles, open_at: OpenAt) -> OxigraphStore:
    """Build the store in a hidden folder beside `target` (one filesystem, so a rename is atomic) and swap
    it in. Whatever fails, that folder is removed and the store at `target` is left as it was."""
    location = target.resolve()  # through a symbolic link, the folder it names: the link stays
    location.parent.mkdir(parents=True, exist_ok=True)
    if location.exists() and not _renamable(location):
        return _load_in_place(files, target, read_files, open_at, parsed=False)
    _refuse_if_locked(location)
    folder_lock = _lock_folder(location.parent)
    try:  # no other load removes or creates folders here meanwhile
        _clear_dead_loads(location)
        building = location.parent / f".{location.name}.building-{secrets.token_hex(4)}"
        building.mkdir()
        build_lock = _lock_folder(building)  # held while building: what tells it from a crash's
    finally:
        os.close(folder_lock)
    built = None
    try:
        built = ox.Store(str(building))
        read_files(files, built)
        built.flush()
        built = None  # the last reference: RocksDB closes, and writes nothing more under this name
        store = _swap_in(building, location, target, open_at)
    except BaseException as error:
        built = None
        traceback.clear_frames(error.__traceback__)  # the failed load's frames hold the store: close it
        shutil.rmtree(building, ignore_errors=True)
        raise
    finally:
        os.close(build_lock)
    if store is None:  # the folder cannot be renamed after all (busy, another filesystem)
        shutil.rmtree(building, ignore_errors=True)
        return _load_in_place(files, target, read_files, open_at, parsed=True)
    return store


def _swap_in(building: Path, location: Path, target: Path, open_at: OpenAt) -> OxigraphStore | None:
    """Put the store built in `building` at `location`: the one there before renamed aside, then removed.
    None when `location` cannot be renamed (EBUSY, EXDEV). Done under a lock on the parent folder, and the
    new store opened before it is released, so a load running beside this one then finds it locked."""
    folder_lock = _lock_folder(location.parent)
    try:
        aside = None
        if location.exists():
            # Opened (and closed at once) to check that no process holds it and that it may be written:
            # RocksDB's OSError ("While lock file: ...") says which, as it does when the store is opened.
            ox.Store(str(location))
            os.chmod(building, stat.S_IMODE(location.stat().st_mode))
            aside = location.parent / f".{location.name}.replaced-{secrets.token_hex(4)}"
            try:
                os.rename(location, aside)
            except OSError as error:
                if error.errno in (errno.EBUSY, errno.EXDEV):
                    return None
                raise
            try:
                os.rename(building, location)
            except BaseException:
                os.rename(aside, location)
                raise
        else:
            os.rename(building, location)
        os.fsync(folder_lock)  # the renames reach the disk
        store = open_at(target)
        if aside is not None:
            shutil.rmtree(aside, ignore_errors=True)
        return store
    finally:
        os.close(folder_lock)


def _load_in_place(files: Files, target: Path, read_files: ReadFiles, open_at: OpenAt, *,
                   parsed: bool) -> OxigraphStore:
    """Where the store's folder cannot be renamed (a volume mounted there), it is emptied and loaded where it
    is, as before atomic loads; every file is parsed first (unless `parsed`), so a malformed one still
    loses nothing, though a crash mid-load leaves the store partial."""
    if not parsed:
        read_files(files, None)
    store = open_at(target)
    store.oxigraph.clear()
    read_files(files, store.oxigraph)
    return store


def _renamable(location: Path) -> bool:
    """Whether the folder at `location` can be swapped by renames: not a mount point. A folder that holds
    something other than a store (no RocksDB CURRENT file) is refused rather than replaced."""
    if not location.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "the on-disk store is a folder; this is not one", str(location))
    if os.path.ismount(location):
        return False
    if not (location / "CURRENT").is_file() and any(location.iterdir()):
        raise FileExistsError(
            errno.EEXIST, "not empty and not an Oxigraph store (no CURRENT file); name a new or empty folder, "
            "LexGraph replaces only a store", str(location),
        )
    return True


def _refuse_if_locked(location: Path) -> None:
    """Fail before building, not after, when a process holds the store at `location` open: its RocksDB LOCK
    file is listed in /proc/locks (Linux; elsewhere the check in `_swap_in` is the only one). Opening it
    then raises RocksDB's own OSError ("While lock file: ..." or "lock hold by current process")."""
    try:
        lock = (location / "LOCK").stat()
        held = Path("/proc/locks").read_text(encoding="ascii")
    except OSError:
        return
    if f" {os.major(lock.st_dev):02x}:{os.minor(lock.st_dev):02x}:{lock.st_ino} " in held:
        ox.Store(str(location))  # raises; should the holder have let go meanwhile, opened and closed at once


def _clear_dead_loads(location: Path) -> None:
    """Remove the folders that loads beside `location` left when their process died (a crash, a kill): a
    folder being built is locked by its load (`_lock_folder`), and one set aside lives only while the
    caller's lock on the parent folder is held, so any such folder not locked now is left over. A store set
    aside by a load that died before renaming its own into place is the last whole one: it is put back."""
    pattern = re.compile(rf"\.{re.escape(location.name)}\.(building|replaced)-[0-9a-f]+")
    for entry in sorted(location.parent.iterdir(), key=lambda entry: entry.name):
        found = pattern.fullmatch(entry.name)
        if found is None or entry.is_symlink() or not entry.is_dir():
            continue
        lock = _lock_folder(entry, wait=False)
        if lock is None:  # a load in progress
            continue
        try:
            if found[1] == "replaced" and not location.exists():
                os.rename(entry, location)
            else:
                shutil.rmtree(entry, ignore_errors=True)
        finally:
            os.close(lock)


def _lock_folder(folder: Path, *, wait: bool = True) -> int | None:
    """An open descriptor of `folder` holding its exclusive flock, which ends when it is closed or its
    process dies; None if another holds it and not `wait`."""
    import fcntl  # Unix only, like the lock itself

    descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except BlockingIOError:
        os.close(descriptor)
        return None
    except BaseException:
        os.close(descriptor)
        raise
    return descriptor
