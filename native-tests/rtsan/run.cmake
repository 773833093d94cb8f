# Run by ctest (test rtsan_publish): configure, build and run the RTSan project with clang++-22, then
# its test programs (the publish path, the detectors, the whole audio callback).
foreach(step
    "${CMAKE_COMMAND};-S;${SOURCE_DIR};-B;${BINARY_DIR};-DCMAKE_CXX_COMPILER=${CXX};-DCMAKE_BUILD_TYPE=RelWithDebInfo"
    "${CMAKE_COMMAND};--build;${BINARY_DIR}"
    "${BINARY_DIR}/test_rtsan_publish"
    "${BINARY_DIR}/test_rtsan_detectors"
    "${BINARY_DIR}/test_rtsan_callback")
  execute_process(COMMAND ${step} RESULT_VARIABLE result)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "rtsan_publish: '${step}' failed (${result})")
  endif()
endforeach()
