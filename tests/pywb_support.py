"""pywb, the replay tool the WARC exports are made for, in an environment of its own.

pywb pins an older ``redis`` client than scrapy-redis needs, so it cannot share the
project's environment (docs/operations.md installs it the same way). The first test
that needs it creates a virtual environment in the user's cache and installs pywb
from the package index; without the index the replay tests skip and say why.
"""

from __future__ import annotations

import os
import subprocess
import sys
from functools import cache
from pathlib import Path

PYWB_REQUIREMENT = "pywb>=2.8,<3"
INSTALL_TIMEOUT = 600
CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "partyline-tests"
PYWB_ENV = CACHE / "pywb"
HINT = f"the WARC replay test needs `pip install '{PYWB_REQUIREMENT}'` in {PYWB_ENV}"


def _bin(name: str) -> Path:
    return PYWB_ENV / "bin" / name


@cache
def pywb_unavailable_reason() -> str | None:
    """None when ``wb-manager`` and ``wayback`` are ready, else why the tests skip."""
    if _bin("wayback").exists() and _bin("wb-manager").exists():
        return None
    steps = (
        [sys.executable, "-m", "venv", "--clear", str(PYWB_ENV)],
        [str(_bin("python")), "-m", "pip", "install", "-q", PYWB_REQUIREMENT],
    )
    for step in steps:
        try:
            result = subprocess.run(step, capture_output=True, text=True, timeout=INSTALL_TIMEOUT)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"could not install pywb ({exc}): {HINT}"
        if result.returncode != 0:
            return f"could not install pywb ({result.stderr.strip()[-300:]}): {HINT}"
    return None


def wb_manager() -> Path:
    return _bin("wb-manager")


def wayback() -> Path:
    return _bin("wayback")
