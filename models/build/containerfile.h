// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"
#include "manifest/servicemanifest.h"
#include "policy/deploymentsettings.h"

#include <QString>

namespace workbench::models::build {

/// The settings variable naming the native base image of a build kind:
/// `NATIVE_BASE_IMAGE_<KIND>`, the kind upper-cased with every other character than a letter
/// or digit turned into `_` (`python` -> NATIVE_BASE_IMAGE_PYTHON, `java-glibc` ->
/// NATIVE_BASE_IMAGE_JAVA_GLIBC).
QString baseImageVariable(const QString &kind);

/// The built-in native base image of a kind, used when neither `from` nor the settings name
/// one: python -> python:3.11-slim; java, java17, java-glibc, java17-glibc -> eclipse-temurin 17
/// JRE; java21, java21-ubuntu -> eclipse-temurin 21 JRE; java8 -> eclipse-temurin 8 JRE (all
/// fully qualified on docker.io). Empty for other kinds.
QString builtinBaseImage(const QString &kind);

/// The base image of a native build: `build.from` when given, else the settings variable
/// baseImageVariable(kind), else builtinBaseImage(kind). Fails (`build.base-image`) naming the
/// variable to set when there is none.
Result<QString> nativeBaseImage(const BuildSection &build, const policy::DeploymentSettings &settings);

/// A `build.copy` entry (or `requirements`) as a clean relative path (`./a//b` -> `a/b`,
/// `static/` -> `static`, `.` stays `.`). Fails (`build.copy.path`) for an empty, absolute or
/// escaping (`..`) path, a file pattern (`*`, `?`, `[`) and characters the Containerfile
/// would interpret (`$`, newline): the native build copies exactly the named files.
Result<QString> cleanCopyPath(const QString &entry);

/// Generates the Containerfile of the native route from a *rendered* build section (no `$VAR`
/// left):
///
///     # <header naming @p manifestLabel>
///     FROM <baseImage>
///     WORKDIR <pwd>                              (when pwd is given; it must be absolute)
///     COPY <entry> <pwd>/<entry>                 (each `copy` entry, keeping its relative path)
///     COPY <requirements> <pwd>/<requirements>   (unless already copied)
///     RUN pip install -r <requirements>          (only when `requirements` is given)
///     RUN <entry>                                (one per `run` entry)
///     CMD ["program", "arg", ...]                (`command`, split by splitCommandLine())
///
/// Without `pwd` there is no WORKDIR and files are copied relative to the base image's working
/// directory. COPY uses the JSON form when a path has blanks, quotes or backslashes. A `run`
/// entry uses the shell form (`RUN text`, which runs `/bin/sh -c text`) unless it spans several
/// lines, starts with `[` or ends with `\`: then the same command in exec form
/// (`RUN ["/bin/sh", "-c", "text"]`), so the Containerfile parser cannot misread it.
/// `command` uses the exec form: the program is PID 1 and receives SIGTERM itself, and no shell
/// has to exist in the image (see splitCommandLine() for what is refused).
Result<QString> generateContainerfile(const BuildSection &build, const QString &baseImage,
                                      const QString &manifestLabel);

/// @p text as a JSON string literal (for exec-form instructions).
QString jsonString(const QString &text);

}  // namespace workbench::models::build
