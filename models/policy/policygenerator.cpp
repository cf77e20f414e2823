// SPDX-License-Identifier: Apache-2.0
#include "policy/policygenerator.h"

#include "manifest/manifestproject.h"
#include "manifest/servicematch.h"
#include "policy/detail/diagnostics.h"
#include "policy/sessionwriter.h"
#include "policy/variableresolver.h"
#include "validation/projectvalidator.h"

#include <QDir>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <climits>
#include <vector>

namespace workbench::models::policy {

using Sev = Diagnostic::Severity;
using detail::makeDiagnostic;

namespace {

// ---------------------------------------------------------------------------------------------
// Small helpers

SourceRef refOf(const QString &file, const SourceLocation &loc)
{
    return loc.isValid() ? SourceRef{file, loc.line, loc.column} : SourceRef{file, 0, 0};
}

SourceRef refOf(const QString &file, const LocatedString &s)
{
    return refOf(file, s.location.isValid() ? s.location : s.keyLocation);
}

bool isTrue(const QString &v)
{
    const QString l = v.trimmed().toLower();
    return l == QLatin1String("true") || l == QLatin1String("yes") || l == QLatin1String("1") ||
           l == QLatin1String("on");
}

std::optional<bool> parseBool(const QString &v)
{
    const QString l = v.trimmed().toLower();
    if (l == QLatin1String("true") || l == QLatin1String("yes") || l == QLatin1String("on"))
        return true;
    if (l == QLatin1String("false") || l == QLatin1String("no") || l == QLatin1String("off"))
        return false;
    return std::nullopt;
}

QStringList splitComma(const QString &v)
{
    QStringList out;
    for (const QString &part : v.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString t = part.trimmed();
        if (!t.isEmpty())
            out.append(t);
    }
    return out;
}

bool isValidSessionSegment(const QString &s)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9_\\-.~]{1,128}$"));
    return re.match(s).hasMatch() && s != QLatin1String(".") && s != QLatin1String("..");
}

bool isValidChartName(const QString &s)
{
    static const QRegularExpression re(QStringLiteral("^[a-z0-9]([a-z0-9-]{0,51}[a-z0-9])?$"));
    return re.match(s).hasMatch();
}

/// Local variables that configure the image or the chart rather than the program: they are
/// not written to the session's environment (spec §1.2: SCONE_* are used when signing; the
/// others are read by the genservice helm template).
bool isImageOrChartVariable(const QString &name)
{
    return name.startsWith(QLatin1String("SCONE_")) || name.startsWith(QLatin1String("INIT_CONTAINER")) ||
           name == QLatin1String("PYTHON_SERVICE_PORT") || name == QLatin1String("restartPolicy");
}

/// Mesh env names with a helm meaning (spec §2.3); they never enter a curated service's session.
bool isHelmMeaningName(const QString &name)
{
    static const char *const names[] = {"imagePullSecrets", "APP_SERVICE_PORT", "restartPolicy", "useSGXDevPlugin",
                                        "sgxEpcMem",        "RELEASE",          "SCONE_VERSION"};
    for (const char *n : names)
        if (name == QLatin1String(n))
            return true;
    return false;
}

QString imageNameFor(const QString &meshService)
{
    QString s = meshService;
    for (QChar &c : s)
        if (!c.isLetterOrNumber())
            c = QLatin1Char('_');
    return s + QStringLiteral("_image");
}

/// Service name inside the session: the interpreter for python/java builds (spec §3.9: the
/// SCONE_CONFIG_ID ends in `/python3`), else the mesh service name.
QString sessionServiceName(const QString &buildKind, const QString &meshService)
{
    const QString k = buildKind.trimmed().toLower();
    if (k.startsWith(QLatin1String("python")))
        return QStringLiteral("python3");
    if (k.startsWith(QLatin1String("java")))
        return QStringLiteral("java");
    return meshService;
}

/// The text of a YAML node as written, re-indented to column 0 (for helm_extra_values).
QString rawNodeText(const YamlDocument &doc, const YamlNode *node)
{
    const QByteArray &bytes = doc.text();
    if (!node || node->startOffset() < 0 || node->endOffset() > bytes.size() ||
        node->endOffset() <= node->startOffset())
        return {};
    if (node->style() == YamlNode::Style::Flow)
        return QString::fromUtf8(bytes.mid(node->startOffset(), node->endOffset() - node->startOffset()));
    int lineStart = node->startOffset();
    while (lineStart > 0 && bytes.at(lineStart - 1) != '\n')
        --lineStart;
    const QString text = QString::fromUtf8(bytes.mid(lineStart, node->endOffset() - lineStart));
    QStringList lines = text.split(QLatin1Char('\n'));
    int indent = INT_MAX;
    for (const QString &l : lines) {
        if (l.trimmed().isEmpty())
            continue;
        int n = 0;
        while (n < l.size() && l.at(n) == QLatin1Char(' '))
            ++n;
        indent = std::min(indent, n);
    }
    if (indent == INT_MAX)
        return {};
    // Blank lines inside (block scalars keep them) stay; those at the end go.
    while (!lines.isEmpty() && lines.back().trimmed().isEmpty())
        lines.removeLast();
    QString out;
    for (const QString &l : std::as_const(lines))
        out += (l.trimmed().isEmpty() ? QString() : l.mid(indent)) + QLatin1Char('\n');
    return out;
}

// ---------------------------------------------------------------------------------------------
// Generation context

struct MeshValue {
    QString value;  ///< shell variables resolved; mesh-time tokens still in
    EnvironmentValue::Origin origin = EnvironmentValue::Origin::MeshGlobal;
    SourceRef source;
};

using MeshEnv = QHash<QString, MeshValue>;

struct ServiceInfo {
    const ManifestFile *file = nullptr;  ///< nullptr: curated image
    const ServiceManifest *manifest = nullptr;
    const MeshService *mesh = nullptr;
    QString name;   ///< mesh service name
    QString image;  ///< resolved
    QString sessionName;
    /// What `{{…}}` sees besides the mesh env: the builtins of this service (session,
    /// service_name, ...) and the defaults of its global variables (which win over them).
    VariableMap ownVars;
    int sessionIndex = -1;
};

/// Where Generator::report() writes while the services' sessions are made on several threads:
/// each service's findings on their own, merged in service order afterwards, so the result is
/// the one of making them one after another.
struct ReportSink {
    Diagnostics diagnostics;
    QStringList keys;    ///< parallel to `diagnostics`: reportUnresolved()'s key, empty for other findings
    QSet<QString> seen;  ///< the keys reported here
};
thread_local ReportSink *t_sink = nullptr;

class Generator
{
public:
    Generator(const ManifestProject &project, const PolicyGenerationOptions &options)
        : m_project(project)
        , m_options(options)
    {
        m_shellVars = toVariableMap(options.settings.toVariables());
    }

