# msgr_add_test(<name> SOURCES ... LIBS ... [ENV ...] [LABELS ...] [TIMEOUT s] [WRAPPER script])
# One Qt Test executable per subject, registered with ctest. WRAPPER runs the executable through
# a script (e.g. inside a private D-Bus session with a real Secret Service).
# Each test's COST is its time from tests/test_costs.cmake, so that ctest starts the longest
# first even in a fresh build (no CTestCostData.txt yet), instead of ending on one long test.
include(${CMAKE_CURRENT_LIST_DIR}/../tests/test_costs.cmake)

# Every test executable reuses one precompiled header (tests/support/test_pch.h: Qt Core, the
# QTest core, the standard library), built once by msgr_test_pch with the tests' own flags
# (-O0, the warnings): about a quarter less compile time per test source, the largest share of
# a cold CI build. One PCH serves tests that link different Qt modules because the header reads
# none of the macros those modules add (see test_pch.h).
option(MSGR_TEST_PCH "Compile the tests with a shared precompiled header" ON)
# Qt6::Test defines QT_TESTCASE_BUILDDIR and QT_TESTCASE_SOURCEDIR as each consumer's own folders,
# and qtestcase.h reads them, so the PCH would be valid in one folder only. They serve only
# QFINDTESTDATA (which looks next to the source file first), which no test uses: every test gets
# the project's folders instead.
if(TARGET Qt6::Test)
  set_property(TARGET Qt6::Test PROPERTY INTERFACE_COMPILE_DEFINITIONS
    QT_TESTLIB_LIB
    "QT_TESTCASE_BUILDDIR=\"${PROJECT_BINARY_DIR}\""
    "QT_TESTCASE_SOURCEDIR=\"${PROJECT_SOURCE_DIR}\"")
endif()
# ccache caches a compile that uses a PCH only with this sloppiness (the PCH's macros and
# __TIME__ are not in what it hashes); the CI build has no ccache, local builds do.
function(msgr_test_pch_launcher target)
  if(CMAKE_CXX_COMPILER_LAUNCHER MATCHES "ccache")
    set_property(TARGET ${target} PROPERTY CXX_COMPILER_LAUNCHER
      ${CMAKE_COMMAND} -E env CCACHE_SLOPPINESS=pch_defines,time_macros ${CMAKE_CXX_COMPILER_LAUNCHER})
  endif()
endfunction()
function(msgr_add_test_pch)
  if(NOT MSGR_TEST_PCH OR TARGET msgr_test_pch)
    return()
  endif()
  file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/msgr_test_pch.cpp "// the test PCH's own (empty) source\n")
  add_library(msgr_test_pch OBJECT ${CMAKE_CURRENT_BINARY_DIR}/msgr_test_pch.cpp)
  target_link_libraries(msgr_test_pch PRIVATE Qt6::Test)
  set_target_properties(msgr_test_pch PROPERTIES AUTOMOC OFF)
  msgr_set_warnings(msgr_test_pch)
  target_compile_options(msgr_test_pch PRIVATE $<$<CONFIG:Release>:-O0>)
  target_precompile_headers(msgr_test_pch PRIVATE ${PROJECT_SOURCE_DIR}/tests/support/test_pch.h)
  msgr_test_pch_launcher(msgr_test_pch)
endfunction()

# msgr_add_test_helper(<name> SOURCES ...): code several tests share, compiled once as a static
# library (its sources include their headers by their path from the root).
function(msgr_add_test_helper name)
  cmake_parse_arguments(H "" "" "SOURCES" ${ARGN})
  add_library(${name} STATIC ${H_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(${name} PUBLIC Qt6::Test Qt6::Network)
  msgr_set_warnings(${name})
  target_compile_options(${name} PRIVATE $<$<CONFIG:Release>:-O0>)
  msgr_moc_by_command(${name})
endfunction()

function(msgr_add_test name)
  cmake_parse_arguments(T "" "TIMEOUT;WRAPPER" "SOURCES;LIBS;ENV;LABELS" ${ARGN})
  set(CMAKE_UNITY_BUILD OFF) # one subject per executable: nothing to batch (MSGR_UNITY_BUILD)
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE Qt6::Test ${T_LIBS})
  msgr_set_warnings(${name})
  # A test's own code is small and runs once: not optimising it takes about a quarter off its
  # compile time, and the libraries it tests stay -O2 (they are what a user runs).
  target_compile_options(${name} PRIVATE $<$<CONFIG:Release>:-O0>)
  if(MSGR_TEST_PCH)
    msgr_add_test_pch()
    target_precompile_headers(${name} REUSE_FROM msgr_test_pch)
    msgr_test_pch_launcher(${name})
  endif()
  msgr_moc_by_command(${name})
  if(T_WRAPPER)
    add_test(NAME ${name} COMMAND ${T_WRAPPER} $<TARGET_FILE:${name}>)
  else()
    add_test(NAME ${name} COMMAND ${name})
  endif()
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 300)
  endif()
  set_tests_properties(${name} PROPERTIES TIMEOUT ${T_TIMEOUT}
    ENVIRONMENT "QT_QPA_PLATFORM=offscreen;MSGR_SERVER_BIN=$<TARGET_FILE:msgr-server>;${T_ENV}")
  if(T_LABELS)
    set_tests_properties(${name} PROPERTIES LABELS "${T_LABELS}")
  endif()
  list(FILTER MSGR_TEST_COSTS INCLUDE REGEX "^${name}=")
  if(MSGR_TEST_COSTS)
    string(REPLACE "${name}=" "" cost "${MSGR_TEST_COSTS}")
    set_tests_properties(${name} PROPERTIES COST ${cost})
  endif()
endfunction()
