// SPDX-License-Identifier: Apache-2.0
// What the tests that run the example project locally (real redis-server with TLS and the Flask
// API in bubblewrap) share: the tool check, free ports, and HTTPS requests verified against the
// CA a run issued.
#pragma once

#include <QByteArray>
#include <QSslCertificate>
#include <QString>
#include <QStringList>

namespace workbench::test {

/// True when CI demands the local-run tools (WORKBENCH_REQUIRE_LOCAL_RUN_TOOLS=1): a missing tool
/// then fails the test instead of skipping it.
bool localRunToolsRequired();

/// What a local run of the example needs and this machine lacks (bwrap, redis-server, Debian's
/// python3 with flask and redis), as Debian package names; empty when everything is there.
QStringList missingLocalRunTools();

/// The message a test skips (or fails) with when @p missing is not empty.
QString missingLocalRunToolsMessage(const QStringList &missing);

/// A TCP port that was free a moment ago (the OS picked it; free again once this returns).
quint16 freeTcpPort();

/// The names in the file system's root folder (a local run must add none).
QStringList rootEntries();

struct HttpsReply {
    int status = 0;
    QByteArray body;
    QString error;
};

/// An HTTPS request to @p address:@p port, verifying the server as @p name against @p ca (a JSON
/// body when @p body is not empty); waits up to 30 s.
HttpsReply httpsRequest(const QByteArray &verb, const QString &address, int port, const QString &path,
                        const QString &name, const QSslCertificate &ca, const QByteArray &body = {});

}  // namespace workbench::test
