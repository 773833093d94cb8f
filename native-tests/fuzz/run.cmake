# Run by ctest (test fuzz_flat_api): configure the project with clang++-22, libFuzzer's coverage and
# ASan/UBSan in a folder of its own, build the fuzz target, and fuzz for a fixed number of runs from a fixed
# seed (the same inputs every time: a red run is reproduced by the same command).
find_program(SYMBOLIZER NAMES llvm-symbolizer-22 llvm-symbolizer PATHS /usr/lib/llvm-22/bin)
if(SYMBOLIZER)
  set(ENV{ASAN_SYMBOLIZER_PATH} "${SYMBOLIZER}")  # a failure's report names the lines
endif()
# The leaks of others that native-tests/lsan.supp names (an ALSA plug-in's, once PortAudio terminates and it is
# unloaded: the module now terminates PortAudio at exit) are told by the frames of libasound that called it: the
# slow unwinder reaches them, the symbolizer names them.
set(ENV{LSAN_OPTIONS} "suppressions=${SOURCE_DIR}/native-tests/lsan.supp")
set(ENV{ASAN_OPTIONS} "fast_unwind_on_malloc=0")
foreach(step
    "${CMAKE_COMMAND};-S;${SOURCE_DIR};-B;${BINARY_DIR};-DCMAKE_CXX_COMPILER=${CXX};-DCMAKE_BUILD_TYPE=Debug;-DADM_SANITIZE=ON;-DADM_BUILD_FUZZ=ON;-DADM_BUILD_TESTS=OFF;-DADM_BUILD_BENCH=OFF;-DCMAKE_CXX_FLAGS=-fsanitize=fuzzer-no-link"
    "${CMAKE_COMMAND};--build;${BINARY_DIR};--target;fuzz_flat_api;-j2"
    "${BINARY_DIR}/native-tests/fuzz/fuzz_flat_api;-runs=${RUNS};-seed=1;-max_len=512;-len_control=0;-rss_limit_mb=4096")
  execute_process(COMMAND ${step} RESULT_VARIABLE result)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "fuzz_flat_api: '${step}' failed (${result})")
  endif()
endforeach()
