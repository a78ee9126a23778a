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
  # Not in a unity build (MSGR_UNITY_BUILD): Qt 6.4's qmlcachegen and type registration sources
  # are not marked to stay out of one, and these modules are small. Function scope: only the
  # targets made here see this.
  set(CMAKE_UNITY_BUILD OFF)
  qt_add_library(${target} STATIC)
  qt_add_qml_module(${target}
    URI ${M_URI}
    VERSION 1.0
    OUTPUT_DIRECTORY ${MSGR_QML_MODULES_DIR}/${uri_path}
    ${M_UNPARSED_ARGUMENTS})
  # The module's helper targets (qrc and qmlcachegen sources, the static plugin's import) have
  # nothing for moc, but CMAKE_AUTOMOC gives each an autogen step (~1 CPU s each, ~70 of them).
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
  list(FILTER helpers INCLUDE REGEX "^${target}(plugin_init|_resources_[0-9]+)$")
  if(helpers)
    set_target_properties(${helpers} PROPERTIES AUTOMOC OFF)
  endif()
endfunction()
