// SPDX-License-Identifier: Apache-2.0
#include "core/mailbox.h"

#include <QObject>

namespace workbench::engine {

std::shared_ptr<Mailbox> Mailbox::create(QObject *receiver)
{
    std::shared_ptr<Mailbox> box(new Mailbox);
    box->m_receiver = receiver;
    if (receiver) {
        std::weak_ptr<Mailbox> weak = box;
        // Direct: runs in the receiver's destructor (its own thread), before Qt drops its
        // pending events, so no post() can slip in afterwards.
        box->m_destroyedConnection = QObject::connect(
            receiver, &QObject::destroyed, receiver,
            [weak] {
                if (auto b = weak.lock())
                    b->close();
            },
            Qt::DirectConnection);
    }
    return box;
}

Mailbox::~Mailbox()
{
    // Connections accumulate on long-lived receivers otherwise (one per request).
    QObject::disconnect(m_destroyedConnection);
}

bool Mailbox::post(std::function<void()> fn)
{
    QMutexLocker lock(&m_mutex);
    if (!m_receiver)
        return false;
    return QMetaObject::invokeMethod(m_receiver, std::move(fn), Qt::QueuedConnection);
}

void Mailbox::close()
{
    QMutexLocker lock(&m_mutex);
    m_receiver = nullptr;
}

bool Mailbox::isOpen() const
{
    QMutexLocker lock(&m_mutex);
    return m_receiver != nullptr;
}

QObject *Mailbox::receiver() const
{
    QMutexLocker lock(&m_mutex);
    return m_receiver;
}

}  // namespace workbench::engine
