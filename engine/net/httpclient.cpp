// SPDX-License-Identifier: Apache-2.0
#include "net/httpclient.h"

#include "core/mailbox.h"
#include "net/detail/curlloop.h"
#include "net/detail/transfer.h"

#include <atomic>
#include <mutex>

namespace workbench::engine::net {

namespace {
std::atomic<quint64> g_nextId{1};

void initCurl()
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}
}  // namespace

void HttpCall::cancel() const
{
    if (auto loop = m_loop.lock())
        loop->cancel(m_id);
}

HttpClient::HttpClient()
{
    initCurl();
    m_loop = std::make_shared<detail::CurlLoop>();
    m_loop->start();
}

HttpClient::~HttpClient()
{
    m_loop->stop();
}

HttpCall HttpClient::send(HttpRequest request, QObject *context,
                          std::function<void(const Result<HttpResponse> &)> onDone)
{
    const quint64 id = g_nextId.fetch_add(1);
    auto t = std::make_unique<detail::Transfer>(id, std::move(request), Mailbox::create(context), m_loop);
    t->setBuffered(std::move(onDone));
    m_loop->add(std::move(t));
    return HttpCall(m_loop, id);
}

HttpCall HttpClient::stream(HttpRequest request, QObject *context, HttpStreamHandler handler)
{
    const quint64 id = g_nextId.fetch_add(1);
    auto t = std::make_unique<detail::Transfer>(id, std::move(request), Mailbox::create(context), m_loop);
    t->setStreaming(std::move(handler));
    m_loop->add(std::move(t));
    return HttpCall(m_loop, id);
}

int HttpClient::activeCount() const
{
    return m_loop->activeCount();
}

QString HttpClient::curlVersion()
{
    initCurl();
    return QString::fromUtf8(curl_version());
}

bool HttpClient::supportsHttp2()
{
    initCurl();
    const curl_version_info_data *info = curl_version_info(CURLVERSION_NOW);
    return info && (info->features & CURL_VERSION_HTTP2);
}

}  // namespace workbench::engine::net
