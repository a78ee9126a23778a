# msgr_moc_by_command(<target>): runs moc for <target> as plain build steps instead of AUTOMOC.
# AUTOMOC gives every target an autogen step (scan the sources, write moc_predefs.h with the
# compiler, run moc, write mocs_compilation.cpp) that costs ~0.6 CPU s per library and ~1.05
# per test, even where there is little or nothing to do, and which no compiler cache can serve:
# with ~150 test executables that was the largest single share of a cold CI build
# (docs/ci-time.md). Here each moc input is one build step of its own, moc alone (~0.3-0.5 CPU s):
# - a listed source that includes "<name>.moc" (a test class declared in its .cpp) gets
#   <target>_moc/<name>.moc, found through the target's include path;
# - a header with Q_OBJECT, Q_GADGET or Q_NAMESPACE that is listed, or named like a listed
#   source (AUTOMOC's rule), gets <target>_moc/moc_<name>.cpp, compiled as one of its sources.
# moc reads the target's include directories and definitions, and writes a depfile, so a change
# to the input or to anything it includes runs it again (and then recompiles what includes it).
# It runs at the end of the calling CMakeLists.txt, so sources added later are seen too.
function(msgr_moc_by_command target)
  # A deferred call reads its arguments when it runs: the name is written into it now.
  cmake_language(EVAL CODE "cmake_language(DEFER CALL msgr_moc_by_command_now [[${target}]])")
endfunction()

function(msgr_moc_by_command_now target)
  set_target_properties(${target} PROPERTIES AUTOMOC OFF)
  get_target_property(sources ${target} SOURCES)
  set(out_dir ${CMAKE_CURRENT_BINARY_DIR}/${target}_moc)
  # Not the output folder: moc would find "<name>.moc" there (an earlier output), list it in its
  # depfile, and ninja would refuse the cycle on the next build.
  set(includes "$<FILTER:$<TARGET_PROPERTY:${target},INCLUDE_DIRECTORIES>,EXCLUDE,/[^/]*_moc$>")
  set(defines "$<TARGET_PROPERTY:${target},COMPILE_DEFINITIONS>")
  set(flags "$<$<BOOL:${defines}>:-D$<JOIN:$<REMOVE_DUPLICATES:${defines}>,\n-D>\n>")
  string(APPEND flags "$<$<BOOL:${includes}>:-I$<JOIN:$<REMOVE_DUPLICATES:${includes}>,\n-I>\n>")
  set(flags_file ${out_dir}/moc_flags$<$<BOOL:$<CONFIG>>:_$<CONFIG>>.txt)
  file(GENERATE OUTPUT ${flags_file} CONTENT "${flags}")
  set(moc_inputs "")
  set(moc_outputs "")
  set(compiled_outputs "")
  foreach(source IN LISTS sources)
    get_filename_component(source ${source} ABSOLUTE)
    get_filename_component(stem ${source} NAME_WE)
    if(source MATCHES "\\.cpp$" AND EXISTS ${source})
      file(STRINGS ${source} moc_includes REGEX "^#include \"${stem}\\.moc\"")
      if(moc_includes)
        list(APPEND moc_inputs ${source})
        list(APPEND moc_outputs ${out_dir}/${stem}.moc)
      endif()
    endif()
    get_filename_component(dir ${source} DIRECTORY)
    set(header ${dir}/${stem}.h)
    if(EXISTS ${header} AND NOT header IN_LIST moc_inputs)
      file(STRINGS ${header} found REGEX "Q_OBJECT|Q_GADGET|Q_NAMESPACE")
      if(found)
        list(APPEND moc_inputs ${header})
        list(APPEND moc_outputs ${out_dir}/moc_${stem}.cpp)
        list(APPEND compiled_outputs ${out_dir}/moc_${stem}.cpp)
      endif()
    endif()
  endforeach()
  foreach(input output IN ZIP_LISTS moc_inputs moc_outputs)
    add_custom_command(OUTPUT ${output}
      COMMAND Qt6::moc @${flags_file} --output-dep-file --dep-file-path ${output}.d
        -o ${output} ${input}
      DEPENDS ${input} ${flags_file}
      DEPFILE ${output}.d
      COMMENT "moc ${input}"
      VERBATIM)
  endforeach()
  if(moc_outputs)
    # The .moc files are included, not compiled: listing them orders them before the compiles.
    target_sources(${target} PRIVATE ${moc_outputs})
    set(included_outputs ${moc_outputs})
    list(REMOVE_ITEM included_outputs ${compiled_outputs} "")
    if(included_outputs)
      set_source_files_properties(${included_outputs} PROPERTIES HEADER_FILE_ONLY ON)
      target_include_directories(${target} PRIVATE ${out_dir})
    endif()
    # moc output holds no names of its own outside its class: unity-safe, like AUTOMOC's
    # mocs_compilation.cpp, which includes every moc output of a target in one source.
  endif()
endfunction()
