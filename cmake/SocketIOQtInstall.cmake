# The install layout (included by the top-level CMakeLists.txt, after GNUInstallDirs and
# find_package(Qt6)):
#
#   <prefix>/${CMAKE_INSTALL_BINDIR}           socketio-cli, socketio-inspector, and qt.conf
#   <prefix>/${CMAKE_INSTALL_LIBDIR}           libsocketioqt.so*, cmake/SocketIOQt/
#   <prefix>/${CMAKE_INSTALL_INCLUDEDIR}       SocketIOQt/
#   <prefix>/${SOCKETIOQT_INSTALL_QMLDIR}/SocketIO   the QML module
#
# Nothing installed depends on the prefix, so an installed prefix may be moved or copied: the
# executables find the library through the RUNPATH $ORIGIN/<bin to lib> (socketioqt_install_executable()),
# the QML plugin through $ORIGIN/<qml dir to lib> (src/qml), and qt.conf (the top-level qt.conf,
# filled in here) gives Qt the install's QML directory relative to the executables. GNUInstallDirs
# picks the directories from CMAKE_INSTALL_PREFIX at configure time (lib/<multiarch> for /usr,
# lib elsewhere): for a system install, configure with -DCMAKE_INSTALL_PREFIX=/usr.

# Qt's own prefix (/usr for Debian's Qt), and whether the install goes there.
get_filename_component(_socketioqt_qt_prefix "${QT6_INSTALL_PREFIX}" REALPATH)
get_filename_component(_socketioqt_prefix "${CMAKE_INSTALL_PREFIX}" REALPATH)
set(SOCKETIOQT_QT_PREFIX "${_socketioqt_qt_prefix}")
if(_socketioqt_prefix STREQUAL _socketioqt_qt_prefix)
    set(SOCKETIOQT_PREFIX_IS_QTS ON)
else()
    set(SOCKETIOQT_PREFIX_IS_QTS OFF)
endif()

# The QML module's directory: Qt's own QML directory when the prefix is Qt's (there the Qt of the
# system finds it with no setup: lib/x86_64-linux-gnu/qt6/qml on Debian), otherwise
# ${CMAKE_INSTALL_LIBDIR}/qt6/qml (lib/qt6/qml). Follows CMAKE_INSTALL_PREFIX unless set by hand.
if(SOCKETIOQT_PREFIX_IS_QTS)
    set(_socketioqt_qmldir_default "${QT6_INSTALL_QML}")
else()
    set(_socketioqt_qmldir_default "${CMAKE_INSTALL_LIBDIR}/qt6/qml")
endif()
if(NOT DEFINED SOCKETIOQT_INSTALL_QMLDIR
   OR "${SOCKETIOQT_INSTALL_QMLDIR}" STREQUAL "${_SOCKETIOQT_INSTALL_QMLDIR_DEFAULT}")
    set(SOCKETIOQT_INSTALL_QMLDIR "${_socketioqt_qmldir_default}" CACHE STRING
        "Directory (relative to the prefix) under which the QML module SocketIO is installed" FORCE)
endif()
set(_SOCKETIOQT_INSTALL_QMLDIR_DEFAULT "${_socketioqt_qmldir_default}" CACHE INTERNAL "")

# The executables' RUNPATH: the library directory relative to the executable's. Windows has no
# RPATH (the DLL sits in bin/ with the executables); macOS spells $ORIGIN @loader_path.
if(APPLE)
    set(SOCKETIOQT_RPATH_ORIGIN "@loader_path")
else()
    set(SOCKETIOQT_RPATH_ORIGIN "$ORIGIN")
endif()
# None when the library directory is one the dynamic linker searches anyway (/usr/lib/<arch> for
# a /usr install: Debian's packages must not carry a RUNPATH there).
list(FIND CMAKE_PLATFORM_IMPLICIT_LINK_DIRECTORIES "${CMAKE_INSTALL_FULL_LIBDIR}" _socketioqt_sys)
if(WIN32 OR NOT _socketioqt_sys EQUAL -1)
    set(SOCKETIOQT_INSTALL_RPATH "")
elseif(IS_ABSOLUTE "${CMAKE_INSTALL_BINDIR}" OR IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
    set(SOCKETIOQT_INSTALL_RPATH "${CMAKE_INSTALL_FULL_LIBDIR}") # absolute: not relocatable
else()
    file(RELATIVE_PATH _rel "/${CMAKE_INSTALL_BINDIR}" "/${CMAKE_INSTALL_LIBDIR}")
    set(SOCKETIOQT_INSTALL_RPATH "${SOCKETIOQT_RPATH_ORIGIN}/${_rel}")
endif()

# socketioqt_install_executable(<target> [COMPONENT <name> [EXCLUDE_FROM_ALL]]): installs an
# executable in ${CMAKE_INSTALL_BINDIR} (component tools by default), with the RUNPATH that finds
# the library of its prefix.
function(socketioqt_install_executable target)
    cmake_parse_arguments(ARG "EXCLUDE_FROM_ALL" "COMPONENT" "" ${ARGN})
    if(NOT ARG_COMPONENT)
        set(ARG_COMPONENT tools)
    endif()
    set(_extra COMPONENT ${ARG_COMPONENT})
    if(ARG_EXCLUDE_FROM_ALL)
        list(APPEND _extra EXCLUDE_FROM_ALL)
    endif()
    set_target_properties(${target} PROPERTIES INSTALL_RPATH "${SOCKETIOQT_INSTALL_RPATH}")
    install(TARGETS ${target} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} ${_extra})