    PolicyPreview run();

private:
    void report(Sev sev, const QString &code, const QString &message, const SourceRef &src,
                const QString &dedupeKey = {})
    {
        if (t_sink) {
            t_sink->diagnostics.append(makeDiagnostic(sev, code, message, src));
            t_sink->keys.append(dedupeKey);
            return;
        }
        m_out.diagnostics.append(makeDiagnostic(sev, code, message, src));
    }
    /// Makes the session of every service (on the threads of m_options.parallelFor when given).
    void makeServiceSessions(const CasSecurity &sec);
    void reportUnresolved(const QList<VariableReference> &refs, const SourceRef &src, Sev sev, const QString &context);
    QString resolveShell(const LocatedString &s, const QString &file, Sev sev = Sev::Error);
    QString resolveShell(const QString &text, const SourceRef &src, Sev sev = Sev::Error);
    QString resolveMesh(const QString &text, const ServiceInfo &svc, const SourceRef &src, Sev sev = Sev::Error);
    QString resolveBoth(const LocatedString &s, const QString &file, const ServiceInfo &svc, Sev sev = Sev::Error)
    {
        const SourceRef src = refOf(file, s);
        return resolveMesh(resolveShell(s.value, src, sev), svc, src, sev);
    }

    const ManifestFile *selectMesh();
    QList<const ManifestFile *> withoutGeneratedCopies(const QList<const ManifestFile *> &files);
    QList<const ManifestFile *> selectServiceFiles();
    void readMeshEnv(const ManifestFile &mesh);
    /// The mesh env entry @p name as @p svc sees it (precedence service > helm > global), or null.
    const MeshValue *meshValue(const ServiceInfo &svc, const QString &name) const;
    /// Every name the mesh env sets for @p svc, sorted.
    QStringList meshNames(const ServiceInfo &svc) const;
    /// Everything `{{…}}` can see for @p svc, without a copy: its block, the shared env, its own
    /// variables, the builtins of the mesh.
    VariableScope scopeOf(const ServiceInfo &svc) const;
    void matchServices(const ManifestFile &mesh, const QList<const ManifestFile *> &serviceFiles);
    CasSecurity security(const ManifestFile &mesh);
    CasSession namespaceSession(const ManifestFile &mesh);
    CasSession serviceSession(ServiceInfo &svc, const CasSecurity &sec);
    CasSession curatedSession(ServiceInfo &svc, const CasSecurity &sec);
    void linkSecrets();
    void checkPlaceholders();
    ChartService chartService(const ServiceInfo &svc, const ManifestFile &mesh);
    void mergeValidator();

    const ManifestProject &m_project;
    const PolicyGenerationOptions &m_options;
    VariableMap m_shellVars;
    PolicyPreview m_out;
    QSet<QString> m_reportedVars;  ///< "file:line:name" already reported

    // The mesh env with shell variables resolved, computed once: what every service sees
    // (global, then helm over it) and each service's own block; and the same as plain values
    // for `{{…}}`. A service's effective env is looked up through both, never copied.
    MeshEnv m_sharedEnv;
    QHash<QString, MeshEnv> m_serviceEnv;
    VariableMap m_sharedEnvVars;
    QHash<QString, VariableMap> m_serviceEnvVars;
    QList<ServiceInfo> m_services;
    VariableMap m_builtinVars;
};

void Generator::reportUnresolved(const QList<VariableReference> &refs, const SourceRef &src, Sev sev,
                                 const QString &context)
{
    for (const VariableReference &r : refs) {
        const QString key = src.file + QLatin1Char(':') + QString::number(src.line) + QLatin1Char(':') + r.name +
                            QLatin1Char(':') + context;
        if (m_reportedVars.contains(key) || (t_sink && t_sink->seen.contains(key)))
            continue;
        (t_sink ? t_sink->seen : m_reportedVars).insert(key);
        QString msg;
        if (r.syntax == VariableSyntax::Shell) {
            msg =
                m_options.commandLine
                    ? QStringLiteral("$%1 is not set: define it in the deployment settings or with --set %1=VALUE.")
                          .arg(r.name)
                    : QStringLiteral("$%1 is not set: set it in the Deployment settings (Policies area).").arg(r.name);
        } else if (!r.problem.isEmpty()) {
            msg =
                QStringLiteral("{{%1}} cannot be resolved%2: %3.")
                    .arg(r.name, context.isEmpty() ? QString() : QStringLiteral(" for service ") + context, r.problem);
        } else {
            msg = QStringLiteral(
                      "{{%1}} has no value%2: define it in the mesh env (the service's block, helm or global).")
                      .arg(r.name, context.isEmpty() ? QString() : QStringLiteral(" for service ") + context);
        }
        report(sev, QStringLiteral("policy.variable.unresolved"), msg, src, key);
    }
}

QString Generator::resolveShell(const QString &text, const SourceRef &src, Sev sev)
{
    if (!text.contains(QLatin1Char('$')))
        return text;
    ResolvedText r = resolveShellVariables(text, m_shellVars);
    if (!r.ok())
        reportUnresolved(r.unresolved, src, sev, {});
    return r.text;
}

QString Generator::resolveShell(const LocatedString &s, const QString &file, Sev sev)
{
    return resolveShell(s.value, refOf(file, s), sev);
}

QString Generator::resolveMesh(const QString &text, const ServiceInfo &svc, const SourceRef &src, Sev sev)
{
    if (!text.contains(QLatin1Char('{')))
        return text;
    ResolvedText r = resolveMeshVariablesIn(text, scopeOf(svc));
    if (!r.ok())
        reportUnresolved(r.unresolved, src, sev, svc.name);
    return r.text;
}

QList<const ManifestFile *> Generator::withoutGeneratedCopies(const QList<const ManifestFile *> &files)
{
    // `x.yaml` next to `x.yaml.template` is the tutorials' envsubst output: the template is
    // the source, the generated file is skipped.
    QSet<QString> templates;
    for (const ManifestFile *f : files)
        if (f->path.endsWith(QLatin1String(".template")))
            templates.insert(f->path.chopped(9));
    QList<const ManifestFile *> out;
    for (const ManifestFile *f : files) {
        if (templates.contains(f->path)) {
            report(Sev::Info, QStringLiteral("policy.service.generated-copy"),
                   QStringLiteral("%1 is ignored: %1.template is the source it is generated from.").arg(f->path),
                   SourceRef{f->path, 1, 1});
            continue;
        }
        out.append(f);
    }
    return out;
}

const ManifestFile *Generator::selectMesh()
{
    const QList<const ManifestFile *> meshes = withoutGeneratedCopies(m_project.meshFiles());
    if (meshes.isEmpty()) {
        // A finding about the project still names a place: its first manifest, else its folder.
        const QList<const ManifestFile *> services = m_project.serviceFiles();
        report(Sev::Error, QStringLiteral("policy.mesh.missing"),
               QStringLiteral(
                   "The project has no mesh manifest (kind: mesh): there is nothing to generate policies from."),
               SourceRef{services.isEmpty() ? m_project.rootDir() : services.first()->path, 1, 1});
        return nullptr;
    }
    const QString wanted = m_options.settings.meshFile;
    if (meshes.size() == 1 && wanted.isEmpty())
        return meshes.front();
    QStringList paths;
    for (const ManifestFile *m : meshes) {
        const QString relative =
            m_project.rootDir().isEmpty() ? m->path : QDir(m_project.rootDir()).relativeFilePath(m->path);
        paths << relative;
        // The exact file: relative to the project folder, or absolute.
        if (!wanted.isEmpty() && (QDir::cleanPath(wanted) == relative || QDir::cleanPath(wanted) == m->path))
            return m;
    }
    if (!wanted.isEmpty()) {
        report(Sev::Error, QStringLiteral("policy.mesh.not-found"),
               QStringLiteral("MESH_FILE %1 is none of the project's mesh manifests (%2); give the path relative to "
                              "the project folder.")
                   .arg(wanted, paths.join(QStringLiteral(", "))),
               {});
        return nullptr;
    }
    report(
        Sev::Error, QStringLiteral("policy.mesh.multiple"),
        QStringLiteral("The project has %1 mesh manifests (%2): choose one with MESH_FILE in the deployment settings.")
            .arg(meshes.size())
            .arg(paths.join(QStringLiteral(", "))),
        {});
    return nullptr;
}

