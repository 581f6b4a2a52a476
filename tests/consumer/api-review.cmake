# Compares an installed SocketIOQt against the API review file (src/socketioqt.api): the
# installed headers and the library's exported symbols in namespace SocketIOQt. A change to the
# public face shows up as a diff of that file in review.
#
#   cmake -DPREFIX=<install prefix> -DLIBRARY=<installed libsocketioqt.so> -DREVIEW=<file>
#         [-DTEST_LIBRARY=<installed libsocketioqt-test.so>] [-DUPDATE=ON] -P api-review.cmake
# With UPDATE=ON the file is rewritten from the install instead of compared.

file(GLOB _headers RELATIVE ${PREFIX} ${PREFIX}/include/SocketIOQt/*)
list(SORT _headers)

find_program(NM nm REQUIRED)
set(_nm "")
# TEST_LIBRARY (optional): the installed libsocketioqt-test.so, whose symbols are reviewed too.
foreach(_lib IN ITEMS ${LIBRARY} ${TEST_LIBRARY})
    execute_process(COMMAND ${NM} -DC --defined-only ${_lib}
                    OUTPUT_VARIABLE _out RESULT_VARIABLE _rc)
    if(NOT _rc EQUAL 0)
        message(FATAL_ERROR "nm failed on ${_lib}")
    endif()
    string(APPEND _nm "${_out}")
endforeach()
string(REPLACE ";" "\\;" _nm "${_nm}")
string(REPLACE "\n" ";" _lines "${_nm}")
set(_symbols "")
set(_leaks "")
foreach(_line IN LISTS _lines)
    # "0000000000012345 T SocketIOQt::SocketIO::open()"
    if(NOT _line MATCHES "^[0-9a-f]+ [A-Za-z] (.*)$")
        continue()
    endif()
    set(_sym "${CMAKE_MATCH_1}")
    # The engine is private: none of it may be exported, whatever the name.
    if(_sym MATCHES "EngineSocket|EngineTransport|WebSocketTransport|PollingTransport|lcEngine|lcTransport|lcClient|lcPackets|EngineSession|HttpConnection|HttpRequestHead|lcTestServer")
        list(APPEND _leaks "${_sym}")
    endif()
    # Instantiations of std templates that nm shows with their return type first ("void std::...",
    # "SocketIOQt::AckHandle const& std::forward<...>"), as unoptimized builds export them.
    if(_sym MATCHES "^(decltype\\([a-z_]+\\)|[A-Za-z0-9_:<>,]+)( const|[*&])* std::")
        continue()
    endif()
    # The project's own symbols; instantiations of Qt's and the standard library's templates
    # that the compiler exports (weak, different per compiler) are not part of the API.
    # (typeinfo of pointer, reference and function types that sanitized builds export is not.)
    if(_sym MATCHES "^(non-virtual thunk to )?SocketIOQt::[^ (]+(\\(|$)"
       OR _sym MATCHES "^(vtable|typeinfo|typeinfo name) for SocketIOQt::[A-Za-z0-9_:]+$")
        list(APPEND _symbols "${_sym}")
    elseif(_sym MATCHES "^[A-Za-z_][A-Za-z0-9_]*(::|\\(|$)" AND NOT _sym MATCHES "^(Q|q|std::|__|_Z|operator|typeinfo|vtable|guard variable)")
        # A project symbol outside namespace SocketIOQt (a global function or class).
        list(APPEND _leaks "${_sym}")
    endif()
endforeach()
list(REMOVE_DUPLICATES _symbols)
list(SORT _symbols)
if(_leaks)
    list(JOIN _leaks "\n  " _l)
    message(FATAL_ERROR "symbols exported outside the public API:\n  ${_l}")
endif()

set(_text "# SocketIOQt API review file: the installed headers and the exported symbols of namespace\n")
string(APPEND _text "# SocketIOQt. tst_consumer fails when an install differs; after an intended change to the\n")
string(APPEND _text "# public face, regenerate it (cmake --build <build> --target update-api-review) and review the diff.\n")
string(APPEND _text "\n[headers]\n")
foreach(_h IN LISTS _headers)
    string(APPEND _text "${_h}\n")
endforeach()
string(APPEND _text "\n[symbols]\n")
foreach(_s IN LISTS _symbols)
    string(APPEND _text "${_s}\n")
endforeach()

if(UPDATE)
    file(WRITE ${REVIEW} "${_text}")
    message(STATUS "wrote ${REVIEW}")
    return()
endif()
file(READ ${REVIEW} _expected)
if(NOT _expected STREQUAL _text)
    file(WRITE ${PREFIX}/../socketioqt.api.actual "${_text}")
    execute_process(COMMAND diff -u ${REVIEW} ${PREFIX}/../socketioqt.api.actual OUTPUT_VARIABLE _diff)
    message(FATAL_ERROR "the installed API differs from ${REVIEW}:\n${_diff}\n"
                        "If the change is intended, run the update-api-review target and commit the file.")
endif()
message(STATUS "API review: ${REVIEW} matches the install")
