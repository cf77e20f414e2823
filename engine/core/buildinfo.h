// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QList>
#include <QPair>
#include <QString>

namespace workbench::engine {

/// Versions of every library the workbench is built on (models' plus libcurl and QtKeychain).
QList<QPair<QString, QString>> libraryVersions();

/// "scone-workbench 0.1.0 (Qt 6.4.2, OpenSSL 3.0.x, ...)" for --version.
QString versionLine();

}  // namespace workbench::engine
