"""What the test files share: the reference binary, and running it.

The command line is the reference: the package must give its answers. The
binary is the one cargo built for this test run (``GAZET_BIN``, set by
crates/gazet-cli/tests/python.rs).
"""

from __future__ import annotations

import csv
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

CliRun = Callable[..., "tuple[list[dict], list[dict]]"]


@pytest.fixture(scope="session")
def gazet_bin() -> str:
    """The command line to compare with."""
    path = os.environ.get("GAZET_BIN")
    if not path:
        pytest.fail("GAZET_BIN is not set: run these tests through `cargo test` (tests/python.rs)")
    return path


@pytest.fixture
def gazet_cli(gazet_bin: str, tmp_path: Path) -> CliRun:
    """``gazet_cli(input, *args)``: runs ``gazet extract INPUT -o OUT -j 2
    ARGS`` (exit status 0 or 1) and gives its mentions and documents tables
    as lists of dicts."""

    def run(inp: Path, *args: str) -> tuple[list[dict], list[dict]]:
        out = tmp_path / "cli-out"
        done = subprocess.run(
            [gazet_bin, "extract", str(inp), "-o", str(out), "-j", "2", *args],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode in (0, 1), done.stderr
        with (out / "mentions.csv").open(encoding="utf-8", newline="") as f:
            mentions = list(csv.DictReader(f))
        with (out / "documents.csv").open(encoding="utf-8", newline="") as f:
            documents = list(csv.DictReader(f))
        return mentions, documents

    return run
