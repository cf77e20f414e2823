// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

#include <cstddef>
#include <vector>

namespace workbench::models::certs {

/// A passphrase or other secret byte string that this code owns and scrubs with
/// OPENSSL_cleanse when it is destroyed or overwritten. Move-only: a copy would be one more
/// buffer to forget. (Not a QByteArray: implicit sharing defeats zeroing.)
class SecretBytes
{
public:
    SecretBytes() = default;
    SecretBytes(const char *data, std::size_t size);
    static SecretBytes fromString(const QString &text);  ///< UTF-8
    ~SecretBytes();

    SecretBytes(SecretBytes &&other) noexcept;
    SecretBytes &operator=(SecretBytes &&other) noexcept;
    SecretBytes(const SecretBytes &) = delete;
    SecretBytes &operator=(const SecretBytes &) = delete;

    /// NUL-terminated (the terminator is not counted in size()).
    const char *data() const { return m_data.empty() ? "" : m_data.data(); }
    int size() const { return m_data.empty() ? 0 : int(m_data.size() - 1); }
    bool isEmpty() const { return size() == 0; }
    void clear();

private:
    std::vector<char> m_data;  // content + '\0', or empty
};

}  // namespace workbench::models::certs
