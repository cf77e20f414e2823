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

# Configure time: fails the configure step when @p target (the models library) or the options
# target it links has a disallowed entry in its link libraries or link interface.
function(workbench_check_models_links target)
    get_target_property(links ${target} LINK_LIBRARIES)
    get_target_property(ilinks ${target} INTERFACE_LINK_LIBRARIES)
    set(all "")
    foreach(l IN LISTS links ilinks)
        if(NOT l MATCHES "-NOTFOUND$")
            list(APPEND all "${l}")
        endif()
    endforeach()
    workbench_disallowed_links("${all}" bad)
    if(bad)
        list(JOIN bad ", " text)
        message(FATAL_ERROR "Layering: ${target} links ${text} (models/ may link Qt Core, yaml-cpp and OpenSSL "
            "only; put code that needs more into engine/)")
    endif()
    set(clean "")
    foreach(l IN LISTS all)
        string(REGEX REPLACE "^\\$<LINK_ONLY:(.*)>$" "\\1" l "${l}")
        list(APPEND clean "${l}")
        if(l MATCHES "^(Workbench::Options|workbench_options)$" AND TARGET workbench_options)
            get_target_property(opt_links workbench_options INTERFACE_LINK_LIBRARIES)
            if(opt_links)
                message(FATAL_ERROR "Layering: Workbench::Options (linked by ${target}) links ${opt_links}")
            endif()
        endif()
    endforeach()
    # For the ctest that re-checks the real target.
    list(JOIN clean "|" joined)
    set(WORKBENCH_MODELS_LINKS "${joined}" PARENT_SCOPE)
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