QList<const ManifestFile *> Generator::selectServiceFiles()
{
    return withoutGeneratedCopies(m_project.serviceFiles());
}

void Generator::readMeshEnv(const ManifestFile &meshFile)
{
    const MeshManifest &mesh = *meshFile.mesh;
    const QString &file = meshFile.path;
    auto read = [&](const QList<EnvVariable> &vars, EnvironmentValue::Origin origin, MeshEnv &into,
                    VariableMap &values) {
        for (const EnvVariable &v : vars) {
            if (v.name.value.isEmpty())
                continue;
            MeshValue mv;
            mv.origin = origin;
            if (v.value) {
                mv.source = refOf(file, *v.value);
                mv.value = resolveShell(v.value->value, mv.source);
            } else {
                mv.source = refOf(file, v.name);
                report(Sev::Error, QStringLiteral("policy.env.no-value"),
                       QStringLiteral("Mesh variable %1 has no value (mesh env entries need both name and value).")
                           .arg(v.name.value),
                       mv.source);
                continue;
            }
            values.insert(v.name.value, mv.value);
            into.insert(v.name.value, mv);
        }
    };
    QSet<QString> services;
    services.reserve(mesh.services.size());
    for (const MeshService &ms : mesh.services)
        services.insert(ms.name.value);
    read(mesh.flatEnv, EnvironmentValue::Origin::MeshGlobal, m_sharedEnv, m_sharedEnvVars);
    for (const MeshEnvBlock &b : mesh.envBlocks)
        if (b.service.value == QLatin1String("global"))
            read(b.env, EnvironmentValue::Origin::MeshGlobal, m_sharedEnv, m_sharedEnvVars);
    for (const MeshEnvBlock &b : mesh.envBlocks)
        if (b.service.value == QLatin1String("helm"))
            read(b.env, EnvironmentValue::Origin::MeshHelm, m_sharedEnv, m_sharedEnvVars);
    for (const MeshEnvBlock &b : mesh.envBlocks) {
        const QString target = b.service.value;
        if (target == QLatin1String("global") || target == QLatin1String("helm"))
            continue;
        if (!services.contains(target))
            report(
                Sev::Warning, QStringLiteral("policy.env.unknown-service"),
                QStringLiteral("The env block for \"%1\" matches no service of the mesh; it is not used.").arg(target),
                refOf(file, b.service));
        read(b.env, EnvironmentValue::Origin::MeshService, m_serviceEnv[target], m_serviceEnvVars[target]);
    }
}

const MeshValue *Generator::meshValue(const ServiceInfo &svc, const QString &name) const
{
    if (const auto own = m_serviceEnv.constFind(svc.name); own != m_serviceEnv.cend())
        if (const auto it = own->constFind(name); it != own->cend())
            return &it.value();
    const auto it = m_sharedEnv.constFind(name);
    return it == m_sharedEnv.cend() ? nullptr : &it.value();
}

QStringList Generator::meshNames(const ServiceInfo &svc) const
{
    QSet<QString> names(m_sharedEnv.keyBegin(), m_sharedEnv.keyEnd());
    if (const auto own = m_serviceEnv.constFind(svc.name); own != m_serviceEnv.cend())
        for (auto it = own->cbegin(); it != own->cend(); ++it)
            names.insert(it.key());
    QStringList out(names.begin(), names.end());
    std::sort(out.begin(), out.end());
    return out;
}

VariableScope Generator::scopeOf(const ServiceInfo &svc) const
{
    VariableScope scope;
    if (const auto own = m_serviceEnvVars.constFind(svc.name); own != m_serviceEnvVars.cend())
        scope.addLayer(&own.value());
    scope.addLayer(&m_sharedEnvVars);
    scope.addLayer(&svc.ownVars);
    scope.addLayer(&m_builtinVars);
    return scope;
}

void Generator::matchServices(const ManifestFile &meshFile, const QList<const ManifestFile *> &serviceFiles)
{
    const MeshManifest &mesh = *meshFile.mesh;
    // The one pairing rule (models/manifest/servicematch.h), on images resolved with the settings.
    const ServiceManifestIndex index(serviceFiles, m_project.rootDir(), [this](const ManifestFile &f) {
        return resolveShell(f.service->build.to, f.path);
    });
    QSet<QString> names;
    QList<QPair<QString, QString>> wanted;  // (name, resolved image), parallel to m_services
    for (const MeshService &ms : mesh.services) {
        ServiceInfo info;
        info.mesh = &ms;
        info.name = ms.name.value;
        const SourceRef src = refOf(meshFile.path, ms.location);
        if (info.name.isEmpty()) {
            report(Sev::Error, QStringLiteral("policy.service.no-name"), QStringLiteral("A mesh service has no name."),
                   src);
            continue;
        }
        if (names.contains(info.name)) {
            report(Sev::Error, QStringLiteral("policy.service.duplicate"),
                   QStringLiteral("Mesh service %1 is listed twice; session names must be unique.").arg(info.name),
                   refOf(meshFile.path, ms.name));
            continue;
        }
        names.insert(info.name);
        if (!isValidSessionSegment(info.name))
            report(Sev::Error, QStringLiteral("policy.name.invalid"),
                   QStringLiteral(
                       "Service name \"%1\" cannot be part of a session name (allowed: letters, digits, _ - . ~).")
                       .arg(info.name),
                   refOf(meshFile.path, ms.name));
        else if (!isValidChartName(info.name))
            report(
                Sev::Error, QStringLiteral("policy.helm.name"),
                QStringLiteral("Service name \"%1\" is not a valid helm chart name (lowercase letters, digits and -): "
                               "Kubernetes would refuse the objects named after it.")
                    .arg(info.name),
                refOf(meshFile.path, ms.name));
        for (const auto &[key, value] :
             {std::pair{"image_secrets", &ms.imageSecrets}, std::pair{"image_policy", &ms.imagePolicy},
              std::pair{"helm_chart", &ms.helmChart}})
            if (*value && !(*value)->value.isEmpty())
                report(Sev::Warning, QStringLiteral("policy.service.not-previewed"),
                       QStringLiteral("%1 of service %2 is not reflected in this preview: the sessions and chart shown "
                                      "are what the service manifest alone produces.")
                           .arg(QLatin1String(key), info.name),
                       refOf(meshFile.path, **value));
        info.image = resolveShell(ms.image, meshFile.path);
        wanted.append({info.name, info.image});
        m_services.append(info);
    }
    const QList<ServiceMatch> matches = index.match(wanted);
    QSet<const ManifestFile *> used;
    for (qsizetype i = 0; i < m_services.size(); ++i) {
        ServiceInfo &info = m_services[i];
        const MeshService &ms = *info.mesh;
        const ServiceMatch &m = matches.at(i);
        info.file = m.file;
        // A manifest that does not parse has no build section to compare (its syntax error is
        // reported once, below): matching it by folder is no mismatch.
        const bool parses = m.file && m.file->document.isValid();
        if (parses && (m.kind == ServiceMatchKind::BuildName || m.kind == ServiceMatchKind::Folder))
            report(Sev::Warning, QStringLiteral("policy.service.image-mismatch"),
                   QStringLiteral("Mesh service %1 uses image %2, but %3 builds %4; matched by %5.")
                       .arg(info.name, info.image, m.file->path,
                            resolveShell(m.file->service->build.to, m.file->path, Sev::Info),
                            m.kind == ServiceMatchKind::BuildName ? QStringLiteral("name")
                                                                  : QStringLiteral("folder name")),
                   refOf(meshFile.path, ms.image));
        if (info.file) {
            info.manifest = info.file->service.get();
            used.insert(info.file);
        } else {
            report(Sev::Info, QStringLiteral("policy.service.curated"),
                   QStringLiteral(
                       "Mesh service %1 uses image %2, which no service manifest of the project builds: its policy "
                       "template is embedded in the image, so the preview shows only what the mesh determines.")
                       .arg(info.name, info.image),
                   refOf(meshFile.path, ms.image));
        }
    }
    for (const ManifestFile *f : serviceFiles)
        if (!used.contains(f))
            report(Sev::Info, QStringLiteral("policy.service.unused"),
                   QStringLiteral("%1 is not used by the mesh (no mesh service has image %2).")
                       .arg(f->path, resolveShell(f->service->build.to, f->path, Sev::Info)),
                   SourceRef{f->path, 1, 1});
}

