// SPDX-License-Identifier: Apache-2.0
#include "imagebuildenv.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>

#include <cstring>
#include <elf.h>

namespace workbench::test {

namespace {

bool writeText(const QString &path, const QByteArray &text)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
}

/// True for an ELF executable without a program interpreter (statically linked).
bool isStaticElf(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return false;
    const QByteArray bytes = f.readAll();
    if (bytes.size() < qsizetype(sizeof(Elf64_Ehdr)) || !bytes.startsWith(ELFMAG) || bytes.at(EI_CLASS) != ELFCLASS64)
        return false;
    Elf64_Ehdr header;
    memcpy(&header, bytes.constData(), sizeof header);
    for (int i = 0; i < header.e_phnum; ++i) {
        const qsizetype at = qsizetype(header.e_phoff) + qsizetype(i) * header.e_phentsize;
        if (at + qsizetype(sizeof(Elf64_Phdr)) > bytes.size())
            return false;
        Elf64_Phdr ph;
        memcpy(&ph, bytes.constData() + at, sizeof ph);
        if (ph.p_type == PT_INTERP)
            return false;
    }
    return true;
}

QNetworkReply *waitFor(QNetworkReply *reply)
{
    QSignalSpy done(reply, &QNetworkReply::finished);
    if (!reply->isFinished())
        done.wait(30000);
    return reply;
}

}  // namespace

QString ImageBuildEnvironment::Run::describe() const
{
    return QStringLiteral("exit %1\n--- stdout\n%2\n--- stderr\n%3")
        .arg(exitCode)
        .arg(QString::fromUtf8(out), QString::fromUtf8(err));
}

ImageBuildEnvironment::ImageBuildEnvironment() = default;

ImageBuildEnvironment::~ImageBuildEnvironment()
{
    if (!m_registry.isEmpty()) {
        // Leave nothing in the storage that only buildah can remove (rootless layers).
        run(QStringLiteral("buildah"), {QStringLiteral("rm"), QStringLiteral("--all")}, {}, 60000);
        run(QStringLiteral("buildah"), {QStringLiteral("rmi"), QStringLiteral("--all"), QStringLiteral("--force")}, {},
            60000);
    }
    if (m_registryProcess.state() != QProcess::NotRunning) {
        m_registryProcess.terminate();
        if (!m_registryProcess.waitForFinished(5000)) {
            m_registryProcess.kill();
            m_registryProcess.waitForFinished(5000);
        }
    }
}

QStringList ImageBuildEnvironment::missingTools()
{
    QStringList missing;
    for (const char *tool : {"buildah", "docker-registry"})
        if (QStandardPaths::findExecutable(QLatin1String(tool)).isEmpty())
            missing << QLatin1String(tool);
    const QString busybox = QStandardPaths::findExecutable(QStringLiteral("busybox"));
    if (busybox.isEmpty() || !isStaticElf(busybox))
        missing << QStringLiteral("busybox-static");
    return missing;
}

bool ImageBuildEnvironment::start()
{
    if (!m_dir.isValid()) {
        m_error = QStringLiteral("no temporary folder");
        return false;
    }
    const QString root = m_dir.path();
    const QByteArray storage = "[storage]\ndriver = \"vfs\"\ngraphroot = \"" +
                               (root + QStringLiteral("/storage")).toUtf8() + "\"\nrunroot = \"" +
                               (root + QStringLiteral("/run")).toUtf8() + "\"\n";
    const QByteArray registryConfig =
        "version: 0.1\nlog:\n  level: info\nstorage:\n  filesystem:\n    rootdirectory: " +
        (root + QStringLiteral("/registry-data")).toUtf8() + "\nhttp:\n  addr: 127.0.0.1:0\n  secret: workbench-test\n";
    // buildah refuses a REGISTRY_AUTH_FILE that does not exist: an empty one keeps the user's out.
    if (!writeText(path(QStringLiteral("storage.conf")), storage) ||
        !writeText(path(QStringLiteral("auth.json")), "{\"auths\": {}}\n") ||
        !writeText(path(QStringLiteral("registry.yml")), registryConfig)) {
        m_error = QStringLiteral("cannot write the configuration files");
        return false;
    }
    m_registryProcess.setProcessChannelMode(QProcess::MergedChannels);
    m_registryProcess.start(QStringLiteral("docker-registry"),
                            {QStringLiteral("serve"), path(QStringLiteral("registry.yml"))});
    QByteArray log;
    static const QRegularExpression listening(QStringLiteral("listening on 127\\.0\\.0\\.1:(\\d+)"));
    QElapsedTimer clock;
    clock.start();
    QRegularExpressionMatch m;
    while (!(m = listening.match(QString::fromUtf8(log))).hasMatch() && clock.elapsed() < 30000 &&
           m_registryProcess.state() != QProcess::NotRunning) {
        m_registryProcess.waitForReadyRead(1000);
        log += m_registryProcess.readAll();
    }
    if (!m.hasMatch()) {
        m_error = QStringLiteral("docker-registry did not start: %1").arg(QString::fromUtf8(log));
        return false;
    }
    m_registry = QStringLiteral("127.0.0.1:") + m.captured(1);
    const QByteArray registries = "unqualified-search-registries = []\n\n[[registry]]\nlocation = \"" +
                                  m_registry.toUtf8() + "\"\ninsecure = true\n";
    if (!writeText(path(QStringLiteral("registries.conf")), registries)) {
        m_error = QStringLiteral("cannot write registries.conf");
        return false;
    }
    m_env = QProcessEnvironment::systemEnvironment();
    m_env.insert(QStringLiteral("CONTAINERS_STORAGE_CONF"), path(QStringLiteral("storage.conf")));
    m_env.insert(QStringLiteral("CONTAINERS_REGISTRIES_CONF"), path(QStringLiteral("registries.conf")));
    m_env.insert(QStringLiteral("BUILDAH_ISOLATION"), QStringLiteral("chroot"));
    m_env.insert(QStringLiteral("REGISTRY_AUTH_FILE"), path(QStringLiteral("auth.json")));
    return true;
}

