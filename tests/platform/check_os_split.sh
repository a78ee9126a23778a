#!/bin/sh
# platform/ and crypto/ keep what differs per OS in their OS folders: shared files do not branch
# on the OS and do not touch D-Bus, and a build compiles only its own OS's folder.
# Usage: check_os_split.sh <source dir> <compile_commands.json>
set -eu
src=$1
db=$2
status=0
os_dirs='/(linux|windows|macos|ios|android|posix|apple)/'
shared=$(find "$src/platform" "$src/crypto" -name '*.cpp' -o -name '*.h' | grep -Ev "$os_dirs" || true)
for f in $shared; do
  if grep -nE '^[[:space:]]*#[[:space:]]*(if|ifdef|ifndef|elif).*(Q_OS_|_WIN32|__APPLE__|__linux__|__ANDROID__)' "$f"; then
    echo "check_os_split: $f branches on the OS; move that code to an OS folder" >&2
    status=1
  fi
  if grep -nE '#[[:space:]]*include[[:space:]]*<(QtDBus/)?QDBus' "$f"; then
    echo "check_os_split: $f uses D-Bus outside platform/linux/" >&2
    status=1
  fi
done
if grep -n 'QDBus' -r "$src/platform" --include='*.cpp' --include='*.h' | grep -v '/platform/linux/'; then
  echo "check_os_split: D-Bus outside platform/linux/" >&2
  status=1
fi
case "$(uname -s)" in
  Linux) others='/platform/(windows|macos|ios|android)/|/crypto/(windows|apple)/' ;;
  *) echo "check_os_split: build-side check written for Linux builds only" >&2; exit $status ;;
esac
[ -f "$db" ] || { echo "check_os_split: no compile database at $db" >&2; exit 1; }
# The sources the build compiles: the database's files, and in a unity build
# (MSGR_UNITY_BUILD) the sources each batch file includes.
compiled=$(grep -oE '"file": *"[^"]*"' "$db" | sed -E 's/^"file": *"//; s/"$//')
batches=$(printf '%s\n' "$compiled" | grep -E '/Unity/unity_[A-Za-z0-9_]+_cxx\.cxx$' || true)
for batch in $batches; do
  [ -f "$batch" ] || { echo "check_os_split: unity batch $batch is missing" >&2; exit 1; }
  compiled="$compiled
$(sed -nE 's/^#include "(.*)"$/\1/p' "$batch")"
done
printf '%s\n' "$compiled" | grep -q '/platform/linux/keychain_probe_linux.cpp$' || {
  echo "check_os_split: the Linux build does not compile platform/linux/" >&2
  status=1
}
if printf '%s\n' "$compiled" | grep -E "$others"; then
  echo "check_os_split: the Linux build compiles another OS's files" >&2
  status=1
fi
exit $status
