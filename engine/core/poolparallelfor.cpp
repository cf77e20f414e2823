// SPDX-License-Identifier: Apache-2.0
#include "core/poolparallelfor.h"

#include <QSemaphore>
#include <QThreadPool>

#include <algorithm>
#include <atomic>

namespace workbench::engine {

models::ParallelFor parallelForOn(QThreadPool *pool)
{
    if (!pool)
        return {};
    return [pool](qsizetype count, const std::function<void(qsizetype)> &body) {
        std::atomic<qsizetype> next{0};
        auto work = [&next, &body, count] {
            for (qsizetype i = next++; i < count; i = next++)
                body(i);
        };
        // Helpers only on free threads (tryStart never queues): the calling thread does the rest,
        // so this never waits for a queue, even when it runs on a pool thread itself.
        // The hand-over and the join are also made explicit with atomics (release, acquire):
        // QThreadPool and QSemaphore order them already, but a thread sanitizer does not see
        // inside Qt, and would report every result a helper hands back as a race.
        std::atomic<int> handedOver{0}, finished{0};
        QSemaphore done;
        int started = 0;
        const qsizetype wanted = std::min<qsizetype>(count - 1, pool->maxThreadCount());
        handedOver.store(1, std::memory_order_release);
        for (qsizetype h = 0; h < wanted; ++h) {
            if (!pool->tryStart([&work, &done, &handedOver, &finished] {
                    (void)handedOver.load(std::memory_order_acquire);
                    work();
                    finished.fetch_add(1, std::memory_order_release);
                    done.release();
                }))
                break;
            ++started;
        }
        work();
        done.acquire(started);  // the helpers read `next` and `body`, which live on this stack
        (void)finished.load(std::memory_order_acquire);
    };
}

}  // namespace workbench::engine
