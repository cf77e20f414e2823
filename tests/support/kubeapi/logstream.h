// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "containerlog.h"

#include <QObject>
#include <QPointer>

#include <memory>

namespace kubetest {

class ClusterState;
class HttpConnection;

/// One GET .../pods/NAME/log response: the selected lines of one container instance, then
/// (with follow) what is appended, until the instance ends. Writes as fast as the client reads.
class LogStream : public QObject
{
    Q_OBJECT

public:
    struct Options {
        QString namespaceName;
        QString pod;
        QString container;
        bool follow = false;
        bool timestamps = false;
        qint64 limitBytes = -1;
        /// The instance has already ended (previous=true, completed init container).
        bool ended = false;
    };

    LogStream(HttpConnection *connection, ClusterState *state, std::shared_ptr<ContainerLog> log, qsizetype first,
              qint64 since, Options options, QObject *parent = nullptr);

    const Options &options() const { return m_options; }
    /// Cuts the connection, optionally in the middle of the next line.
    void cut(bool midLine);

private:
    void pump();
    void finish();

    QPointer<HttpConnection> m_connection;
    std::shared_ptr<ContainerLog> m_log;
    qsizetype m_next;
    qint64 m_since;
    qint64 m_sent = 0;
    Options m_options;
    bool m_instanceEnded;
    bool m_done = false;
};

}  // namespace kubetest
