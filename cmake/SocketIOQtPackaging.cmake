# Debian packages with CPack, one per install component (included last by the top-level
# CMakeLists.txt). Build them from a build configured for /usr:
#
#   cmake -S . -B build-deb -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
#         -DSOCKETIOQT_BUILD_TESTS=OFF -DSOCKETIOQT_BUILD_EXAMPLES=OFF
#   cmake --build build-deb && (cd build-deb && cpack -G DEB)
#
#   libsocketioqt1         runtime   /usr/lib/<arch>/libsocketioqt.so.1*, libsocketioqt-test.so.1*
#   libsocketioqt-dev      dev       headers, libsocketioqt.so, libsocketioqt-test.so, the CMake package
#   qml6-module-socketio   qml       the QML module SocketIO in Qt's QML directory
#   socketioqt-tools       tools     socketio-cli, socketio-inspector, socketio-load, socketio-mock
#
# Dependencies on system libraries come from dpkg-shlibdeps; those between the packages are
# exact versions, and -dev adds the Qt development packages that find_package(SocketIOQt) needs.
# tests/package/test-debs.sh installs them in a clean Debian 12 root and runs lintian.
if(NOT CMAKE_SYSTEM_NAME STREQUAL "Linux")
    return()
endif()

set(CPACK_PACKAGE_NAME socketioqt)
set(CPACK_PACKAGE_VENDOR "The SocketIOQt authors")
set(CPACK_PACKAGE_CONTACT "SocketIOQt maintainers <socketioqt@example.org>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_RESOURCE_FILE_LICENSE "${PROJECT_SOURCE_DIR}/LICENSE")
set(CPACK_STRIP_FILES ON)
set(CPACK_GENERATOR DEB)

set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL runtime dev)
if(TARGET socketioqmlplugin)
    list(APPEND CPACK_COMPONENTS_ALL qml)
endif()
if(TARGET socketio-cli)
    list(APPEND CPACK_COMPONENTS_ALL tools)
endif()
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# The QML plugin and the tools need libsocketioqt (and the mock libsocketioqt-test), which are in
# another package of the same build: dpkg-shlibdeps finds them where the build put them (the
# dependency on that package is the component dependency below).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS_PRIVATE_DIRS ${PROJECT_BINARY_DIR}/src ${PROJECT_BINARY_DIR}/src/testkit)
set(CPACK_DEBIAN_ENABLE_COMPONENT_DEPENDS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION libs)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://socket.io")
# Maintainer scripts: the ldconfig trigger and a shlibs file for the library. (CPack also adds
# postinst and postrm scripts that call ldconfig to a package with libraries in /usr/lib, unless
# the package brings its own: lintian's two maintscript-calls-ldconfig warnings.)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS_POLICY "=")

set(_soversion ${PROJECT_VERSION_MAJOR})
set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME libsocketioqt${_soversion})
# Debian runs ldconfig through a trigger for packages that ship shared libraries (lintian:
# lacks-ldconfig-trigger otherwise).
file(WRITE ${PROJECT_BINARY_DIR}/debian-triggers/triggers "activate-noawait ldconfig\n")
set(CPACK_DEBIAN_RUNTIME_PACKAGE_CONTROL_EXTRA ${PROJECT_BINARY_DIR}/debian-triggers/triggers)
set(CPACK_COMPONENT_RUNTIME_DESCRIPTION "Socket.IO client library for Qt 6
 SocketIOQt speaks Engine.IO (WebSocket, HTTP long-polling) and Socket.IO
 (namespaces, events, acknowledgements, binary attachments, reconnection)
 to socket.io servers.")

set(CPACK_DEBIAN_DEV_PACKAGE_NAME libsocketioqt-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
set(CPACK_COMPONENT_DEV_DEPENDS runtime)
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS "qt6-base-dev (>= 6.4), qt6-websockets-dev (>= 6.4)")
set(CPACK_COMPONENT_DEV_DESCRIPTION "Socket.IO client library for Qt 6 - development files
 Headers and the CMake package of SocketIOQt: find_package(SocketIOQt),
 then link SocketIOQt::SocketIOQt.")

set(CPACK_DEBIAN_QML_PACKAGE_NAME qml6-module-socketio)
set(CPACK_DEBIAN_QML_PACKAGE_SECTION libs)
# SocketIONamespace.qml imports QtQml, whose qmldir imports these two (Debian packs them apart).
set(CPACK_DEBIAN_QML_PACKAGE_DEPENDS "qml6-module-qtqml-workerscript, qml6-module-qtqml-models")
set(CPACK_COMPONENT_QML_DEPENDS runtime)
set(CPACK_COMPONENT_QML_DESCRIPTION "Socket.IO client library for Qt 6 - QML module
 The QML module SocketIO (SocketIOClient, SocketIONamespace) of SocketIOQt.")

set(CPACK_DEBIAN_TOOLS_PACKAGE_NAME socketioqt-tools)
set(CPACK_DEBIAN_TOOLS_PACKAGE_SECTION net)
set(CPACK_COMPONENT_TOOLS_DEPENDS runtime)
set(CPACK_COMPONENT_TOOLS_DESCRIPTION "Socket.IO inspector, command-line client, load generator and mock server
 socketio-inspector watches every packet of a Socket.IO connection and sends
 events by hand; socketio-cli is a headless client that reads commands and
 writes JSON lines; socketio-load puts a server under load and reports
 latencies; socketio-mock serves a recording or a browser's HAR file as a
 Socket.IO server.")

# Every package carries its copyright and changelog in /usr/share/doc/<package>, as Debian asks
# (changelog.gz: the version has no Debian revision, so these are native packages).
set(_debdoc ${PROJECT_BINARY_DIR}/debian-doc)
string(TIMESTAMP _date "%a, %d %b %Y %H:%M:%S +0000" UTC)
foreach(_c runtime dev qml tools)
    string(TOUPPER ${_c} _C)
    set(_pkg ${CPACK_DEBIAN_${_C}_PACKAGE_NAME})
    file(READ "${PROJECT_SOURCE_DIR}/LICENSE" _license)
    string(REGEX REPLACE "\n\n" "\n .\n" _license "${_license}")
    string(REGEX REPLACE "\n([^ ])" "\n \\1" _license "${_license}")
    file(WRITE ${_debdoc}/${_pkg}/copyright
         "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
         "Upstream-Name: SocketIOQt\n\nFiles: *\nCopyright: 2026 The SocketIOQt authors\n"
         "License: MIT\n ${_license}\n")
    file(WRITE ${_debdoc}/${_pkg}/changelog
         "${_pkg} (${PROJECT_VERSION}) unstable; urgency=medium\n\n"
         "  * Release ${PROJECT_VERSION}; see CHANGELOG.md of SocketIOQt.\n\n"
         " -- ${CPACK_PACKAGE_CONTACT}  ${_date}\n")
    add_custom_command(OUTPUT ${_debdoc}/${_pkg}/changelog.gz
        COMMAND gzip -n -9 -f -k ${_debdoc}/${_pkg}/changelog
        DEPENDS ${_debdoc}/${_pkg}/changelog)
    list(APPEND _debdocs ${_debdoc}/${_pkg}/changelog.gz)
    install(FILES ${_debdoc}/${_pkg}/copyright ${_debdoc}/${_pkg}/changelog.gz
            DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/${_pkg} COMPONENT ${_c} EXCLUDE_FROM_ALL)
endforeach()
add_custom_target(socketioqt-debian-doc ALL DEPENDS ${_debdocs})

include(CPack)
