"""Backups: the demo store backed up and restored (every table, the accounts, attachments, the
audit log, settings without credentials), tampered and incomplete backups refused before
anything is written, targets protected; and the same on moto's S3 server."""

from __future__ import annotations

import io
import json
import tarfile
import uuid
from pathlib import Path

import pandas as pd
import pytest

from app import attachments, auth
from app.backup import BackupError, create_backup, restore_backup, settings_without_secrets, verify
from app.cli import main
from app.maintenance import maintain
from app.settings import Settings
from app.store import Store
from schemas import DATASETS
from tests.test_s3 import BUCKET, s3  # noqa: F401 (moto's S3 server, a module fixture)

SETTINGS = """county_name = "测试县"
year = 2011

[storage_options]
AWS_ACCESS_KEY_ID = "AKIA-secret"
AWS_SECRET_ACCESS_KEY = "very-secret"

[project_year]
fai_target = 120
"""


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_same_store(restored: Store, source: Store) -> None:
    for name in DATASETS:
        pd.testing.assert_frame_equal(restored.read(name), source.read(name), obj=name)
    assert [a.__dict__ for a in auth.accounts(restored)] == [
        a.__dict__ for a in auth.accounts(source)
    ]
    assert restored.info() == source.info()


def members(path: Path) -> dict[str, bytes]:
    with tarfile.open(path) as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers()}


def rewrite(path: Path, out: Path, changed: dict[str, bytes | None]) -> None:
    """The backup with some members changed (None: left out) or added."""
    content = members(path)
    content.update(changed)
    with tarfile.open(out, "w") as tar:
        for name, data in content.items():
            if data is None:
                continue
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


@pytest.fixture
def busy_store(demo_store: Store) -> Store:
    """The demo store with a sign-in, an attachment, an audit line and a second version."""
    auth.add_account(demo_store, "admin", "a-long-password", "admin")
    auth.audit(demo_store, "test", by="admin")
    attachments.save(demo_store, "整改报告".encode() * 100)
    demo_store.write_json(auth.SESSIONS_FILE, {"abc": {"name": "admin"}})
    demo_store.commit("complaints", demo_store.read("complaints").head(5), "overwrite")
    return demo_store


def test_backup_and_restore_give_back_the_store(busy_store: Store, tmp_path: Path, capsys) -> None:
    (Path(busy_store.root) / "county.toml").write_text(SETTINGS, encoding="utf-8")
    out = tmp_path / "备份.tar.gz"
    code, stdout, _ = run_cli(capsys, "backup", "--out", str(out), "--data-dir", busy_store.root)
    assert code == 0 and str(out) in stdout
    assert oct(out.stat().st_mode & 0o777) == "0o600"  # password hashes, the audit log
    manifest = verify(out)
    assert manifest["tables"]["complaints"]["version"] == busy_store.version("complaints")
    assert manifest["tables"]["complaints"]["rows"] == 5
    names = set(manifest["members"])
    assert {"files/_accounts.json", "files/_audit.log", "files/_store.json"} <= names
    assert any(n.startswith("files/_attachments/") for n in names)
    assert "files/_sessions.json" not in names  # sign-ins are not backed up
    settings = members(out)["files/county.toml"].decode()
    assert "very-secret" not in settings and "fai_target = 120" in settings

    target = tmp_path / "restored"
    code, stdout, _ = run_cli(capsys, "restore", str(out), "--data-dir", str(target))
    assert code == 0, stdout
    restored = Store(str(target))
    assert_same_store(restored, busy_store)
    for rel in ("_audit.log", "_attachments"):
        source, copy = Path(busy_store.root) / rel, target / rel
        if source.is_file():
            assert copy.read_text(encoding="utf-8").startswith(source.read_text(encoding="utf-8"))
        else:
            assert {p.name: p.read_bytes() for p in source.rglob("*") if p.is_file()} == {
                p.name: p.read_bytes() for p in copy.rglob("*") if p.is_file()
            }
    assert not (target / auth.SESSIONS_FILE).exists()
    assert (target / "county.toml").read_text(encoding="utf-8") == settings
    assert oct((target / "_accounts.json").stat().st_mode & 0o777) == "0o600"
    assert auth.authenticate(restored, "admin", "a-long-password", Settings().auth) is not None
    # Each table is a fresh Delta table: created, then the backup's rows in one commit.
    history = restored.history("complaints")
    assert history["mode"].tolist()[0] == "restore" and len(history) == 2


