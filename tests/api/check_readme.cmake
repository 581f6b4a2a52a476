# The test readme_qtnative: README.md's "Qt-native API" example must be the code between the
# README-QTNATIVE markers of readme_snippets.cpp (which tst_conversion compiles and runs).
#   cmake -DREADME=<README.md> -DSNIPPET=<readme_snippets.cpp> -P check_readme.cmake
file(READ "${README}" _readme)
file(READ "${SNIPPET}" _snippet)
string(FIND "${_readme}" "README-QTNATIVE" _has)
if(_has EQUAL -1)
    message("README.md has no Qt-native API section yet: skipped")
    return()
endif()
set(_begin "// README-QTNATIVE-BEGIN\n")
string(FIND "${_snippet}" "${_begin}" _b)
string(FIND "${_snippet}" "// README-QTNATIVE-END" _e)
string(LENGTH "${_begin}" _blen)
math(EXPR _b "${_b} + ${_blen}")
math(EXPR _len "${_e} - ${_b}")
string(SUBSTRING "${_snippet}" ${_b} ${_len} _code)
string(FIND "${_readme}" "${_code}" _found)
if(_found EQUAL -1)
    message(FATAL_ERROR "README.md's Qt-native API example differs from the code between the "
                        "README-QTNATIVE markers of tests/api/readme_snippets.cpp")
endif()
message("README.md's Qt-native API example matches tests/api/readme_snippets.cpp")
