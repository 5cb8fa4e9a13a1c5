#!/bin/sh
# Put SockLab into this user's application menu, with its icon. Run it from the
# unpacked SockLab folder (the one holding the SockLab program):
#   ./install-desktop-entry.sh            install for this user (~/.local/share)
#   ./install-desktop-entry.sh --remove   take the menu entry and icons out again
# Nothing needs root; nothing outside $XDG_DATA_HOME (default ~/.local/share) is touched.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
id=io.github.socklab.SockLab

refresh() {
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database -q "$data/applications" || true
    fi
    # A newer folder time makes icon caches look again (no cache of our own is written).
    if [ -d "$data/icons/hicolor" ]; then touch "$data/icons/hicolor"; fi
}

if [ "${1:-}" = "--remove" ]; then
    rm -f "$data/applications/$id.desktop" "$data/metainfo/$id.metainfo.xml"
    rm -f "$data"/icons/hicolor/*/apps/"$id".png "$data/icons/hicolor/scalable/apps/$id.svg"
    refresh
    echo "SockLab's menu entry is removed."
    exit 0
fi

if [ ! -x "$here/SockLab" ]; then
    echo "install-desktop-entry: no SockLab program next to this script ($here)" >&2
    exit 1
fi
case "$here" in
    *'"'* | *'`'* | *'$'* | *'\'* | *'|'* | *'&'*)
        echo "install-desktop-entry: move the SockLab folder to a path without \" \` \$ \\ | &" >&2
        exit 1
        ;;
esac

mkdir -p "$data/applications" "$data/metainfo" "$data/icons"
# The entry says Exec=socklab (right for pip installs); here it must name this folder's program.
sed "s|^Exec=socklab\$|Exec=\"$here/SockLab\"|" "$here/share/applications/$id.desktop" \
    >"$data/applications/$id.desktop"
cp "$here/share/metainfo/$id.metainfo.xml" "$data/metainfo/"
cp -R "$here/share/icons/." "$data/icons/"
refresh
echo "SockLab is in the application menu now ($data/applications/$id.desktop)."
