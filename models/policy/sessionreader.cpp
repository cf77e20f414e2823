// SPDX-License-Identifier: Apache-2.0
#include "policy/sessionreader.h"

#include "manifest/casessionfile.h"
#include "manifest/yamldocument.h"

#include <algorithm>

namespace workbench::models::policy {

namespace {

SourceRef refOf(const QString &file, const SourceLocation &loc)
{
    return SourceRef{file, loc.line, loc.column};
}

QString text(const std::optional<LocatedString> &s)
{
    return s ? s->value : QString();
}

QStringList list(const std::optional<LocatedStringList> &l)
{
    return l ? l->values() : QStringList();
}

}  // namespace

CasSession sessionFromFile(const CasSessionFile &file)
{
    const QString &fn = file.fileName;
    CasSession s;
    s.kind = CasSession::Kind::Other;
    s.name = file.name.value;
    s.version = text(file.version);
    s.source = refOf(fn, file.name.location);
    s.accessPolicy.read = list(file.accessPolicy.read);
    s.accessPolicy.update = list(file.accessPolicy.update);
    s.accessPolicy.createSessions = list(file.accessPolicy.createSessions);
    if (file.services.isEmpty() && file.accessPolicy.createSessions)
        s.kind = CasSession::Kind::Namespace;

    for (const SessionService &ss : file.services) {
        CasService c;
        c.name = ss.name.value;
        c.imageName = text(ss.imageName);
        c.command = text(ss.command);
        c.pwd = text(ss.pwd);
        c.source = refOf(fn, ss.location);
        if (ss.command)
            c.commandSource = refOf(fn, ss.command->location);
        if (ss.pwd)
            c.pwdSource = refOf(fn, ss.pwd->location);
        for (const SessionEnvVariable &e : ss.environment)
            c.environment.append(
                {e.name.value, e.value.value, EnvironmentValue::Origin::Session, refOf(fn, e.value.location)});
        for (const SessionAttestation &a : ss.attestation)
            c.mrenclaves += list(a.mrenclave);
        c.mrenclaves += list(ss.mrenclaves);
        c.mrenclaves.removeDuplicates();
        const bool hasSigner =
            std::any_of(ss.attestation.begin(), ss.attestation.end(),
                        [](const SessionAttestation &a) { return a.mrsigner.has_value() || a.fragment.has_value(); });
        c.attestationDisabled = c.mrenclaves.isEmpty() && !hasSigner;
        s.services.append(c);
    }
    for (const SessionImage &si : file.images) {
        CasImage img;
        img.name = si.name.value;
        img.source = refOf(fn, si.location);
        for (const SessionInjectionFile &f : si.injectionFiles)
            img.injectionFiles.append({f.path.value, text(f.content), refOf(fn, f.location),
                                       f.content ? refOf(fn, f.content->location) : SourceRef{}});
        s.images.append(img);
    }
    for (const SessionSecret &ss : file.secrets) {
        CasSecret c;
        c.name = ss.name.value;
        c.kind = ss.kindText();
        c.source = refOf(fn, ss.location);
        if (ss.size) {
            bool ok = false;
            const int n = ss.size->value.toInt(&ok);
            if (ok)
                c.size = n;
        }
        if (ss.value)
            c.value = ss.value->value;
        c.keyType = text(ss.keyType);
        if (ss.migrate)
            c.migrate = ss.migrate->value == QLatin1String("true");
        c.privateKey = text(ss.privateKey);
        c.issuer = text(ss.issuer);
        c.commonName = text(ss.commonName);
        c.dns = list(ss.dns);
        c.endpoint = text(ss.endpoint);
        c.validFor = text(ss.validFor);
        c.exportPublic = ss.exportPublic && ss.exportPublic->value == QLatin1String("true");
        for (const SessionExport &e : ss.exports) {
            SecretExport ex;
            ex.source = refOf(fn, e.location);
            ex.casUrl = text(e.casUrl);
            if (e.sessionNamespace) {
                ex.isNamespace = true;
                ex.sessionAbsolute = e.sessionNamespace->value;
            } else if (e.session) {
                ex.session = e.session->value;
                ex.sessionAbsolute = resolveSessionReference(s.name, ex.session);
            } else if (e.shortForm) {
                // `cas.example.com/cas_key=…,session=x`: keep the session part.
                const QString sf = e.shortForm->value;
                const qsizetype at = sf.indexOf(QLatin1String("session="));
                if (at >= 0) {
                    ex.session = sf.mid(at + 8).section(QLatin1Char(','), 0, 0);
                    ex.sessionAbsolute = resolveSessionReference(s.name, ex.session);
                }
                ex.casUrl = sf.section(QLatin1Char('/'), 0, 0);
            }
            c.exports.append(ex);
        }
        if (ss.import) {
            SecretImport in;
            in.session = text(ss.import->session);
            in.sessionAbsolute = resolveSessionReference(s.name, in.session);
            in.secret = text(ss.import->secret);
            if (in.secret.isEmpty())
                in.secret = c.name;
            in.casUrl = text(ss.import->casUrl);
            c.import = in;
        }
        s.secrets.append(c);
    }
    const SessionSecurity &sec = file.security;
    s.security.tolerate = list(sec.tolerate);
    s.security.ignoreAdvisories = list(sec.ignoreAdvisories);
    s.security.attestationMode = text(sec.mode);
    s.security.maaUrl = text(sec.url);
    if (sec.tolerate)
        s.security.tolerateSource = refOf(fn, sec.tolerate->location);
    if (sec.ignoreAdvisories)
        s.security.ignoreAdvisoriesSource = refOf(fn, sec.ignoreAdvisories->location);
    if (sec.mode)
        s.security.modeSource = refOf(fn, sec.mode->location);
    return s;
}

Result<CasSession> sessionFromYaml(const QByteArray &text, const QString &fileName)
{
    const YamlDocument doc = YamlDocument::fromText(text, fileName);
    if (!doc.isValid()) {
        Error e = makeError(QStringLiteral("session.syntax"), QStringLiteral("The session is not valid YAML."));
        if (const auto issue = doc.syntaxError()) {
            e.detail = issue->message;
            e.line = issue->location.line;
            e.column = issue->location.column;
        }
        e.file = fileName;
        return e;
    }
    const CasSessionFile file = CasSessionFile::fromDocument(doc);
    if (file.name.value.isEmpty()) {
        Error e = makeError(QStringLiteral("session.no-name"),
                            QStringLiteral("The text is not a CAS session: it has no name."));
        e.file = fileName;
        return e;
    }
    CasSessionFile named = file;
    if (named.fileName.isEmpty())
        named.fileName = fileName;
    return sessionFromFile(named);
}

}  // namespace workbench::models::policy