CasSecurity Generator::security(const ManifestFile &meshFile)
{
    const MeshPolicy &p = meshFile.mesh->policy;
    const QString &file = meshFile.path;
    CasSecurity sec;
    if (p.tolerate) {
        sec.tolerateSource = refOf(file, *p.tolerate);
        sec.tolerate = splitComma(resolveShell(*p.tolerate, file));
    }
    if (m_options.settings.mode == DeploymentMode::Debug && !sec.tolerate.contains(QLatin1String("debug-mode"))) {
        sec.tolerate.append(QStringLiteral("debug-mode"));
        report(Sev::Info, QStringLiteral("policy.mode.debug"),
               QStringLiteral("Debug mode: the sessions tolerate debug-mode enclaves (never use this in production)."),
               sec.tolerateSource.isValid() ? sec.tolerateSource : refOf(file, p.location));
    }
    if (p.ignoreAdvisories) {
        sec.ignoreAdvisoriesSource = refOf(file, *p.ignoreAdvisories);
        const QString v = resolveShell(*p.ignoreAdvisories, file).trimmed();
        sec.ignoreAdvisories = v == QLatin1String("*") ? QStringList{QStringLiteral("*")} : splitComma(v);
    }
    if (p.maa) {
        sec.modeSource = refOf(file, *p.maa);
        sec.attestationMode = QStringLiteral("maa");
        sec.maaUrl = resolveShell(*p.maa, file);
    }
    auto fragmentInfo = [&](const std::optional<LocatedString> &s, const char *key) {
        if (s && !s->value.isEmpty())
            report(Sev::Info, QStringLiteral("policy.fragment.not-previewed"),
                   QStringLiteral("policy.%1 refers to the policy fragment %2, which lives on the CAS; the preview "
                                  "does not include it.")
                       .arg(QLatin1String(key), s->value),
                   refOf(file, *s));
    };
    fragmentInfo(p.accessPolicyName, "access_policy_name");
    fragmentInfo(p.attestationPolicyName, "attestation_policy_name");
    fragmentInfo(p.securityPolicyName, "security_policy_name");
    return sec;
}

CasSession Generator::namespaceSession(const ManifestFile &meshFile)
{
    CasSession ns;
    ns.kind = CasSession::Kind::Namespace;
    ns.name = m_out.policyNamespace;
    ns.accessPolicy.read = {QStringLiteral("CREATOR")};
    ns.accessPolicy.update = {QStringLiteral("CREATOR")};
    ns.accessPolicy.createSessions = {QStringLiteral("CREATOR")};
    const MeshPolicy &p = meshFile.mesh->policy;
    ns.source = p.policyNamespace ? refOf(meshFile.path, *p.policyNamespace) : refOf(meshFile.path, p.location);
    return ns;
}

void Generator::makeServiceSessions(const CasSecurity &sec)
{
    // Each service's session reads only what is shared (the mesh env, the settings, its own
    // manifest) and writes only its own ServiceInfo and session; its findings go to its sink.
    const qsizetype first = m_out.sessions.size();
    m_out.sessions.resize(first + m_services.size());
    CasSession *sessions = m_out.sessions.data();
    ServiceInfo *services = m_services.data();
    std::vector<ReportSink> sinks(size_t(m_services.size()));
    runParallel(m_options.parallelFor, m_services.size(), [&](qsizetype i) {
        ServiceInfo &svc = services[i];
        t_sink = &sinks[size_t(i)];
        svc.sessionName = m_out.policyNamespace + QLatin1Char('/') + svc.name;
        // Builtins of the service, then the defaults of its global variables; the mesh env
        // wins over both (scopeOf()).
        svc.ownVars.insert(QStringLiteral("session"), svc.sessionName);
        svc.ownVars.insert(QStringLiteral("service_name"), svc.name);
        svc.ownVars.insert(QStringLiteral("cas_service_name"), svc.name);
        svc.ownVars.insert(QStringLiteral("image_name"), svc.image);
        if (svc.manifest)
            for (const EnvVariable &v : svc.manifest->globalEnv)
                if (v.value)
                    svc.ownVars.insert(v.name.value, resolveShell(*v.value, svc.file->path));
        svc.sessionIndex = int(first + i);
        // While a manifest does not parse, nothing of it can be read: its session is previewed
        // like a curated image's (what the mesh determines), not as one with every field missing.
        const bool readable = svc.manifest && svc.file->document.isValid();
        sessions[first + i] = readable ? serviceSession(svc, sec) : curatedSession(svc, sec);
        if (svc.manifest && !svc.file->document.isValid())
            if (auto err = svc.file->document.syntaxError())
                report(Sev::Error, QStringLiteral("policy.service.syntax"),
                       QStringLiteral("%1 does not parse: %2").arg(svc.file->path, err->message),
                       SourceRef{svc.file->path, err->location.line, err->location.column});
        t_sink = nullptr;
    });
    for (const ReportSink &sink : sinks)
        for (qsizetype j = 0; j < sink.diagnostics.size(); ++j) {
            const QString &key = sink.keys.at(j);
            if (!key.isEmpty()) {
                if (m_reportedVars.contains(key))
                    continue;  // an earlier service reported it
                m_reportedVars.insert(key);
            }
            m_out.diagnostics.append(sink.diagnostics.at(j));
        }
}

