"""The words every part of cpdesk shares: comparator roles, area roles, granularities, row keys,
national figures. One home, so the grid, the summary, trends, exports and the window spell them
the same way.

Standard library only: the window uses it before pandas is imported. The functions that take
a frame of observations work on anything with pandas' column interface.
"""
from __future__ import annotations

from dataclasses import dataclass


# -- areas and comparators -----------------------------------------------------------------

#: What an area is in the data (``area_role`` of an observation).
AREA_ROLES = ("la", "england", "neighbours", "region", "target", "district", "other", "group")
#: The area role of a comparison group the user defined (its figures computed from the built-in ones).
GROUP_ROLE = "group"


@dataclass(frozen=True)
class ComparatorRole:
    """A comparator that is a role rather than a named area: its id, its name, its short name."""

    id: str
    name: str
    short: str


COMPARATOR_ROLES = (
    ComparatorRole("england", "England", "England"),
    ComparatorRole("neighbours", "Statistical neighbours", "Neighbours"),
    ComparatorRole("region", "Region", "Region"),
    ComparatorRole("target", "Target", "Target"),
)
#: id -> name, in the order the choices are offered.
COMPARATOR_NAMES = {r.id: r.name for r in COMPARATOR_ROLES}
#: The comparators the built-in national figures give (a target is the user's own).
NATIONAL_ROLES = ("england", "neighbours", "region")


def comparator_role(text: str | None) -> ComparatorRole | None:
    """The comparator role ``text`` names (its id, name or short name, any case); None for an area's name."""
    if not text:
        return None
    t = str(text).strip().lower()
    return next((r for r in COMPARATOR_ROLES if t in (r.id, r.name.lower(), r.short.lower())), None)


# -- periods shown side by side ---------------------------------------------------------------

#: How the grid lays periods across (``auto`` chooses the kind of most of the user's own indicators).
GRANULARITIES = ("years", "quarters", "months", "snapshots")
GRANULARITY_NAMES = {"auto": "Automatic", "years": "Years", "quarters": "Quarters", "months": "Months",
                     "snapshots": "Snapshots (at a date)"}
#: The kind of period (``period_kind`` of an observation) each granularity shows.
GRANULARITY_KINDS = {"years": "year", "quarters": "quarter", "months": "month", "snapshots": "snapshot"}


def granularity_of(period_kind: str) -> str | None:
    """The granularity that shows periods of ``period_kind`` ("year" -> "years"); None if none does."""
    return next((g for g, k in GRANULARITY_KINDS.items() if k == period_kind), None)


# -- rows: an indicator, or a label no indicator matched ------------------------------------------

LABEL_KEY_PREFIX = "label:"


def row_key(indicator, label) -> str:
    """An indicator's id, or ``label:<label>`` for a label that matched no indicator."""
    return indicator if isinstance(indicator, str) and indicator else f"{LABEL_KEY_PREFIX}{label}"


def is_label_key(key: str) -> bool:
    return key.startswith(LABEL_KEY_PREFIX)


def label_of_key(key: str) -> str:
    """The label a ``label:`` key stands for (the key itself for an indicator id)."""
    return key[len(LABEL_KEY_PREFIX):] if is_label_key(key) else key


def row_keys(obs):
    """:func:`row_key` of every observation in a frame, as an object array (one pass; a million rows in ~0.15 s)."""
    import numpy as np
    ind = obs["indicator"].to_numpy(dtype=object)
    keys = ind.copy()
    named = np.fromiter((isinstance(i, str) and i != "" for i in ind), dtype=bool, count=len(ind))
    if not named.all():
        labels = obs["label"].to_numpy(dtype=object)[~named]
        keys[~named] = [f"{LABEL_KEY_PREFIX}{label}" for label in labels]
    return keys


# -- where figures come from ---------------------------------------------------------------------

#: The ``table`` of observations that are the built-in national figures.
NATIONAL_TABLE = "national"


def is_national(obs):
    """Which observations are built-in national figures (a boolean Series for a frame, a bool for a row)."""
    return obs["table"] == NATIONAL_TABLE


def indicators_of_area(obs, area: str) -> list[str]:
    """Row keys ``area`` has a value for, in the order they first appear."""
    mine = obs[(obs["area"] == area) & obs["value"].notna()]
    return list(dict.fromkeys(row_keys(mine))) if len(mine) else []


__all__ = ["AREA_ROLES", "GROUP_ROLE", "ComparatorRole", "COMPARATOR_ROLES", "COMPARATOR_NAMES", "NATIONAL_ROLES", "comparator_role",
           "GRANULARITIES", "GRANULARITY_NAMES", "GRANULARITY_KINDS", "granularity_of", "LABEL_KEY_PREFIX", "row_key",
           "is_label_key", "label_of_key", "row_keys", "NATIONAL_TABLE", "is_national", "indicators_of_area"]
