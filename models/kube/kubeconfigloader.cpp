// SPDX-License-Identifier: Apache-2.0
#include "kube/kubeconfigloader.h"

#include "core/boundedfile.h"

#include <openssl/crypto.h>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace workbench::models::kube {

namespace {

constexpr qint64 kMaxKubeconfigBytes = 16 << 20;

QString tr(const char *text)
{
    return QCoreApplication::translate("Kubeconfig", text);
}

Error fileError(const QString &message, const QString &path, const QString &detail = {})
{
    Error e = makeError(QStringLiteral("kube.config"), message, detail);
    e.file = path;
    return e;
}

}  // namespace

QStringList KubeconfigLoader::precedence(const QString &explicitFile, const QString &kubeconfigVariable,
                                         const QString &home)
{
    if (!explicitFile.isEmpty())
        return {explicitFile};
    if (!kubeconfigVariable.isEmpty()) {
        QStringList files;
        for (const QString &f : kubeconfigVariable.split(QDir::listSeparator())) {
            if (!f.isEmpty() && !files.contains(f))
                files.append(f);
        }
        return files;
    }
    if (home.isEmpty())
        return {};
    return {QDir(home).filePath(QStringLiteral(".kube/config"))};
}

Result<Kubeconfig> KubeconfigLoader::readFile(const QString &path)
{
    // Bounded, regular files only: $KUBECONFIG may name a FIFO or a device.
    Result<QByteArray> read = readFileBounded(path, kMaxKubeconfigBytes);
    if (!read.ok())
        return fileError(read.error().message, path);
    QByteArray text = std::move(read).value();
    auto parsed = Kubeconfig::parse(text, path);
    // The text holds keys and tokens: it is ours alone (read() returns a fresh buffer).
    if (!text.isEmpty())
        OPENSSL_cleanse(text.data(), std::size_t(text.size()));
    return parsed;
}

Result<Kubeconfig> KubeconfigLoader::load(const QString &explicitFile, const QString &kubeconfigVariable,
                                          const QString &home)
{
    const QStringList files = precedence(explicitFile, kubeconfigVariable, home);
    if (!explicitFile.isEmpty() && !QFileInfo::exists(explicitFile))
        return fileError(tr("The kubeconfig file %1 does not exist.").arg(explicitFile), explicitFile);
    QList<Kubeconfig> configs;
    QStringList missing;
    for (const QString &f : files) {
        if (!QFileInfo::exists(f)) {
            missing.append(f);
            continue;
        }
        auto config = readFile(f);
        if (!config)
            return config.error();
        configs.append(std::move(config).value());
    }
    Kubeconfig merged = Kubeconfig::merge(configs);
    merged.setMissingFiles(missing);
    return merged;
}

Result<Kubeconfig> KubeconfigLoader::loadFromEnvironment(const QString &explicitFile)
{
    return load(explicitFile, qEnvironmentVariable("KUBECONFIG"), QDir::homePath());
}

}  // namespace workbench::models::kube
