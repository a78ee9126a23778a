# MSGR_FUZZ=ON (the `fuzz` preset): every target of this build is compiled with libFuzzer's
# coverage instrumentation, AddressSanitizer and UndefinedBehaviorSanitizer, and tests/fuzz adds
# the fuzz targets. Coverage must reach into the libraries, not only the fuzz entry points, or
# libFuzzer cannot tell which inputs reach new code. clang only: g++ has no libFuzzer.
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "MSGR_FUZZ needs clang with libFuzzer (clang-14, libclang-rt-14-dev): "
                      "configure with `cmake --preset fuzz`")
endif()
# -O1 for long runs (scripts/fuzz.sh): twice the executions per second of -O0. The test
# command's smoke (scripts/fuzz-smoke.sh, a few seconds per target) builds -O0 in a folder of its
# own: a third less compile time (msgr_protocol's first batch: 18.8 → 12.4 CPU s), the
# sanitizers and invariants unchanged.
set(MSGR_FUZZ_OPT "-O1" CACHE STRING "Optimisation of the fuzz build (-O0 for a quick smoke)")
# UB aborts instead of printing and going on, so libFuzzer records it as a crash.
add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
                    -fno-omit-frame-pointer ${MSGR_FUZZ_OPT})
add_link_options(-fsanitize=address,undefined)