endfunction()

# socketioqt_install_manpage(<tool>): the tool's manual page, docs/man/<tool>.1.in with the
# version and date filled in, gzipped as Debian (and most systems) keep them, into
# ${CMAKE_INSTALL_MANDIR}/man1 (component tools). Windows has no man: nothing there.
# tests/inspector/check-manpages.cmake checks that each page lists every option of --help.
string(TIMESTAMP SOCKETIOQT_MANPAGE_DATE "%Y-%m-%d" UTC) # SOURCE_DATE_EPOCH when set
function(socketioqt_install_manpage tool)
    if(WIN32)
        return()
    endif()
    set(_page ${PROJECT_BINARY_DIR}/man/${tool}.1)
    configure_file(${PROJECT_SOURCE_DIR}/docs/man/${tool}.1.in ${_page} @ONLY)
    add_custom_command(OUTPUT ${_page}.gz COMMAND gzip -n -9 -f -k ${_page} DEPENDS ${_page})
    add_custom_target(${tool}-manpage ALL DEPENDS ${_page}.gz)
    install(FILES ${_page}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT tools)
endfunction()

# qt.conf next to the executables (see the top-level qt.conf, the template). Installed unless
# the prefix, at install time, is Qt's own: there Qt's defaults find everything, and a qt.conf in
# /usr/bin would apply to every Qt program in it.
option(SOCKETIOQT_INSTALL_QTCONF
       "Install qt.conf next to the executables (never into Qt's own prefix)" ON)
function(_socketioqt_abs_qt_path out path)
    if(IS_ABSOLUTE "${path}")
        set(${out} "${path}" PARENT_SCOPE)
    else()
        set(${out} "${SOCKETIOQT_QT_PREFIX}/${path}" PARENT_SCOPE)
    endif()
endfunction()
if(IS_ABSOLUTE "${CMAKE_INSTALL_BINDIR}")
    set(SOCKETIOQT_QTCONF_PREFIX "${CMAKE_INSTALL_PREFIX}")
else()
    file(RELATIVE_PATH SOCKETIOQT_QTCONF_PREFIX "/${CMAKE_INSTALL_BINDIR}" "/")
    string(REGEX REPLACE "/$" "" SOCKETIOQT_QTCONF_PREFIX "${SOCKETIOQT_QTCONF_PREFIX}")
endif()
foreach(_p LIBS LIBEXECS BINS PLUGINS QML ARCHDATA DATA TRANSLATIONS DOCS HEADERS EXAMPLES TESTS)
    _socketioqt_abs_qt_path(SOCKETIOQT_QTCONF_QT_${_p} "${QT6_INSTALL_${_p}}")
endforeach()
if(QT6_INSTALL_CONFIGURATION)
    _socketioqt_abs_qt_path(SOCKETIOQT_QTCONF_QT_SETTINGS "${QT6_INSTALL_CONFIGURATION}")
else()
    set(SOCKETIOQT_QTCONF_QT_SETTINGS "/etc/xdg")
endif()
# Qt 6.8 reads a list of QML import paths in qt.conf; before, one path: Qt's own then.
if(Qt6Core_VERSION VERSION_GREATER_EQUAL 6.8)
    set(SOCKETIOQT_QTCONF_QMLIMPORTS "${SOCKETIOQT_INSTALL_QMLDIR}, ${SOCKETIOQT_QTCONF_QT_QML}")
else()
    set(SOCKETIOQT_QTCONF_QMLIMPORTS "${SOCKETIOQT_QTCONF_QT_QML}")
endif()
set(SOCKETIOQT_QTCONF "${PROJECT_BINARY_DIR}/qt.conf")
configure_file("${PROJECT_SOURCE_DIR}/qt.conf" "${SOCKETIOQT_QTCONF}" @ONLY)
if(SOCKETIOQT_INSTALL_QTCONF)
    install(CODE "
        get_filename_component(_prefix \"\${CMAKE_INSTALL_PREFIX}\" REALPATH)
        if(_prefix STREQUAL \"${SOCKETIOQT_QT_PREFIX}\")
            message(STATUS \"Not installing qt.conf: \${CMAKE_INSTALL_PREFIX} is Qt's own prefix\")
        else()
            file(INSTALL DESTINATION \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}\"
                 TYPE FILE FILES \"${SOCKETIOQT_QTCONF}\")
        endif()" COMPONENT tools)
endif()
