# SPDX-License-Identifier: Apache-2.0
# Stand-in programs for the process runner's tests and benchmarks (included from tests/CMakeLists.txt):
# - processtestapp: personalities selected by its first argument (fast lines, split UTF-8, '\r'
#   progress, exit codes, trees that ignore SIGTERM, ...; see processtestapp.cpp).
# - processparent: runs a program through engine::process::Process, so a test can SIGKILL the
#   parent and check that nothing of the tree is left.
add_executable(processtestapp ${CMAKE_CURRENT_LIST_DIR}/processtestapp.cpp)
target_link_libraries(processtestapp PRIVATE Workbench::Options)
add_executable(processparent ${CMAKE_CURRENT_LIST_DIR}/processparent.cpp)
target_link_libraries(processparent PRIVATE Workbench::Engine Workbench::Options)
add_dependencies(workbench_testsupport processtestapp processparent)
target_compile_definitions(workbench_testsupport PUBLIC
    WORKBENCH_PROCESS_TEST_APP="$<TARGET_FILE:processtestapp>"
    WORKBENCH_PROCESS_PARENT="$<TARGET_FILE:processparent>")
