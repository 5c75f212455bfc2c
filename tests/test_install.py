"""Installing as a user does: the wheel built from this checkout, installed into an empty
virtual environment (its dependencies from the package index, as pipx and uv would fetch
them), and the installed `meetup` runs the demo, draws a map, reads a place and routes on a
road: all the package data it needs is inside the wheel."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
# The user's own pip cache (read before the tests point HOME elsewhere): a second run of
# the suite installs from it.
PIP_CACHE = os.environ.get("PIP_CACHE_DIR") or str(Path.home() / ".cache" / "pip")


def _run(
    *command: str | Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(c) for c in command], capture_output=True, text=True, env=env, timeout=600
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return result


@pytest.mark.sqlite_only
def test_the_wheel_installs_into_an_empty_environment_and_runs(tmp_path: Path) -> None:
    env = {**os.environ, "PIP_CACHE_DIR": PIP_CACHE, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    env.pop("MEETUP_TRACKER_DB", None)
    env.pop("PYTHONPATH", None)
    dist = tmp_path / "dist"
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", dist, ROOT, env=env)
    (wheel,) = dist.glob("meetup_tracker-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert any(n.endswith(".tsv") for n in names), "the place data is in the wheel"
    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", venv)
    _run(venv / "bin" / "python", "-m", "pip", "install", "--quiet", wheel, env=env)
    meetup = venv / "bin" / "meetup"
    db = tmp_path / "user.db"
    run_env = {**env, "MEETUP_TRACKER_CACHE_DIR": str(tmp_path / "cache")}
    demo = _run(meetup, "demo", env=run_env)
    assert "Tennessee road trip" in demo.stdout + demo.stderr
    _run(meetup, "--db", db, "contact", "add", "Ana", "--city", "Memphis", env=run_env)
    place = _run(meetup, "place", "show", "Portland, OR", "--json", env=run_env)
    assert "Oregon" in place.stdout
    route = _run(meetup, "--db", db, "route", "Nashville", "Memphis", "--json", env=run_env)
    (ana,) = json.loads(route.stdout)
    assert ana["detour_minutes"] is not None  # driving times: the road network is inside
    _run(meetup, "--db", db, "map", "--svg", "-o", tmp_path / "map.svg", env=run_env)
    assert (tmp_path / "map.svg").read_text().startswith("<?xml")