ImageBuildEnvironment::Run ImageBuildEnvironment::run(const QString &program, const QStringList &args,
                                                      const QString &workDir, int timeoutMs) const
{
    Run r;
    QProcess p;
    p.setProcessEnvironment(m_env);
    if (!workDir.isEmpty())
        p.setWorkingDirectory(workDir);
    p.start(program, args);
    if (!p.waitForStarted(30000)) {
        r.err = p.errorString().toUtf8();
        return r;
    }
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(5000);
        r.err = "timed out\n" + p.readAllStandardError();
        return r;
    }
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    return r;
}

QString ImageBuildEnvironment::buildBaseImage(const QString &repository, const QString &tag)
{
    const QString context = path(QStringLiteral("base-context"));
    const QString busybox = QStandardPaths::findExecutable(QStringLiteral("busybox"));
    if (!QDir().mkpath(context + QStringLiteral("/bin")) ||
        !QFile::copy(busybox, context + QStringLiteral("/bin/busybox")) ||
        !writeText(context + QStringLiteral("/Containerfile"),
                   "FROM scratch\nCOPY bin/busybox /bin/busybox\nRUN [\"/bin/busybox\", \"--install\", \"-s\", "
                   "\"/bin\"]\n")) {
        m_error = QStringLiteral("cannot prepare the base image context");
        return {};
    }
    const QString reference = m_registry + QLatin1Char('/') + repository + QLatin1Char(':') + tag;
    Run built = run(QStringLiteral("buildah"),
                    {QStringLiteral("bud"), QStringLiteral("--file"), context + QStringLiteral("/Containerfile"),
                     QStringLiteral("--tag"), reference, context});
    if (built.exitCode != 0) {
        m_error = QStringLiteral("building the base image failed: ") + built.describe();
        return {};
    }
    Run pushed = run(QStringLiteral("buildah"), {QStringLiteral("push"), reference});
    if (pushed.exitCode != 0) {
        m_error = QStringLiteral("pushing the base image failed: ") + pushed.describe();
        return {};
    }
    return reference;
}

QStringList ImageBuildEnvironment::tags(const QString &repository) const
{
    QNetworkAccessManager nam;
    QNetworkRequest request(QUrl(QStringLiteral("http://%1/v2/%2/tags/list").arg(m_registry, repository)));
    QNetworkReply *reply = waitFor(nam.get(request));
    QStringList out;
    for (const QJsonValue &v :
         QJsonDocument::fromJson(reply->readAll()).object().value(QStringLiteral("tags")).toArray())
        out << v.toString();
    reply->deleteLater();
    return out;
}

QJsonObject ImageBuildEnvironment::imageConfig(const QString &repository, const QString &tag) const
{
    QNetworkAccessManager nam;
    QNetworkRequest request(QUrl(QStringLiteral("http://%1/v2/%2/manifests/%3").arg(m_registry, repository, tag)));
    request.setRawHeader("Accept", "application/vnd.oci.image.manifest.v1+json, "
                                   "application/vnd.docker.distribution.manifest.v2+json");
    QNetworkReply *reply = waitFor(nam.get(request));
    const QString configDigest = QJsonDocument::fromJson(reply->readAll())
                                     .object()
                                     .value(QStringLiteral("config"))
                                     .toObject()
                                     .value(QStringLiteral("digest"))
                                     .toString();
    reply->deleteLater();
    if (configDigest.isEmpty())
        return {};
    QNetworkReply *blob = waitFor(nam.get(
        QNetworkRequest(QUrl(QStringLiteral("http://%1/v2/%2/blobs/%3").arg(m_registry, repository, configDigest)))));
    const QJsonObject config = QJsonDocument::fromJson(blob->readAll()).object();
    blob->deleteLater();
    return config;
}

QString ImageBuildEnvironment::manifestDigest(const QString &repository, const QString &tag) const
{
    QNetworkAccessManager nam;
    QNetworkRequest request(QUrl(QStringLiteral("http://%1/v2/%2/manifests/%3").arg(m_registry, repository, tag)));
    request.setRawHeader("Accept", "application/vnd.oci.image.manifest.v1+json, "
                                   "application/vnd.docker.distribution.manifest.v2+json");
    QNetworkReply *reply = waitFor(nam.head(request));
    const QString digest = QString::fromLatin1(reply->rawHeader("Docker-Content-Digest"));
    reply->deleteLater();
    return digest;
}

}  // namespace workbench::test