CasSession Generator::serviceSession(ServiceInfo &svc, const CasSecurity &sec)
{
    const ServiceManifest &sm = *svc.manifest;
    const QString &file = svc.file->path;
    const QString meshFile = m_out.meshFile;
    CasSession s;
    s.kind = CasSession::Kind::Service;
    s.name = svc.sessionName;
    s.meshService = svc.name;
    s.serviceManifestFile = file;
    s.source = refOf(meshFile, svc.mesh->location);
    s.accessPolicy.read = {QStringLiteral("CREATOR")};
    s.accessPolicy.update = {QStringLiteral("CREATOR")};
    s.security = sec;

    CasService service;
    service.name = sessionServiceName(resolveShell(sm.build.kind, file), svc.name);
    service.imageName = imageNameFor(svc.name);
    service.source = s.source;
    service.commandSource = refOf(file, sm.build.command);
    service.command = resolveBoth(sm.build.command, file, svc);
    if (service.command.trimmed().isEmpty())
        report(Sev::Error, QStringLiteral("policy.service.no-command"),
               QStringLiteral("Service %1 has no build.command: the session cannot say what the enclave runs.")
                   .arg(svc.name),
               refOf(file, sm.build.location));
    if (sm.build.pwd && !sm.build.pwd->value.isEmpty()) {
        service.pwdSource = refOf(file, *sm.build.pwd);
        service.pwd = resolveBoth(*sm.build.pwd, file, svc);
    } else {
        service.pwd = QStringLiteral("/");
    }
    const QStringList known = m_options.mrenclaves.value(svc.name);
    if (!known.isEmpty()) {
        service.mrenclaves = known;
    } else {
        service.mrenclaves = {QStringLiteral("<MRENCLAVE of %1, known after the build>").arg(svc.image)};
        service.mrenclavePlaceholder = true;
    }

    // Environment: local variables (fixed by the service), then global ones (mesh values).
    QSet<QString> seen;
    for (const EnvVariable &v : sm.localEnv) {
        const QString name = v.name.value;
        if (name.isEmpty() || isImageOrChartVariable(name))
            continue;
        EnvironmentValue e;
        e.name = name;
        e.origin = EnvironmentValue::Origin::Local;
        if (!v.value) {
            report(Sev::Error, QStringLiteral("policy.env.no-value"),
                   QStringLiteral("Local variable %1 of service %2 has no value.").arg(name, svc.name),
                   refOf(file, v.name));
            continue;
        }
        e.source = refOf(file, *v.value);
        e.value = resolveBoth(*v.value, file, svc);
        if (seen.contains(name))
            service.environment.removeIf([&](const EnvironmentValue &x) { return x.name == name; });
        seen.insert(name);
        service.environment.append(e);
    }
    for (const EnvVariable &v : sm.globalEnv) {
        const QString name = v.name.value;
        if (name.isEmpty())
            continue;
        EnvironmentValue e;
        e.name = name;
        if (const MeshValue *mv = meshValue(svc, name)) {
            e.origin = mv->origin;
            e.source = mv->source;
            e.value = resolveMesh(mv->value, svc, mv->source);
        } else if (v.value) {
            e.origin = EnvironmentValue::Origin::ServiceDefault;
            e.source = refOf(file, *v.value);
            e.value = resolveBoth(*v.value, file, svc);
        } else {
            report(
                Sev::Error, QStringLiteral("policy.env.missing"),
                QStringLiteral("Global variable %1 of service %2 has no value: set it in the mesh env (the service's "
                               "block, helm or global) or give it a default in the service manifest.")
                    .arg(name, svc.name),
                refOf(file, v.name));
            continue;
        }
        if (seen.contains(name)) {
            report(Sev::Warning, QStringLiteral("policy.env.shadowed"),
                   QStringLiteral("Variable %1 of service %2 is both local and global; the global value is used.")
                       .arg(name, svc.name),
                   refOf(file, v.name));
            service.environment.removeIf([&](const EnvironmentValue &x) { return x.name == name; });
        }
        seen.insert(name);
        service.environment.append(e);
    }
    s.services.append(service);

    CasImage image;
    image.name = service.imageName;
    image.source = s.source;
    for (const InjectionFile &f : sm.injectionFiles) {
        CasInjectionFile inj;
        inj.source = refOf(file, f.location);
        inj.path = resolveBoth(f.path, file, svc);
        inj.contentSource = refOf(file, f.content);
        inj.content = resolveBoth(f.content, file, svc);
        image.injectionFiles.append(inj);
    }
    s.images.append(image);

    // Secrets defined by this service (imports are linked later, when all sessions exist).
    for (const ServiceSecret &ss : sm.secrets) {
        CasSecret c;
        c.name = ss.name.value;
        c.source = refOf(file, ss.location);
        if (c.name.isEmpty())
            continue;
        auto text = [&](const std::optional<LocatedString> &v) { return v ? resolveBoth(*v, file, svc) : QString(); };
        c.kind = text(ss.kind);
        if (ss.size && !ss.size->value.isEmpty()) {
            bool ok = false;
            const int n = ss.size->value.trimmed().toInt(&ok);
            if (ok && n > 0)
                c.size = n;
            else
                report(Sev::Error, QStringLiteral("policy.secret.size"),
                       QStringLiteral("Secret %1: size must be a positive number, not \"%2\".")
                           .arg(c.name, ss.size->value),
                       refOf(file, *ss.size));
        }
        if (ss.value)
            c.value = resolveBoth(*ss.value, file, svc);
        c.keyType = text(ss.keyType);
        if (ss.migrate && !ss.migrate->value.isEmpty()) {
            c.migrate = parseBool(ss.migrate->value);
            if (!c.migrate)
                report(Sev::Error, QStringLiteral("policy.secret.migrate"),
                       QStringLiteral("Secret %1: migrate must be true or false, not \"%2\".")
                           .arg(c.name, ss.migrate->value),
                       refOf(file, *ss.migrate));
        }
        c.privateKey = text(ss.privateKey);
        c.issuer = text(ss.issuer);
        c.commonName = text(ss.commonName);
        if (ss.dns)
            for (const LocatedString &d : ss.dns->items)
                c.dns.append(resolveBoth(d, file, svc));
        c.endpoint = text(ss.endpoint);
        c.validFor = text(ss.validFor);
        c.tenantId = text(ss.tenantId);
        c.clientId = text(ss.clientId);
        c.applicationSecret = text(ss.applicationSecret);
        c.exportPublic = ss.exportPublic && isTrue(ss.exportPublic->value);
        s.secrets.append(c);
    }
    return s;
}

