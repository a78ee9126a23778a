# Sourced by fuzz-smoke.sh and fuzz.sh: finds clang and libFuzzer, configures and builds the
# `fuzz` preset (only the fuzz targets and the libraries they link), and knows each target's
# corpus and dictionary. MSGR_FUZZ_BUILD_DIR overrides the preset's build/fuzz; a script may set
# fuzz_configure_args (after sourcing this) to add cache settings.
fuzz_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
fuzz_dir="$fuzz_root/tests/fuzz"
fuzz_build=${MSGR_FUZZ_BUILD_DIR:-$fuzz_root/build/fuzz}
fuzz_configure_args=()

# Prints why fuzzing cannot run here, or nothing.
fuzz_missing_tool() {
  if ! command -v clang++-14 >/dev/null 2>&1; then
    echo "clang++-14 is not installed (packages clang-14 libclang-rt-14-dev)"
  elif ! compgen -G "/usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a" >/dev/null; then
    echo "the libFuzzer runtime is not installed (package libclang-rt-14-dev)"
  fi
}

fuzz_build_targets() {
  (cd "$fuzz_root" && cmake --preset fuzz -B "$fuzz_build" "${fuzz_configure_args[@]}" >/dev/null)
  cmake --build "$fuzz_build" --target msgr_fuzzers
}

# One target per corpus folder: the corpus is the list of what must be fuzzed.
fuzz_targets() {
  local d
  for d in "$fuzz_dir"/corpus/*/; do basename "$d"; done
}

fuzz_binary() { echo "$fuzz_build/tests/fuzz/$1"; }

fuzz_dictionary() {
  if [ -f "$fuzz_dir/dict/$1.dict" ]; then echo "$fuzz_dir/dict/$1.dict"; else echo "$fuzz_dir/dict/protocol.dict"; fi
}
