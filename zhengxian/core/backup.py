"""One archive holding everything Zhengxian keeps: the database and every uploaded file.

The archive is a tar file with ``manifest.json`` (format, engine, and the size and SHA-256 of
every other member), the database (``database.sqlite3``: a copy made with SQLite's online
backup API, consistent while others write; or ``database.pgdump``: ``pg_dump -Fc``) and the
files of MEDIA_ROOT under ``media/``.

Restoring checks the whole archive before touching anything (manifest, checksums, no member
outside the list, no path leaving its folder, the SQLite copy's integrity), stages the files
beside MEDIA_ROOT, replaces the database in one transaction (SQLite's backup API into the live
file; ``pg_restore --single-transaction``) and only then swaps the staged files in. A damaged
archive is refused with a message and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from glob import glob
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.db import connections

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
PG_MEMBER = "database.pgdump"
MEDIA_PREFIX = "media/"
_CHUNK = 1024 * 1024


class BackupError(Exception):
    """The backup or restore cannot go on; ``message`` says why, for the operator."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Summary:
    engine: str
    database_bytes: int
    files: int
    file_bytes: int


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _engine(alias: str = "default") -> str:
    vendor = connections[alias].vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _media_files(root: Path) -> Iterator[tuple[str, Path]]:
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path.relative_to(root).as_posix(), path


# PostgreSQL tools -----------------------------------------------------------------------


