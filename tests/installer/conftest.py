"""Fixtures for the installer tests: build the Debian package once per session, out of tree.

The build tools (debhelper, dh-python, pybuild-plugin-pyproject ...) come from installer/bootstrap.sh; when
one is missing the tests FAIL with the bootstrap command to run, never skip.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

# Debian's own interpreter and tools first: a pyenv or venv python3 on PATH lacks the `build` module that
# pybuild runs, and must not leak into the package.
SYSTEM_PATH = "/usr/sbin:/usr/bin:/sbin:/bin"

BUILD_TOOLS = ("dpkg-buildpackage", "dpkg-deb", "dh", "dh_python3", "fakeroot", "systemd-analyze")
BUILD_PACKAGES = (
    "debhelper",
    "dh-python",
    "pybuild-plugin-pyproject",
    "python3-all",
    "python3-setuptools",
    "python3-wheel",
)

# Never copied into the build tree: environments, caches, build products, test output.
EXCLUDED_NAMES = {
    ".git",
    ".venv",
    "__pycache__",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
    ".hypothesis",
    ".pybuild",
}
EXCLUDED_PATHS = {
    "tests/artifacts",
    "build",
    "dist",
    "demo-output",
    "debian/citadel",
    "debian/.debhelper",
    "debian/tmp",
}


@dataclass(frozen=True)
class BuiltPackage:
    deb: Path
    log: Path
    source: Path

    def contents(self) -> list[str]:
        """Paths in the package, without the leading '.', symlinks as 'path -> target'."""
        out = subprocess.run(["dpkg-deb", "-c", str(self.deb)], check=True, capture_output=True, text=True)
        paths = []
        for line in out.stdout.splitlines():
            # perms owner size date time path [-> target]
            path = line.split(None, 5)[5]
            paths.append(path[1:] if path.startswith(".") else path)
        return paths

    def control(self, name: str = "control") -> str:
        return subprocess.run(
            ["dpkg-deb", "-I", str(self.deb), name], check=True, capture_output=True, text=True
        ).stdout


def _missing_tools() -> list[str]:
    missing = [t for t in BUILD_TOOLS if shutil.which(t, path=SYSTEM_PATH) is None]
    for pkg in BUILD_PACKAGES:
        status = subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", pkg], capture_output=True, text=True, check=False
        ).stdout
        if "install ok installed" not in status:
            missing.append(pkg)
    return missing


def _ignore(root: Path) -> Callable[[str, list[str]], set[str]]:
    def ignore(directory: str, names: list[str]) -> set[str]:
        rel = Path(directory).resolve().relative_to(root)
        skipped = set()
        for name in names:
            if name in EXCLUDED_NAMES or name.endswith(".egg-info") or name.endswith(".pyc"):
                skipped.add(name)
            elif (rel / name).as_posix() in EXCLUDED_PATHS:
                skipped.add(name)
        return skipped

    return ignore


def copy_source(dest: Path) -> Path:
    """The working tree as it is (committed or not, compiled .qm translations included), minus the
    excluded names: the build happens there so no build product lands in the repository."""
    shutil.copytree(REPO, dest, ignore=_ignore(REPO), symlinks=True)
    return dest


@pytest.fixture(scope="session")
def built_package(tmp_path_factory: pytest.TempPathFactory) -> BuiltPackage:
    missing = _missing_tools()
    if missing:
        pytest.fail(
            "Debian packaging tools missing: " + ", ".join(missing) + " (run: make bootstrap)", pytrace=False
        )
    work = tmp_path_factory.mktemp("deb")
    source = copy_source(work / "citadel")
    log = work / "build.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHON", "PIP_"))}
    env.update(PATH=SYSTEM_PATH, LC_ALL="C.UTF-8", DEB_BUILD_OPTIONS="nocheck")
    with log.open("w") as fh:
        # -d: Citadel's Python dependencies are not Debian packages (see debian/control); -b: binary only.
        proc = subprocess.run(
            ["dpkg-buildpackage", "-us", "-uc", "-b", "-d"],
            cwd=source,
            env=env,
            stdout=fh,
            stderr=subprocess.STDOUT,
            timeout=600,
            check=False,
        )
    if proc.returncode != 0:
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-40:])
        pytest.fail(f"dpkg-buildpackage failed ({proc.returncode}):\n{tail}", pytrace=False)
    debs = sorted(work.glob("citadel_*_all.deb"))
    assert len(debs) == 1, f"expected one citadel .deb, found {debs}"
    return BuiltPackage(deb=debs[0], log=log, source=source)


@pytest.fixture(scope="session")
def package_root(built_package: BuiltPackage, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package unpacked into an empty root (dpkg-deb -x), with the host's users and the host's
    systemd units beside it so systemd-sysusers, systemd-tmpfiles and systemd-analyze can run on it."""
    root = tmp_path_factory.mktemp("root")
    subprocess.run(["dpkg-deb", "-x", str(built_package.deb), str(root)], check=True)
    (root / "etc").mkdir(exist_ok=True)
    for name in ("passwd", "group"):
        shutil.copy2(f"/etc/{name}", root / "etc" / name)
    host_units = Path("/lib/systemd/system")
    for unit in host_units.iterdir():
        target = root / "lib/systemd/system" / unit.name
        if not target.exists() and not target.is_symlink():
            if unit.is_dir():
                shutil.copytree(unit, target, symlinks=True)
            else:
                shutil.copy2(unit, target, follow_symlinks=False)
    return root