def test_a_tampered_backup_is_refused_naming_the_member(demo_store: Store, tmp_path: Path, capsys):
    out = tmp_path / "backup.tar"
    create_backup(demo_store, out)
    data = bytearray(members(out)["tables/townships.parquet"])
    data[len(data) // 2] ^= 0xFF
    bad = tmp_path / "tampered.tar"
    rewrite(out, bad, {"tables/townships.parquet": bytes(data)})
    target = tmp_path / "target"
    code, _, err = run_cli(capsys, "restore", str(bad), "--data-dir", str(target))
    assert code == 1 and "tables/townships.parquet" in err and "校验值" in err
    assert not target.exists()  # nothing written
    with pytest.raises(BackupError, match="files/_accounts.json"):
        rewrite(out, bad, {"files/_accounts.json": None})
        restore_backup(bad, Store(str(target)))
    with pytest.raises(BackupError, match=r"files/\.\./evil"):
        rewrite(out, bad, {"files/../evil": b"x"})
        restore_backup(bad, Store(str(target)))
    (tmp_path / "not-a-backup.tar").write_bytes(b"hello")
    with pytest.raises(BackupError) as refused:
        restore_backup(tmp_path / "not-a-backup.tar", Store(str(target)))
    assert refused.value.key == "ops.restore.unreadable"
    assert not target.exists()


def test_a_restore_never_overwrites_by_accident(demo_store: Store, tmp_path: Path, capsys) -> None:
    out = tmp_path / "backup.tar"
    create_backup(demo_store, out)
    other = tmp_path / "home"
    other.mkdir()
    (other / "notes.txt").write_text("keep me")
    code, _, err = run_cli(capsys, "restore", str(out), "--data-dir", str(other), "--force")
    assert code == 1 and (other / "notes.txt").read_text() == "keep me"  # not a store
    target = Store(str(tmp_path / "store"))
    target.init(demo=False)
    target.commit("townships", demo_store.read("townships").head(2), "overwrite")
    code, _, err = run_cli(capsys, "restore", str(out), "--data-dir", target.root)
    assert code == 1 and "--force" in err and len(target.read("townships")) == 2
    code, _, _ = run_cli(capsys, "restore", str(out), "--data-dir", target.root, "--force")
    assert code == 0
    assert_same_store(target, demo_store)


def test_settings_keep_no_credentials(tmp_path: Path) -> None:
    path = tmp_path / "county.toml"
    path.write_text(SETTINGS, encoding="utf-8")
    kept = settings_without_secrets(path)
    assert kept is not None and b"secret" not in kept and "测试县".encode() in kept
    path.write_text('storage_options = { AWS_SECRET_ACCESS_KEY = "x" }\nyear = 2012\n')
    assert settings_without_secrets(path) == b"year = 2012\n"
    path.write_text(
        'year = 2012\n[storage_options]\nAWS_REGION = "cn"\n[lights]\nyellow_band_pp = 3\n'
    )
    assert b"AWS" not in (settings_without_secrets(path) or b"AWS")


@pytest.mark.slow
def test_backup_and_restore_on_s3(s3: dict[str, str], demo_store: Store, tmp_path: Path) -> None:  # noqa: F811
    from app.demo import seed_demo

    source = Store(f"s3://{BUCKET}/backup-{uuid.uuid4().hex[:8]}", s3)
    seed_demo(source)
    sha256 = attachments.save(source, b"attached")
    # Maintenance works there too (a lease instead of a file lock), then the backup.
    source.commit("complaints", source.read("complaints").head(3), "overwrite")
    assert maintain(source, Settings()).ok
    assert len(source.snapshot("complaints").file_uris()) == 1
    # On S3 the accounts and sessions are shared documents (Delta tables under _documents/),
    # not files: the accounts are in the backup all the same, the sessions are not.
    auth.issue_session(source, "demo-admin", Settings().auth)
    assert auth.accounts(source) and source.read_json(auth.ACCOUNTS_FILE) is None
    out = tmp_path / "s3.tar"
    info = create_backup(source, out)
    assert info.tables["townships"]["version"] == source.version("townships")
    assert any(f.startswith("_attachments/") for f in info.files)
    names = set(members(out))
    assert "files/_accounts.json" in names
    assert not any("_sessions" in n or "_documents/" in n for n in names)
    target = Store(f"s3://{BUCKET}/restored-{uuid.uuid4().hex[:8]}", s3)
    restore_backup(out, target)
    assert_same_store(target, source)
    assert attachments.load(target, sha256) == b"attached"
    assert target.read_json(auth.ACCOUNTS_FILE) is None  # in its table on S3 again
    assert auth.authenticate(target, "demo-admin", "demo-admin-2011", Settings().auth)
    assert not auth.sessions._sessions(target)
    with pytest.raises(BackupError) as refused:
        restore_backup(out, target)
    assert refused.value.key == "ops.restore.not_empty"
    # And back to a local directory: the same tables.
    local = Store(str(tmp_path / "local"))
    restore_backup(out, local)
    assert_same_store(local, source)
    assert oct((Path(local.root) / auth.ACCOUNTS_FILE).stat().st_mode & 0o777) == "0o600"
    assert json.loads((Path(local.root) / "_store.json").read_text())["demo"] is True
