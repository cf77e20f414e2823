# SPDX-License-Identifier: Apache-2.0
# Test tools for Build & Deploy (included from tests/CMakeLists.txt):
# - standin_tool: stand-in sconectl, helm and kubectl (one executable copied under each name into
#   ${WORKBENCH_STANDIN_BIN_DIR}; see standin_tool.cpp for its environment variables).
# - cas_test_server: loopback HTTPS CAS that requires a client certificate.
add_executable(standin_tool ${CMAKE_CURRENT_LIST_DIR}/standin_tool.cpp)
target_link_libraries(standin_tool PRIVATE OpenSSL::Crypto Workbench::Options)
set(WORKBENCH_STANDIN_BIN_DIR ${CMAKE_CURRENT_BINARY_DIR}/standins/bin)
add_custom_command(TARGET standin_tool POST_BUILD
    COMMAND ${CMAKE_COMMAND} -E make_directory ${WORKBENCH_STANDIN_BIN_DIR}
    COMMAND ${CMAKE_COMMAND} -E copy_if_different $<TARGET_FILE:standin_tool> ${WORKBENCH_STANDIN_BIN_DIR}/sconectl
    COMMAND ${CMAKE_COMMAND} -E copy_if_different $<TARGET_FILE:standin_tool> ${WORKBENCH_STANDIN_BIN_DIR}/helm
    COMMAND ${CMAKE_COMMAND} -E copy_if_different $<TARGET_FILE:standin_tool> ${WORKBENCH_STANDIN_BIN_DIR}/kubectl
    VERBATIM)

add_executable(cas_test_server ${CMAKE_CURRENT_LIST_DIR}/cas_test_server.cpp)
target_link_libraries(cas_test_server PRIVATE Qt6::Core Qt6::Network yaml-cpp::yaml-cpp Workbench::Options)

add_dependencies(workbench_testsupport standin_tool cas_test_server)
target_compile_definitions(workbench_testsupport PUBLIC
    WORKBENCH_STANDIN_BIN_DIR="${WORKBENCH_STANDIN_BIN_DIR}"
    WORKBENCH_CAS_TEST_SERVER_PATH="$<TARGET_FILE:cas_test_server>")
