# Helpers that give every target of ours the same strict flags, and register tests by label.

# Flags for code we own only (never applied to third-party headers, which come in as SYSTEM).
add_library(jobstream_warnings INTERFACE)
target_compile_options(jobstream_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Wunused -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough -Werror)

add_library(jobstream_sanitizers INTERFACE)
if(JOBSTREAM_SANITIZE)
  target_compile_options(jobstream_sanitizers INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(jobstream_sanitizers INTERFACE -fsanitize=address,undefined)
endif()

# jobstream_library(<name> SOURCES ... [DEPS ...])
# A static library for one pipeline stage; headers are included as "<stage>/<file>.hpp".
function(jobstream_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(${name} PUBLIC ${ARG_DEPS} PRIVATE jobstream_warnings jobstream_sanitizers)
  target_link_libraries(${name} INTERFACE jobstream_sanitizers)
endfunction()

# jobstream_test(<name> LABEL unit|integration SOURCES ... [DEPS ...])
# One GoogleTest executable; each TEST becomes a CTest test carrying the label.
# Integration tests run one at a time against the shared local stack (RESOURCE_LOCK).
function(jobstream_test name)
  if(NOT JOBSTREAM_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "LABEL;TIMEOUT" "SOURCES;DEPS" ${ARGN})
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 600)
  endif()
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main GTest::gmock
                                        jobstream_warnings jobstream_sanitizers)
  set(props LABELS ${ARG_LABEL} TIMEOUT ${ARG_TIMEOUT})
  if(ARG_LABEL STREQUAL "integration")
    list(APPEND props RESOURCE_LOCK local_stack)
  endif()
  gtest_discover_tests(${name} TEST_PREFIX "${name}." DISCOVERY_TIMEOUT 60 PROPERTIES ${props})
endfunction()
