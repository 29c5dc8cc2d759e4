"""One initiative per channel: which initiative each container of a split export goes to.

A chat workspace, a Zulip organisation, a Mattermost team or a folder of mailing lists holds
many communities, each with a life of its own. `wi3 ingest … --split-by channel` makes each
container (channel, stream, list) an initiative of its own, named after it:

- the slug is the container's name in lower case with spaces, dots, slashes and underscores
  turned into "-" (`#core-translation` → `core-translation`, `new members` → `new-members`,
  `team/town-square` → `team-town-square`); a name with other characters (accents, symbols)
  keeps its ASCII letters and digits and gets a short digest of the full name, so that two
  names never share a slug by accident (`0.1° JRA BGC Run` → `0-1-jra-bgc-run-3f9a1c`);
- `--initiative-prefix` puts a prefix before every slug (`rslack-` → `rslack-general`);
- a containers file renames, merges or skips containers:

      general: community          # rename: channel general becomes initiative community
      core-translation-es: core-translation   # merge: two channels, one initiative
      core-translation-ca: core-translation
      random: skip                # leave a channel out

Direct messages (container "direct") are conversations between people, not a community: they
are left out of a split unless the containers file names them. An export whose format has no
containers of its own (a Stack Exchange dump is one site) becomes one initiative named after
the export's file or folder. The same export split again gives the same slugs, so a second
import adds nothing.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from wi3.errors import InputError
from wi3.yamldoc import read_yaml

SKIP = "skip"
DIRECT = "direct"
MAX_SLUG = 80
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_\-]*$")
_PLAIN = re.compile(r"[\s._/]+")


def container_slug(name: str, prefix: str = "") -> str:
    """The initiative slug of a container (see the module docstring)."""
    plain = _PLAIN.sub("-", name.strip().lower()).strip("-")
    if _SLUG.match(plain) and len(prefix + plain) <= MAX_SLUG:
        return prefix + plain
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    stem = re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "channel"
    digest = hashlib.blake2b(name.encode(), digest_size=3).hexdigest()
    room = MAX_SLUG - len(prefix) - len(digest) - 1
    return f"{prefix}{stem[:room].rstrip('-')}-{digest}"


@dataclass
class Routes:
    """Where each container of a split export goes: an initiative slug, or nowhere."""

    prefix: str = ""
    given: dict[str, str] = field(default_factory=dict)
    """The containers file: container name → slug or "skip"."""
    used: set[str] = field(default_factory=set)

    def slug(self, container: str) -> str | None:
        """The initiative for `container`, or None when it is skipped."""
        target = self.given.get(container)
        if target is not None:
            self.used.add(container)
            return None if target == SKIP else target
        if container == DIRECT:
            return None
        return container_slug(container, self.prefix)

    def whole(self, path: Path) -> str:
        """The initiative of an export that is one container (a Stack Exchange site): named
        after the export's file or folder, unless the containers file names it."""
        name = path.name
        for suffix in (".zip", ".7z", ".gz", ".xz", ".bz2", ".tar"):
            name = name.removesuffix(suffix)
        target = self.given.get(name)
        if target is not None and target != SKIP:
            self.used.add(name)
            return target
        return container_slug(name, self.prefix)

    def unused(self) -> list[str]:
        """Containers the file names that the export did not hold."""
        return sorted(set(self.given) - self.used)


def read_routes(path: Path | None, prefix: str = "") -> Routes:
    """The routes of a split: the prefix and the containers file, validated.

    Raises:
        InputError: naming the line of a value that is no slug, or a prefix that cannot start
            one.
    """
    if prefix and not _SLUG.match(prefix + "x"):
        raise InputError(
            f"--initiative-prefix {prefix!r} cannot start an initiative id: use lower-case "
            "letters, digits, '-' and '_', starting with a letter or digit"
        )
    if path is None:
        return Routes(prefix)
    document = read_yaml(path)
    data = document.data
    if data is None:
        return Routes(prefix)
    if not isinstance(data, dict):
        raise InputError(
            f"{path}: a containers file maps each container name to an initiative id or "
            "'skip', one per line (`general: community`)"
        )
    given: dict[str, str] = {}
    for name, target in data.items():
        where = document.at(str(name))
        if not isinstance(target, str) or not (target == SKIP or _SLUG.match(target)):
            raise InputError(
                f"{where}: {name!r} maps to {target!r}, which is neither 'skip' nor an "
                "initiative id (lower-case letters, digits, '-' and '_'). Fix the value."
            )
        given[str(name)] = target
    return Routes(prefix, given)
