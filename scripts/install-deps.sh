#!/usr/bin/env bash
# Installs every Debian/Ubuntu package the project needs to build, run and test.
# The list lives here and nowhere else. Works as root or through sudo; does nothing
# when everything is already present.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build pkg-config clang-format git clang-14 libclang-rt-14-dev
  # scripts/tidy.sh (whole tree) and scripts/tidy_changed.py (changed files, run by scripts/test.sh)
  clang-tidy-14 python3
  # Qt 6.4 (Debian 12): libraries, tools and the QML modules, which do not pull each other in
  qt6-base-dev qt6-base-dev-tools qt6-declarative-dev qt6-declarative-dev-tools
  qt6-websockets-dev qt6-qpa-plugins libqt6opengl6-dev
  # voice and video messages: Qt Multimedia (its GStreamer back-end records Opus in Ogg with
  # -plugins-base/-good and plays through PulseAudio); tests record from a private pulseaudio
  # with module-null-source and make a small video with gst-launch-1.0
  qt6-multimedia-dev qml6-module-qtmultimedia gstreamer1.0-plugins-base gstreamer1.0-plugins-good
  gstreamer1.0-pulseaudio gstreamer1.0-tools pulseaudio
  # translations: lupdate/lrelease and CMake's LinguistTools; Qt's own strings in other languages
  qt6-l10n-tools qt6-tools-dev qt6-translations-l10n
  # the server's network edge: Boost.Asio + Beast (header-only, Boost 1.81) and OpenSSL for TLS
  libboost1.81-dev libssl-dev
  # tests: the openssl command makes the TLS test's certificate
  openssl
  # tests: an independent tus client (tst_media_upload uploads with it; skipped when absent)
  python3-tuspy
  # tests: an independent libsodium binding (check_secret_vectors.py recomputes the secret chats'
  # test vectors of docs/protocol.md with it; skipped when absent)
  python3-nacl
  # tests: real proxies the client's proxy setting is proven through (tst_proxy): SOCKS5 and
  # HTTP CONNECT (skipped when absent)
  microsocks tinyproxy
  qml6-module-qtquick qml6-module-qtquick-controls qml6-module-qtquick-templates
  qml6-module-qtquick-layouts qml6-module-qtquick-window qml6-module-qtquick-dialogs
  qml6-module-qtqml qml6-module-qtqml-models qml6-module-qtqml-workerscript
  qml6-module-qttest qml6-module-qtwebsockets qml6-module-qtcore
  # SVG icons (image format plugin)
  libqt6svg6
  # crypto, storage, keychain
  libsodium-dev libsqlcipher-dev libsqlite3-dev qtkeychain-qt6-dev libsecret-1-0
  # secret chats' verification: the QR code of the safety number
  libqrencode-dev
  # tests: the desktop entry's and the AppStream file's validators (check_desktop_integration)
  desktop-file-utils appstream
  # tests: command-line SQLite/SQLCipher to prove the file is unreadable, a real Secret Service,
  # a virtual display for screenshots
  sqlite3 sqlcipher gnome-keyring dbus-bin dbus-daemon xvfb xauth imagemagick procps xdotool
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: need root or sudo" >&2; exit 1; }
  sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
