// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"
#include "policy/cassession.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace workbench::models::build {

// The direct upload route: sessions go to the CAS REST API (scone-formats.md §4.1) over mutual
// TLS. This file holds the pure part (what to send, in which order, how to read the answers);
// the engine's CAS client sends it.

/// One session to upload: its name and the request body of `POST /session` (the session YAML).
struct CasUploadItem {
    QString session;
    QByteArray body;
};

/// The sessions in upload order (policy::planUpload(): the namespace session first, exporters
/// before importers), each with its YAML from policy::writeSession(). Fails (`upload.plan`)
/// when the plan has errors (an import cycle, an import from a session of the namespace that is
/// not part of the set), naming them.
Result<QList<CasUploadItem>> planCasUpload(const QList<policy::CasSession> &sessions);

/// True for a session hash as the CAS returns it: 64 hex digits.
bool isSessionHash(const QString &hash);

/// The update rule: @p sessionYaml with `predecessor: <hash>` as its first key, replacing a
/// top-level `predecessor:` line it already has. Leading comments and a `---` document start
/// stay in front. Fails (`upload.predecessor`) for a hash that is not 64 hex digits and for a
/// flow-style (`{…}`) document.
Result<QByteArray> withPredecessor(const QByteArray &sessionYaml, const QString &hash);

/// What to do with one session, given the hash the CAS reports (nullopt: the CAS has no such
/// session, `GET` answered 404) and the hash this project recorded at its last upload.
struct UploadDecision {
    enum class Action {
        Create,  ///< POST the body as is
        Update,  ///< POST withPredecessor(body, predecessor)
    };
    Action action = Action::Create;
    QString predecessor;            ///< the CAS's current hash (Update)
    bool changedElsewhere = false;  ///< recorded and current hash differ: someone else updated it since
};
UploadDecision decideUpload(const std::optional<QString> &currentHash, const std::optional<QString> &recordedHash);

/// `/session` (POST: create or update).
QString casCreateSessionPath();
/// `/v1/sessions/<name>`: the name verbatim, its `/` kept (namespaced names are paths), any
/// character outside [A-Za-z0-9._~-] percent-encoded.
QString casSessionPath(const QString &sessionName);

/// A session as `GET /v1/sessions/<name>` returns it.
struct CasSessionState {
    QString session;  ///< the session YAML text
    QString hash;
};

/// Reads the answer to `GET /v1/sessions/<name>`: 200 with JSON `{"session": "…", "hash": "…"}`
/// -> the state; 404, or an error whose `msg` says "not found" -> nullopt; anything else an
/// error (`upload.cas`, with the CAS's message).
Result<std::optional<CasSessionState>> parseGetSessionResponse(int status, const QByteArray &body);

/// Reads the answer to `POST /session`: a 2xx JSON `{"hash": "…"}` -> the hash; a 2xx legacy
/// text (`Created Session[id=…, name=…, status=Pending]`) -> an empty string (read the hash
/// with GET then). An error whose message says "Invalid previous session digest" ->
/// `upload.conflict` (the session changed or exists: fetch its hash and retry as an update);
/// any other error `upload.cas` with the CAS's message.
Result<QString> parseCreateSessionResponse(int status, const QByteArray &body);

/// The messages of a CAS error body (`{"msg": ["…", "…"]}` joined with "; "), else the body's
/// first 300 characters of text.
QString casErrorMessage(const QByteArray &body);

}  // namespace workbench::models::build
