"""Shared fixtures: our test files, the real exports, a PostgreSQL server for `postgres` tests."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, make_url

from wi3.service import Workspace, import_organisation_file, init_workspace

# pytest-xdist workers export COLUMNS=80; Rich would fix the command line's width to it when
# wi3.cli is imported, and tests that need a wide terminal set COLUMNS for each run instead.
os.environ.pop("COLUMNS", None)

FIXTURES = Path(__file__).parent / "fixtures"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
SHARED_DATA = Path(__file__).parents[2] / "shared" / "data"
POSTGRES_ROOT = Path("/usr/lib/postgresql")
POSTGRES_OS_USER = "postgres"


def pytest_report_header(config: pytest.Config) -> list[str]:
    import duckdb
    import pyarrow

    given = os.environ.get("WI3_DATA_DIR")
    data = Path(given) if given else SHARED_DATA
    return [
        f"wi3: duckdb {duckdb.__version__}, pyarrow {pyarrow.__version__}",
        f"wi3: real data {data if data.is_dir() else 'not found (real-data tests will skip)'}",
    ]


@pytest.fixture(scope="session", autouse=True)
def key_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A configuration folder of the session's own, so workspace keys never reach the real one.

    Session-wide, so that workspaces made by module fixtures have their keys there too; the
    key variables of the person running the tests are cleared for the same reason.
    """
    home = tmp_path_factory.mktemp("config")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CONFIG_HOME", str(home))
        patch.delenv("WI3_PSEUDONYM_KEY", raising=False)
        patch.delenv("WI3_PSEUDONYM_KEY_FILE", raising=False)
        yield home


@pytest.fixture(scope="session")
def fixture_path() -> Path:
    """The folder of the small test files we wrote, one subfolder per source."""
    return FIXTURES


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The real third-party exports (WI3_DATA_DIR, else ../shared/data); skips if absent."""
    given = os.environ.get("WI3_DATA_DIR")
    folder = Path(given) if given else SHARED_DATA
    if not folder.is_dir():
        pytest.skip(f"real data not found: {folder} missing; set WI3_DATA_DIR")
    return folder


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """The URL of a PostgreSQL database for the tests, on a role allowed to create databases.

    WI3_TEST_POSTGRES_URL wins when set. Otherwise a throwaway cluster is started from the
    newest server under /usr/lib/postgresql, listening only on a Unix socket in a temporary
    folder, and stopped and removed after the session.
    """
    given = os.environ.get("WI3_TEST_POSTGRES_URL")
    if given:
        yield given
        return
    bin_dir = _newest_server_bin()
    if bin_dir is None:
        pytest.skip(
            f"PostgreSQL not available: no server binaries under {POSTGRES_ROOT} "
            "and WI3_TEST_POSTGRES_URL unset"
        )
    as_postgres = os.geteuid() == 0
    if as_postgres and shutil.which("runuser") is None:
        pytest.skip("PostgreSQL not available: running as root and runuser is missing")
    yield from _throwaway_cluster(bin_dir, as_postgres)


@pytest.fixture
def postgres_database_url(postgres_url: str) -> Iterator[str]:
    """The URL of a new, empty PostgreSQL database, dropped again after the test."""
    name = f"wi3test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        yield make_url(postgres_url).set(database=name).render_as_string(hide_password=False)
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.dispose()


def _newest_server_bin() -> Path | None:
    """The bin folder of the highest PostgreSQL version installed, if any has initdb."""
    found = [
        initdb.parent
        for initdb in POSTGRES_ROOT.glob("*/bin/initdb")
        if initdb.parent.parent.name.isdigit()
    ]
    return max(found, key=lambda bin_dir: int(bin_dir.parent.name), default=None)


def _throwaway_cluster(bin_dir: Path, as_postgres: bool) -> Iterator[str]:
    """Start a cluster in a temporary folder, yield a database URL on it, then remove it all.

    initdb refuses to run as root, so as root the server runs as the `postgres` OS user, which
    must own the folder.
    """
    base = Path(tempfile.mkdtemp(prefix="wi3-pg-", dir="/tmp"))
    data, log = base / "data", base / "server.log"
    if as_postgres:
        shutil.chown(base, user=POSTGRES_OS_USER, group=POSTGRES_OS_USER)
    base.chmod(0o700)
    port = _free_port()
    options = (
        f"-c listen_addresses='' -k {base} -p {port} "
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    )

    def run(*args: str | Path) -> None:
        command = [str(arg) for arg in args]
        if as_postgres:
            command = ["runuser", "-u", POSTGRES_OS_USER, "--", *command]
        done = subprocess.run(command, cwd=base, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            server_log = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            pytest.fail(
                f"cannot start a throwaway PostgreSQL: {' '.join(command)} exited with "
                f"{done.returncode}\n{done.stdout}{done.stderr}{server_log}\n"
                "Set WI3_TEST_POSTGRES_URL to a server you run yourself to skip this step."
            )

    started = False
    try:
        run(bin_dir / "initdb", "-D", data, "-U", POSTGRES_OS_USER, "-A", "trust", "-E", "UTF8",
            "--no-sync", "--no-instructions")  # fmt: skip
        run(bin_dir / "pg_ctl", "-D", data, "-l", log, "-o", options, "-w", "-t", "60", "start")
        started = True
        _wait_until_ready(bin_dir, base, port)
        admin_url = f"postgresql+psycopg://{POSTGRES_OS_USER}@/postgres?host={base}&port={port}"
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.exec_driver_sql("CREATE DATABASE wi3test")
        admin.dispose()
        yield f"postgresql+psycopg://{POSTGRES_OS_USER}@/wi3test?host={base}&port={port}"
    finally:
        if started:
            run(bin_dir / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop")
        shutil.rmtree(base, ignore_errors=True)


def _free_port() -> int:
    """A TCP port number nobody listens on: it names the server's socket file."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_until_ready(bin_dir: Path, socket_dir: Path, port: int) -> None:
    """Wait up to 30 s until the server accepts connections on its socket."""
    deadline = time.monotonic() + 30
    while True:
        ready = subprocess.run(
            [str(bin_dir / "pg_isready"), "-q", "-h", str(socket_dir), "-p", str(port)],
            check=False,
        )
        if ready.returncode == 0:
            return
        if time.monotonic() > deadline:
            pytest.fail(f"throwaway PostgreSQL in {socket_dir} not ready after 30 s")
        time.sleep(0.1)


ORGANISATION = """\
organisation: {slug: acme, name: Acme BV}
units:
  - {path: ict, name: ICT}
  - {path: hr, name: HR}
initiatives:
  - {slug: team-wiki, name: Team wiki, kind: wiki, platform: MediaWiki, unit: ict,
     start_date: 2025-01-01, audience: 120}
  - {slug: chat, name: Chat, kind: chat, platform: Slack, unit: ict/devs}
"""


@pytest.fixture
def organisation_file(tmp_path: Path) -> Path:
    path = tmp_path / "organisation.yaml"
    path.write_text(ORGANISATION)
    return path


@pytest.fixture
def workspace(
    tmp_path: Path, organisation_file: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Workspace]:
    monkeypatch.delenv("WI3_DATABASE_URL", raising=False)
    ws = init_workspace(tmp_path / "ws")
    import_organisation_file(ws, organisation_file)
    yield ws
    ws.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's chromium driven by Playwright; never Playwright's own browser download.

    One per test process: Playwright's synchronous API cannot be started twice in one thread.
    """
    if not CHROMIUM.exists():
        pytest.skip("chromium not installed: apt-get install chromium (make test does this)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