CasSession Generator::curatedSession(ServiceInfo &svc, const CasSecurity &sec)
{
    CasSession s;
    s.kind = CasSession::Kind::Service;
    s.curatedImage = true;
    s.name = svc.sessionName;
    s.meshService = svc.name;
    s.source = refOf(m_out.meshFile, svc.mesh->location);
    s.accessPolicy.read = {QStringLiteral("CREATOR")};
    s.accessPolicy.update = {QStringLiteral("CREATOR")};
    s.security = sec;
    CasService service;
    service.name = svc.name;
    service.imageName = imageNameFor(svc.name);
    service.source = s.source;
    service.pwd = QStringLiteral("/");
    const QStringList known = m_options.mrenclaves.value(svc.name);
    service.mrenclaves =
        known.isEmpty() ? QStringList{QStringLiteral("<MRENCLAVE of %1, defined by the curated image>").arg(svc.image)}
                        : known;
    service.mrenclavePlaceholder = known.isEmpty();
    // The embedded template reads the mesh env by name; show what it will be given.
    for (const QString &n : meshNames(svc)) {
        if (isHelmMeaningName(n))
            continue;
        const MeshValue &mv = *meshValue(svc, n);
        service.environment.append({n, resolveMesh(mv.value, svc, mv.source), mv.origin, mv.source});
    }
    s.services.append(service);
    s.images.append({service.imageName, {}, s.source});
    return s;
}

void Generator::linkSecrets()
{
    // Owner of every secret defined in the mesh.
    struct Owner {
        int session = -1;
        SourceRef source;
    };
    QHash<QString, Owner> owners;
    QList<int> curated;  // sessions of curated images
    for (const ServiceInfo &svc : std::as_const(m_services)) {
        const CasSession &s = m_out.sessions.at(svc.sessionIndex);
        if (s.curatedImage)
            curated.append(svc.sessionIndex);
        for (const CasSecret &c : s.secrets) {
            if (const auto it = owners.constFind(c.name); it != owners.cend()) {
                report(
                    Sev::Error, QStringLiteral("policy.secret.duplicate"),
                    QStringLiteral("Secret %1 is defined by both %2 and %3; secret names must be unique in the mesh.")
                        .arg(c.name, m_out.sessions.at(it->session).meshService, s.meshService),
                    c.source);
                continue;
            }
            owners.insert(c.name, {svc.sessionIndex, c.source});
        }
    }
    for (const ServiceInfo &svc : std::as_const(m_services)) {
        if (!svc.manifest)
            continue;
        const LocatedStringList &imports = svc.manifest->imports;
        QSet<QString> seen;
        for (const LocatedString &imp : imports.items) {
            const QString name = imp.value;
            const SourceRef src = refOf(svc.file->path, imp);
            CasSession &importer = m_out.sessions[svc.sessionIndex];
            if (name.isEmpty())
                continue;
            if (seen.contains(name)) {
                report(Sev::Warning, QStringLiteral("policy.import.duplicate"),
                       QStringLiteral("Service %1 imports secret %2 twice.").arg(svc.name, name), src);
                continue;
            }
            seen.insert(name);
            if (importer.secret(name)) {
                report(Sev::Error, QStringLiteral("policy.import.self"),
                       QStringLiteral("Service %1 imports secret %2, which it defines itself.").arg(svc.name, name),
                       src);
                continue;
            }
            CasSecret c;
            c.name = name;
            c.source = src;
            SecretImport in;
            in.secret = name;
            const auto it = owners.constFind(name);
            if (it == owners.cend()) {
                // With exactly one curated image in the mesh, that is where the secret comes
                // from (its session is defined by the image); otherwise nobody can tell.
                if (curated.size() == 1) {
                    const CasSession &exporter = m_out.sessions.at(curated.front());
                    in.sessionAbsolute = exporter.name;
                    in.session = relativeSessionReference(importer.name, exporter.name);
                    report(Sev::Warning, QStringLiteral("policy.import.dangling"),
                           QStringLiteral("Service %1 imports secret %2, which no service manifest of the project "
                                          "defines: assumed to come from the curated image of %3.")
                               .arg(svc.name, name, exporter.meshService),
                           src);
                } else {
                    in.session = QStringLiteral("<no service of the mesh defines %1>").arg(name);
                    report(Sev::Error, QStringLiteral("policy.import.dangling"),
                           curated.isEmpty()
                               ? QStringLiteral("Service %1 imports secret %2, which no service of the mesh defines.")
                                     .arg(svc.name, name)
                               : QStringLiteral("Service %1 imports secret %2, which no service manifest of the "
                                                "project defines; one of the curated images may, but the preview "
                                                "cannot tell which.")
                                     .arg(svc.name, name),
                           src);
                }
            } else {
                CasSession &exporter = m_out.sessions[it->session];
                in.sessionAbsolute = exporter.name;
                in.session = relativeSessionReference(importer.name, exporter.name);
                CasSecret *owned = exporter.secret(name);
                SecretExport ex;
                ex.sessionAbsolute = importer.name;
                ex.session = relativeSessionReference(exporter.name, importer.name);
                ex.source = src;
                owned->exports.append(ex);
            }
            c.import = in;
            importer.secrets.append(c);
        }
    }
}

void Generator::checkPlaceholders()
{
    QHash<QString, const CasSession *> byName;
    for (const CasSession &s : std::as_const(m_out.sessions))
        byName.insert(s.name, &s);
    for (const CasSession &s : std::as_const(m_out.sessions)) {
        if (s.kind != CasSession::Kind::Service || s.curatedImage)
            continue;
        auto check = [&](const QString &text, const SourceRef &src) {
            for (const SconePlaceholder &p : findSconePlaceholders(text)) {
                const CasSecret *sec = s.secret(p.secret);
                if (!sec && m_options.runValidator)
                    continue;  // the validator reports it, at the exact line inside the content
                if (!sec) {
                    report(Sev::Warning, QStringLiteral("policy.placeholder.unknown-secret"),
                           QStringLiteral(
                               "$$SCONE::%1%2$$ refers to secret %1, which session %3 neither defines nor imports.")
                               .arg(p.secret, p.format, s.name),
                           src);
                    continue;
                }
                const bool wantsKey =
                    p.format == QLatin1String(".key") || p.format.startsWith(QLatin1String(":privatekey"));
                if (!wantsKey || !sec->import || sec->import->sessionAbsolute.isEmpty())
                    continue;
                const CasSession *owner = byName.value(sec->import->sessionAbsolute);
                const CasSecret *orig = owner ? owner->secret(sec->import->secret) : nullptr;
                if (orig && !orig->privateKey.isEmpty() && !s.secret(orig->privateKey))
                    report(Sev::Warning, QStringLiteral("policy.import.private-key-missing"),
                           QStringLiteral(
                               "$$SCONE::%1%2$$ needs the private key of %1, but session %3 does not import %4.")
                               .arg(p.secret, p.format, s.name, orig->privateKey),
                           src);
            }
        };
        for (const CasImage &img : s.images)
            for (const CasInjectionFile &f : img.injectionFiles)
                check(f.content, f.contentSource.isValid() ? f.contentSource : f.source);
        for (const CasService &svc : s.services)
            for (const EnvironmentValue &e : svc.environment)
                check(e.value, e.source);
        for (const CasSecret &c : s.secrets) {
            if (c.isImported())
                continue;
            if (!c.issuer.isEmpty() && !s.secret(c.issuer))
                report(Sev::Error, QStringLiteral("policy.secret.issuer-unknown"),
                       QStringLiteral("Secret %1 is issued by %2, which session %3 neither defines nor imports.")
                           .arg(c.name, c.issuer, s.name),
                       c.source);
            if (!c.privateKey.isEmpty() && !s.secret(c.privateKey))
                report(Sev::Error, QStringLiteral("policy.secret.private-key-unknown"),
                       QStringLiteral("Secret %1 uses private key %2, which session %3 neither defines nor imports.")
                           .arg(c.name, c.privateKey, s.name),
                       c.source);
        }
    }
}

