"""manage.py backup / restore: a round trip keeps every row of every table and every file;
a damaged archive is refused and changes nothing. Real processes on a file-backed database
(SQLite in `make test`, a database of the throwaway cluster in `make test-pg`)."""

from __future__ import annotations

import hashlib
import tarfile
from pathlib import Path

import pytest

from .sites import Site, site


def files(root: Path) -> dict[str, str]:
    if not root.exists():
        return {}
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("backup")


@pytest.fixture(scope="module")
def original(folder):
    with site(folder / "original") as built:
        built.manage("migrate", "-v0")
        built.manage("load_demo", "--only", "projects", "--today", "2026-03-18")
        yield built


@pytest.fixture(scope="module")
def archive(original: Site, folder: Path) -> Path:
    out = folder / "zhengxian-backup.tar"
    result = original.manage("backup", str(out))
    assert "Backed up" in result.stdout
    return out


@pytest.fixture(scope="module")
def restored(folder, archive):
    with site(folder / "restored") as target:
        result = target.manage("restore", "--no-input", str(archive))
        assert "Restored" in result.stdout
        yield target


def test_a_restore_on_an_empty_site_gives_back_every_row_of_every_table(original, restored):
    before, after = original.snapshot(), restored.snapshot()

    assert before["projects_project"][0] > 0 and before["audit_auditentry"][0] > 0
    assert set(after) == set(before)
    differing = [table for table in before if before[table] != after[table]]
    assert differing == []


def test_a_restore_gives_back_every_uploaded_file(original, restored):
    photos = files(original.media)

    assert len(photos) >= 5  # the demo's progress photos
    assert files(restored.media) == photos


def test_the_restored_audit_chain_and_publications_verify(restored):
    restored.manage("verify_audit")


def test_a_restore_replaces_what_changed_since_the_backup(original, archive):
    before = original.snapshot()
    stray = original.media / "stray.txt"
    stray.write_text("added after the backup")
    original.manage("load_demo", "--only", "matters", "--today", "2026-03-18")
    assert original.snapshot() != before

    original.manage("restore", "--no-input", str(archive))

    assert original.snapshot() == before
    assert not stray.exists()


def _flip_last_byte_of(archive: Path, member_prefix: str, out: Path) -> None:
    data = bytearray(archive.read_bytes())
    with tarfile.open(archive) as tar:
        info = next(i for i in tar.getmembers() if i.name.startswith(member_prefix))
        offset = info.offset_data + info.size - 1
    data[offset] ^= 0xFF
    out.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ("media", "checksum does not match"),
        ("database", "checksum does not match"),
        ("truncated", "damaged or truncated"),
        ("not-a-backup", "damaged or truncated"),
    ],
)
def test_a_damaged_archive_is_refused_and_nothing_changes(
    restored, archive, folder, damage, message
):
    bad = folder / f"bad-{damage}.tar"
    if damage == "media":
        _flip_last_byte_of(archive, "media/", bad)
    elif damage == "database":
        _flip_last_byte_of(archive, "database.", bad)
    elif damage == "truncated":
        bad.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    else:
        bad.write_bytes(b"PK\x03\x04 not a tar at all" * 100)
    rows, uploads = restored.snapshot(), files(restored.media)

    result = restored.manage("restore", "--no-input", str(bad), check=False)

    assert result.returncode != 0
    assert "Nothing was restored" in result.stderr and message in result.stderr
    assert restored.snapshot() == rows
    assert files(restored.media) == uploads
