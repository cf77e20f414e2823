// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "policy/sourceref.h"

#include <QList>
#include <QString>

namespace workbench::models::policy {

/// Generated text plus, for each of its lines, the manifest position that produced it
/// (invalid for structural lines such as `services:`). `lineSources.size()` equals the number
/// of lines of `text` (which always ends with a newline when not empty).
struct RenderedText {
    QString text;
    QList<SourceRef> lineSources;

    /// Source of 1-based @p line; an invalid SourceRef when out of range or unknown.
    SourceRef sourceOfLine(int line) const
    {
        return line >= 1 && line <= lineSources.size() ? lineSources.at(line - 1) : SourceRef{};
    }
    /// First 1-based line produced by @p source's file and line, 0 if none.
    int lineOfSource(const QString &file, int line) const
    {
        for (int i = 0; i < lineSources.size(); ++i)
            if (lineSources.at(i).file == file && lineSources.at(i).line == line)
                return i + 1;
        return 0;
    }
};

}  // namespace workbench::models::policy
