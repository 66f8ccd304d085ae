"""Write installer/requirements-windows.txt: every package of the Windows build, pinned, with hashes.

    python3 installer/lock_windows.py

The Windows build (the workflow on a real Windows runner, and installer/check_windows.sh under
Wine) installs exactly these files with ``pip install --require-hashes``, so a release is built
from known versions. Each version is the one installed in the Python that runs this script
(the environment the test suite and the Linux figures were measured with) when it has that
package, else the newest that fits. Dependencies are followed with the markers of 64-bit
Windows and CPython 3.12 (pip itself would read them for this machine), and each file is
the win_amd64 wheel (or the pure-Python one) for that version.
"""
from __future__ import annotations

import hashlib
import importlib.metadata as md
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from email.parser import Parser
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "installer" / "requirements-windows.txt"
WINDOWS_312 = {
    "python_version": "3.12", "python_full_version": "3.12.9", "sys_platform": "win32",
    "platform_system": "Windows", "os_name": "nt", "platform_machine": "AMD64", "implementation_name": "cpython",
    "platform_python_implementation": "CPython", "platform_release": "10", "extra": "",
}
#: Needed to build, not to run: the freezer and the build backend of ``pip install .``.
BUILD_TOOLS = ["pyinstaller", "setuptools>=68"]


def project_requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [Requirement(r) for r in project["dependencies"]] + [Requirement(r) for r in BUILD_TOOLS]


def applies(req: Requirement, extras: set[str]) -> bool:
    if req.marker is None:
        return True
    return any(req.marker.evaluate({**WINDOWS_312, "extra": e}) for e in (extras or {""}))


def download(req: Requirement, folder: Path) -> Path:
    """The wheel for ``req`` (pinned to this environment's version when it has the package)."""
    try:
        installed = md.version(req.name)
    except md.PackageNotFoundError:
        installed = None
    spec = f"{req.name}=={installed}" if installed and req.specifier.contains(installed, prereleases=True) \
        else f"{req.name}{req.specifier}"
    before = set(folder.iterdir())
    subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary=:all:",
                    "--platform", "win_amd64", "--python-version", "3.12", "--implementation", "cp",
                    "-d", str(folder), spec], check=True)
    new = set(folder.iterdir()) - before
    if not new:   # already downloaded for another requirement
        name = canonicalize_name(req.name)
        return next(p for p in folder.glob("*.whl") if canonicalize_name(p.name.split("-")[0]) == name)
    return new.pop()


def metadata(wheel: Path):
    with zipfile.ZipFile(wheel) as z:
        name = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))
        return Parser().parsestr(z.read(name).decode("utf-8"))


def lock() -> list[str]:
    lines: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        todo = [(r, set(r.extras)) for r in project_requirements() if applies(r, set())]
        while todo:
            req, extras = todo.pop()
            key = canonicalize_name(req.name)
            if key in lines:
                continue
            wheel = download(req, folder)
            meta = metadata(wheel)
            digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
            lines[key] = f"{meta['Name']}=={meta['Version']} \\\n    --hash=sha256:{digest}"
            for dep in meta.get_all("Requires-Dist") or []:
                dep_req = Requirement(dep)
                if applies(dep_req, extras):
                    todo.append((dep_req, set(dep_req.extras)))
    return [lines[k] for k in sorted(lines)]


def main() -> None:
    header = ("# The Windows build's packages, pinned with hashes for win_amd64 / CPython 3.12.\n"
              "# Written by installer/lock_windows.py (the versions the Linux tests and figures used); do not edit.\n")
    TARGET.write_text(header + "\n".join(lock()) + "\n", encoding="utf-8")
    print(TARGET)


if __name__ == "__main__":
    main()
