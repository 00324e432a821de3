#!/usr/bin/env bash
# Citadel system bootstrap: Debian packages the product needs, then .venv with the project and its test extras.
# Idempotent: a second run with nothing changed only checks and returns in seconds.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

# Qt runtime for PySide6 (xcb platform, EGL/GL, xkbcommon, fontconfig, dbus), zbar for pyzbar,
# fonts for Vietnamese and CJK tickets and screens, Xvfb for screenshots on headless machines,
# alsa-utils' aplay for the gate's verdict sounds (scanner/sound.py), Debian packaging tools for the .deb (tests/installer builds it) and libXcursor to check its cursor theme.
DEB_PACKAGES=(
  libzbar0
  libegl1 libgl1 libopengl0 libglib2.0-0 libdbus-1-3 libfontconfig1 libfreetype6
  libxkbcommon0 libxkbcommon-x11-0
  libxcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libxcb-xfixes0 libxcb-xinerama0 libxcb-xkb1 libx11-xcb1
  libnss3 libasound2 alsa-utils
  fonts-dejavu-core fonts-noto-core fonts-noto-cjk
  xvfb
  debhelper dh-python pybuild-plugin-pyproject python3-all python3-setuptools python3-wheel fakeroot libxcursor1 systemd
)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

missing=()
for p in "${DEB_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "bootstrap: installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo "bootstrap: creating .venv"
  "$PY" -m venv .venv
fi

# Reinstall only when pyproject.toml changed since the last successful install.
stamp=".venv/.citadel-installed"
want="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "bootstrap: installing Python dependencies"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[test,dev]"
  echo "$want" > "$stamp"
fi

# Compile Qt Linguist translations (.ts -> .qm) when sources are newer than the binaries.
lrelease=".venv/bin/pyside6-lrelease"
if [ -x "$lrelease" ]; then
  for ts in kiosk/i18n/*.ts admin/i18n/*.ts scanner/ui/i18n/*.ts; do
    [ -f "$ts" ] || continue
    qm="${ts%.ts}.qm"
    if [ ! -f "$qm" ] || [ "$ts" -nt "$qm" ]; then
      "$lrelease" -silent "$ts" -qm "$qm"
    fi
  done
fi
echo "bootstrap: ready (.venv)"
