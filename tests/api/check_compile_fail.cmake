# ctest -P script of typedHandlerMismatchIsCompileError: compiles compile-fail/SOURCE with the
# library's and Qt's include directories, syntax only. The EXPECT_OK variant must compile; each
# CASE must fail with the static_assert's message.
#   -DCOMPILER=... -DSOURCE=... -DINCLUDES=a|b|c -DDEFINES=A|B -DSTANDARD=17 -DCASES=X|Y
#   -DMESSAGE="substring of the static_assert"
string(REPLACE "|" ";" _includes "${INCLUDES}")
string(REPLACE "|" ";" _defines "${DEFINES}")
string(REPLACE "|" ";" _cases "${CASES}")
set(_flags -std=c++${STANDARD} -fsyntax-only -fPIC)
foreach(_dir IN LISTS _includes)
    if(_dir)
        list(APPEND _flags "-I${_dir}")
    endif()
endforeach()
foreach(_def IN LISTS _defines)
    if(_def)
        list(APPEND _flags "-D${_def}")
    endif()
endforeach()

execute_process(COMMAND ${COMPILER} ${_flags} -DEXPECT_OK ${SOURCE}
                RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _err)
if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "the convertible handlers do not compile (a broken setup?):\n${_out}${_err}")
endif()
foreach(_case IN LISTS _cases)
    execute_process(COMMAND ${COMPILER} ${_flags} -D${_case} ${SOURCE}
                    RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _err)
    if(_rc EQUAL 0)
        message(FATAL_ERROR "${_case}: compiled, but a typed handler with an unconvertible parameter must not")
    endif()
    string(FIND "${_out}${_err}" "${MESSAGE}" _at)
    if(_at LESS 0)
        message(FATAL_ERROR "${_case}: failed without the expected message \"${MESSAGE}\":\n${_out}${_err}")
    endif()
    message(STATUS "${_case}: refused as expected")
endforeach()
