// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "analysis/analysissnapshot.h"
#include "logs/sconeevent.h"

#include <QByteArrayView>
#include <QString>

#include <optional>

namespace workbench::engine::logs {

/// Where the project defines a session or a secret that a SCONE failure names.
struct ManifestLink {
    enum class Kind { Session, Secret };
    Kind kind = Kind::Secret;
    QString name;  ///< as the log line names it
    QString file;  ///< absolute path of the manifest
    int line = 0;  ///< 1-based
    int column = 0;

    /// "secret DB_PASSWORD", "session sdm-1-1/flask-api".
    QString describe() const;
};

/// The manifest place that defines what @p event names, in the project as @p snapshot analysed
/// it: a secret by its definition (the secret index: `secrets.global[].name` of a service
/// manifest or a session file), else by the generated session that holds it; a session (by its
/// full name "ns/session", a service ID "ns/session/service", or, since a deployed namespace may
/// differ from the one the workbench generated, by its last part) by the mesh `services[]` item
/// that makes it, else its service manifest. The secret is preferred when both are named.
/// nullopt for events that are no failure or name nothing the project defines.
std::optional<ManifestLink> manifestLinkFor(const AnalysisSnapshot &snapshot, const models::logs::SconeEvent &event);

/// The same for a log line: classified with models::logs::SconeEventClassifier first.
std::optional<ManifestLink> manifestLinkForLine(const AnalysisSnapshot &snapshot, QByteArrayView line);

}  // namespace workbench::engine::logs
