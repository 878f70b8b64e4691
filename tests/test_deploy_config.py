"""The deployment files in ``deploy/``: nginx accepts the site (``nginx -t`` with self-signed
test certificates), systemd accepts the units (``systemd-analyze verify``), and they agree with
the app (upload limits, the websocket, the health check, the CSP the README proposes)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from app.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
SITE = DEPLOY / "nginx-county-dashboard.conf"
UNITS = ["county-dashboard.service", "county-backup.service", "county-backup.timer"]


def self_signed(tmp_path: Path) -> tuple[Path, Path]:
    """A throwaway certificate and key (cryptography, else the openssl command)."""
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    try:
        import datetime as dt

        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import NameOID
    except ImportError:
        if not shutil.which("openssl"):
            pytest.skip("neither cryptography nor openssl to make a test certificate")
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"]
            + ["-nodes", "-days", "2", "-subj", "/CN=localhost"]
            + ["-keyout", str(key), "-out", str(cert)],
            check=True,
            capture_output=True,
        )
        return cert, key
    private = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(private.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .sign(private, hashes.SHA256())
    )
    cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key.write_bytes(
        private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert, key


def test_nginx_accepts_the_site(tmp_path: Path) -> None:
    nginx = shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if Path(p).exists()), None
    )
    if nginx is None:
        pytest.skip("nginx is not installed (.ci/run installs it)")
    cert, key = self_signed(tmp_path)
    site = SITE.read_text(encoding="utf-8")
    site = re.sub(r"ssl_certificate\s+\S+;", f"ssl_certificate {cert};", site)
    site = re.sub(r"ssl_certificate_key\s+\S+;", f"ssl_certificate_key {key};", site)
    site = re.sub(r"(access_log|error_log)\s+/var/log/nginx/\S+;", rf"\1 {tmp_path}/\1.log;", site)
    site = re.sub(
        r"listen (\[::\]:)?(80|443)", lambda m: f"listen {m.group(1) or ''}1{m.group(2)}", site
    )
    (tmp_path / "site.conf").write_text(site, encoding="utf-8")
    temp = "\n".join(
        f"    {kind}_temp_path {tmp_path}/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\n"
        f"error_log {tmp_path}/error.log;\n"
        "events {}\n"
        "http {\n"
        f"    access_log {tmp_path}/access.log;\n{temp}\n"
        f"    include {tmp_path}/site.conf;\n"
        "}\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "syntax is ok" in done.stderr and "test is successful" in done.stderr


def test_the_site_matches_the_app() -> None:
    site = SITE.read_text(encoding="utf-8")
    streamlit = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    max_upload_mb = streamlit["server"]["maxUploadSize"]
    body = int(re.search(r"client_max_body_size (\d+)m;", site).group(1))
    # nginx lets through what Streamlit takes, which is above the app's own limit (so the
    # clerk reads the app's message, not a bare 413).
    assert Settings().upload.max_file_mb < max_upload_mb < body
    stream = re.search(r"location /_stcore/stream \{(.*?)\}", site, re.S).group(1)
    assert "proxy_set_header Upgrade $http_upgrade;" in stream
    assert "Connection $county_connection_upgrade" in stream
    assert "location = /_stcore/health" in site
    assert "listen 443 ssl" in site and "return 301 https://" in site
    # The CSP is the one the README's Security section proposes, word for word.
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    proposed = re.search(r'Content-Security-Policy "([^"]+)"', readme).group(1)
    assert f'Content-Security-Policy "{proposed}" always;' in site
    for path, location in re.findall(r"location ([^{]+)\{(.*?)\}", site, re.S):
        assert "proxy_set_header Host $host;" in location  # no location loses the headers
        if "health" not in path:
            assert "X-Forwarded-For $proxy_add_x_forwarded_for" in location, path
            assert "X-Forwarded-Proto $scheme" in location, path


def test_the_unit_runs_what_the_readme_says() -> None:
    unit = (DEPLOY / "county-dashboard.service").read_text(encoding="utf-8")
    assert "streamlit run streamlit_app.py" in unit and "--server.address=127.0.0.1" in unit
    assert "Environment=COUNTY_DATA_DIR=" in unit and "UMask=0077" in unit
    backup = (DEPLOY / "county-backup.service").read_text(encoding="utf-8")
    assert "-m app backup --out" in backup and "%%Y" in backup  # % escaped for systemd


@pytest.mark.parametrize("name", UNITS)
def test_systemd_accepts_the_units(name: str, tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed")
    # The unit as installed, with the paths of this machine (verify checks the binaries).
    for unit in UNITS:
        text = (DEPLOY / unit).read_text(encoding="utf-8")
        text = text.replace("/opt/county-dashboard/.venv/bin/python", sys.executable)
        text = text.replace("/opt/county-dashboard", str(ROOT))
        (tmp_path / unit).write_text(text, encoding="utf-8")
    done = subprocess.run(
        [analyze, "verify", "--man=no", str(tmp_path / name)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    problems = [
        row
        for row in done.stderr.splitlines()
        # Without systemd as PID 1 (a container), verify cannot reach the manager's bus, and
        # units outside the search path it cannot name: neither is about this file.
        if name in row and "Failed to" not in row
    ]
    assert done.returncode == 0 or not problems, done.stderr
    assert not problems, done.stderr
