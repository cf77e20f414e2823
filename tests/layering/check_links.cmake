# SPDX-License-Identifier: Apache-2.0
# Link-level layering of models/: it links Qt Core, yaml-cpp and OpenSSL only (and the compile
# options target). Everything else (PCRE2, libcurl, Qt Network, QtKeychain, ...) belongs to
# engine/ or above. Used at configure time by tests/CMakeLists.txt on the real target, and as
# a script (to prove it rejects a violation):
#   cmake -DLIBRARY=name "-DLIBS=Qt6::Core|PkgConfig::PCRE2" -P check_links.cmake   ('|'-separated)
set(WORKBENCH_MODELS_ALLOWED_LINKS
    "Qt6::Core" "Qt::Core" "yaml-cpp" "yaml-cpp::yaml-cpp" "OpenSSL::Crypto" "OpenSSL::SSL"
    "Workbench::Options" "workbench_options")

# Sets ${out} to the entries of ${libs} that are not allowed (generator expressions such as
# $<LINK_ONLY:X> are unwrapped; empty entries ignored).
function(workbench_disallowed_links libs out)
    set(bad "")
    foreach(l IN LISTS libs)
        string(REGEX REPLACE "^\\$<LINK_ONLY:(.*)>$" "\\1" l "${l}")
        if(l STREQUAL "" OR l MATCHES "-NOTFOUND$")
            continue()
        endif()
        list(FIND WORKBENCH_MODELS_ALLOWED_LINKS "${l}" idx)
        if(idx EQUAL -1)
            list(APPEND bad "${l}")
        endif()
    endforeach()
    set(${out} "${bad}" PARENT_SCOPE)
endfunction()

if(CMAKE_SCRIPT_MODE_FILE STREQUAL CMAKE_CURRENT_LIST_FILE)
    string(REPLACE "|" ";" libs "${LIBS}")
    workbench_disallowed_links("${libs}" bad)
    if(bad)
        list(JOIN bad ", " text)
        message(FATAL_ERROR "Layering: ${LIBRARY} links ${text} (models/ may link Qt Core, yaml-cpp and OpenSSL only)")
    endif()
    message(STATUS "Link layering OK: ${LIBRARY}")
endif()
