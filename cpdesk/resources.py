"""Where the data files in ``resources/`` live, in a checkout and in a frozen build."""
from __future__ import annotations

import os
import sys
from pathlib import Path


def resources_dir() -> Path:
    """Return the ``resources`` folder.

    ``CPDESK_RESOURCES`` overrides it (tests use this); a PyInstaller build keeps it
    beside the unpacked modules; otherwise it sits at the top of the checkout.
    """
    override = os.environ.get("CPDESK_RESOURCES")
    if override:
        return Path(override)
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
