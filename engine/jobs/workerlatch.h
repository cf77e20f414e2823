// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QMutex>
#include <QWaitCondition>

namespace workbench::engine::jobs {

/// Set once by a worker when it has returned; lets an owner wait for it with a bound.
class WorkerLatch
{
public:
    void release()
    {
        QMutexLocker lock(&m_mutex);
        m_released = true;
        m_condition.wakeAll();
    }
    /// True if released within @p timeoutMs.
    bool wait(int timeoutMs)
    {
        QMutexLocker lock(&m_mutex);
        if (!m_released)
            m_condition.wait(&m_mutex, QDeadlineTimer(timeoutMs));
        return m_released;
    }
    bool isReleased() const
    {
        QMutexLocker lock(&m_mutex);
        return m_released;
    }

private:
    mutable QMutex m_mutex;
    QWaitCondition m_condition;
    bool m_released = false;  // guarded by m_mutex
};

}  // namespace workbench::engine::jobs