ChartService Generator::chartService(const ServiceInfo &svc, const ManifestFile &meshFile)
{
    ChartService c;
    c.name = svc.name;
    c.source = refOf(meshFile.path, svc.mesh->location);
    c.image = svc.image;
    c.imageSource = refOf(meshFile.path, svc.mesh->image);
    const CasSession &session = m_out.sessions.at(svc.sessionIndex);
    c.configId = session.configId();
    c.casAddress = m_out.casAddress;
    if (!meshFile.mesh->cas.isEmpty())
        c.casAddressSource = refOf(meshFile.path, meshFile.mesh->cas.front().casUrl);

    // Local variables of the service first (they are what the genservice template reads),
    // then the mesh env.
    struct Lookup {
        QString value;
        SourceRef source;
        bool found = false;
    };
    auto lookup = [&](const QString &name) {
        Lookup l;
        if (svc.manifest) {
            if (const EnvVariable *v = svc.manifest->localVariable(name); v && v->value) {
                l.source = refOf(svc.file->path, *v->value);
                l.value = resolveMesh(resolveShell(v->value->value, l.source), svc, l.source);
                l.found = true;
                return l;
            }
        }
        if (const MeshValue *mv = meshValue(svc, name)) {
            l.source = mv->source;
            l.value = resolveMesh(mv->value, svc, mv->source);
            l.found = true;
        }
        return l;
    };
    if (const Lookup l = lookup(QStringLiteral("imagePullSecrets")); l.found) {
        c.imagePullSecrets = splitComma(l.value);
        c.imagePullSecretsSource = l.source;
    }
    if (const Lookup l = lookup(QStringLiteral("SCONE_LOG")); l.found && !l.value.isEmpty())
        c.sconeLog = l.value;
    if (const Lookup l = lookup(QStringLiteral("SCONE_VERSION")); l.found && !l.value.isEmpty())
        c.sconeVersion = l.value;
    Lookup port = lookup(QStringLiteral("PYTHON_SERVICE_PORT"));
    if (!port.found)
        port = lookup(QStringLiteral("APP_SERVICE_PORT"));
    if (port.found) {
        bool ok = false;
        const int p = port.value.trimmed().toInt(&ok);
        if (ok && p > 0 && p < 65536) {
            c.port = p;
            c.portSource = port.source;
        } else {
            report(Sev::Error, QStringLiteral("policy.helm.port"),
                   QStringLiteral("Service port of %1 must be a number between 1 and 65535, not \"%2\".")
                       .arg(svc.name, port.value),
                   port.source);
        }
    } else {
        report(Sev::Info, QStringLiteral("policy.helm.no-port"),
               QStringLiteral("Service %1 has no APP_SERVICE_PORT (mesh env) or PYTHON_SERVICE_PORT: its chart gets no "
                              "Kubernetes Service.")
                   .arg(svc.name),
               c.source);
    }
    for (int i = 0; i < 2; ++i) {
        const QString prefix = QStringLiteral("INIT_CONTAINER%1").arg(i + 1);
        const Lookup enable = lookup(prefix + QStringLiteral("_ENABLE"));
        const Lookup host = lookup(prefix);
        const Lookup p = lookup(prefix + QStringLiteral("_PORT"));
        c.init[i].enabled = enable.found && isTrue(enable.value);
        c.init[i].host = host.value;
        c.init[i].port = p.value;
        c.init[i].source = enable.found ? enable.source : host.source;
        if (c.init[i].enabled && (c.init[i].host.isEmpty() || c.init[i].port.isEmpty()))
            report(Sev::Error, QStringLiteral("policy.helm.init-container"),
                   QStringLiteral("%1 of service %2 is enabled but %1 or %1_PORT is not set.").arg(prefix, svc.name),
                   c.init[i].source);
    }
    if (const Lookup l = lookup(QStringLiteral("useSGXDevPlugin")); l.found) {
        const QString v = l.value.trimmed().toLower();
        if (v == QLatin1String("scone") || v == QLatin1String("azure") || v == QLatin1String("disabled"))
            c.sgxPlugin = v;
        else
            report(Sev::Error, QStringLiteral("policy.helm.sgx-plugin"),
                   QStringLiteral("useSGXDevPlugin must be scone, azure or disabled, not \"%1\".").arg(l.value),
                   l.source);
    }
    if (const Lookup l = lookup(QStringLiteral("sgxEpcMem")); l.found)
        c.sgxEpcMem = l.value;
    if (const Lookup l = lookup(QStringLiteral("restartPolicy")); l.found)
        c.restartPolicy = l.value;
    return c;
}

void Generator::mergeValidator()
{
    ValidationOptions vo;
    vo.checkFiles = false;
    vo.includeInfo = false;
    QSet<QString> names;
    const QMap<QString, QString> vars = m_options.settings.toVariables();
    for (auto it = vars.cbegin(); it != vars.cend(); ++it)
        names.insert(it.key());
    vo.shellVariables = names;
    const Diagnostics found =
        m_options.validatorFindings ? *m_options.validatorFindings : ProjectValidator(vo).validate(m_project);
    // Where generation already reported something at least as severe on the same line, the
    // validator's finding adds nothing but noise.
    QHash<QString, int> mine;  // file:line -> most severe (lowest enum value)
    for (const Diagnostic &d : std::as_const(m_out.diagnostics)) {
        const QString key = d.file + QLatin1Char(':') + QString::number(d.line);
        mine.insert(key, std::min(mine.value(key, int(Sev::Info)), int(d.severity)));
    }
    for (const Diagnostic &d : found) {
        if (d.severity == Sev::Info)
            continue;
        const QString key = d.file + QLatin1Char(':') + QString::number(d.line);
        if (d.line > 0 && mine.contains(key) && mine.value(key) <= int(d.severity))
            continue;
        m_out.diagnostics.append(d);
    }
}