def pg_tool(name: str) -> str:
    """``pg_dump`` or ``pg_restore``: on PATH, else the newest in /usr/lib/postgresql/*/bin."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(
        glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    if not candidates:
        raise BackupError(f"{name} was not found (install PostgreSQL's client tools).")
    return candidates[-1]


def _pg_args(alias: str = "default") -> tuple[list[str], dict[str, str]]:
    db: dict[str, Any] = connections[alias].settings_dict
    args = ["--dbname", str(db["NAME"])]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{what} failed: {result.stderr.strip() or result.returncode}")


# Backup -------------------------------------------------------------------------------


def _dump_database(engine: str, target: Path) -> None:
    connection = connections["default"]
    if engine == "sqlite":
        source = sqlite3.connect(str(connection.settings_dict["NAME"]), timeout=20)
        copy = sqlite3.connect(str(target))
        try:
            with copy:
                source.backup(copy)
        finally:
            copy.close()
            source.close()
        return
    args, env = _pg_args()
    _run([pg_tool("pg_dump"), "-Fc", "--no-owner", "-f", str(target), *args], env, "pg_dump")


def backup(out: Path) -> Summary:
    """Writes the archive to ``out`` (written beside it, then renamed: never half a file)."""
    engine = _engine()
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="zx-backup-") as work:
        member = SQLITE_MEMBER if engine == "sqlite" else PG_MEMBER
        database = Path(work) / member
        _dump_database(engine, database)
        entries: list[dict[str, Any]] = [
            {"name": member, "size": database.stat().st_size, "sha256": _sha256(database)}
        ]
        files = list(_media_files(_media_root()))
        for relative, path in files:
            entries.append(
                {
                    "name": MEDIA_PREFIX + relative,
                    "size": path.stat().st_size,
                    "sha256": _sha256(path),
                }
            )
        manifest = {
            "format": FORMAT,
            "engine": engine,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "members": entries,
        }
        partial = out.with_name(f".{out.name}.partial")
        with tarfile.open(partial, "w") as archive:
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            archive.add(database, arcname=member)
            for relative, path in files:
                archive.add(path, arcname=MEDIA_PREFIX + relative)
        os.replace(partial, out)
    return Summary(
        engine=engine,
        database_bytes=int(entries[0]["size"]),
        files=len(files),
        file_bytes=sum(int(e["size"]) for e in entries[1:]),
    )


# Restore ------------------------------------------------------------------------------


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and name == path.as_posix()


def _read_manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        handle = archive.extractfile(MANIFEST)
    except KeyError as error:
        raise BackupError("The archive has no manifest: it is not a Zhengxian backup.") from error
    if handle is None:
        raise BackupError("The archive's manifest is not a file.")
    try:
        manifest: dict[str, Any] = json.loads(handle.read())
    except ValueError as error:
        raise BackupError("The archive's manifest is damaged.") from error
    if manifest.get("format") != FORMAT or not isinstance(manifest.get("members"), list):
        raise BackupError(f"The archive is not a backup of format {FORMAT}.")
    return manifest


def _extract_checked(archive: tarfile.TarFile, manifest: dict[str, Any], into: Path) -> None:
    """Extracts every listed member into ``into``, checking size and SHA-256 of each."""
    expected = {str(entry["name"]): entry for entry in manifest["members"]}
    seen: set[str] = set()
    for info in archive:
        if info.name == MANIFEST:
            continue
        if info.name not in expected or not info.isfile() or not _safe_name(info.name):
            raise BackupError(f"The archive holds {info.name!r}, which its manifest does not list.")
        handle = archive.extractfile(info)
        assert handle is not None
        target = into / info.name
        target.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        with target.open("wb") as out:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
                out.write(chunk)
        entry = expected[info.name]
        if info.size != entry["size"] or digest.hexdigest() != entry["sha256"]:
            raise BackupError(f"{info.name} is damaged: its checksum does not match the manifest.")
        seen.add(info.name)
    missing = sorted(set(expected) - seen)
    if missing:
        raise BackupError(f"The archive is incomplete: {', '.join(missing[:5])} missing.")


def _check_sqlite_copy(path: Path) -> None:
    try:
        copy = sqlite3.connect(str(path))  # a staged copy: read-only would not open a WAL file
        try:
            (result,) = copy.execute("PRAGMA integrity_check").fetchone()
        finally:
            copy.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"The database in the archive is damaged: {error}.") from error
    if result != "ok":
        raise BackupError(f"The database in the archive is damaged: {result}.")


def _restore_database(engine: str, staged: Path) -> None:
    connections.close_all()
    connection = connections["default"]
    if engine == "sqlite":
        source = sqlite3.connect(str(staged / SQLITE_MEMBER))
        live = sqlite3.connect(str(connection.settings_dict["NAME"]), timeout=20)
        try:
            # The backup API writes the live file in one transaction: all pages or none.
            source.backup(live)
        except sqlite3.Error as error:
            raise BackupError(f"The database could not be replaced: {error}.") from error
        finally:
            live.close()
            source.close()
        return
    args, env = _pg_args()
    _run(
        [
            pg_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            *args,
            str(staged / PG_MEMBER),
        ],
        env,
        "pg_restore",
    )


def _swap_media(staged_media: Path) -> None:
    root = _media_root()
    root.parent.mkdir(parents=True, exist_ok=True)
    old = root.with_name(f".{root.name}.before-restore")
    if old.exists():
        shutil.rmtree(old)
    if root.exists():
        os.replace(root, old)
    os.replace(staged_media, root)
    shutil.rmtree(old, ignore_errors=True)


def restore(source: Path) -> Summary:
    """Replaces the database and MEDIA_ROOT with the archive's, or refuses and changes nothing."""
    engine = _engine()
    if not source.is_file():
        raise BackupError(f"{source} does not exist.")
    root = _media_root()
    root.parent.mkdir(parents=True, exist_ok=True)
    # Staged beside MEDIA_ROOT, so the final swap is a rename on the same file system.
    with tempfile.TemporaryDirectory(prefix=".zx-restore-", dir=root.parent) as work:
        staged = Path(work)
        try:
            with tarfile.open(source, "r:*") as archive:
                manifest = _read_manifest(archive)
                if manifest.get("engine") != engine:
                    raise BackupError(
                        f"The archive holds a {manifest.get('engine')} database; this"
                        f" installation runs on {engine}."
                    )
                _extract_checked(archive, manifest, staged)
        except (tarfile.TarError, EOFError, OSError) as error:
            raise BackupError(f"The archive is damaged or truncated: {error}.") from error
        if engine == "sqlite":
            _check_sqlite_copy(staged / SQLITE_MEMBER)
        media = staged / "media"
        media.mkdir(exist_ok=True)
        _restore_database(engine, staged)
        _swap_media(media)
        entries = manifest["members"]
        files = [e for e in entries if str(e["name"]).startswith(MEDIA_PREFIX)]
        return Summary(
            engine=engine,
            database_bytes=sum(int(e["size"]) for e in entries if e not in files),
            files=len(files),
            file_bytes=sum(int(e["size"]) for e in files),
        )
