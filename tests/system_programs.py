"""System programs some tests drive (Chromium, curl, jq), found or reported with the package that provides them."""

from __future__ import annotations

import os
import shutil

import pytest


def require_program(program: str, package: str) -> str:
    """The path of a system program some tests drive (Chromium, curl, jq). Without it those tests skip with the
    Debian package to install, except under CI (`CI` set), where they fail: `.ci/run` installs every one."""
    found = shutil.which(program)
    if found:
        return found
    reason = f"`{program}` is not installed (Debian package '{package}'; .ci/run installs it)"
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)
