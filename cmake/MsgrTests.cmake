# msgr_add_test(<name> SOURCES ... LIBS ... [ENV ...] [LABELS ...] [TIMEOUT s] [WRAPPER script])
# One Qt Test executable per subject, registered with ctest. WRAPPER runs the executable through
# a script (e.g. inside a private D-Bus session with a real Secret Service).
# Each test's COST is its time from tests/test_costs.cmake, so that ctest starts the longest
# first even in a fresh build (no CTestCostData.txt yet), instead of ending on one long test.
include(${CMAKE_CURRENT_LIST_DIR}/../tests/test_costs.cmake)
function(msgr_add_test name)
  cmake_parse_arguments(T "" "TIMEOUT;WRAPPER" "SOURCES;LIBS;ENV;LABELS" ${ARGN})
  set(CMAKE_UNITY_BUILD OFF) # one subject per executable: nothing to batch (MSGR_UNITY_BUILD)
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE Qt6::Test ${T_LIBS})
  msgr_set_warnings(${name})
  # A test's own code is small and runs once: not optimising it takes about a quarter off its
  # compile time, and the libraries it tests stay -O2 (they are what a user runs).
  target_compile_options(${name} PRIVATE $<$<CONFIG:Release>:-O0>)
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
