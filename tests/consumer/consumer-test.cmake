# cmake -DBUILD_DIR=... -DSOURCE_DIR=... -DWORK_DIR=... -DGENERATOR=... -DREVIEW=... -DREADME_EXAMPLE=...
#       [-DSANITIZE=ON] -P consumer-test.cmake
file(REMOVE_RECURSE ${WORK_DIR})
set(prefix ${WORK_DIR}/prefix)

function(run)
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}\n${err}")
    endif()
    message(STATUS "${out}")
endfunction()

run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})
# The installed headers and exported symbols are those of the API review file.
file(GLOB library ${prefix}/lib*/libsocketioqt.so ${prefix}/lib*/*/libsocketioqt.so)
file(GLOB test_library ${prefix}/lib*/libsocketioqt-test.so ${prefix}/lib*/*/libsocketioqt-test.so)
run(${CMAKE_COMMAND} -DPREFIX=${prefix} -DLIBRARY=${library} -DTEST_LIBRARY=${test_library}
    -DREVIEW=${REVIEW} -P ${CMAKE_CURRENT_LIST_DIR}/api-review.cmake)
# A sanitized library needs a sanitized program (the ASan runtime must come first).
set(flags "")
if(SANITIZE)
    set(flags -DCMAKE_CXX_FLAGS=-fsanitize=address,undefined
              -DCMAKE_EXE_LINKER_FLAGS=-fsanitize=address,undefined)
endif()
# The README example's two spellings are one program: qualified names and `using namespace`.
function(readme_code file out)
    file(READ ${file} code)
    string(FIND "${code}" "// README-BEGIN" begin)
    string(SUBSTRING "${code}" ${begin} -1 code)
    string(REPLACE "using namespace SocketIOQt;\n\n" "" code "${code}")
    string(REPLACE "SocketIOQt::" "" code "${code}")
    set(${out} "${code}" PARENT_SCOPE)
endfunction()
readme_code(${README_EXAMPLE} using_code)
readme_code(${SOURCE_DIR}/readme_qualified.cpp qualified_code)
if(NOT using_code STREQUAL qualified_code)
    message(FATAL_ERROR "tests/consumer/project/readme_qualified.cpp is not ${README_EXAMPLE} with qualified names")
endif()
run(${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK_DIR}/build -G ${GENERATOR} -DCMAKE_PREFIX_PATH=${prefix}
    -DREADME_EXAMPLE=${README_EXAMPLE} ${flags})
run(${CMAKE_COMMAND} --build ${WORK_DIR}/build)
run(${WORK_DIR}/build/consumer)
run(${WORK_DIR}/build/consumer_testkit)

# The package's version compatibility is SameMajorVersion: a request for another major version
# (0.1, the API before the namespace, or a future 2) is refused at configure time.
foreach(wanted 0.1 2.0)
    set(dir ${WORK_DIR}/wants-${wanted})
    file(WRITE ${dir}/CMakeLists.txt "cmake_minimum_required(VERSION 3.21)\nproject(wants LANGUAGES CXX)\nfind_package(SocketIOQt ${wanted} REQUIRED)\n")
    execute_process(COMMAND ${CMAKE_COMMAND} -S ${dir} -B ${dir}/build -G ${GENERATOR} -DCMAKE_PREFIX_PATH=${prefix}
                    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
    if(rc EQUAL 0 OR NOT err MATCHES "compatible with requested version")
        message(FATAL_ERROR "find_package(SocketIOQt ${wanted}) should fail against 1.x (exit ${rc}):\n${out}\n${err}")
    endif()
    message(STATUS "find_package(SocketIOQt ${wanted}) refused, as it should be")
endforeach()
