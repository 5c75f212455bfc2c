"""The README's promises point at tests that exist, and it starts with the two commands."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text()


def test_the_first_two_commands_are_make_demo_and_make_test() -> None:
    commands = re.findall(r"^make (\w+)", README, flags=re.MULTILINE)
    assert commands[:2] == ["demo", "test"]


def test_every_test_the_readme_names_exists() -> None:
    named = set(re.findall(r"`(test_\w+)`", README))
    assert len(named) >= 10
    sources = "\n".join(p.read_text() for p in (ROOT / "tests").rglob("test_*.py"))
    missing = sorted(name for name in named if f"def {name}(" not in sources)
    assert missing == []


def test_ci_runs_the_readmes_test_command() -> None:
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_the_readme_shows_a_map_of_the_demo_trip() -> None:
    import xml.etree.ElementTree as ET

    (picture,) = re.findall(r"!\[[^\]]+\]\(([^)]+)\)", README)[:1]
    root = ET.parse(ROOT / picture).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.findtext("{http://www.w3.org/2000/svg}title") == "Tennessee road trip"
    assert README.index(picture) < README.index("## Install")
    assert "## Maps" in README
