"""Packaging (build time, no Citadel imports): print the [project] dependencies of pyproject.toml, one
per line, as the requirements file postinst installs into /opt/citadel/venv."""

from __future__ import annotations

import sys
import tomllib


def main(argv: list[str]) -> int:
    with open(argv[1], "rb") as fh:
        project = tomllib.load(fh)["project"]
    print(f"# Python dependencies of {project['name']} {project['version']} (from pyproject.toml)")
    for requirement in project["dependencies"]:
        print(requirement)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
