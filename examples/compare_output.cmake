# Runs `SPINDLE SCRIPT` and fails unless it exits 0 with stdout equal to the
# contents of EXPECTED.
#   cmake -DSPINDLE=... -DSCRIPT=... -DEXPECTED=... -P compare_output.cmake
foreach(var SPINDLE SCRIPT EXPECTED)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "compare_output.cmake: -D${var}=... is required")
  endif()
endforeach()

get_filename_component(dir "${SCRIPT}" DIRECTORY)
execute_process(COMMAND "${SPINDLE}" "${SCRIPT}"
                WORKING_DIRECTORY "${dir}"
                OUTPUT_VARIABLE actual
                ERROR_VARIABLE errors
                RESULT_VARIABLE status)
file(READ "${EXPECTED}" expected)

if(NOT status EQUAL 0)
  message(FATAL_ERROR "${SCRIPT} exited with ${status}\nstdout:\n${actual}\nstderr:\n${errors}")
endif()
if(NOT actual STREQUAL expected)
  message(FATAL_ERROR "${SCRIPT}: stdout differs from ${EXPECTED}\n--- expected\n${expected}\n--- actual\n${actual}")
endif()
message(STATUS "${SCRIPT}: output matches ${EXPECTED}")
