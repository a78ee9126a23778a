# msgr_set_warnings(<target>): the project's warning level, errors in CI (MSGR_WERROR).
function(msgr_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor)
  if(MSGR_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
