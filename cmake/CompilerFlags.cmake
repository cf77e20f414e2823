# SPDX-License-Identifier: Apache-2.0
# Flags shared by every target of the project: strict Qt, OpenSSL 3 API only, warnings.
add_library(workbench_options INTERFACE)
add_library(Workbench::Options ALIAS workbench_options)

target_compile_definitions(workbench_options INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_URL_CAST_FROM_STRING
    QT_NO_CAST_FROM_BYTEARRAY
    QT_USE_QSTRINGBUILDER
    QT_DISABLE_DEPRECATED_BEFORE=0x060400
    OPENSSL_API_COMPAT=30000
    OPENSSL_NO_DEPRECATED
    WORKBENCH_VERSION="${PROJECT_VERSION}")

if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(workbench_options INTERFACE
        -Wall -Wextra -Wpedantic -Wnon-virtual-dtor -Wcast-align
        -Woverloaded-virtual -Wformat=2 -Wimplicit-fallthrough)
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
        target_compile_options(workbench_options INTERFACE -Wshadow=local)  # clang has no =local form
    endif()
    if(WORKBENCH_WERROR)
        target_compile_options(workbench_options INTERFACE -Werror)
    endif()
endif()

# Sanitizers, selected by the presets.
set(WORKBENCH_SANITIZERS "" CACHE STRING "Comma-separated sanitizers (address,undefined | thread)")
if(WORKBENCH_SANITIZERS)
    target_compile_options(workbench_options INTERFACE
        -fsanitize=${WORKBENCH_SANITIZERS} -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    target_link_options(workbench_options INTERFACE -fsanitize=${WORKBENCH_SANITIZERS})
endif()

find_program(CCACHE_PROGRAM ccache)
if(CCACHE_PROGRAM)
    set(CMAKE_CXX_COMPILER_LAUNCHER "${CCACHE_PROGRAM}")
    set(CMAKE_C_COMPILER_LAUNCHER "${CCACHE_PROGRAM}")
endif()
