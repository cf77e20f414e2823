// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"
#include "net/curlhandles.h"
#include "net/httprequest.h"
#include "net/httpresponse.h"
#include "net/httpstreamhandler.h"

#include <QMutex>

#include <atomic>
#include <functional>
#include <memory>

namespace workbench::engine {
class Mailbox;
}

namespace workbench::engine::net::detail {

class CurlLoop;

/// Shared between the I/O thread and the consumer's thread for one streaming request.
struct StreamBuffer {
    QMutex mutex;
    QByteArray pending;                 // guarded by mutex: received, not yet handed to onData
    bool deliveryQueued = false;        // guarded by mutex
    std::atomic<qint64> unconsumed{0};  ///< received bytes onData has not returned from yet
    std::atomic<bool> paused{false};    ///< the write callback returned CURL_WRITEFUNC_PAUSE
};

/// One request on the I/O thread: the easy handle, what it needs to stay alive, and the
/// response being assembled. Everything except `buffer` and `mailbox` is touched only by the
/// I/O thread; consumer callbacks are only ever invoked through the mailbox.
class Transfer
{
public:
    Transfer(quint64 id, HttpRequest request, std::shared_ptr<Mailbox> mailbox, std::weak_ptr<CurlLoop> loop);
    ~Transfer();

    /// Builds the easy handle; an Error for requests that cannot be made.
    Status prepare();

    quint64 id() const { return m_id; }
    CURL *easy() const { return m_easy.get(); }
    const std::shared_ptr<Mailbox> &mailbox() const { return m_mailbox; }
    bool isStreaming() const { return bool(m_stream); }

    void setBuffered(std::function<void(const Result<HttpResponse> &)> onDone);
    void setStreaming(HttpStreamHandler handler);

    /// Posts the outcome to the consumer (once).
    void complete(CURLcode code);
    void completeWithError(const Error &error);
    /// I/O thread: resumes a paused stream.
    void resume();

private:
    static size_t onWrite(char *data, size_t size, size_t count, void *self);
    static size_t onHeader(char *data, size_t size, size_t count, void *self);
    size_t write(const char *data, size_t size);
    void header(const char *data, size_t size);
    void deliverHead();
    QString target() const;

    const quint64 m_id;
    HttpRequest m_request;
    std::shared_ptr<Mailbox> m_mailbox;
    std::weak_ptr<CurlLoop> m_loop;
    CurlEasyPtr m_easy;
    SecretCurlSlistPtr m_headers;
    CurlSlistPtr m_connectTo;
    QByteArray m_url;
    QByteArray m_proxy;
    char m_errorBuffer[CURL_ERROR_SIZE] = {};

    HttpResponseHead m_head;
    bool m_headDone = false;
    bool m_headDelivered = false;
    bool m_tooLarge = false;
    bool m_completed = false;
    QByteArray m_body;

    std::function<void(const Result<HttpResponse> &)> m_onDone;
    std::shared_ptr<HttpStreamHandler> m_handler;
    std::shared_ptr<StreamBuffer> m_stream;
};

}  // namespace workbench::engine::net::detail
