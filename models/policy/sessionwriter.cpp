// SPDX-License-Identifier: Apache-2.0
#include "policy/sessionwriter.h"

#include "policy/detail/yamlwriter.h"

namespace workbench::models::policy {

using detail::YamlWriter;

namespace {

void writeAccessPolicy(YamlWriter &w, const CasAccessPolicy &ap, const SourceRef &src)
{
    w.key(0, QStringLiteral("access_policy"), src);
    w.list(2, QStringLiteral("read"), ap.read, src);
    w.list(2, QStringLiteral("update"), ap.update, src);
    if (!ap.createSessions.isEmpty())
        w.list(2, QStringLiteral("create_sessions"), ap.createSessions, src);
}

void writeServices(YamlWriter &w, const CasSession &s)
{
    if (s.services.isEmpty())
        return;
    w.key(0, QStringLiteral("services"));
    for (const CasService &svc : s.services) {
        w.itemKeyValue(2, QStringLiteral("name"), svc.name, svc.source);
        if (!svc.imageName.isEmpty())
            w.keyValue(4, QStringLiteral("image_name"), svc.imageName, svc.source);
        if (!svc.attestationDisabled) {
            w.key(4, QStringLiteral("attestation"), svc.source);
            w.list(6, QStringLiteral("mrenclave"), svc.mrenclaves, svc.source);
        }
        if (!svc.command.isEmpty())
            w.keyValue(4, QStringLiteral("command"), svc.command, svc.commandSource);
        if (!svc.pwd.isEmpty())
            w.keyValue(4, QStringLiteral("pwd"), svc.pwd, svc.pwdSource.isValid() ? svc.pwdSource : svc.source);
        if (!svc.environment.isEmpty()) {
            w.key(4, QStringLiteral("environment"), svc.source);
            for (const EnvironmentValue &e : svc.environment)
                w.keyValue(6, e.name, e.value, e.source);
        }
    }
}

void writeImages(YamlWriter &w, const CasSession &s)
{
    if (s.images.isEmpty())
        return;
    w.key(0, QStringLiteral("images"));
    for (const CasImage &img : s.images) {
        w.itemKeyValue(2, QStringLiteral("name"), img.name, img.source);
        if (img.injectionFiles.isEmpty())
            continue;
        w.key(4, QStringLiteral("injection_files"), img.source);
        for (const CasInjectionFile &f : img.injectionFiles) {
            w.itemKeyValue(6, QStringLiteral("path"), f.path, f.source);
            w.keyValue(8, QStringLiteral("content"), f.content, f.contentSource.isValid() ? f.contentSource : f.source);
        }
    }
}

void writeExport(YamlWriter &w, int indent, const SecretExport &e)
{
    const QString key = e.isNamespace ? QStringLiteral("namespace") : QStringLiteral("session");
    const QString target = e.isNamespace ? e.sessionAbsolute : e.session;
    w.itemKeyValue(indent, key, target, e.source);
    if (!e.casUrl.isEmpty())
        w.keyValue(indent + 2, QStringLiteral("cas_url"), e.casUrl, e.source);
}

void writeSecrets(YamlWriter &w, const CasSession &s)
{
    if (s.secrets.isEmpty())
        return;
    w.key(0, QStringLiteral("secrets"));
    for (const CasSecret &sec : s.secrets) {
        const SourceRef &src = sec.source;
        w.itemKeyValue(2, QStringLiteral("name"), sec.name, src);
        if (!sec.kind.isEmpty())
            w.keyValue(4, QStringLiteral("kind"), sec.kind, src);
        if (sec.size)
            w.keyRaw(4, QStringLiteral("size"), QString::number(*sec.size), src);
        if (sec.value)
            w.keyValue(4, QStringLiteral("value"), *sec.value, src);
        if (!sec.keyType.isEmpty())
            w.keyValue(4, QStringLiteral("key_type"), sec.keyType, src);
        if (sec.migrate)
            w.keyRaw(4, QStringLiteral("migrate"), *sec.migrate ? QStringLiteral("true") : QStringLiteral("false"),
                     src);
        if (!sec.privateKey.isEmpty())
            w.keyValue(4, QStringLiteral("private_key"), sec.privateKey, src);
        if (!sec.issuer.isEmpty())
            w.keyValue(4, QStringLiteral("issuer"), sec.issuer, src);
        if (!sec.commonName.isEmpty())
            w.keyValue(4, QStringLiteral("common_name"), sec.commonName, src);
        if (!sec.endpoint.isEmpty())
            w.keyValue(4, QStringLiteral("endpoint"), sec.endpoint, src);
        if (!sec.dns.isEmpty())
            w.list(4, QStringLiteral("dns"), sec.dns, src);
        if (!sec.validFor.isEmpty())
            w.keyValue(4, QStringLiteral("valid_for"), sec.validFor, src);
        if (!sec.tenantId.isEmpty())
            w.keyValue(4, QStringLiteral("tenant_id"), sec.tenantId, src);
        if (!sec.clientId.isEmpty())
            w.keyValue(4, QStringLiteral("client_id"), sec.clientId, src);
        if (!sec.applicationSecret.isEmpty())
            w.keyValue(4, QStringLiteral("application_secret"), sec.applicationSecret, src);
        if (sec.exportPublic)
            w.keyRaw(4, QStringLiteral("export_public"), QStringLiteral("true"), src);
        if (!sec.exports.isEmpty()) {
            w.key(4, QStringLiteral("export"), src);
            for (const SecretExport &e : sec.exports)
                writeExport(w, 6, e);
        }
        if (sec.import) {
            w.key(4, QStringLiteral("import"), src);
            w.keyValue(6, QStringLiteral("session"), sec.import->session, src);
            w.keyValue(6, QStringLiteral("secret"), sec.import->secret, src);
            if (!sec.import->casUrl.isEmpty())
                w.keyValue(6, QStringLiteral("cas_url"), sec.import->casUrl, src);
        }
    }
}

void writeSecurity(YamlWriter &w, const CasSecurity &sec)
{
    if (sec.isEmpty())
        return;
    w.key(0, QStringLiteral("security"));
    w.key(2, QStringLiteral("attestation"));
    if (!sec.attestationMode.isEmpty()) {
        w.keyValue(4, QStringLiteral("mode"), sec.attestationMode, sec.modeSource);
        if (!sec.maaUrl.isEmpty())
            w.keyValue(4, QStringLiteral("url"), sec.maaUrl, sec.modeSource);
    }
    if (!sec.tolerate.isEmpty())
        w.list(4, QStringLiteral("tolerate"), sec.tolerate, sec.tolerateSource);
    if (sec.ignoreAdvisories == QStringList{QStringLiteral("*")})
        w.keyValue(4, QStringLiteral("ignore_advisories"), QStringLiteral("*"), sec.ignoreAdvisoriesSource);
    else if (!sec.ignoreAdvisories.isEmpty())
        w.list(4, QStringLiteral("ignore_advisories"), sec.ignoreAdvisories, sec.ignoreAdvisoriesSource);
}

QString sanitizeSegment(const QString &segment)
{
    QString out;
    for (const QChar c : segment) {
        const bool ok = (c >= QLatin1Char('A') && c <= QLatin1Char('Z')) ||
                        (c >= QLatin1Char('a') && c <= QLatin1Char('z')) ||
                        (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('_') ||
                        c == QLatin1Char('-') || c == QLatin1Char('.') || c == QLatin1Char('~');
        out += ok ? c : QLatin1Char('_');
    }
    if (out.isEmpty() || out == QLatin1String(".") || out == QLatin1String(".."))
        out = QString(out.size() + 1, QLatin1Char('_'));
    return out;
}

}  // namespace

RenderedText writeSession(const CasSession &session)
{
    YamlWriter w;
    w.keyValue(0, QStringLiteral("name"), session.name, session.source);
    w.keyQuoted(0, QStringLiteral("version"), session.version, session.source);
    writeAccessPolicy(w, session.accessPolicy, session.source);
    writeServices(w, session);
    writeImages(w, session);
    writeSecrets(w, session);
    writeSecurity(w, session.security);
    return w.take();
}

QString safeRelativePath(const QString &slashSeparated)
{
    const QStringList parts = slashSeparated.split(QLatin1Char('/'));
    QStringList clean;
    clean.reserve(parts.size());
    for (const QString &p : parts)
        clean.append(sanitizeSegment(p));
    return clean.join(QLatin1Char('/'));
}

QString sessionFilePath(const QString &sessionName)
{
    return safeRelativePath(sessionName) + QStringLiteral(".yaml");
}

}  // namespace workbench::models::policy
