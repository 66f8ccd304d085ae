#!/usr/bin/env bash
# Install cpdesk for the current user (no root needed), or remove it again.
#
#   ./install.sh                  install from the folder this script is in (the unpacked tarball)
#   ./install.sh --from DIR       install from another one-folder build (e.g. dist/cpdesk)
#   ./install.sh --uninstall      remove the program, menu entry, icons and file type
#
# Installs to ~/.local/opt/cpdesk, the menu entry to ~/.local/share/applications, icons to
# ~/.local/share/icons/hicolor, the .cpdesk file type to ~/.local/share/mime, and a
# ~/.local/bin/cpdesk link for the command line. Uninstalling keeps your workspaces
# (.cpdesk files wherever you saved them) and your settings (~/.config/cpdesk).
set -euo pipefail

DATA_HOME="${XDG_DATA_HOME:-$HOME/.local/share}"
PREFIX="$HOME/.local/opt/cpdesk"
BIN_LINK="$HOME/.local/bin/cpdesk"
APPS="$DATA_HOME/applications"
ICONS="$DATA_HOME/icons/hicolor"
MIME_PACKAGES="$DATA_HOME/mime/packages"
MIME_TYPE="application/x-cpdesk-workspace"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

say() { printf '%s\n' "$*"; }
have() { command -v "$1" >/dev/null 2>&1; }

refresh_desktop() {
    have update-desktop-database && update-desktop-database -q "$APPS" 2>/dev/null || true
    have update-mime-database && update-mime-database "$DATA_HOME/mime" >/dev/null 2>&1 || true
    have gtk-update-icon-cache && gtk-update-icon-cache -q -t "$ICONS" 2>/dev/null || true
}

# The build puts the .desktop file and the MIME type beside the program; in a checkout they
# are in installer/ beside this script.
find_file() {
    if [ -f "$1/$2" ]; then printf '%s\n' "$1/$2"
    elif [ -f "$HERE/$2" ]; then printf '%s\n' "$HERE/$2"
    else say "install.sh: $2 is missing from $1." >&2; exit 2
    fi
}

uninstall() {
    if have xdg-mime && [ -f "$MIME_PACKAGES/cpdesk-mime.xml" ]; then
        xdg-mime uninstall --mode user "$MIME_PACKAGES/cpdesk-mime.xml" 2>/dev/null || true
    fi
    rm -f "$MIME_PACKAGES/cpdesk-mime.xml" "$APPS/cpdesk.desktop"
    local defaults="${XDG_CONFIG_HOME:-$HOME/.config}/mimeapps.list"
    if [ -f "$defaults" ]; then
        sed -i "\|^$MIME_TYPE=cpdesk.desktop;\{0,1\}\$|d" "$defaults"
    fi
    rm -f "$ICONS/256x256/apps/cpdesk.png" "$ICONS/48x48/apps/cpdesk.png" "$ICONS/scalable/apps/cpdesk.svg"
    if [ -L "$BIN_LINK" ] && [ "$(readlink "$BIN_LINK")" = "$PREFIX/cpdesk" ]; then
        rm -f "$BIN_LINK"
    fi
    rm -rf "$PREFIX"
    refresh_desktop
    say "cpdesk has been removed. Your workspaces and settings (~/.config/cpdesk) were kept."
}

install_from() {
    local src="$1"
    if [ ! -x "$src/cpdesk" ] || [ ! -d "$src/_internal" ]; then
        say "install.sh: $src is not a cpdesk build (no cpdesk program and _internal folder in it)." >&2
        exit 2
    fi
    local res="$src/_internal/resources"
    local desktop mime_xml
    desktop="$(find_file "$src" cpdesk.desktop)"
    mime_xml="$(find_file "$src" cpdesk-mime.xml)"
    mkdir -p "$(dirname "$PREFIX")" "$APPS" "$MIME_PACKAGES" "$ICONS/256x256/apps" "$ICONS/48x48/apps" \
             "$ICONS/scalable/apps" "$(dirname "$BIN_LINK")"
    # Copy to a new folder, then swap it in, so a failed copy never leaves half a program.
    local staging="$PREFIX.new.$$"
    rm -rf "$staging"
    cp -a "$src/." "$staging"
    rm -rf "$PREFIX"
    mv "$staging" "$PREFIX"

    local exe="$PREFIX/cpdesk"
    sed -e "s|^Exec=.*|Exec=\"$exe\" %F|" -e "s|^TryExec=.*|TryExec=$exe|" \
        "$desktop" > "$APPS/cpdesk.desktop"
    chmod 644 "$APPS/cpdesk.desktop"
    cp "$res/icons/cpdesk-256.png" "$ICONS/256x256/apps/cpdesk.png"
    cp "$res/icons/cpdesk-48.png" "$ICONS/48x48/apps/cpdesk.png"
    cp "$res/icons/cpdesk.svg" "$ICONS/scalable/apps/cpdesk.svg"
    if [ ! -e "$BIN_LINK" ] || [ -L "$BIN_LINK" ]; then
        ln -sfn "$exe" "$BIN_LINK"
    fi

    if have xdg-mime; then
        xdg-mime install --mode user --novendor "$mime_xml"
        cp "$mime_xml" "$MIME_PACKAGES/cpdesk-mime.xml"
        xdg-mime default cpdesk.desktop "$MIME_TYPE" || true
    else
        cp "$mime_xml" "$MIME_PACKAGES/cpdesk-mime.xml"
        say "Note: xdg-mime was not found, so .cpdesk files may not open in cpdesk on double-click until you log in again."
    fi
    refresh_desktop
    say "cpdesk is installed in $PREFIX."
    say "Start it from your applications menu, or run: $exe"
}

case "${1:-}" in
    --uninstall) uninstall ;;
    --from) install_from "$(cd "${2:?--from needs a folder}" && pwd)" ;;
    ""|--install) install_from "$HERE" ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//' ;;
    *) say "install.sh: unknown option '$1' (use --from DIR, --uninstall or --help)" >&2; exit 2 ;;
esac
