"""The application store: organisations, units, initiatives, assessments, surveys and snapshots.

Open it with `open_store(url)` (SQLite via `sqlite_url(path)`, or PostgreSQL), then read and write
the table models inside `store.transaction()`. The migrations, and whoever drafts a new one,
use `make_engine` and `alembic_config` (see `wi3/store/migrations/env.py`).
"""

from wi3.store._engine import Store, alembic_config, make_engine, open_store, sqlite_url
from wi3.store._tables import (
    INITIATIVE_KINDS,
    INITIATIVE_STATUSES,
    PERSON_LEVELS,
    Account,
    AliasDigest,
    Answer,
    Assessment,
    Base,
    Import,
    Initiative,
    LinkDecision,
    Organisation,
    Person,
    PlatformSignal,
    Snapshot,
    SnapshotPhase,
    SurveyAnswer,
    SurveyResponse,
    SurveyRound,
    Unit,
    UTCDateTime,
    utc_now,
)

__all__ = [
    "PERSON_LEVELS",
    "Account",
    "AliasDigest",
    "Import",
    "LinkDecision",
    "Person",
    "PlatformSignal",
    "INITIATIVE_KINDS",
    "INITIATIVE_STATUSES",
    "Answer",
    "Assessment",
    "Base",
    "Initiative",
    "Organisation",
    "Snapshot",
    "SnapshotPhase",
    "Store",
    "SurveyAnswer",
    "SurveyResponse",
    "SurveyRound",
    "Unit",
    "UTCDateTime",
    "utc_now",
    "alembic_config",
    "make_engine",
    "open_store",
    "sqlite_url",
]
