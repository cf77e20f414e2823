// SPDX-License-Identifier: Apache-2.0
#include "certs/certificateexporter.h"

#include "certs/certificateexport.h"

#include <QFile>
#include <QSaveFile>

namespace workbench::ui {

using namespace workbench::models::certs;

namespace {

Error cancelled()
{
    return makeError(QStringLiteral("ui.cancelled"), QStringLiteral("Export cancelled."));
}

Result<QString> write(const QString &path, const QByteArray &data, bool secret)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return makeError(QStringLiteral("ui.export.write"),
                         QStringLiteral("Cannot write %1: %2").arg(path, f.errorString()));
    if (secret)
        f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    f.write(data);
    if (!f.commit())
        return makeError(QStringLiteral("ui.export.write"),
                         QStringLiteral("Cannot write %1: %2").arg(path, f.errorString()));
    if (secret)
        QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return path;
}

QString baseName(const CertificateEntry &e)
{
    QString n = e.title;
    for (QChar &c : n)
        if (!c.isLetterOrNumber() && c != QLatin1Char('-') && c != QLatin1Char('_') && c != QLatin1Char('.'))
            c = QLatin1Char('_');
    return n.isEmpty() ? QStringLiteral("certificate") : n;
}

}  // namespace

Result<QString> exportCertificateEntry(const CertificateEntry &entry, CertificateExport what, ExportPrompts &prompts)
{
    if (entry.certificate.isNull())
        return makeError(QStringLiteral("ui.export"), QStringLiteral("No certificate selected."));
    const QString base = baseName(entry);
    const QList<Certificate> chain = entry.chain.isEmpty() ? QList<Certificate>{entry.certificate} : entry.chain;
    switch (what) {
    case CertificateExport::Certificate: {
        const QString path = prompts.saveFileName(QStringLiteral("Export certificate"), base + QStringLiteral(".crt"),
                                                  QStringLiteral("PEM certificate (*.crt *.pem)"));
        if (path.isEmpty())
            return cancelled();
        return write(path, entry.certificate.toPem(), false);
    }
    case CertificateExport::ChainLeafToRoot:
    case CertificateExport::ChainRootToLeaf: {
        const bool leafFirst = what == CertificateExport::ChainLeafToRoot;
        const QString path = prompts.saveFileName(
            leafFirst ? QStringLiteral("Export chain (leaf → root)") : QStringLiteral("Export chain (root → leaf)"),
            base + QStringLiteral(".chain.pem"), QStringLiteral("PEM bundle (*.pem)"));
        if (path.isEmpty())
            return cancelled();
        return write(path, chainToPem(chain, leafFirst ? ChainOrder::LeafToRoot : ChainOrder::RootToLeaf), false);
    }
    case CertificateExport::PrivateKey: {
        if (entry.key.isNull())
            return makeError(QStringLiteral("ui.export.no_key"),
                             QStringLiteral("The private key of %1 is not known here.").arg(entry.title));
        const QString what2 = QStringLiteral("the private key of %1").arg(entry.title);
        std::optional<SecretBytes> pass = prompts.newPassphrase(what2, true);
        if (!pass)
            return cancelled();
        KeyExportPolicy policy;
        if (pass->isEmpty()) {
            if (!prompts.confirmPlainKey(what2))
                return cancelled();
            policy.plainConfirmed = true;
        } else {
            policy.passphrase = &*pass;
        }
        const auto pem = exportPrivateKey(entry.key, policy);
        if (!pem)
            return pem.error();
        const QString path = prompts.saveFileName(QStringLiteral("Export private key"), base + QStringLiteral(".key"),
                                                  QStringLiteral("PEM private key (*.key *.pem)"));
        if (path.isEmpty())
            return cancelled();
        return write(path, pem.value(), true);
    }
    case CertificateExport::Pkcs12: {
        if (entry.key.isNull())
            return makeError(QStringLiteral("ui.export.no_key"),
                             QStringLiteral("The private key of %1 is not known here.").arg(entry.title));
        std::optional<SecretBytes> pass =
            prompts.newPassphrase(QStringLiteral("the PKCS#12 bundle of %1").arg(entry.title), false);
        if (!pass)
            return cancelled();
        const auto p12 = exportPkcs12(entry.certificate, entry.key, chain.mid(1), *pass, entry.title);
        if (!p12)
            return p12.error();
        const QString path = prompts.saveFileName(QStringLiteral("Export PKCS#12"), base + QStringLiteral(".p12"),
                                                  QStringLiteral("PKCS#12 (*.p12 *.pfx)"));
        if (path.isEmpty())
            return cancelled();
        return write(path, p12.value(), true);
    }
    }
    return cancelled();
}

}  // namespace workbench::ui
