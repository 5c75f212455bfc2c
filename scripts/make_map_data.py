"""Regenerate the map data shipped in src/meetup_tracker/maps/data from the npm registry.

    python scripts/make_map_data.py

Each package is fetched with `npm pack` at a pinned version, checked against the integrity
hash the registry published for it, and the files the maps use are copied with their licence.
SOURCES.md beside them records versions, licences and the SHA-256 of every file.
"""

from __future__ import annotations

import base64
import hashlib
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "src" / "meetup_tracker" / "maps" / "data"

# package, version, the integrity npm's registry publishes (sha512),
# {file in the package: name shipped}, licence
PACKAGES = [
    (
        "leaflet",
        "1.9.4",
        "sha512-nxS1ynzJOmOlHp+iL3FyWqK89GtNL8U8rvlMOsQdTTssxZwCXh8N2NB3GDQOL+YR3XnWyZAxwQixURb+FA74PA==",
        {
            "dist/leaflet.js": "leaflet.js",
            "dist/leaflet.css": "leaflet.css",
            "LICENSE": "LICENSE-leaflet",
        },
        "BSD-2-Clause",
    ),
    (
        "world-atlas",
        "2.0.2",
        "sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ==",
        {"countries-110m.json": "countries-110m.json", "LICENSE": "LICENSE-world-atlas"},
        "ISC (data: Natural Earth, public domain)",
    ),
    (
        "us-atlas",
        "3.0.1",
        "sha512-wEIZCq0ImPvGblTd8gZMqNNCPkQshugMUG/8nkSWXb02+XqNFREg9atHOKP9w6prLZTpqcLhSvdBW81MkV3/0Q==",
        {"states-10m.json": "states-10m.json", "LICENSE": "LICENSE-us-atlas"},
        "ISC (data: US Census Bureau cartographic boundaries, public domain)",
    ),
]


def _integrity(path: Path) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(path.read_bytes()).digest()).decode()


def main() -> None:
    DATA.mkdir(parents=True, exist_ok=True)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, version, pinned, files, licence in PACKAGES:
            spec = f"{name}@{version}"
            subprocess.run(
                ["npm", "pack", spec, "--silent"], cwd=tmp, check=True, capture_output=True
            )
            tarball = Path(tmp) / f"{name}-{version}.tgz"
            if _integrity(tarball) != pinned:
                raise SystemExit(f"{spec}: the tarball does not match its integrity {pinned}")
            with tarfile.open(tarball) as archive:
                for inside, shipped in files.items():
                    member = archive.extractfile(f"package/{inside}")
                    assert member is not None, inside
                    with (DATA / shipped).open("wb") as out:
                        shutil.copyfileobj(member, out)
                    digest = hashlib.sha256((DATA / shipped).read_bytes()).hexdigest()
                    rows.append(
                        f"| `{shipped}` | {spec} `{inside}` | {licence} | `{digest[:16]}` |"
                    )
    (DATA / "SOURCES.md").write_text(
        "# Map data shipped with meetup-tracker\n\n"
        "Made by `scripts/make_map_data.py` from the npm registry; do not edit by hand.\n\n"
        "| file | from | licence | sha256 (first 16) |\n|---|---|---|---|\n"
        + "\n".join(rows)
        + "\n"
    )


if __name__ == "__main__":
    main()
