# MSGR_FUZZ=ON (the `fuzz` preset): every target of this build is compiled with libFuzzer's
# coverage instrumentation, AddressSanitizer and UndefinedBehaviorSanitizer, and tests/fuzz adds
# the fuzz targets. Coverage must reach into the libraries, not only the fuzz entry points, or
# libFuzzer cannot tell which inputs reach new code. clang only: g++ has no libFuzzer.
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "MSGR_FUZZ needs clang with libFuzzer (clang-14, libclang-rt-14-dev): "
                      "configure with `cmake --preset fuzz`")
endif()
# UB aborts instead of printing and going on, so libFuzzer records it as a crash.
add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
                    -fno-omit-frame-pointer -O1)
add_link_options(-fsanitize=address,undefined)
