"""What differs between kinds of initiative: how much people read, react and post, and how long."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Profile:
    """Activity of one kind of initiative at scale 1, per active person (or contributor) a month."""

    views: float
    """Reads beyond the first, per active person (contributors read three times as much)."""
    reacts: float
    """Reactions and votes per active person."""
    creates: float
    """Threads, pages or questions per active contributor, beyond the phase's floor."""
    replies: float
    """Multiplies the phase's further replies per answered thread (chat threads run long)."""
    joins: bool
    """Whether people join a space before they take part (chat channels, groups, lists)."""
    accepts: bool
    """Whether askers accept an answer (Q&A)."""
    create_size: tuple[float, float]
    reply_size: tuple[float, float]
    """Median characters and log-sd of a new item and of a reply."""
    containers: tuple[str, ...]
    """Names of the channels, spaces, tags or categories to pick from."""


EDIT_SIZE = (200.0, 1.2)
ACCEPT_HOURS = (3.0, 1.0)
"""Median and log-sd of the time from the first answer to its acceptance."""

PROFILES = {
    "wiki": Profile(
        6.0, 0.2, 0.6, 0.5, False, False, (2500.0, 1.0), (300.0, 0.9),
        ("procedures", "how-to", "projects", "reference", "faq", "archive"),
    ),
    "esn": Profile(
        8.0, 1.5, 0.6, 1.0, True, False, (350.0, 0.8), (160.0, 0.8),
        ("all-company", "news", "ideas", "customers", "projects", "social"),
    ),
    "chat": Profile(
        10.0, 1.2, 2.0, 1.4, True, False, (90.0, 0.9), (70.0, 0.9),
        ("general", "help", "releases", "incidents", "projects", "random"),
    ),
    "qa": Profile(
        6.0, 0.8, 0.4, 0.8, True, True, (700.0, 0.8), (900.0, 0.8),
        ("billing", "contracts", "meters", "outages", "tariffs", "systems"),
    ),
    "forum": Profile(
        6.0, 0.6, 0.5, 1.2, True, False, (800.0, 0.9), (450.0, 0.9),
        ("general", "leads", "products", "pricing", "competition", "events"),
    ),
    "blog": Profile(
        5.0, 0.6, 0.25, 0.7, False, False, (2500.0, 0.7), (220.0, 0.9),
        ("news", "people", "culture", "careers"),
    ),
    "mailing_list": Profile(
        3.0, 0.0, 0.5, 1.2, True, False, (1200.0, 0.9), (900.0, 0.9),
        ("announce", "discuss"),
    ),
    "other": Profile(
        4.0, 0.5, 0.5, 1.0, True, False, (500.0, 1.0), (300.0, 1.0),
        ("general", "misc", "projects"),
    ),
}  # fmt: skip
