// SPDX-License-Identifier: Apache-2.0
#include "localrun/programchoice.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace workbench::models::localrun {

namespace {

// Prints one JSON object: the interpreter's own paths and, per module, whether it imports.
const char kProbeScript[] = "import importlib, json, sys\n"
                            "r = {'executable': sys.executable, 'prefix': sys.prefix,\n"
                            "     'base_prefix': sys.base_prefix, 'version': sys.version.split()[0],\n"
                            "     'imported': [], 'failed': {}}\n"
                            "for m in sys.argv[1:]:\n"
                            "    try:\n"
                            "        importlib.import_module(m)\n"
                            "        r['imported'].append(m)\n"
                            "    except BaseException as e:\n"
                            "        r['failed'][m] = type(e).__name__ + ': ' + str(e)\n"
                            "print(json.dumps(r))\n";

QString fileName(const QString &path)
{
    return path.section(QLatin1Char('/'), -1);
}

Error missingProgram(const ProgramRequest &r, const QString &name, const QString &package, const QString &hint = {})
{
    QString message = QStringLiteral("%1: `%2` is not on this machine's PATH").arg(r.service, name);
    if (!package.isEmpty())
        message += QStringLiteral("; install the Debian package %1 (apt install %1)").arg(package);
    else
        message += QStringLiteral("; install the package that provides it (apt-file search bin/%1)").arg(name);
    if (!hint.isEmpty())
        message += QStringLiteral(" or ") + hint;
    return makeError(QStringLiteral("localrun.program.missing"), message + QLatin1Char('.'));
}

Result<ProgramChoice> choosePython(const ProgramRequest &r, const HostSystem &host)
{
    QStringList modules;
    for (const Requirement &req : r.requirements)
        if (!modules.contains(req.importName))
            modules << req.importName;
    QStringList candidates;
    if (!r.pythonOverride.isEmpty()) {
        const QString c = r.pythonOverride.contains(QLatin1Char('/')) ? r.pythonOverride : host.find(r.pythonOverride);
        if (c.isEmpty() || !host.isExecutable(c))
            return makeError(QStringLiteral("localrun.program.missing"),
                             QStringLiteral("%1: LOCAL_PYTHON names `%2`, which is not an executable on this machine.")
                                 .arg(r.service, r.pythonOverride));
        candidates << c;
    } else {
        candidates = host.findAll(QStringLiteral("python3"));
    }
    if (candidates.isEmpty())
        return missingProgram(r, QStringLiteral("python3"), QStringLiteral("python3"));
    if (!host.runProbe)
        return makeError(QStringLiteral("localrun.python.probe"),
                         QStringLiteral("%1: cannot check the Python interpreters (no probe).").arg(r.service));

    QStringList reports;
    QStringList fewestMissing;
    bool haveFewest = false;
    for (const QString &candidate : std::as_const(candidates)) {
        const Result<QByteArray> out = host.runProbe(candidate, pythonProbeArguments(modules));
        const Result<PythonProbe> probe = out.ok() ? parsePythonProbe(out.value()) : Result<PythonProbe>(out.error());
        if (!probe.ok()) {
            reports << QStringLiteral("%1 does not run (%2)").arg(candidate, probe.error().message);
            continue;
        }
        QStringList missing;
        for (const QString &m : std::as_const(modules))
            if (!probe->imported.contains(m))
                missing << m;
        if (missing.isEmpty()) {
            ProgramChoice c;
            c.program = probe->executable.isEmpty() ? candidate : probe->executable;
            c.version = probe->version;
            for (const QString &p : {probe->prefix, probe->basePrefix, QFileInfo(c.program).absolutePath()})
                if (!p.isEmpty() && !c.extraReadOnlyPaths.contains(p))
                    c.extraReadOnlyPaths << p;
            if (!r.pythonOverride.isEmpty())
                c.reason = QStringLiteral("LOCAL_PYTHON names it");
            else if (modules.isEmpty())
                c.reason = QStringLiteral("the first python3 on PATH");
            else
                c.reason =
                    QStringLiteral("the first python3 on PATH that imports %1").arg(modules.join(QStringLiteral(", ")));
            if (c.program != candidate)
                c.reason += QStringLiteral(" (%1)").arg(candidate);
            return c;
        }
        reports << QStringLiteral("%1 (%2) lacks %3")
                       .arg(candidate, probe->version.isEmpty() ? QStringLiteral("?") : probe->version,
                            missing.join(QStringLiteral(", ")));
        if (!haveFewest || missing.size() < fewestMissing.size()) {
            fewestMissing = missing;
            haveFewest = true;
        }
    }
    QStringList packages;
    for (const QString &m : std::as_const(haveFewest ? fewestMissing : modules))
        for (const Requirement &req : r.requirements)
            if (req.importName == m && !packages.contains(req.debianPackage))
                packages << req.debianPackage;
    QString message =
        QStringLiteral("%1 needs the Python modules %2 (%3); no python3 of this machine imports them all: %4.")
            .arg(r.service, modules.join(QStringLiteral(", ")), r.requirementsFile, reports.join(QStringLiteral("; ")));
    if (!packages.isEmpty())
        message += QStringLiteral(" Install the Debian package%1 %2 (apt install %2)")
                       .arg(packages.size() > 1 ? QStringLiteral("s") : QString(), packages.join(QLatin1Char(' ')));
    message += QStringLiteral(" or name an interpreter that has them with LOCAL_PYTHON.");
    return makeError(QStringLiteral("localrun.python.modules"), message);
}

Result<ProgramChoice> chooseNative(const ProgramRequest &r, const HostSystem &host)
{
    const QString name = fileName(r.program);
    ProgramChoice c;
    c.program = host.find(name);
    if (!c.program.isEmpty()) {
        c.reason = r.program == name ? QStringLiteral("`%1` on PATH").arg(name)
                                     : QStringLiteral("`%1` on PATH for the image's %2").arg(name, r.program);
        return c;
    }
    if (r.program.startsWith(QLatin1Char('/')) && host.isExecutable(r.program)) {
        c.program = r.program;
        c.reason = QStringLiteral("the command's path exists on this machine");
        return c;
    }
    QString package = debianPackageForExecutable(name);
    if (package.isEmpty() && r.runtime == RuntimeKind::Python)
        package = debianPackageForDistribution(name);
    return missingProgram(r, name, package);
}

}  // namespace