PolicyPreview Generator::run()
{
    const ManifestFile *meshFile = selectMesh();
    if (meshFile && !meshFile->mesh) {
        report(Sev::Error, QStringLiteral("policy.mesh.unreadable"),
               QStringLiteral("The mesh manifest %1 could not be read.").arg(meshFile->path),
               SourceRef{meshFile->path, 1, 1});
        meshFile = nullptr;
    }
    if (!meshFile) {
        if (m_options.runValidator)
            mergeValidator();
        sortDiagnostics(m_out.diagnostics);
        return std::move(m_out);
    }
    const MeshManifest &mesh = *meshFile->mesh;
    m_out.meshFile = meshFile->path;
    if (auto err = meshFile->document.syntaxError())
        report(Sev::Error, QStringLiteral("policy.mesh.syntax"),
               QStringLiteral("The mesh manifest does not parse: %1").arg(err->message),
               SourceRef{meshFile->path, err->location.line, err->location.column});

    // Namespace and CAS.
    if (mesh.policy.policyNamespace && !mesh.policy.policyNamespace->value.isEmpty()) {
        m_out.policyNamespace = resolveShell(*mesh.policy.policyNamespace, meshFile->path);
    } else {
        m_out.policyNamespace = m_options.settings.appNamespace;
        report(m_out.policyNamespace.isEmpty() ? Sev::Error : Sev::Warning, QStringLiteral("policy.namespace.missing"),
               m_out.policyNamespace.isEmpty()
                   ? QStringLiteral("The mesh has no policy.namespace and APP_NAMESPACE is not set.")
                   : QStringLiteral("The mesh has no policy.namespace; APP_NAMESPACE from the settings is used."),
               refOf(meshFile->path, mesh.policy.location));
        if (m_out.policyNamespace.isEmpty())
            m_out.policyNamespace = QStringLiteral("APP_NAMESPACE");
    }
    // Whether from the mesh or from APP_NAMESPACE: it prefixes every session name.
    for (const QString &seg : m_out.policyNamespace.split(QLatin1Char('/')))
        if (!isValidSessionSegment(seg)) {
            report(
                Sev::Error, QStringLiteral("policy.name.invalid"),
                QStringLiteral("Policy namespace \"%1\" is not a valid session name (letters, digits, _ - . ~ and /).")
                    .arg(m_out.policyNamespace),
                mesh.policy.policyNamespace ? refOf(meshFile->path, *mesh.policy.policyNamespace)
                                            : refOf(meshFile->path, mesh.policy.location));
            break;
        }
    for (const MeshCas &cas : mesh.cas) {
        // Only cas_url reaches the output (SCONE_CAS_ADDR); key, encryption key and tolerance
        // are used when attesting the CAS and uploading, so a missing one is a warning here.
        const QString url = resolveShell(cas.casUrl, meshFile->path);
        if (cas.casKey)
            resolveShell(*cas.casKey, meshFile->path, Sev::Warning);
        if (cas.casEncryptionKey)
            resolveShell(*cas.casEncryptionKey, meshFile->path, Sev::Warning);
        if (cas.tolerance)
            resolveShell(*cas.tolerance, meshFile->path, Sev::Warning);
        const QString mode = cas.mode ? resolveShell(*cas.mode, meshFile->path, Sev::Warning) : QString();
        const QString name = cas.name.value.isEmpty() ? QStringLiteral("cas") : cas.name.value;
        m_builtinVars.insert(QStringLiteral("cas.") + name + QStringLiteral(".cas_url"), url);
        m_builtinVars.insert(QStringLiteral("cas_") + name + QStringLiteral("_cas_url"), url);
        if (m_out.casAddress.isEmpty() && (name == QLatin1String("cas") || &cas == &mesh.cas.front())) {
            m_out.casAddress = url;
            m_out.uploadMode = mode;
        }
    }
    if (m_out.casAddress.isEmpty())
        m_out.casAddress = m_options.settings.casAddress;
    m_builtinVars.insert(QStringLiteral("namespace"), m_out.policyNamespace);

    readMeshEnv(*meshFile);
    matchServices(*meshFile, selectServiceFiles());
    const CasSecurity sec = security(*meshFile);

    m_out.sessions.append(namespaceSession(*meshFile));
    makeServiceSessions(sec);
    linkSecrets();
    checkPlaceholders();
    m_out.upload = planUpload(m_out.sessions);
    m_out.diagnostics += m_out.upload.diagnostics;

    ChartInput chart;
    chart.release = m_options.settings.release;
    // helm install refuses release names that are not DNS-1123 labels of at most 53 characters.
    if (!isValidChartName(chart.release))
        report(Sev::Error, QStringLiteral("policy.helm.release"),
               QStringLiteral("RELEASE \"%1\" is not a valid helm release name (lowercase letters, digits and -, at "
                              "most 53 characters).")
                   .arg(chart.release),
               {});
    chart.appVersion = m_options.settings.version;
    const YamlNode *extra = meshFile->document.node(QStringLiteral("helm_extra_values"));
    QSet<QString> extraUsed;
    for (const ServiceInfo &svc : std::as_const(m_services)) {
        ChartService cs = chartService(svc, *meshFile);
        if (extra && extra->isMapping()) {
            if (const YamlNode *v = extra->value(svc.name)) {
                extraUsed.insert(svc.name);
                const YamlNode *resolved = v->resolved();
                if (!resolved || resolved->isNull()) {
                    // `service:` with nothing: no overrides
                } else if (!resolved->isMapping()) {
                    report(Sev::Error, QStringLiteral("policy.helm.extra-values"),
                           QStringLiteral("helm_extra_values.%1 must be a mapping of helm values.").arg(svc.name),
                           refOf(meshFile->path, v->location()));
                } else {
                    cs.extraValuesSource = refOf(meshFile->path, v->location());
                    // The tutorials run envsubst over the whole mesh file: $VAR here are resolved too.
                    cs.extraValuesYaml = resolveShell(rawNodeText(meshFile->document, v), cs.extraValuesSource);
                }
            }
        }
        chart.services.append(cs);
    }
    if (extra && extra->isMapping())
        for (int i = 0; i < extra->size(); ++i) {
            const YamlNode *k = extra->keyAt(i);
            if (k && !extraUsed.contains(k->scalar()))
                report(Sev::Warning, QStringLiteral("policy.helm.extra-values"),
                       QStringLiteral("helm_extra_values.%1 matches no service of the mesh; it is not merged.")
                           .arg(k->scalar()),
                       refOf(meshFile->path, k->location()));
        }
    m_out.chartInput = std::move(chart);
    if (m_options.writeTexts)
        writePolicyTexts(m_out);

    if (m_options.runValidator)
        mergeValidator();
    sortDiagnostics(m_out.diagnostics);
    return std::move(m_out);
}

}  // namespace

int PolicyPreview::indexOf(const QString &sessionName) const
{
    for (int i = 0; i < sessions.size(); ++i)
        if (sessions.at(i).name == sessionName)
            return i;
    return -1;
}

const CasSession *PolicyPreview::session(const QString &sessionName) const
{
    const int i = indexOf(sessionName);
    return i >= 0 ? &sessions.at(i) : nullptr;
}

PolicyPreview generatePolicies(const ManifestProject &project, const PolicyGenerationOptions &options)
{
    Generator g(project, options);
    return g.run();
}

void writePolicyTexts(PolicyPreview &preview, const ParallelFor &parallelFor)
{
    preview.chart = generateHelmChart(preview.chartInput);
    preview.sessionYaml = QList<RenderedText>(preview.sessions.size());
    RenderedText *texts = preview.sessionYaml.data();
    const CasSession *sessions = preview.sessions.constData();
    runParallel(parallelFor, preview.sessions.size(), [&](qsizetype i) { texts[i] = writeSession(sessions[i]); });
}

QStringList builtinMeshVariableNames()
{
    return {QStringLiteral("namespace"),         QStringLiteral("session"),
            QStringLiteral("service_name"),      QStringLiteral("image_name"),
            QStringLiteral("cas_service_name"),  QStringLiteral("cas.<name>.cas_url"),
            QStringLiteral("cas_<name>_cas_url")};
}

}  // namespace workbench::models::policy
