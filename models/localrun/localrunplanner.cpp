// SPDX-License-Identifier: Apache-2.0
#include "localrun/localrunplanner.h"

#include "build/commandline.h"
#include "build/containerfile.h"
#include "certs/issuedsecrets.h"
#include "localrun/meshnetwork.h"
#include "localrun/programchoice.h"
#include "manifest/manifestproject.h"
#include "policy/deploymentsettings.h"
#include "policy/policygenerator.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSet>

#include <algorithm>

namespace workbench::models::localrun {

namespace {

using policy::CasSession;

Error located(Error e, const policy::SourceRef &where)
{
    if (where.isValid() && e.file.isEmpty()) {
        e.file = where.file;
        e.line = where.line;
        e.column = where.column;
    }
    return e;
}

Error locatedString(Error e, const LocatedString &where, const QString &file)
{
    e.file = file;
    e.line = where.location.line;
    e.column = where.location.column;
    return e;
}

RuntimeKind runtimeOf(const QString &kind)
{
    if (kind == QLatin1String("python"))
        return RuntimeKind::Python;
    if (kind.startsWith(QLatin1String("java")))
        return RuntimeKind::Java;
    return RuntimeKind::Native;
}

/// Where the sandbox may not place a file: the kernel's own trees and the root itself.
bool forbiddenPath(const QString &path)
{
    for (const char *p : {"/proc", "/dev", "/sys"})
        if (path == QLatin1String(p) || path.startsWith(QLatin1String(p) + QLatin1Char('/')))
            return true;
    return path == QLatin1String("/");
}

const policy::ChartService *chartOf(const policy::PolicyPreview &preview, const QString &name)
{
    for (const policy::ChartService &c : preview.chartInput.services)
        if (c.name == name)
            return &c;
    return nullptr;
}

/// Everything of one service that does not depend on the other services.
struct ServiceDraft {
    LocalService service;
    QStringList argvWords;  // the command split, argv[0] as in the session
    bool usable = false;    // command known and split
    QList<Error> errors;    // reported only when the service is selected
};

class Planner
{
public:
    Planner(const policy::PolicyPreview &preview, const certs::IssuedSecrets &issued, const ManifestProject &project,
            const LocalRunOptions &options, const HostSystem &host)
        : m_preview(preview)
        , m_project(project)
        , m_options(options)
        , m_host(host)
        , m_material(issued, preview.sessions, options.random)
    {}

    LocalRunPlan run();

private:
    ServiceDraft draft(const CasSession &session);
    void addCode(ServiceDraft &d, const ServiceManifest &manifest, const QString &manifestPath);
    QString resolve(const LocatedString &value, const QString &file, ServiceDraft &d, bool *ok);
    /// Errors go to the service being drafted, else to the plan.
    void fail(Error e) { (m_draftErrors ? *m_draftErrors : m_plan.errors) << std::move(e); }

