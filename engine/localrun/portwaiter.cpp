// SPDX-License-Identifier: Apache-2.0
#include "localrun/portwaiter.h"

#include <QHostAddress>
#include <QTcpSocket>

namespace workbench::engine::localrun {

PortWaiter::PortWaiter(QString address, int port, int timeoutMs, int intervalMs, QObject *parent)
    : QObject(parent)
    , m_address(std::move(address))
    , m_port(port)
    , m_timeoutMs(std::max(0, timeoutMs))
    , m_intervalMs(std::max(1, intervalMs))
{
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &PortWaiter::attempt);
    m_deadline.setSingleShot(true);
    // A connect that hangs (a filtered port) does not hold the wait beyond its deadline.
    connect(&m_deadline, &QTimer::timeout, this, [this] {
        if (m_done)
            return;
        stop();
        Q_EMIT timedOut();
    });
}

PortWaiter::~PortWaiter()
{
    stop();
}

void PortWaiter::start()
{
    if (m_done || m_started)
        return;
    m_started = true;
    m_deadline.start(m_timeoutMs);
    attempt();
}

void PortWaiter::stop()
{
    m_done = true;
    m_retry.stop();
    m_deadline.stop();
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
        m_socket = nullptr;
    }
}

void PortWaiter::attempt()
{
    if (m_done)
        return;
    m_socket = new QTcpSocket(this);
    connect(m_socket, &QTcpSocket::connected, this, [this] {
        stop();
        Q_EMIT opened();
    });
    connect(m_socket, &QTcpSocket::errorOccurred, this, [this] { onAttemptFailed(); });
    m_socket->connectToHost(QHostAddress(m_address), quint16(m_port));
}

void PortWaiter::onAttemptFailed()
{
    if (m_done)
        return;
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->deleteLater();
        m_socket = nullptr;
    }
    m_retry.start(m_intervalMs);
}

}  // namespace workbench::engine::localrun
