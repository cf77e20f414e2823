// SPDX-License-Identifier: Apache-2.0
#include "kube/kubeauth.h"

#include "core/errorcodes.h"
#include "kube/execcredential.h"
#include "process/process.h"

#include <openssl/crypto.h>

#include <QCoreApplication>
#include <QFile>
#include <QTimer>

namespace workbench::engine::kube {

using models::kube::ExecCredential;
using models::kube::KubeExecConfig;
using models::kube::SharedSecret;

namespace {

constexpr int kTokenFileRereadSecs = 60;  // client-go's cachingTokenSource period
constexpr qint64 kMaxTokenFile = 1 << 20;

Error execError(const QString &message, const QString &detail = {})
{
    return makeError(QString(errc::kubeExec), message, detail);
}

}  // namespace

KubeAuth::KubeAuth(models::kube::KubeConnection connection, QObject *parent)
    : QObject(parent)
    , m_connection(std::move(connection))
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
{
    if (!m_connection.tokenFile.isEmpty())
        m_tokenReadAt = QDateTime::currentDateTimeUtc();  // resolve() read it just now
}

KubeAuth::~KubeAuth()
{
    m_waiters.clear();
    if (m_plugin) {
        m_plugin->disconnect(this);
        delete m_plugin;  // stops a plugin that still runs
    }
}

KubeCredentials KubeAuth::make(QByteArray clientCertPem, SharedSecret clientKey, SharedSecret token, QString source)
{
    auto tls = std::make_shared<net::TlsConfig>();
    tls->caPem = m_connection.certificateAuthorityPem;
    tls->clientCertPem = std::move(clientCertPem);
    tls->clientKeyPem = std::move(clientKey);
    tls->serverName = m_connection.tlsServerName;
    tls->insecureSkipVerify = m_connection.insecureSkipTlsVerify;
    KubeCredentials c;
    c.tls = std::move(tls);
    c.bearerToken = std::move(token);
    c.source = std::move(source);
    c.generation = ++m_generation;
    return c;
}

Result<KubeCredentials> KubeAuth::staticCredentials()
{
    const QDateTime now = m_clock();
    if (m_cached && (m_connection.tokenFile.isEmpty() ||
                     (m_tokenReadAt.isValid() && m_tokenReadAt.secsTo(now) < kTokenFileRereadSecs)))
        return *m_cached;
    SharedSecret token = m_connection.bearerToken;
    QString source = !m_connection.clientCertificatePem.isEmpty() ? QStringLiteral("client certificate") : QString();
    if (!m_connection.tokenFile.isEmpty()) {
        QFile f(m_connection.tokenFile);
        if (f.open(QIODevice::ReadOnly) && f.size() <= kMaxTokenFile) {
            QByteArray bytes = f.read(kMaxTokenFile);
            qsizetype begin = 0;
            qsizetype end = bytes.size();
            while (begin < end && QChar::isSpace(uchar(bytes[begin])))
                ++begin;
            while (end > begin && QChar::isSpace(uchar(bytes[end - 1])))
                --end;
            token =
                std::make_shared<const models::certs::SecretBytes>(bytes.constData() + begin, std::size_t(end - begin));
            if (!bytes.isEmpty())
                OPENSSL_cleanse(bytes.data(), std::size_t(bytes.size()));
        } else if (!m_cached) {
            // resolve() read it; keep what it read rather than failing when the file went away.
        } else {
            token = m_cached->bearerToken;
        }
        m_tokenReadAt = now;
        source = QStringLiteral("token file");
    } else if (token && !token->isEmpty()) {
        source = source.isEmpty() ? QStringLiteral("token") : source + QStringLiteral(" + token");
    }
    if (source.isEmpty())
        source = QStringLiteral("no credentials");
    m_cached = make(m_connection.clientCertificatePem, m_connection.clientKeyPem, token, source);
    return *m_cached;
}

void KubeAuth::deliver(QObject *context, Callback done, const Result<KubeCredentials> &result)
{
    QPointer<QObject> guard(context);
    QTimer::singleShot(0, context ? context : this, [guard, hadContext = context != nullptr, done, result] {
        if (hadContext && !guard)
            return;
        done(result);
    });
}

void KubeAuth::acquire(QObject *context, Callback done)
{
    if (!m_connection.exec) {
        deliver(context, std::move(done), staticCredentials());
        return;
    }
    if (m_cached && (!m_cachedUntil || m_clock() < *m_cachedUntil)) {
        deliver(context, std::move(done), *m_cached);
        return;
    }
    m_waiters.push_back(Waiter{context, std::move(done)});
    if (!m_plugin)
        startPlugin();
}

bool KubeAuth::invalidate(const KubeCredentials &used)
{
    if (m_connection.exec) {
        if (m_cached && m_cached->generation == used.generation) {
            m_cached.reset();
            m_cachedUntil.reset();
        }
        return true;
    }
    if (!m_connection.tokenFile.isEmpty()) {
        if (m_cached && m_cached->generation == used.generation)
            m_tokenReadAt = QDateTime();  // re-read at the next acquire()
        return true;
    }
    return false;
}

void KubeAuth::startPlugin()
{
    const KubeExecConfig &exec = *m_connection.exec;
    if (exec.interactiveMode == KubeExecConfig::InteractiveMode::Always) {
        pluginFinished(
            execError(tr("The credential plugin %1 needs an interactive terminal (interactiveMode: Always), which the "
                         "workbench cannot give it; log in with the plugin first or use another interactiveMode.")
                          .arg(exec.command)));
        return;
    }
    process::ProcessSpec spec;
    spec.command = process::CommandLine(exec.command, exec.args);
    spec.environment = process::ProcessEnvironment::inherit();
    for (const auto &v : exec.env)
        spec.environment.set(v.first, v.second);
    spec.environment.set(QStringLiteral("KUBERNETES_EXEC_INFO"),
                         QString::fromUtf8(ExecCredential::execInfo(exec, m_connection.cluster,
                                                                    m_connection.certificateAuthorityPem, false)));
    spec.collectStdoutLimit = 1 << 20;
    spec.stderrTailLines = 20;
    ++m_execRuns;
    m_plugin = new process::Process(this);
    auto *timer = new QTimer(m_plugin);
    timer->setSingleShot(true);
    connect(timer, &QTimer::timeout, m_plugin, &process::Process::cancel);
    timer->start(m_execTimeoutMs);
    connect(m_plugin, &process::Process::finished, this, [this](const Result<process::ProcessResult> &r) {
        const KubeExecConfig &e = *m_connection.exec;
        process::Process *plugin = m_plugin;
        m_plugin = nullptr;
        plugin->deleteLater();
        if (!r) {
            Error err = r.error();
            if (err.code == QLatin1String(errc::toolNotFound)) {
                Error e2 = execError(tr("The credential plugin \"%1\" was not found.").arg(e.command),
                                     e.installHint.trimmed());
                pluginFinished(e2.causedBy(err));
                return;
            }
            pluginFinished(
                execError(tr("The credential plugin \"%1\" could not be started.").arg(e.command)).causedBy(err));
            return;
        }
        process::ProcessResult result = r.value();
        QByteArray out = std::move(result.stdoutBytes);
        auto scrub = [&out] {
            if (!out.isEmpty())
                OPENSSL_cleanse(out.data(), std::size_t(out.size()));
        };
        if (result.cancelled) {
            scrub();
            Error err = execError(tr("The credential plugin \"%1\" did not finish within %2 s.")
                                      .arg(e.command)
                                      .arg(m_execTimeoutMs / 1000));
            err.context.outputTail = result.stderrTail;
            pluginFinished(err);
            return;
        }
        if (!result.succeeded()) {
            scrub();
            Error err =
                result.exitedNormally()
                    ? execError(tr("The credential plugin \"%1\" failed with exit code %2.")
                                    .arg(e.command)
                                    .arg(result.exitCode))
                    : execError(
                          tr("The credential plugin \"%1\" was ended by signal %2.").arg(e.command).arg(result.signal));
            if (result.exitedNormally())
                err.context.exitCode = result.exitCode;
            err.context.outputTail = result.stderrTail;
            if (!result.stderrTail.isEmpty())
                err.detail = result.stderrTail.trimmed().split(QLatin1Char('\n')).constLast();
            pluginFinished(err);
            return;
        }
        auto credential = ExecCredential::parse(out, e.apiVersion);
        scrub();
        if (!credential) {
            Error err = credential.error();
            err.context.outputTail = result.stderrTail;
            pluginFinished(err);
            return;
        }
        const ExecCredential &c = credential.value();
        QByteArray cert = c.clientCertificatePem.isEmpty() ? m_connection.clientCertificatePem : c.clientCertificatePem;
        SharedSecret key = c.clientCertificatePem.isEmpty() ? m_connection.clientKeyPem : c.clientKeyPem;
        SharedSecret token = c.token ? c.token : m_connection.bearerToken;
        KubeCredentials creds = make(cert, key, token, QStringLiteral("exec plugin ") + e.command);
        m_cached = creds;
        m_cachedUntil = c.expiration;
        pluginFinished(creds);
    });
    m_plugin->start(std::move(spec));
}

void KubeAuth::pluginFinished(const Result<KubeCredentials> &result)
{
    std::vector<Waiter> waiters;
    waiters.swap(m_waiters);
    for (Waiter &w : waiters) {
        if (w.context)
            deliver(w.context, std::move(w.done), result);
    }
}

}  // namespace workbench::engine::kube
