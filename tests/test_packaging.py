"""Packaging: `pip install -e .` (what `make demo` runs) builds without a setuptools warning.

The builds run on a copy of the project, with the setuptools already installed (no build
isolation, no index: no network), so the test sees exactly what setuptools says about
pyproject.toml.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
WARNINGS = ("warning", "deprecated", "absent from", "would be ignored")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    # pyproject.toml needs setuptools >= 77 (the build backend pip installs); the `test` extra installs it
    pytest.importorskip("setuptools", minversion="77", reason="the test extra's setuptools>=77 is not installed")
    dest = tmp_path_factory.mktemp("project") / "whosaid"
    dest.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, dest)
    for pkg in ("qa", "embeddings", "corpus"):
        shutil.copytree(ROOT / pkg, dest / pkg, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return dest


def build(project: Path, hook: str, out: Path) -> tuple[Path, str]:
    """Call setuptools' PEP 517 `hook` in a fresh interpreter; (the wheel, everything it printed)."""
    out.mkdir()
    code = f"from setuptools import build_meta; print(build_meta.{hook}({str(out)!r}))"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # else: "byte-compiling is disabled"
    run = subprocess.run([sys.executable, "-c", code], cwd=project, capture_output=True, text=True, timeout=300,
                         env=env)
    assert run.returncode == 0, run.stderr[-2000:]
    wheel = out / run.stdout.strip().splitlines()[-1]
    return wheel, run.stdout + run.stderr


@pytest.mark.parametrize("hook", ["build_wheel", "build_editable"])
def test_a_build_prints_no_setuptools_warning(project, tmp_path, hook):
    wheel, printed = build(project, hook, tmp_path / "dist")
    alarming = [line for line in printed.splitlines() if any(w in line.lower() for w in WARNINGS)]
    assert alarming == [], "\n".join(alarming)
    names = zipfile.ZipFile(wheel).namelist()
    if hook == "build_wheel":  # the demo article ships with the package
        assert "corpus/data/seed/belarus-carpenter-meeting.txt" in names
        metadata = zipfile.ZipFile(wheel).read("whosaid-0.1.0.dist-info/METADATA").decode()
        assert "License-Expression: Apache-2.0" in metadata
