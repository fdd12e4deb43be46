# Helpers that give every target of ours the same strict flags, and register tests by label.

# Flags for code we own only (never applied to third-party headers, which come in as SYSTEM).
add_library(jobstream_warnings INTERFACE)
target_compile_options(jobstream_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Wunused -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough -Werror)

add_library(jobstream_sanitizers INTERFACE)
if(JOBSTREAM_SANITIZE STREQUAL "thread")
  target_compile_options(jobstream_sanitizers INTERFACE -fsanitize=thread -fno-omit-frame-pointer)
  target_link_options(jobstream_sanitizers INTERFACE -fsanitize=thread)
elseif(JOBSTREAM_SANITIZE STREQUAL "address" OR JOBSTREAM_SANITIZE)
  target_compile_options(jobstream_sanitizers INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(jobstream_sanitizers INTERFACE -fsanitize=address,undefined)
endif()
if(JOBSTREAM_SANITIZE)
  # The sanitizers change GCC 12's inlining, and it then warns of "maybe uninitialized" members
  # inside libstdc++'s own <regex> and <functional>: false alarms in code that is not ours.
  target_compile_options(jobstream_sanitizers INTERFACE -Wno-maybe-uninitialized)
endif()

# Every test executable labelled unit or mock: what the sanitizer builds compile and run
# (`ninja -C build/tsan unit_and_mock_tests`).
add_custom_target(unit_and_mock_tests)

# jobstream_stage_headers(<target> PUBLIC|PRIVATE)
# Makes the headers of the stage folder the target is declared in (and only that folder) visible to
# it as "<stage>/<file>.hpp", through an include directory of its own in the build tree that holds
# one link, <stage> -> src/<stage>. A stage reaches another stage's headers only by linking it.
function(jobstream_stage_headers target scope)
  get_filename_component(stage ${CMAKE_CURRENT_SOURCE_DIR} NAME)
  set(root ${PROJECT_BINARY_DIR}/stage-include/${stage})
  file(MAKE_DIRECTORY ${root})
  file(CREATE_LINK ${CMAKE_CURRENT_SOURCE_DIR} ${root}/${stage} SYMBOLIC)
  target_include_directories(${target} ${scope} ${root})
endfunction()

# jobstream_library(<name> SOURCES ... [DEPS ...])
# A static library for one pipeline stage; headers are included as "<stage>/<file>.hpp". It exposes
# its own stage's headers and, through DEPS, those of the stages it depends on: nothing else.
function(jobstream_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  jobstream_stage_headers(${name} PUBLIC)
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
  if(ARG_LABEL STREQUAL "unit" OR ARG_LABEL STREQUAL "mock")
    add_dependencies(unit_and_mock_tests ${name})
  endif()
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main GTest::gmock
                                        jobstream_warnings jobstream_sanitizers)
  set(props LABELS ${ARG_LABEL} TIMEOUT ${ARG_TIMEOUT})
  if(ARG_LABEL STREQUAL "integration")
    list(APPEND props RESOURCE_LOCK local_stack)
  endif()
  gtest_discover_tests(${name} TEST_PREFIX "${name}." DISCOVERY_TIMEOUT 60 PROPERTIES ${props})
endfunction()
