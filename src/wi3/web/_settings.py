"""The settings of the web application: which workspace it serves, how it sends cookies, and
what an import may bring."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

SETTINGS_ENV = "WI3_WEB_SETTINGS"
"""The variable `wi3 serve` hands the settings to its worker processes in (as JSON)."""


class Settings(BaseModel):
    """What `create_app` needs: the workspace, the model, and the session's rules."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    workspace: Path | None = None
    """The workspace folder (None: WI3_HOME, else ./wi3-workspace)."""
    model: Path | None = None
    """Your own growth-model file (None: the shipped one)."""
    secure_cookies: bool = False
    """Send the session cookie over HTTPS only: set it behind a TLS-terminating proxy."""
    session_hours: float = 8.0
    """A session ends after this long without a request."""
    sign_in_hours: float = 24.0
    """… and after this long since signing in, however busy."""
    max_upload_mb: int = Field(default=1000, ge=1)
    """The largest file an import may upload, in megabytes (1 MB = 1,000,000 bytes)."""
    import_folder: Path | None = None
    """A folder on the server whose files and folders administrators may import by path, for
    exports too large to upload (None: no server paths)."""

    @property
    def max_upload(self) -> int:
        """The largest upload, in bytes."""
        return self.max_upload_mb * 1_000_000

    @classmethod
    def from_environment(cls) -> Settings:
        """The settings `wi3 serve` left in `WI3_WEB_SETTINGS`, else the defaults."""
        given = os.environ.get(SETTINGS_ENV)
        return cls.model_validate_json(given) if given else cls()
