// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QObject>
#include <QString>
#include <QTimer>

class QTcpSocket;

namespace workbench::engine::localrun {

/// Waits until a TCP port accepts connections, as the chart's init containers wait in the
/// cluster: a connect to @p address:@p port every interval, until one succeeds (opened()) or
/// the timeout passes (timedOut()). Each signal at most once; nothing after stop(). Lives on its
/// owner's thread and never blocks it.
class PortWaiter : public QObject
{
    Q_OBJECT
public:
    PortWaiter(QString address, int port, int timeoutMs, int intervalMs, QObject *parent = nullptr);
    ~PortWaiter() override;

    QString address() const { return m_address; }
    int port() const { return m_port; }
    bool isDone() const { return m_done; }

    void start();
    void stop();

Q_SIGNALS:
    void opened();
    void timedOut();

private:
    void attempt();
    void onAttemptFailed();

    QString m_address;
    int m_port;
    int m_timeoutMs;
    int m_intervalMs;
    QTimer m_retry;
    QTimer m_deadline;
    bool m_started = false;
    QTcpSocket *m_socket = nullptr;
    bool m_done = false;
};

}  // namespace workbench::engine::localrun
