// SPDX-License-Identifier: Apache-2.0
#pragma once

// Every libcurl handle the engine touches, wrapped once (like certs/opensslhandles.h).

#include "certs/opensslhandles.h"

#include <curl/curl.h>

#include <openssl/crypto.h>

#include <cstring>

namespace workbench::engine::net {

namespace detail {
inline void freeEasy(CURL *h)
{
    curl_easy_cleanup(h);
}
inline void freeMulti(CURLM *h)
{
    curl_multi_cleanup(h);
}
inline void freeSlist(curl_slist *l)
{
    curl_slist_free_all(l);
}
/// For header lists that carry a secret (Authorization): scrub curl's copies before freeing.
inline void freeSecretSlist(curl_slist *l)
{
    for (curl_slist *i = l; i; i = i->next)
        if (i->data)
            OPENSSL_cleanse(i->data, std::strlen(i->data));
    curl_slist_free_all(l);
}
}  // namespace detail

using CurlEasyPtr = models::certs::UniqueResource<CURL, detail::freeEasy>;
using CurlMultiPtr = models::certs::UniqueResource<CURLM, detail::freeMulti>;
using CurlSlistPtr = models::certs::UniqueResource<curl_slist, detail::freeSlist>;
using SecretCurlSlistPtr = models::certs::UniqueResource<curl_slist, detail::freeSecretSlist>;

/// Appends to @p list (which may hold null); false when curl could not allocate.
template<typename Ptr> bool appendToSlist(Ptr &list, const char *line)
{
    curl_slist *next = curl_slist_append(list.get(), line);
    if (!next)
        return false;
    list.release();
    list.reset(next);
    return true;
}

}  // namespace workbench::engine::net
