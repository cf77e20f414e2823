// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"

#include <QList>
#include <QString>

namespace workbench::models {

/// A parsed dotted path: `build.to`, `environment.local[2].value`, `secrets.global[name=flask].dns`,
/// `services[-1]` (last item). A key containing `.`, `[` or `]` can be written quoted: `a."x.y"`.
struct YamlPathSegment {
    enum class Kind { Key, Index, Selector };
    Kind kind = Kind::Key;
    QString key;            ///< Key: the mapping key. Selector: the key compared (`name`).
    QString selectorValue;  ///< Selector: the value compared (`flask`).
    int index = 0;          ///< Index: position, negative counts from the end.

    QString toString() const;
};

struct YamlPath {
    QList<YamlPathSegment> segments;

    static Result<YamlPath> parse(const QString &text);
    QString toString() const;
    bool isEmpty() const { return segments.isEmpty(); }
    /// The path without its last segment.
    YamlPath parentPath() const;
    /// Appends a key / index segment (returns a new path).
    YamlPath child(const QString &key) const;
    YamlPath item(int index) const;
};

}  // namespace workbench::models
