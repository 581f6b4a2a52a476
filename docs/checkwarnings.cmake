# Fails the `docs` target when Doxygen wrote warnings (cmake -DLOG=<warnings.log> -P this).
file(READ "${LOG}" _warnings)
string(STRIP "${_warnings}" _warnings)
if(_warnings)
    message(FATAL_ERROR "Doxygen warnings:\n${_warnings}")
endif()