    const policy::PolicyPreview &m_preview;
    const ManifestProject &m_project;
    const LocalRunOptions &m_options;
    const HostSystem &m_host;
    SecretMaterial m_material;
    LocalRunPlan m_plan;
    QList<Error> *m_draftErrors = nullptr;
    QHash<QString, QList<Requirement>> m_requirements;  // service -> requirements
    QHash<QString, QString> m_requirementsFile;         // service -> file, for messages
};

QString Planner::resolve(const LocatedString &value, const QString &file, ServiceDraft &d, bool *ok)
{
    const policy::ResolvedText r = policy::resolveShellVariables(value.value, m_options.variables);
    *ok = r.ok();
    if (!r.ok())
        fail(locatedString(makeError(QStringLiteral("localrun.variable"),
                                     QStringLiteral("%1: $%2 is not set in the deployment settings.")
                                         .arg(d.service.name, r.unresolved.first().name)),
                           value, file));
    return r.text;
}

void Planner::addCode(ServiceDraft &d, const ServiceManifest &manifest, const QString &manifestPath)
{
    const BuildSection &build = manifest.build;
    const QString folder = QFileInfo(manifestPath).absolutePath();
    QList<LocatedString> entries;
    if (build.copy)
        entries += build.copy->items;
    if (build.requirements)
        entries << *build.requirements;
    for (const LocatedString &entry : std::as_const(entries)) {
        bool ok = false;
        const QString text = resolve(entry, manifestPath, d, &ok);
        if (!ok)
            continue;
        const Result<QString> rel = build::cleanCopyPath(text);
        if (!rel.ok()) {
            fail(locatedString(rel.error(), entry, manifestPath));
            continue;
        }
        bool known = false;
        for (const CodeEntry &c : std::as_const(d.service.code))
            known = known || c.relative == rel.value();
        if (known)
            continue;
        const QString source = rel.value() == QLatin1String(".") ? folder : QDir(folder).filePath(rel.value());
        const QFileInfo info(source);
        if (!info.exists()) {
            fail(locatedString(makeError(QStringLiteral("localrun.code.missing"),
                                         QStringLiteral("%1: the build copies `%2`, which does not exist in %3.")
                                             .arg(d.service.name, rel.value(), QDir::toNativeSeparators(folder))),
                               entry, manifestPath));
            continue;
        }
        d.service.code << CodeEntry{info.absoluteFilePath(), rel.value(), info.isDir()};
    }
    if (!build.requirements || d.service.runtime != RuntimeKind::Python)
        return;
    bool ok = false;
    const QString rel = resolve(*build.requirements, manifestPath, d, &ok);
    if (!ok)
        return;
    QFile f(QDir(folder).filePath(rel));
    if (!f.open(QIODevice::ReadOnly))
        return;  // reported above as a missing copy entry
    const Requirements reqs = parseRequirements(QString::fromUtf8(f.read(1 << 20)));
    for (const QString &s : reqs.skipped)
        m_plan.notes << QStringLiteral("%1: %2 %3 is not checked.").arg(d.service.name, rel, s);
    for (const Requirement &r : reqs.requirements)
        if (!d.service.requiredModules.contains(r.importName))
            d.service.requiredModules << r.importName;
    m_requirements.insert(d.service.name, reqs.requirements);
    m_requirementsFile.insert(d.service.name, QDir(QFileInfo(manifestPath).path()).filePath(rel));
}

ServiceDraft Planner::draft(const CasSession &session)
{
    ServiceDraft d;
    m_draftErrors = &d.errors;
    const auto done = qScopeGuard([this] { m_draftErrors = nullptr; });
    LocalService &s = d.service;
    s.name = session.meshService;
    s.session = session.name;
    s.source = session.source;
    if (session.curatedImage || session.services.isEmpty()) {
        fail(located(makeError(QStringLiteral("localrun.curated"),
                               QStringLiteral("%1 uses an image that no service manifest of the project builds; its "
                                              "command is not known, so the local run cannot start it.")
                                   .arg(s.name)),
                     session.source));
        return d;
    }
    const ManifestFile *file = m_project.file(session.serviceManifestFile);
    if (!file || !file->service) {
        fail(located(makeError(QStringLiteral("localrun.manifest"),
                               QStringLiteral("%1: its service manifest %2 is not part of the project.")
                                   .arg(s.name, session.serviceManifestFile)),
                     session.source));
        return d;
    }
    const ServiceManifest &manifest = *file->service;
    bool ok = false;
    s.kind = resolve(manifest.build.kind, file->path, d, &ok).trimmed();
    s.runtime = runtimeOf(s.kind);
    const policy::CasService &svc = session.services.first();
    s.pwd = svc.pwd.isEmpty() ? QStringLiteral("/") : QDir::cleanPath(svc.pwd);
    if (!s.pwd.startsWith(QLatin1Char('/')) || (forbiddenPath(s.pwd) && s.pwd != QLatin1String("/"))) {
        fail(located(
            makeError(
                QStringLiteral("localrun.pwd"),
                QStringLiteral("%1: the working directory `%2` cannot be used in the sandbox.").arg(s.name, svc.pwd)),
            svc.pwdSource));
        return d;
    }

    // Command: placeholders, then words.
    if (const Result<QByteArray> c = m_material.substitute(svc.command, session.name); !c.ok()) {
        fail(located(c.error(), svc.commandSource));
    } else if (c.value().contains('\0')) {
        fail(located(makeError(QStringLiteral("localrun.secret.binary"),
                               QStringLiteral("%1: the command holds a binary secret value (a NUL byte).").arg(s.name)),
                     svc.commandSource));
    } else {
        s.command = QString::fromUtf8(c.value());
        const Result<QStringList> words = build::splitCommandLine(s.command);
        if (!words.ok())
            fail(located(makeError(words.error().code, s.name + QStringLiteral(": ") + words.error().message),
                         svc.commandSource));
        else {
            d.argvWords = words.value();
            d.usable = true;
            // The words that hold placeholder material: word by word when the placeholders did not
            // change the word count, else (a value with spaces) every argument.
            static const QRegularExpression placeholder(QStringLiteral("\\$\\$SCONE::[^$]*\\$\\$"));
            const QString marker = QStringLiteral("@@SCONE-PLACEHOLDER@@");
            const Result<QStringList> raw = build::splitCommandLine(QString(svc.command).replace(placeholder, marker));
            const bool sameShape = raw.ok() && raw.value().size() == d.argvWords.size();
            for (int i = 1; i < d.argvWords.size(); ++i)
                if (sameShape ? raw.value().at(i).contains(marker) : svc.command.contains(QLatin1String("$$SCONE::")))
                    s.secretArguments << i;
        }
    }

    for (const policy::EnvironmentValue &env : svc.environment) {
        const Result<QByteArray> v = m_material.substitute(env.value, session.name);
        if (!v.ok()) {
            fail(located(v.error(), env.source));
            continue;
        }
        if (v.value().contains('\0')) {
            fail(located(makeError(QStringLiteral("localrun.secret.binary"),
                                   QStringLiteral("%1: %2 would hold a binary secret value (a NUL byte), which an "
                                                  "environment variable cannot.")
                                       .arg(s.name, env.name)),
                         env.source));
            continue;
        }
        s.environment << qMakePair(env.name, QString::fromUtf8(v.value()));
        if (env.value.contains(QLatin1String("$$SCONE::")))
            s.secretVariables << env.name;
    }

    QSet<QString> paths;
    for (const policy::CasImage &image : session.images) {
        if (image.name != svc.imageName)
            continue;
        for (const policy::CasInjectionFile &inj : image.injectionFiles) {
            const QString path = QDir::cleanPath(inj.path);
            if (!inj.path.startsWith(QLatin1Char('/')) || forbiddenPath(path) || paths.contains(path)) {
                fail(located(
                    makeError(QStringLiteral("localrun.file.path"),
                              paths.contains(path)
                                  ? QStringLiteral("%1: two injection files at %2.").arg(s.name, path)
                                  : QStringLiteral("%1: the injection file `%2` cannot be placed in the sandbox "
                                                   "(it needs an absolute path outside /proc, /dev and /sys).")
                                        .arg(s.name, inj.path)),
                    inj.source));
                continue;
            }
            paths.insert(path);
            const Result<QByteArray> content = m_material.substitute(inj.content, session.name);
            if (!content.ok()) {
                Error e = content.error();
                e.message = s.name + QStringLiteral(": ") + path + QStringLiteral(": ") + e.message;
                fail(located(e, inj.contentSource.isValid() ? inj.contentSource : inj.source));
                continue;
            }
            s.files << LocalFile{path, content.value(), true, inj.source};
        }
    }

    addCode(d, manifest, file->path);

    if (d.usable) {
        ProgramRequest req;
        req.service = s.name;
        req.runtime = s.runtime;
        req.kind = s.kind;
        req.program = d.argvWords.first();
        req.requirements = m_requirements.value(s.name);
        req.requirementsFile = m_requirementsFile.value(s.name);
        req.pythonOverride = m_options.python;
        req.javaOverride = m_options.java;
        const Result<ProgramChoice> program = chooseProgram(req, m_host);
        if (!program.ok()) {
            fail(located(program.error(), svc.commandSource));
        } else {
            s.program = program.value();
            s.argv = d.argvWords;
            s.argv[0] = s.program.program;
        }
    }
    return d;
}

LocalRunPlan Planner::run()
{
    m_plan.release = m_preview.chartInput.release;
    m_plan.policyNamespace = m_preview.policyNamespace;
    m_plan.projectDir = m_project.rootDir().isEmpty() ? m_project.folder() : m_project.rootDir();
    for (const Diagnostic &d : m_preview.diagnostics)
        if (d.severity == Diagnostic::Severity::Error) {
            Error e = makeError(QStringLiteral("localrun.policy"), d.message);
            e.file = d.file;
            e.line = d.line;
            e.column = d.column;
            fail(e);
        }
    m_plan.errors += m_material.errors();

    QList<const CasSession *> sessions;
    for (const CasSession &s : m_preview.sessions)
        if (s.kind == CasSession::Kind::Service && !s.meshService.isEmpty())
            sessions << &s;
    if (sessions.isEmpty()) {
        fail(makeError(QStringLiteral("localrun.empty"), QStringLiteral("The project's mesh has no services to run.")));
        return m_plan;
    }

    // The network is planned over every service (addresses and names stay the same whatever
    // is selected); drafts need nothing from it.
    QList<NetworkService> inputs;
    QHash<QString, QString> serviceOfSession;
    for (const CasSession *s : std::as_const(sessions))
        serviceOfSession.insert(s->name, s->meshService);
    QList<ServiceDraft> drafts;
    for (const QString &n : m_options.services)
        if (!serviceOfSession.values().contains(n))
            fail(makeError(QStringLiteral("localrun.service.unknown"),
                           QStringLiteral("The mesh has no service `%1`.").arg(n)));

    for (int i = 0; i < sessions.size(); ++i) {
        const CasSession *s = sessions.at(i);
        drafts << draft(*s);
        NetworkService n;
        n.name = s->meshService;
        n.environment = drafts.at(i).service.environment;
        n.command = drafts.at(i).argvWords;
        n.chart = chartOf(m_preview, s->meshService);
        for (const QString &from : s->importsFrom())
            if (serviceOfSession.contains(from))
                n.importsFrom << serviceOfSession.value(from);
        inputs << n;
    }
    const MeshNetwork net = planMeshNetwork(inputs, m_plan.release);
    m_plan.hostsFile = net.hostsFile;
    m_plan.notes += net.notes;

    // Selection: the named services and, transitively, what they depend on.
    QSet<QString> selected;
    if (m_options.services.isEmpty()) {
        for (const CasSession *s : std::as_const(sessions))
            selected.insert(s->meshService);
    } else {
        QStringList todo = m_options.services;
        while (!todo.isEmpty()) {
            const QString n = todo.takeFirst();
            if (selected.contains(n) || !serviceOfSession.values().contains(n))
                continue;
            selected.insert(n);
            todo += net.dependsOn.value(n);
        }
    }
    // Errors of services that do not run are not the user's problem now.
    for (const ServiceDraft &d : std::as_const(drafts))
        if (selected.contains(d.service.name))
            m_plan.errors += d.errors;

    for (const QString &name : net.order) {
        if (!selected.contains(name))
            continue;
        for (ServiceDraft &d : drafts) {
            if (d.service.name != name)
                continue;
            LocalService s = d.service;
            s.address = net.address.value(name);
            s.hostNames = net.names.value(name);
            s.ports = net.ports.value(name);
            s.dependsOn = net.dependsOn.value(name);
            s.waitFor = net.waits.value(name);
            // /etc/hosts: the run's names first (the first match wins), then an injected one.
            QByteArray hosts = net.hostsFile.toUtf8();
            bool injected = false;
            for (LocalFile &f : s.files)
                if (f.path == QLatin1String("/etc/hosts")) {
                    f.content = hosts + "# from the session's injection file:\n" + f.content;
                    injected = true;
                }
            if (!injected)
                s.files << LocalFile{QStringLiteral("/etc/hosts"), hosts, false, {}};
            std::sort(s.files.begin(), s.files.end(),
                      [](const LocalFile &a, const LocalFile &b) { return a.path < b.path; });
            m_plan.services << s;
        }
    }
    return m_plan;
}

}  // namespace

LocalRunOptions LocalRunOptions::fromSettings(const policy::DeploymentSettings &settings)
{
    LocalRunOptions o;
    o.python = settings.value(QStringLiteral("LOCAL_PYTHON"));
    o.java = settings.value(QStringLiteral("LOCAL_JAVA"));
    o.variables = policy::toVariableMap(settings.toVariables());
    return o;
}

LocalRunPlan planLocalRun(const policy::PolicyPreview &preview, const certs::IssuedSecrets &issued,
                          const ManifestProject &project, const LocalRunOptions &options, const HostSystem &host)
{
    return Planner(preview, issued, project, options, host).run();
}

}  // namespace workbench::models::localrun
