# SPDX-License-Identifier: Apache-2.0
# Every third-party dependency is found here, once.
find_package(Qt6 6.4 REQUIRED COMPONENTS Core Gui Widgets Network Concurrent Svg Test)
find_package(OpenSSL 3.0 REQUIRED)
find_package(CURL REQUIRED)
find_package(Qt6Keychain REQUIRED)
find_package(yaml-cpp REQUIRED)
# PCRE2 (8-bit) for the log filter (engine/logs): regular expressions on the lines' UTF-8 bytes, JIT-compiled.
# Debian ships no CMake package for it, only pkg-config.
find_package(PkgConfig REQUIRED)
pkg_check_modules(PCRE2 REQUIRED IMPORTED_TARGET libpcre2-8)

# yaml-cpp 0.7 (Debian 12) exports a plain `yaml-cpp` target; 0.8 adds `yaml-cpp::yaml-cpp`.
if(NOT TARGET yaml-cpp::yaml-cpp)
    if(TARGET yaml-cpp)
        add_library(yaml-cpp::yaml-cpp ALIAS yaml-cpp)
    else()
        message(FATAL_ERROR "yaml-cpp was found but exports no usable target")
    endif()
endif()
if(NOT yaml-cpp_VERSION)
    set(yaml-cpp_VERSION "unknown")
endif()
set(WORKBENCH_YAMLCPP_VERSION "${yaml-cpp_VERSION}" CACHE INTERNAL "")
