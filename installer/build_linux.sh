#!/usr/bin/env bash
# Build the Linux one-folder bundle and tarball, then check and measure the frozen app.
#
#   installer/build_linux.sh
#
# 1. Python: $CPDESK_BUILD_PYTHON if set; otherwise a virtual environment in build/venv
#    that sees the system's packages, with PyInstaller and the project pip-installed.
# 2. PyInstaller with installer/cpdesk.spec -> dist/cpdesk/; the .desktop file, MIME type,
#    icon and install.sh are put beside the program.
# 3. dist/cpdesk-<version>-linux-x86_64.tar.gz, unpacked again into a temporary folder,
#    whose cpdesk --self-test must pass (offscreen).
# 4. Figures: bundle size unpacked and packed, and the frozen start to the first painted
#    window with data (CPDESK_FIRST_PAINT; fresh settings each run; median of 5 runs after
#    a first one).
# Heavy (a few minutes on 2 cores): run it once per change, not in the test suite.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
RUNS="${CPDESK_START_RUNS:-5}"

if [ -n "${CPDESK_BUILD_PYTHON:-}" ]; then
    PY="$CPDESK_BUILD_PYTHON"
else
    if [ ! -x build/venv/bin/python ]; then
        python3 -m venv --system-site-packages build/venv
    fi
    PY=build/venv/bin/python
    "$PY" -m pip install --quiet --disable-pip-version-check pyinstaller "$ROOT"
fi
VERSION="$("$PY" -c 'import runpy; print(runpy.run_path("installer/write_version_info.py")["package_version"]())')"
ARCH="$(uname -m)"
NAME="cpdesk-$VERSION-linux-$ARCH"
echo "== Building $NAME with $("$PY" -m PyInstaller --version) (Python $("$PY" -c 'import platform; print(platform.python_version())'))"

build_started=$(date +%s)
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$ROOT/dist" --workpath "$ROOT/build/pyinstaller" installer/cpdesk.spec
echo "   PyInstaller took $(( $(date +%s) - build_started )) s"

BUNDLE="$ROOT/dist/cpdesk"
install -m 644 installer/cpdesk.desktop installer/cpdesk-mime.xml "$BUNDLE/"
install -m 644 resources/icons/cpdesk-256.png "$BUNDLE/cpdesk.png"
install -m 755 installer/install_linux_user.sh "$BUNDLE/install.sh"

TARBALL="$ROOT/dist/$NAME.tar.gz"
tar -C "$ROOT/dist" -czf "$TARBALL" cpdesk
echo "== Wrote $TARBALL"

CHECK="$(mktemp -d "${TMPDIR:-/tmp}/cpdesk-bundle-check.XXXXXX")"
trap 'rm -rf "$CHECK"' EXIT
tar -C "$CHECK" -xzf "$TARBALL"
FROZEN="$CHECK/cpdesk/cpdesk"

echo "== Self-test of the unpacked tarball"
if ! env -u DISPLAY -u WAYLAND_DISPLAY QT_QPA_PLATFORM=offscreen "$FROZEN" --self-test --out "$CHECK/self-test"; then
    echo "build_linux.sh: the frozen self-test failed; see $CHECK/self-test/self-test.txt" >&2
    trap - EXIT
    exit 1
fi

echo "== Figures"
du -sb "$CHECK/cpdesk" "$TARBALL" | awk 'NR == 1 { printf "   bundle unpacked: %.1f MiB (%.1f MB)", $1 / 1048576, $1 / 1e6 }
                                       NR == 2 { printf ", tarball: %.1f MiB\n", $1 / 1048576 }'
"$PY" - "$FROZEN" "$RUNS" "$CHECK" <<'PYTHON'
"""Frozen start to the first painted window with data: launch, wait for FIRST_GRID_PAINT, compare clocks."""
import os
import statistics
import subprocess
import sys
import time

exe, runs, work = sys.argv[1], int(sys.argv[2]), sys.argv[3]
env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CPDESK_FIRST_PAINT="1")
env.pop("DISPLAY", None)
env.pop("WAYLAND_DISPLAY", None)
count = 0


def once() -> float:
    # Fresh settings every run: the first start of a new install, with the LA given on the command line.
    global count
    count += 1
    env["CPDESK_SETTINGS"] = os.path.join(work, f"start-settings-{count}", "cpdesk.ini")
    started = time.time()
    done = subprocess.run([exe, "--la", "302"], env=env, capture_output=True, text=True, timeout=120)
    for line in done.stdout.splitlines():
        if line.startswith("FIRST_GRID_PAINT "):
            return float(line.split()[1]) - started
    raise SystemExit(f"no FIRST_GRID_PAINT line (exit {done.returncode}): {done.stdout[-400:]} {done.stderr[-400:]}")


cold = once()
times = [once() for _ in range(runs)]
print(f"   start to first window with data (Barnet's built-in figures, offscreen): first run {cold:.2f} s, "
      f"median of {runs} {statistics.median(times):.2f} s (min {min(times):.2f}, max {max(times):.2f})")
PYTHON
