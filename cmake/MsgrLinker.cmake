# GNU gold instead of the default BFD linker when the toolchain accepts it (binutils ships it on
# every Debian/Ubuntu): the tree links ~170 executables (one per test), and a test binary here
# links in ~1.7 s with gold against ~6 s with BFD (measured on tst_secret_file_stream, 2 cores).
# MSGR_LINKER=default keeps the toolchain's own choice.
include(CheckLinkerFlag)
set(MSGR_LINKER "gold" CACHE STRING "Linker passed to -fuse-ld= (gold, lld, or default)")
if(NOT MSGR_LINKER STREQUAL "default")
  check_linker_flag(CXX "-fuse-ld=${MSGR_LINKER}" MSGR_LINKER_${MSGR_LINKER}_WORKS)
  if(MSGR_LINKER_${MSGR_LINKER}_WORKS)
    add_link_options("-fuse-ld=${MSGR_LINKER}")
  else()
    message(STATUS "Linker ${MSGR_LINKER} not usable here: the toolchain's default links")
  endif()
endif()