bool isPythonProgram(const QString &program)
{
    static const QRegularExpression re(QStringLiteral("^python(3(\\.[0-9]+)?)?$"));
    return re.match(fileName(program)).hasMatch();
}

QStringList pythonProbeArguments(const QStringList &modules)
{
    return QStringList{QStringLiteral("-I"), QStringLiteral("-c"), QString::fromLatin1(kProbeScript)} + modules;
}

Result<PythonProbe> parsePythonProbe(const QByteArray &output)
{
    QJsonParseError error{};
    // The last non-empty line: a sitecustomize may print before the script runs.
    QByteArray line;
    for (const QByteArray &l : output.split('\n'))
        if (!l.trimmed().isEmpty())
            line = l.trimmed();
    const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject() || !doc.object().contains(QLatin1String("prefix")))
        return makeError(QStringLiteral("localrun.python.probe"),
                         QStringLiteral("unexpected output of the Python probe"), QString::fromUtf8(output.left(200)));
    const QJsonObject o = doc.object();
    PythonProbe p;
    p.executable = o.value(QLatin1String("executable")).toString();
    p.prefix = o.value(QLatin1String("prefix")).toString();
    p.basePrefix = o.value(QLatin1String("base_prefix")).toString();
    p.version = o.value(QLatin1String("version")).toString();
    for (const QJsonValue &v : o.value(QLatin1String("imported")).toArray())
        p.imported << v.toString();
    const QJsonObject failed = o.value(QLatin1String("failed")).toObject();
    for (auto it = failed.begin(); it != failed.end(); ++it)
        p.failed.insert(it.key(), it.value().toString());
    return p;
}

Result<ProgramChoice> chooseProgram(const ProgramRequest &request, const HostSystem &host)
{
    switch (request.runtime) {
    case RuntimeKind::Python:
        if (isPythonProgram(request.program))
            return choosePython(request, host);
        break;
    case RuntimeKind::Java:
        if (fileName(request.program) == QLatin1String("java")) {
            ProgramChoice c;
            if (!request.javaOverride.isEmpty()) {
                c.program = request.javaOverride.contains(QLatin1Char('/')) ? request.javaOverride
                                                                            : host.find(request.javaOverride);
                if (c.program.isEmpty() || !host.isExecutable(c.program))
                    return makeError(
                        QStringLiteral("localrun.program.missing"),
                        QStringLiteral("%1: LOCAL_JAVA names `%2`, which is not an executable on this machine.")
                            .arg(request.service, request.javaOverride));
                c.reason = QStringLiteral("LOCAL_JAVA names it");
                return c;
            }
            c.program = host.find(QStringLiteral("java"));
            if (c.program.isEmpty())
                return missingProgram(request, QStringLiteral("java"), QStringLiteral("default-jre-headless"),
                                      QStringLiteral("name one with LOCAL_JAVA"));
            c.reason = QStringLiteral("`java` on PATH (the image's kind is %1; this machine's Java version is used)")
                           .arg(request.kind);
            return c;
        }
        break;
    case RuntimeKind::Native:
        break;
    }
    return chooseNative(request, host);
}

}  // namespace workbench::models::localrun
