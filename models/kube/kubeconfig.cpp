// SPDX-License-Identifier: Apache-2.0
#include "kube/kubeconfig.h"

#include <openssl/crypto.h>

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

#include <yaml-cpp/yaml.h>

#include <string>

namespace workbench::models::kube {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Kubeconfig", text);
}

Error configError(const QString &message, const QString &path, const YAML::Mark &mark = YAML::Mark::null_mark())
{
    Error e = makeError(QStringLiteral("kube.config"), message);
    e.file = path;
    if (mark.line >= 0) {
        e.line = mark.line + 1;
        e.column = mark.column + 1;
    }
    return e;
}

// Holds one value read from the YAML tree: plain text, or a secret whose std::string copy is
// scrubbed once it has been moved into SecretBytes.
std::string scalarBytes(const YAML::Node &node)
{
    return node.IsScalar() ? node.Scalar() : std::string();
}

void scrub(std::string &s)
{
    if (!s.empty())
        OPENSSL_cleanse(s.data(), s.size());
}

class Reader
{
public:
    explicit Reader(const QString &path)
        : m_path(path)
        , m_dir(QFileInfo(path).absolutePath())
    {}

    Result<QString> text(const YAML::Node &map, const char *key);
    Result<bool> flag(const YAML::Node &map, const char *key);
    Result<QByteArray> base64(const YAML::Node &map, const char *key);
    Result<SharedSecret> secret(const YAML::Node &map, const char *key, bool base64Encoded);
    QString resolvePath(const QString &file) const;

    Result<KubeCluster> cluster(const YAML::Node &node);
    Result<KubeUser> user(const YAML::Node &node);
    Result<KubeContext> context(const YAML::Node &node);
    Result<KubeExecConfig> exec(const YAML::Node &node);

    template<typename T, typename ParseEntry>
    Status list(const YAML::Node &root, const char *key, const char *entryKey, QMap<QString, T> &into,
                QStringList &warnings, ParseEntry parseEntry);

private:
    QString m_path;
    QString m_dir;
};

Result<QString> Reader::text(const YAML::Node &map, const char *key)
{
    const YAML::Node n = map[key];
    if (!n.IsDefined() || n.IsNull())
        return QString();
    if (!n.IsScalar())
        return configError(tr("\"%1\" must be a text.").arg(QLatin1String(key)), m_path, n.Mark());
    return QString::fromStdString(n.Scalar());
}

Result<bool> Reader::flag(const YAML::Node &map, const char *key)
{
    auto t = text(map, key);
    if (!t)
        return t.error();
    const QString v = t->toLower();
    if (v.isEmpty() || v == QLatin1String("false") || v == QLatin1String("no") || v == QLatin1String("off"))
        return false;
    if (v == QLatin1String("true") || v == QLatin1String("yes") || v == QLatin1String("on"))
        return true;
    return configError(tr("\"%1\" must be true or false.").arg(QLatin1String(key)), m_path, map[key].Mark());
}

