"""A real browser for the website tests: Debian's Chromium driven by Playwright.

The browser comes from Debian's packages, never from a Playwright download:
when ``/usr/bin/chromium`` is missing and the tests run as root on a Debian
machine, the set-up installs the ``chromium`` package; anywhere else the browser
tests skip and say how to enable them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
INSTALL_TIMEOUT = 900
INSTALL_HINT = "install Debian's Chromium (`apt-get install chromium`) to run the browser tests"


def _install_chromium() -> str | None:
    """Install Debian's ``chromium`` package; the reason it could not be, or None."""
    apt = shutil.which("apt-get")
    if apt is None:
        return f"/usr/bin/chromium is missing and this machine has no apt-get: {INSTALL_HINT}"
    if os.geteuid() != 0:
        return f"/usr/bin/chromium is missing and the tests do not run as root: {INSTALL_HINT}"
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    command = [apt, "install", "-y", "-qq", "--no-install-recommends", "chromium"]
    for attempt in (command, None):
        if attempt is None:
            # A stale package list is the usual reason the first attempt fails.
            subprocess.run([apt, "update", "-qq"], env=environment, capture_output=True)
            attempt = command
        result = subprocess.run(
            attempt, env=environment, capture_output=True, text=True, timeout=INSTALL_TIMEOUT
        )
        if result.returncode == 0 and CHROMIUM.exists():
            return None
    return f"apt-get could not install chromium ({result.stderr.strip()[-300:]}): {INSTALL_HINT}"


def chromium_unavailable_reason() -> str | None:
    """None when Chromium and Playwright are ready, else why the browser tests skip."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed: `pip install -e '.[dev]'`"
    if CHROMIUM.exists():
        return None
    return _install_chromium()


def launch_arguments() -> list[str]:
    # Chromium refuses its sandbox as root in a container; the pages it opens are our own.
    return ["--no-sandbox"] if os.geteuid() == 0 else []
