// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"

#include <QString>

namespace workbench::models::build {

/// An image reference `[registry/]repository[:tag][@digest]`, split as the container tools do:
/// the first component is the registry when it contains `.` or `:` or is `localhost`;
/// otherwise the registry is `docker.io` (and a one-component repository gets `library/`).
struct ImageReference {
    QString registry;    ///< `127.0.0.1:5000`, `registry.scontain.com`, `docker.io`
    QString repository;  ///< `sconectl/sconecli`, `library/python`
    QString tag;         ///< empty when none was written
    QString digest;      ///< `sha256:…`, empty when none was written

    /// `registry/repository[:tag][@digest]`.
    QString toString() const;
    /// `registry/repository@digest` for @p digest.
    QString withDigest(const QString &digest) const;
};

/// Parses @p text; fails (`build.image`) for an empty reference, blanks, upper case in the
/// repository, or an empty component.
Result<ImageReference> parseImageReference(const QString &text);

}  // namespace workbench::models::build