Result<QByteArray> Reader::base64(const YAML::Node &map, const char *key)
{
    const YAML::Node n = map[key];
    if (!n.IsDefined() || n.IsNull())
        return QByteArray();
    if (!n.IsScalar())
        return configError(tr("\"%1\" must be base64 text.").arg(QLatin1String(key)), m_path, n.Mark());
    QByteArray encoded = QByteArray::fromStdString(n.Scalar());
    encoded.replace('\n', QByteArray()).replace('\r', QByteArray()).replace(' ', QByteArray());
    auto decoded = QByteArray::fromBase64Encoding(encoded, QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return configError(tr("\"%1\" is not valid base64.").arg(QLatin1String(key)), m_path, n.Mark());
    return decoded.decoded;
}

Result<SharedSecret> Reader::secret(const YAML::Node &map, const char *key, bool base64Encoded)
{
    const YAML::Node n = map[key];
    if (!n.IsDefined() || n.IsNull())
        return SharedSecret();
    if (!n.IsScalar())
        return configError(tr("\"%1\" must be a text.").arg(QLatin1String(key)), m_path, n.Mark());
    std::string raw = scalarBytes(n);
    if (!base64Encoded) {
        auto s = std::make_shared<const certs::SecretBytes>(raw.data(), raw.size());
        scrub(raw);
        return SharedSecret(s);
    }
    // Decode without leaving plain copies behind: strip blanks in place, decode into a buffer
    // that is scrubbed after its bytes moved into SecretBytes.
    std::string compact;
    compact.reserve(raw.size());
    for (char c : raw)
        if (c != '\n' && c != '\r' && c != ' ' && c != '\t')
            compact += c;
    scrub(raw);
    auto decoded = QByteArray::fromBase64Encoding(QByteArray::fromRawData(compact.data(), qsizetype(compact.size())),
                                                  QByteArray::AbortOnBase64DecodingErrors);
    scrub(compact);
    if (!decoded)
        return configError(tr("\"%1\" is not valid base64.").arg(QLatin1String(key)), m_path, n.Mark());
    QByteArray plain = std::move(decoded.decoded);
    auto s = std::make_shared<const certs::SecretBytes>(plain.constData(), std::size_t(plain.size()));
    if (!plain.isEmpty())
        OPENSSL_cleanse(plain.data(), std::size_t(plain.size()));
    return SharedSecret(s);
}

QString Reader::resolvePath(const QString &file) const
{
    if (file.isEmpty() || QDir::isAbsolutePath(file))
        return file;
    return QDir::cleanPath(m_dir + QLatin1Char('/') + file);
}

#define WB_TRY(var, expr)                                                                                              \
    auto var##_r = (expr);                                                                                             \
    if (!var##_r)                                                                                                      \
        return var##_r.error();                                                                                        \
    auto var = std::move(var##_r).value()

Result<KubeCluster> Reader::cluster(const YAML::Node &n)
{
    KubeCluster c;
    WB_TRY(server, text(n, "server"));
    WB_TRY(caFile, text(n, "certificate-authority"));
    WB_TRY(caData, base64(n, "certificate-authority-data"));
    WB_TRY(insecure, flag(n, "insecure-skip-tls-verify"));
    WB_TRY(serverName, text(n, "tls-server-name"));
    WB_TRY(proxy, text(n, "proxy-url"));
    WB_TRY(noCompression, flag(n, "disable-compression"));
    c.server = server;
    c.certificateAuthorityFile = resolvePath(caFile);
    c.certificateAuthorityData = caData;
    c.insecureSkipTlsVerify = insecure;
    c.tlsServerName = serverName;
    c.proxyUrl = proxy;
    c.disableCompression = noCompression;
    c.origin = m_path;
    return c;
}

Result<KubeExecConfig> Reader::exec(const YAML::Node &n)
{
    KubeExecConfig e;
    WB_TRY(apiVersion, text(n, "apiVersion"));
    WB_TRY(command, text(n, "command"));
    WB_TRY(hint, text(n, "installHint"));
    WB_TRY(provide, flag(n, "provideClusterInfo"));
    WB_TRY(mode, text(n, "interactiveMode"));
    e.apiVersion = apiVersion;
    e.command = command.contains(QLatin1Char('/')) ? resolvePath(command) : command;
    e.installHint = hint;
    e.provideClusterInfo = provide;
    if (const YAML::Node args = n["args"]; args.IsDefined() && !args.IsNull()) {
        if (!args.IsSequence())
            return configError(tr("\"args\" of an exec plugin must be a list."), m_path, args.Mark());
        for (const YAML::Node &a : args) {
            if (!a.IsScalar())
                return configError(tr("Every exec plugin argument must be a text."), m_path, a.Mark());
            e.args.append(QString::fromStdString(a.Scalar()));
        }
    }
    if (const YAML::Node env = n["env"]; env.IsDefined() && !env.IsNull()) {
        if (!env.IsSequence())
            return configError(tr("\"env\" of an exec plugin must be a list of name and value."), m_path, env.Mark());
        for (const YAML::Node &v : env) {
            if (!v.IsMap())
                return configError(tr("Every \"env\" entry needs a name and a value."), m_path, v.Mark());
            WB_TRY(name, text(v, "name"));
            WB_TRY(value, text(v, "value"));
            e.env.append({name, value});
        }
    }
    if (mode.isEmpty()) {
        // client-go defaults it for the beta API only; v1 requires it (checked when used).
        e.interactiveMode = KubeExecConfig::InteractiveMode::IfAvailable;
    } else if (mode == QLatin1String("Never")) {
        e.interactiveMode = KubeExecConfig::InteractiveMode::Never;
    } else if (mode == QLatin1String("IfAvailable")) {
        e.interactiveMode = KubeExecConfig::InteractiveMode::IfAvailable;
    } else if (mode == QLatin1String("Always")) {
        e.interactiveMode = KubeExecConfig::InteractiveMode::Always;
    } else {
        return configError(tr("\"interactiveMode\" must be Never, IfAvailable or Always, not \"%1\".").arg(mode),
                           m_path, n["interactiveMode"].Mark());
    }
    if (mode.isEmpty() && apiVersion == QLatin1String(KubeExecConfig::v1)) {
        return configError(tr("\"interactiveMode\" must be given for an exec plugin of %1.").arg(apiVersion), m_path,
                           n.Mark());
    }
    return e;
}

Result<KubeUser> Reader::user(const YAML::Node &n)
{
    KubeUser u;
    WB_TRY(certFile, text(n, "client-certificate"));
    WB_TRY(certData, base64(n, "client-certificate-data"));
    WB_TRY(keyFile, text(n, "client-key"));
    WB_TRY(keyData, secret(n, "client-key-data", true));
    WB_TRY(token, secret(n, "token", false));
    WB_TRY(tokenFile, text(n, "tokenFile"));
    WB_TRY(username, text(n, "username"));
    WB_TRY(password, secret(n, "password", false));
    u.clientCertificateFile = resolvePath(certFile);
    u.clientCertificateData = certData;
    u.clientKeyFile = resolvePath(keyFile);
    u.clientKeyData = keyData;
    u.token = token;
    u.tokenFile = resolvePath(tokenFile);
    u.username = username;
    u.password = password;
    u.origin = m_path;
    if (const YAML::Node e = n["exec"]; e.IsDefined() && !e.IsNull()) {
        if (!e.IsMap())
            return configError(tr("\"exec\" must be a mapping."), m_path, e.Mark());
        WB_TRY(execConfig, exec(e));
        u.exec = execConfig;
    }
    if (const YAML::Node a = n["auth-provider"]; a.IsDefined() && a.IsMap()) {
        WB_TRY(providerName, text(a, "name"));
        u.authProvider = providerName.isEmpty() ? QStringLiteral("?") : providerName;
    }
    return u;
}

Result<KubeContext> Reader::context(const YAML::Node &n)
{
    KubeContext c;
    WB_TRY(clusterName, text(n, "cluster"));
    WB_TRY(userName, text(n, "user"));
    WB_TRY(ns, text(n, "namespace"));
    c.cluster = clusterName;
    c.user = userName;
    c.namespaceName = ns;
    c.origin = m_path;
    return c;
}

template<typename T, typename ParseEntry>
Status Reader::list(const YAML::Node &root, const char *key, const char *entryKey, QMap<QString, T> &into,
                    QStringList &warnings, ParseEntry parseEntry)
{
    const YAML::Node seq = root[key];
    if (!seq.IsDefined() || seq.IsNull())
        return Ok{};
    if (!seq.IsSequence())
        return configError(tr("\"%1\" must be a list.").arg(QLatin1String(key)), m_path, seq.Mark());
    for (const YAML::Node &item : seq) {
        if (!item.IsMap())
            return configError(tr("Every entry of \"%1\" must be a mapping with a name.").arg(QLatin1String(key)),
                               m_path, item.Mark());
        WB_TRY(name, text(item, "name"));
        if (name.isEmpty()) {
            warnings.append(tr("%1:%2: an entry of \"%3\" has no name and is ignored.")
                                .arg(m_path)
                                .arg(item.Mark().line + 1)
                                .arg(QLatin1String(key)));
            continue;
        }
        if (into.contains(name))
            return configError(tr("\"%1\" is named twice in \"%2\".").arg(name, QLatin1String(key)), m_path,
                               item.Mark());
        const YAML::Node body = item[entryKey];
        YAML::Node empty(YAML::NodeType::Map);
        if (body.IsDefined() && !body.IsNull() && !body.IsMap())
            return configError(tr("\"%1\" of \"%2\" must be a mapping.").arg(QLatin1String(entryKey), name), m_path,
                               body.Mark());
        auto entry = parseEntry(body.IsDefined() && body.IsMap() ? body : empty);
        if (!entry)
            return entry.error();
        T value = std::move(entry).value();
        value.name = name;
        into.insert(name, std::move(value));
    }
    return Ok{};
}

#undef WB_TRY

}  // namespace

Result<Kubeconfig> Kubeconfig::parse(const QByteArray &text, const QString &path)
{
    Reader reader(path);
    Kubeconfig config;
    config.m_files = {path};
    YAML::Node root;
    try {
        root = YAML::Load(std::string(text.constData(), std::size_t(text.size())));
    } catch (const YAML::Exception &e) {
        return configError(tr("The kubeconfig file is not valid YAML: %1").arg(QString::fromStdString(e.msg)), path,
                           e.mark);
    }
    if (root.IsNull())
        return config;
    if (!root.IsMap())
        return configError(tr("A kubeconfig file must be a mapping (apiVersion, clusters, users, contexts)."), path,
                           root.Mark());
    try {
        if (const YAML::Node cc = root["current-context"]; cc.IsDefined() && cc.IsScalar())
            config.m_currentContext = QString::fromStdString(cc.Scalar());
        Status s = reader.list(root, "clusters", "cluster", config.m_clusters, config.m_warnings,
                               [&](const YAML::Node &n) { return reader.cluster(n); });
        if (s)
            s = reader.list(root, "users", "user", config.m_users, config.m_warnings,
                            [&](const YAML::Node &n) { return reader.user(n); });
        if (s)
            s = reader.list(root, "contexts", "context", config.m_contexts, config.m_warnings,
                            [&](const YAML::Node &n) { return reader.context(n); });
        if (!s)
            return s.error();
    } catch (const YAML::Exception &e) {
        return configError(QString::fromStdString(e.msg), path, e.mark);
    }
    return config;
}

Kubeconfig Kubeconfig::merge(const QList<Kubeconfig> &files)
{
    Kubeconfig merged;
    for (const Kubeconfig &f : files) {
        if (merged.m_currentContext.isEmpty())
            merged.m_currentContext = f.m_currentContext;
        for (auto it = f.m_clusters.cbegin(); it != f.m_clusters.cend(); ++it)
            if (!merged.m_clusters.contains(it.key()))
                merged.m_clusters.insert(it.key(), it.value());
        for (auto it = f.m_users.cbegin(); it != f.m_users.cend(); ++it)
            if (!merged.m_users.contains(it.key()))
                merged.m_users.insert(it.key(), it.value());
        for (auto it = f.m_contexts.cbegin(); it != f.m_contexts.cend(); ++it)
            if (!merged.m_contexts.contains(it.key()))
                merged.m_contexts.insert(it.key(), it.value());
        merged.m_files += f.m_files;
        merged.m_missingFiles += f.m_missingFiles;
        merged.m_warnings += f.m_warnings;
    }
    return merged;
}

const KubeCluster *Kubeconfig::cluster(const QString &name) const
{
    const auto it = m_clusters.constFind(name);
    return it == m_clusters.constEnd() ? nullptr : &it.value();
}

const KubeUser *Kubeconfig::user(const QString &name) const
{
    const auto it = m_users.constFind(name);
    return it == m_users.constEnd() ? nullptr : &it.value();
}

const KubeContext *Kubeconfig::context(const QString &name) const
{
    const auto it = m_contexts.constFind(name);
    return it == m_contexts.constEnd() ? nullptr : &it.value();
}

}  // namespace workbench::models::kube
