// SPDX-License-Identifier: Apache-2.0
#include "validation/projectvalidator.h"

#include "manifest/manifestproject.h"
#include "manifest/meshenvironment.h"
#include "manifest/servicematch.h"
#include "validation/rules_p.h"

#include <QFileInfo>

#include <algorithm>
#include <atomic>

namespace workbench::models {

using namespace detail;

namespace {

bool parsesWhenRendered(const QByteArray &text)
{
    if (!text.contains("{{") && !text.contains("{%"))
        return false;
    QByteArray rendered = text;
    for (const char *open : {"{{", "{%"}) {
        const char *close = open[1] == '{' ? "}}" : "%}";
        qsizetype from = 0;
        while (true) {
            const qsizetype a = rendered.indexOf(open, from);
            if (a < 0)
                break;
            const qsizetype b = rendered.indexOf(close, a + 2);
            if (b < 0 || rendered.mid(a, b - a).contains('\n'))
                break;
            for (qsizetype i = a; i < b + 2; ++i)
                rendered[i] = 'x';
            from = b + 2;
        }
    }
    return YamlDocument::fromText(rendered).isValid();
}

/// YAML-level problems of a file (syntax, encoding, duplicate keys, extra documents).
void reportYamlIssues(Reporter &r, const ManifestFile &f)
{
    for (const YamlIssue &i : f.document.issues()) {
        // Other YAML of the folder (helm templates with {{- … }}, CI files, ...) is not the
        // workbench's to reject: its problems are warnings.
        // Text that is not UTF-8 at all (a binary file, UTF-16) is an error wherever it is: no
        // YAML reader of the tool chain reads it.
        if (f.kind == ManifestFile::Kind::Other && i.kind != YamlIssue::Kind::ExtraDocument &&
            i.kind != YamlIssue::Kind::NotUtf8 &&
            !(i.kind == YamlIssue::Kind::SyntaxError && parsesWhenRendered(f.document.text()))) {
            r.add(f.path, i.location, codes::YamlOtherFile,
                  i.message + QStringLiteral(" (this file is no service, mesh or session manifest)"));
            continue;
        }
        switch (i.kind) {
        case YamlIssue::Kind::SyntaxError: {
            // A template whose {{...}} placeholders make it invalid until rendered is not an error:
            // it is one when the text parses once every placeholder is replaced by plain letters.
            const bool templ = parsesWhenRendered(f.document.text());
            r.add(f.path, i.location, templ ? codes::YamlTemplateSyntax : codes::YamlSyntax,
                  templ ? i.message + QStringLiteral(" (the file contains {{…}} placeholders; it may only become valid "
                                                     "YAML once they are rendered)")
                        : i.message);
            break;
        }
        case YamlIssue::Kind::NotUtf8:
            r.add(f.path, i.location, codes::YamlEncoding, i.message);
            break;
        case YamlIssue::Kind::DuplicateKey:
            r.add(f.path, i.location, codes::YamlDuplicateKey, i.message);
            break;
        case YamlIssue::Kind::ExtraDocument:
            r.add(f.path, i.location, codes::YamlMultipleDocuments, i.message);
            break;
        }
    }
}

void checkFileOnItsOwn(Reporter &r, const ManifestFile &f, const QString &rootDir, const ServiceContext *serviceCtx)
{
    reportYamlIssues(r, f);
    if (!f.document.isValid())
        return;
    const YamlNode *root = f.document.root();
    if (f.kind == ManifestFile::Kind::Other && (!root || root->isNull())) {
        // `service.yaml` with nothing in it is no manifest at all: say so, instead of letting the
        // service silently become "external".
        const QString name = QFileInfo(f.path).fileName().toLower();
        static const QStringList manifestNames = {QStringLiteral("service.yaml"), QStringLiteral("service.yml"),
                                                  QStringLiteral("mesh.yaml"), QStringLiteral("mesh.yml")};
        if (manifestNames.contains(name)) {
            SourceLocation first;
            first.line = first.endLine = 1;
            first.column = first.endColumn = 1;
            first.offset = 0;
            r.add(
                f.path, first, codes::YamlEmptyManifest,
                QStringLiteral("the file is empty: it is no %1 manifest (no `kind:`), and nothing in it is checked")
                    .arg(name.startsWith(QLatin1String("mesh")) ? QStringLiteral("mesh") : QStringLiteral("service")));
        }
    }
    switch (f.kind) {
    case ManifestFile::Kind::Service: {
        checkServiceSchema(r, f.path, root);
        ServiceContext local;
        if (!serviceCtx) {
            local.secrets = localSecretTable(*f.service);
            local.rootDir = rootDir;
            serviceCtx = &local;
        }
        checkServiceRules(r, f, *f.service, *serviceCtx);
        break;
    }
    case ManifestFile::Kind::Mesh:
        checkMeshSchema(r, f.path, root);
        checkMesh(r, f, *f.mesh, rootDir);
        break;
    case ManifestFile::Kind::Session:
        checkSessionSchema(r, f.path, root);
        checkSession(r, f, *f.session);
        break;
    case ManifestFile::Kind::Other:
        break;
    }
}

SourceLocation startOf(const SourceLocation &l)
{
    SourceLocation s = l;
    s.length = 0;
    s.endLine = s.line;
    s.endColumn = s.column;
    return s;
}

struct ServiceEntry {
    const ManifestFile *file = nullptr;
    const ServiceManifest *svc = nullptr;
    QString meshName;  ///< name of the mesh service that runs it, empty if none
};

/// Cross-file rules for the services of one mesh (or of the whole project when @p mesh is null).
void checkProject(Reporter &r, const ManifestProject &project, const ManifestFile *meshFile,
                  QList<const ManifestFile *> services, QSet<const ManifestFile *> &serviceChecked)
{
    const MeshManifest *mesh = meshFile ? meshFile->mesh.get() : nullptr;
    QList<ServiceEntry> members;
    QStringList externals;  // "name (image)"
    if (mesh) {
        QList<const ManifestFile *> candidates;
        for (const ManifestFile *f : services)
            if (f->service && f->document.isValid())
                candidates.append(f);
        const ServiceManifestIndex index(candidates, project.rootDir());
        QList<QPair<QString, QString>> meshServices;
        meshServices.reserve(mesh->services.size());
        for (const MeshService &ms : mesh->services)
            meshServices.append({ms.name.value, ms.image.value});
        const QList<ServiceMatch> matches = index.match(meshServices);
        QSet<const ManifestFile *> used;
        for (qsizetype i = 0; i < mesh->services.size(); ++i) {
            const MeshService &ms = mesh->services.at(i);
            const ServiceMatch &m = matches.at(i);
            if (m.matched()) {
                used.insert(m.file);
                members.append({m.file, m.file->service.get(), ms.name.value});
                if (m.kind != ServiceMatchKind::Image)
                    r.add(meshFile->path, ms.image.location, codes::MeshImageMismatch,
                          QStringLiteral("no service manifest builds %1, the image of service %2; %3 is taken for it "
                                         "by its %4, but it builds %5: what is deployed is not what is built")
                              .arg(q(ms.image.value), q(ms.name.value), q(m.file->path),
                                   m.kind == ServiceMatchKind::BuildName ? QStringLiteral("`build.name`")
                                                                         : QStringLiteral("folder name"),
                                   q(m.file->service->build.to.value)));
            } else {
                externals.append(QStringLiteral("%1 (%2)").arg(ms.name.value, ms.image.value));
                if (!ms.image.value.isEmpty())
                    r.add(meshFile->path, ms.image.location, codes::MeshExternalImage,
                          QStringLiteral(
                              "no service manifest in the project builds %1: service %2 is treated as external "
                              "(e.g. a curated image); its secrets and variables cannot be checked")
                              .arg(q(ms.image.value), q(ms.name.value)));
            }
        }
        for (const ManifestFile *f : candidates)
            if (!used.contains(f))
                r.add(f->path, f->service->build.to.present ? f->service->build.to.location : SourceLocation(),
                      codes::MeshServiceNotInMesh,
                      QStringLiteral("the mesh %1 runs no service with image %2")
                          .arg(q(QFileInfo(meshFile->path).fileName()), q(f->service->build.to.value)));
    } else {
        for (const ManifestFile *f : services)
            if (f->service && f->document.isValid())
                members.append({f, f->service.get(), QString()});
    }

    // who defines which secret
    QHash<QString, QList<QPair<const ServiceEntry *, const ServiceSecret *>>> definers;
    for (const ServiceEntry &e : members)
        for (const ServiceSecret &s : e.svc->secrets)
            if (!s.name.value.isEmpty())
                definers[s.name.value].append({&e, &s});

    // secret names unique across the mesh
    for (auto it = definers.cbegin(); it != definers.cend(); ++it) {
        const auto &defs = it.value();
        QSet<const ServiceEntry *> owners;
        for (const auto &d : defs)
            owners.insert(d.first);
        if (owners.size() < 2)
            continue;  // duplicates inside one file are reported by the file rules
        const auto &first = defs.first();
        for (int i = 1; i < defs.size(); ++i) {
            if (defs[i].first == first.first)
                continue;
            r.add(defs[i].first->file->path, defs[i].second->name.location, codes::SecretDuplicateName,
                  QStringLiteral("secret %1 is also defined by %2 (%3:%4); secret names must be unique across the mesh")
                      .arg(q(it.key()), q(first.first->svc->build.name.value), first.first->file->path)
                      .arg(first.second->name.location.line));
        }
    }

    // The external services named by each `secret.import-external` warning: a few are a hint,
    // thousands (a big mesh of curated images) would repeat the whole mesh in every warning.
    constexpr qsizetype kListedExternals = 8;
    const QString externalList = externals.size() <= kListedExternals
                                     ? externals.join(QStringLiteral(", "))
                                     : externals.first(kListedExternals).join(QStringLiteral(", ")) +
                                           QStringLiteral(" and %1 more").arg(externals.size() - kListedExternals);

    // what the mesh sets for each service: indexed once, looked up per variable
    const MeshEnvironment meshEnv = mesh ? MeshEnvironment(*mesh) : MeshEnvironment();
    QStringList definedNames;  // sorted, for suggestions; filled on the first unresolved import

    for (const ServiceEntry &e : members) {
        if (!r.wants(e.file->path)) {  // what follows only reports about e's own file
            serviceChecked.insert(e.file);
            continue;
        }
        const ServiceManifest &svc = *e.svc;
        const QString owner =
            q(svc.build.name.value.isEmpty() ? QFileInfo(e.file->path).fileName() : svc.build.name.value);
        // the secrets it sees: its own, and imports with the kind of whoever defines them
        ServiceContext ctx;
        ctx.rootDir = project.rootDir();
        ctx.inMesh = !e.meshName.isEmpty();
        if (mesh) {
            ctx.meshEnv = &meshEnv;
            ctx.meshService = e.meshName;
        }
        ctx.secrets = localSecretTable(svc);
        for (const LocatedString &imp : svc.imports.items) {
            if (imp.value.isEmpty() || isTemplated(imp.value))
                continue;
            QList<QPair<const ServiceEntry *, const ServiceSecret *>> defs;
            for (const auto &d : definers.value(imp.value))
                if (d.first != &e)
                    defs.append(d);
            if (!defs.isEmpty()) {
                SecretInfo &info = ctx.secrets[imp.value];
                if (info.imported) {
                    info.kind = defs.first().second->kindText();
                    info.selfSigned = !defs.first().second->issuer || defs.first().second->issuer->value.isEmpty();
                    info.exportedPublicly = defs.first().second->isExportedPublicly();
                }
                // a certificate imported without the CA that issued it
                const ServiceSecret *def = defs.first().second;
                if ((def->kindText() == QLatin1String("x509")) && def->issuer && !def->issuer->value.isEmpty()) {
                    const QString ca = def->issuer->value;
                    const ServiceSecret *caDef = defs.first().first->svc->secret(ca);
                    const bool imported = std::any_of(svc.imports.items.begin(), svc.imports.items.end(),
                                                      [&ca](const LocatedString &x) { return x.value == ca; });
                    if (caDef && !imported && !caDef->isExportedPublicly() && !svc.secret(ca))
                        r.add(e.file->path, imp.location, codes::TrapCaNotExported,
                              QStringLiteral("%1 imports certificate %2 issued by %3 but not %3 itself (and %3 is not "
                                             "`export_public`): it cannot verify the certificates %4 issues with that "
                                             "CA; add %3 to `secrets.import`")
                                  .arg(owner, q(imp.value), q(ca), q(defs.first().first->svc->build.name.value)));
                }
                continue;
            }
            if (svc.secret(imp.value))
                continue;  // import-own, reported by the file rules
            if (!externals.isEmpty()) {
                r.add(e.file->path, imp.location, codes::SecretImportExternal,
                      QStringLiteral(
                          "no service manifest of the project defines %1; it may come from the external service%2 %3, "
                          "whose secrets cannot be checked")
                          .arg(q(imp.value), externals.size() > 1 ? QStringLiteral("s") : QString(), externalList));
            } else {
                if (definedNames.isEmpty()) {
                    definedNames = definers.keys();
                    definedNames.sort();
                }
                r.add(e.file->path, imp.location, codes::SecretImportUnresolved,
                      QStringLiteral("%1 imports %2, but no other service of the %3 defines it%4")
                          .arg(owner, q(imp.value), mesh ? QStringLiteral("mesh") : QStringLiteral("project"),
                               didYouMean(imp.value, definedNames)));
            }
        }
        serviceChecked.insert(e.file);
        Diagnostics fileDiags;
        Reporter fr(fileDiags, r.options());
        if (r.wants(e.file->path))
            checkFileOnItsOwn(fr, *e.file, project.rootDir(), &ctx);
        for (const Diagnostic &d : std::as_const(fileDiags))
            r.add(
                d.file,
                [&d] {
                    SourceLocation l;
                    l.line = d.line;
                    l.column = d.column;
                    l.endLine = d.endLine;
                    l.endColumn = d.endColumn;
                    l.offset = d.offset;
                    l.length = d.length;
                    return l;
                }(),
                qPrintable(d.code), d.message);

        // global variables without default must be set by the mesh
        if (mesh && !e.meshName.isEmpty()) {
            for (const EnvVariable &g : svc.globalEnv) {
                if (g.name.value.isEmpty() || (g.value && !g.value->value.isEmpty()))
                    continue;
                if (meshEnv.contains(e.meshName, g.name.value))
                    continue;
                r.add(e.file->path, g.name.location, codes::VarGlobalUnset,
                      QStringLiteral(
                          "global variable %1 of %2 has no default and %3 sets it neither in the `global`, `helm` "
                          "nor the %4 env block")
                          .arg(q(g.name.value), owner, q(QFileInfo(meshFile->path).fileName()), q(e.meshName)));
            }
        }
    }

    // CAs that issue server certificates but that no client can obtain
    QHash<QString, QList<const ServiceEntry *>> importers;
    for (const ServiceEntry &o : members)
        for (const LocatedString &imp : o.svc->imports.items)
            importers[imp.value].append(&o);
    for (const ServiceEntry &e : members) {
        if (!r.wants(e.file->path))
            continue;
        for (const ServiceSecret &ca : e.svc->secrets) {
            if (ca.kindText() != QLatin1String("x509-ca") || ca.isExportedPublicly() || ca.name.value.isEmpty())
                continue;
            bool issuesServerCert = false;
            for (const ServiceSecret &c : e.svc->secrets)
                if (c.kindText() == QLatin1String("x509") && c.issuer && c.issuer->value == ca.name.value &&
                    !(c.endpoint && c.endpoint->value == QLatin1String("client")))
                    issuesServerCert = true;
            if (!issuesServerCert)
                continue;
            const QList<const ServiceEntry *> by = importers.value(ca.name.value);
            const bool importedSomewhere =
                std::any_of(by.begin(), by.end(), [&e](const ServiceEntry *o) { return o != &e; });
            if (!importedSomewhere)
                r.add(e.file->path, ca.name.location, codes::TrapCaNotPublic,
                      QStringLiteral("CA %1 issues a server certificate, but no service imports it and it is not "
                                     "`export_public: true`: "
                                     "clients cannot fetch it to verify the server")
                          .arg(q(ca.name.value)));
        }
    }
}

void dedupe(Diagnostics &d)
{
    sortDiagnostics(d);
    Diagnostics out;
    out.reserve(d.size());
    for (const Diagnostic &x : std::as_const(d))
        if (out.isEmpty() || !(out.back() == x))
            out.append(x);
    d = std::move(out);
}

}  // namespace

ProjectValidator::ProjectValidator(ValidationOptions options)
    : m_options(std::move(options))
{}

namespace {
std::atomic<quint64> g_runs{0};  ///< validate() calls (instrumentation)
}  // namespace

quint64 ProjectValidator::runCount()
{
    return g_runs.load(std::memory_order_relaxed);
}

Diagnostics ProjectValidator::validate(const ManifestProject &project) const
{
    g_runs.fetch_add(1, std::memory_order_relaxed);
    return run(project, QString());
}

Diagnostics ProjectValidator::validateFileInProject(const ManifestProject &project, const QString &path) const
{
    if (path.isEmpty())
        return {};
    return run(project, path);
}

Diagnostics ProjectValidator::run(const ManifestProject &project, const QString &focus) const
{
    Diagnostics out;
    Reporter r(out, m_options);
    r.setFocus(focus);
    const QList<const ManifestFile *> services = project.serviceFiles();
    const QList<const ManifestFile *> meshes = project.meshFiles();
    QSet<const ManifestFile *> serviceChecked;

    if (services.isEmpty() && meshes.isEmpty() && project.sessionFiles().isEmpty() && !project.rootDir().isEmpty()) {
        Diagnostic d;
        d.file = project.folder().isEmpty() ? project.rootDir() : project.folder();
        d.line = 1;
        d.column = 1;
        d.severity = severityOf(QLatin1String(codes::ProjectEmpty));
        d.code = QLatin1String(codes::ProjectEmpty);
        d.message = QStringLiteral(
            "no service manifest (`kind: genservice`), mesh manifest (`kind: mesh`) or CAS session in this folder");
        out.append(d);
    }
    for (int i = 1; i < meshes.size(); ++i)
        r.add(
            meshes[i]->path, startOf(meshes[i]->mesh->kind.location), codes::ProjectMultipleMeshes,
            QStringLiteral(
                "the project has more than one mesh manifest (also %1); each is checked against all service manifests")
                .arg(meshes[0]->path));
    if (meshes.isEmpty() && !services.isEmpty())
        r.add(services[0]->path, SourceLocation(), codes::ProjectNoMesh,
              QStringLiteral("the project has service manifests but no mesh manifest (`kind: mesh`); mesh variables "
                             "are not checked"));

    bool anyValidMesh = false;
    for (const ManifestFile *m : meshes) {
        if (r.wants(m->path))
            checkFileOnItsOwn(r, *m, project.rootDir(), nullptr);
        if (m->document.isValid()) {
            anyValidMesh = true;
            checkProject(r, project, m, services, serviceChecked);
        }
    }
    if (!anyValidMesh)
        checkProject(r, project, nullptr, services, serviceChecked);
    for (const ManifestFile &f : project.files()) {
        if (f.kind == ManifestFile::Kind::Mesh || serviceChecked.contains(&f) || !r.wants(f.path))
            continue;
        checkFileOnItsOwn(r, f, project.rootDir(), nullptr);
    }
    if (!focus.isEmpty())  // what was appended without the reporter (the empty project)
        out.removeIf([&focus](const Diagnostic &d) { return d.file != focus; });
    dedupe(out);
    return out;
}

Diagnostics ProjectValidator::validateFile(const ManifestFile &file) const
{
    Diagnostics out;
    Reporter r(out, m_options);
    checkFileOnItsOwn(r, file, QString(), nullptr);
    // This very file was asked for: readable YAML that is no manifest says so (not "0 errors").
    if (file.kind == ManifestFile::Kind::Other && file.document.isValid())
        r.add(file.path, SourceLocation(), codes::FileNotManifest,
              QStringLiteral("not a SCONE manifest: no `kind: genservice`, no `kind: mesh` and no CAS session keys, "
                             "so nothing was checked"));
    dedupe(out);
    return out;
}

Diagnostics ProjectValidator::validateDocument(const YamlDocument &document) const
{
    ManifestProject p;
    p.setText(document.fileName(), document.text());
    return validateFile(p.files().first());
}

}  // namespace workbench::models
