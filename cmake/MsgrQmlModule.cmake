# The client's QML modules (core/<feature>/ and qml/<feature>/): each is a static library that is
# also a QML module, and all of them put their qmldir and qmltypes under one build directory,
# ${MSGR_QML_MODULES_DIR}/Messenger/<Feature>, so tools (qmllint, qmlcachegen) find every module
# through that single import path.
#
# Static QML modules are not found by the engine on their own: each plugin target
# (<target>plugin) is linked and imported (Q_IMPORT_QML_PLUGIN) by app/qml_modules.cpp, which the
# app and the QML tests link as msgr_qml_modules.
set(MSGR_QML_MODULES_DIR ${PROJECT_BINARY_DIR}/qml_modules)

# msgr_add_qml_module(<target> URI <Messenger.X> [other qt_add_qml_module arguments...])
function(msgr_add_qml_module target)
  cmake_parse_arguments(M "" "URI" "" ${ARGN})
  string(REPLACE "." "/" uri_path "${M_URI}")
  # Not in a unity build (MSGR_UNITY_BUILD) as a whole: Qt 6.4's type registration, resource and
  # loader sources are not marked to stay out of one. Only the qmlcachegen sources are batched
  # (msgr_qml_helpers_without_automoc). Function scope: only the targets made here see this.
  set(CMAKE_UNITY_BUILD OFF)
  qt_add_library(${target} STATIC)
  qt_add_qml_module(${target}
    URI ${M_URI}
    VERSION 1.0
    OUTPUT_DIRECTORY ${MSGR_QML_MODULES_DIR}/${uri_path}
    ${M_UNPARSED_ARGUMENTS})
  # The module's helper targets (qrc sources, the qmlcachegen loader, the static plugin's import)
  # have nothing for moc, but CMAKE_AUTOMOC gives each an autogen step (~1 CPU s each, ~80 of
  # them; the plugin itself keeps its: its generated source includes its moc).
  # Deferred: Qt makes some of them at the end of the directory (EVAL: a deferred call's
  # arguments would otherwise be read only then).
  cmake_language(EVAL CODE "cmake_language(DEFER CALL msgr_qml_helpers_without_automoc [[${target}]])")
  # Code includes headers by their path from the root ("core/chats/chat_list_model.h"); the
  # generated type registration includes the QML-exposed headers by file name only
  # (toolchain.md trap), so the module's own folder is an include directory too.
  target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR})
  target_include_directories(${target} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
  # The project's warnings for modules with C++ of their own. Not for QML-only modules: Qt
  # 6.4's qmlcachegen emits C++ that trips -Wshadow, and that code is not ours to fix.
  if("SOURCES" IN_LIST ARGN)
    msgr_set_warnings(${target})
  endif()
endfunction()

function(msgr_qml_helpers_without_automoc target)
  get_directory_property(helpers BUILDSYSTEM_TARGETS)
  list(FILTER helpers INCLUDE REGEX "^${target}(plugin_init|_resources_[0-9]+|_qmlcache)$")
  if(helpers)
    set_target_properties(${helpers} PROPERTIES AUTOMOC OFF)
  endif()
  msgr_qmlcache_in_batches(${target})
endfunction()

# qmlcachegen turns each QML file into a C++ source (its byte code and the ahead-of-time compiled
# bindings) that includes the QtQml headers: about 4 CPU s to compile one at -O2, 3 of them for
# the headers; 85 of them were the largest share of a cold CI build after the tests. With
# MSGR_UNITY_BUILD a module's qmlcachegen sources compile in batches of 16 (25 of them in 11 CPU s
# against ~105 one by one). They can share a batch: each keeps its code in a namespace named
# after its file. The module's other sources stay apart (UNITY_GROUP mode batches only the
# sources given a group).
function(msgr_qmlcache_in_batches target)
  if(NOT MSGR_UNITY_BUILD)
    return()
  endif()
  get_target_property(sources ${target} SOURCES)
  list(FILTER sources INCLUDE REGEX "/\\.rcc/qmlcache/${target}_.*_(qml|js|mjs)\\.cpp$")
  list(LENGTH sources count)
  if(count LESS 2)
    return()
  endif()
  set(index 0)
  foreach(source IN LISTS sources)
    math(EXPR batch "${index} / 16")
    set_source_files_properties(${source} TARGET_DIRECTORY ${target}
      PROPERTIES UNITY_GROUP qmlcache_${batch})
    math(EXPR index "${index} + 1")
  endforeach()
  set_target_properties(${target} PROPERTIES UNITY_BUILD ON UNITY_BUILD_MODE GROUP)
endfunction()
