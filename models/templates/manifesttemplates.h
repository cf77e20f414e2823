// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QString>

namespace workbench::models::templates {

/// Starting points for File > New Service / New Mesh: complete, valid manifests with comments
/// that explain each section (spec §1 and §2). @p name becomes the service/image name.
QByteArray newServiceManifest(const QString &name);
/// A mesh running @p serviceName (may be empty: a commented example entry is written instead).
QByteArray newMeshManifest(const QString &serviceName);

/// A file name like "service.yaml" that does not exist yet in @p dir ("service-2.yaml", ...).
QString freeFileName(const QString &dir, const QString &stem);

}  // namespace workbench::models::templates
