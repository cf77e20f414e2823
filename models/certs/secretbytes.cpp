// SPDX-License-Identifier: Apache-2.0
#include "certs/secretbytes.h"

#include <openssl/crypto.h>

#include <QByteArray>

#include <cstring>
#include <utility>

namespace workbench::models::certs {

SecretBytes::SecretBytes(const char *data, std::size_t size)
{
    m_data.resize(size + 1);
    if (size)
        std::memcpy(m_data.data(), data, size);
    m_data[size] = '\0';
}

SecretBytes SecretBytes::fromString(const QString &text)
{
    QByteArray utf8 = text.toUtf8();
    SecretBytes s(utf8.constData(), std::size_t(utf8.size()));
    // The temporary is ours alone (toUtf8 returns a fresh buffer): scrub it too.
    if (!utf8.isEmpty())
        OPENSSL_cleanse(utf8.data(), std::size_t(utf8.size()));
    return s;
}

SecretBytes::~SecretBytes()
{
    clear();
}

SecretBytes::SecretBytes(SecretBytes &&other) noexcept
    : m_data(std::move(other.m_data))
{
    other.m_data.clear();
}

SecretBytes &SecretBytes::operator=(SecretBytes &&other) noexcept
{
    if (this != &other) {
        clear();
        m_data = std::move(other.m_data);
        other.m_data.clear();
    }
    return *this;
}

void SecretBytes::clear()
{
    if (!m_data.empty())
        OPENSSL_cleanse(m_data.data(), m_data.size());
    m_data.clear();
}

}  // namespace workbench::models::certs
