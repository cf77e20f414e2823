// SPDX-License-Identifier: Apache-2.0
#include "build/pullsecret.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <string>

namespace workbench::models::build {

namespace {

/// A byte buffer scrubbed on destruction (the JSON is assembled in it).
class Buffer
{
public:
    Buffer() = default;
    Buffer(const Buffer &) = delete;
    Buffer &operator=(const Buffer &) = delete;
    ~Buffer() { OPENSSL_cleanse(m_data.data(), m_data.size()); }
    void append(const char *data, size_t size)
    {
        grow(size);
        m_data.append(data, size);
    }
    void append(const char *text) { append(text, std::char_traits<char>::length(text)); }
    void append(const QString &text)
    {
        const QByteArray utf8 = text.toUtf8();
        append(utf8.constData(), size_t(utf8.size()));
    }
    void appendJsonString(const char *data, size_t size)
    {
        append("\"");
        for (size_t i = 0; i < size; ++i) {
            const unsigned char c = static_cast<unsigned char>(data[i]);
            if (c == '"' || c == '\\') {
                const char esc[2] = {'\\', char(c)};
                append(esc, 2);
            } else if (c < 0x20) {
                char esc[7];
                static const char hex[] = "0123456789abcdef";
                esc[0] = '\\', esc[1] = 'u', esc[2] = '0', esc[3] = '0', esc[4] = hex[c >> 4], esc[5] = hex[c & 15];
                append(esc, 6);
            } else {
                const char ch = char(c);
                append(&ch, 1);
            }
        }
        append("\"");
    }
    void appendJsonString(const QString &text)
    {
        const QByteArray utf8 = text.toUtf8();
        appendJsonString(utf8.constData(), size_t(utf8.size()));
    }
    void appendBase64(const char *data, size_t size)
    {
        Buffer out;
        out.m_data.resize(4 * ((size + 2) / 3) + 1);
        const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char *>(out.m_data.data()),
                                      reinterpret_cast<const unsigned char *>(data), int(size));
        append(out.m_data.data(), size_t(n));
    }
    const char *data() const { return m_data.data(); }
    size_t size() const { return m_data.size(); }

private:
    /// Grows by copying into a fresh buffer and scrubbing the old one (std::string would free
    /// its old storage unscrubbed).
    void grow(size_t more)
    {
        if (m_data.size() + more <= m_data.capacity())
            return;
        std::string bigger;
        bigger.reserve(2 * (m_data.size() + more) + 64);
        bigger.assign(m_data.data(), m_data.size());
        OPENSSL_cleanse(m_data.data(), m_data.size());
        m_data.swap(bigger);
    }
    std::string m_data;
};

void appendAuths(Buffer &out, const QList<const RegistryCredential *> &credentials)
{
    out.append("{\"auths\":{");
    QStringList seen;
    for (const RegistryCredential *c : credentials) {
        if (!c || seen.contains(c->registry))
            continue;
        if (!seen.isEmpty())
            out.append(",");
        seen << c->registry;
        out.appendJsonString(dockerConfigKey(c->registry));
        out.append(":{\"username\":");
        out.appendJsonString(c->username);
        out.append(",\"password\":");
        out.appendJsonString(c->password.data(), size_t(c->password.size()));
        out.append(",\"auth\":\"");
        Buffer pair;
        pair.append(c->username);
        pair.append(":");
        pair.append(c->password.data(), size_t(c->password.size()));
        out.appendBase64(pair.data(), pair.size());
        out.append("\"}");
    }
    out.append("}}");
}

}  // namespace

QString dockerConfigKey(const QString &registry)
{
    if (registry == QLatin1String("docker.io") || registry == QLatin1String("index.docker.io") ||
        registry == QLatin1String("registry-1.docker.io"))
        return QStringLiteral("https://index.docker.io/v1/");
    return registry;
}

certs::SecretBytes dockerConfigJson(const QList<const RegistryCredential *> &credentials)
{
    Buffer out;
    appendAuths(out, credentials);
    return certs::SecretBytes(out.data(), out.size());
}

certs::SecretBytes pullSecretObject(const QString &name, const QString &kubeNamespace,
                                    const QList<const RegistryCredential *> &credentials)
{
    Buffer config;
    appendAuths(config, credentials);
    Buffer out;
    out.append("{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":");
    out.appendJsonString(name);
    out.append(",\"namespace\":");
    out.appendJsonString(kubeNamespace);
    out.append(",\"labels\":{\"app.kubernetes.io/managed-by\":\"scone-workbench\"}},"
               "\"type\":\"kubernetes.io/dockerconfigjson\",\"data\":{\".dockerconfigjson\":\"");
    out.appendBase64(config.data(), config.size());
    out.append("\"}}");
    return certs::SecretBytes(out.data(), out.size());
}

}  // namespace workbench::models::build
