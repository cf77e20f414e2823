// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

namespace workbench::models::policy {

/// Where a generated value came from: a manifest file and a 1-based line/column. Every
/// generated session, chart file and diagnostic carries these so the UI can jump back to the
/// manifest line that produced a line of output.
struct SourceRef {
    QString file;    ///< path as given in the render input (absolute for a workspace), empty if none
    int line = 0;    ///< 1-based; 0 when unknown
    int column = 0;  ///< 1-based; 0 when unknown

    bool isValid() const { return !file.isEmpty() && line > 0; }
    friend bool operator==(const SourceRef &, const SourceRef &) = default;
};

}  // namespace workbench::models::policy
