// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QMetaObject>
#include <QMutex>

#include <functional>
#include <memory>

class QObject;

namespace workbench::engine {

/// Posts functions from any thread to run on the thread of a receiver QObject (queued), safely
/// even while the receiver is being destroyed: once the receiver is gone (or close() was called)
/// post() does nothing and returns false. Calls already queued when the receiver dies are
/// dropped by Qt with it. This is how workers, the process I/O threads and the HTTP I/O thread
/// hand results to their owners without racing the owners' destructors.
class Mailbox
{
public:
    /// Call on any thread while @p receiver is alive.
    static std::shared_ptr<Mailbox> create(QObject *receiver);
    ~Mailbox();
    Mailbox(const Mailbox &) = delete;
    Mailbox &operator=(const Mailbox &) = delete;

    /// Queues @p fn to run on the receiver's thread. Thread-safe.
    bool post(std::function<void()> fn);
    /// Stops delivery (idempotent, thread-safe).
    void close();
    bool isOpen() const;
    QObject *receiver() const;

private:
    Mailbox() = default;
    mutable QMutex m_mutex;
    QObject *m_receiver = nullptr;  // guarded by m_mutex; null once closed
    QMetaObject::Connection m_destroyedConnection;
};

}  // namespace workbench::engine
