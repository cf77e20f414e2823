// SPDX-License-Identifier: Apache-2.0
#include "policy/projectsettings.h"

#include "core/boundedfile.h"
#include "policy/detail/yamlwriter.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <yaml-cpp/yaml.h>

namespace workbench::models::policy {

namespace {

constexpr int kFormatVersion = 1;

// File keys of the known settings, in file order. MODE is written separately.
struct FileKey {
    const char *key;
    const char *name;  ///< variable name
};
const FileKey kFileKeys[] = {
    {"release", "RELEASE"},
    {"namespace", "NAMESPACE"},
    {"app_namespace", "APP_NAMESPACE"},
    {"app_image_repo", "APP_IMAGE_REPO"},
    {"sconectl_repo", "SCONECTL_REPO"},
    {"version", "VERSION"},
    {"cas_url", "CAS_URL"},
    {"cas_key", "CAS_KEY"},
    {"cas_session_encryption_key", "CAS_SESSION_ENCRYPTION_KEY"},
    {"kube_context", "KUBE_CONTEXT"},
    {"mesh_file", "MESH_FILE"},
};

Error fileError(const QString &code, const QString &message, const QString &file, int line = 0, int column = 0)
{
    Error e = makeError(code, message);
    e.file = file;
    e.line = line;
    e.column = column;
    return e;
}

Status checkNoSecrets(const DeploymentSettings &s, const QString &file)
{
    for (auto it = s.variables.cbegin(); it != s.variables.cend(); ++it)
        if (looksLikeSecretName(it.key()))
            return fileError(
                QStringLiteral("settings.secret"),
                QStringLiteral("Variable %1 looks like a secret; the project settings file is not a place for "
                               "secrets (keep them in the keychain).")
                    .arg(it.key()),
                file);
    return Ok{};
}

Status applyValue(DeploymentSettings &s, const QString &name, const QString &value, const QString &file, int line)
{
    Status st = s.set(name, value);
    if (!st.ok()) {
        Error e = st.error();
        e.file = file;
        e.line = line;
        return e;
    }
    return Ok{};
}

QString scalarText(const YAML::Node &n)
{
    return n.IsScalar() ? QString::fromStdString(n.Scalar()) : QString();
}

Diagnostic diagnosticOf(const Error &e, const QString &file)
{
    Diagnostic d;
    d.file = e.file.isEmpty() ? file : e.file;
    d.line = e.line;
    d.column = e.line > 0 ? std::max(1, e.column) : 0;
    d.severity = Diagnostic::Severity::Error;
    d.code = e.code;
    d.message = e.message;
    return d;
}

/// 1-based line of `key:` in @p text (top level, or indented under `variables:` when
/// @p indented), 0 when absent.
int lineOfKey(const QByteArray &text, const QString &key, bool indented)
{
    const QList<QByteArray> lines = text.split('\n');
    const QByteArray k = key.toUtf8();
    for (int i = 0; i < lines.size(); ++i) {
        const QByteArray &l = lines.at(i);
        const QByteArray trimmed = l.trimmed();
        if ((l.startsWith(' ') || l.startsWith('\t')) != indented)
            continue;
        if (trimmed.startsWith(k) && trimmed.mid(k.size()).trimmed().startsWith(':'))
            return i + 1;
    }
    return 0;
}

}  // namespace

QString workbenchDir(const QString &projectDir)
{
    return QDir(projectDir).filePath(QStringLiteral(".scone-workbench"));
}

QString settingsFilePath(const QString &projectDir)
{
    const QDir dir(workbenchDir(projectDir));
    const QString yaml = dir.filePath(QStringLiteral("settings.yaml"));
    const QString json = dir.filePath(QStringLiteral("settings.json"));
    if (!QFileInfo::exists(yaml) && QFileInfo::exists(json))
        return json;
    return yaml;
}

QByteArray settingsToYaml(const DeploymentSettings &s)
{
    detail::YamlWriter w;
    w.comment(0, QStringLiteral("SCONE Workbench deployment settings of this project."));
    w.comment(0, QStringLiteral("Public values only: never put passwords, tokens or private keys here."));
    w.keyRaw(0, QStringLiteral("format"), QString::number(kFormatVersion));
    for (const FileKey &k : kFileKeys) {
        const QString v = s.value(QLatin1String(k.name));
        if (!v.isEmpty())
            w.keyValue(0, QLatin1String(k.key), v);
    }
    w.keyValue(0, QStringLiteral("mode"), s.value(QStringLiteral("MODE")));
    if (!s.variables.isEmpty()) {
        w.key(0, QStringLiteral("variables"));
        for (auto it = s.variables.cbegin(); it != s.variables.cend(); ++it)
            w.keyValue(2, it.key(), it.value());
    }
    return w.take().text.toUtf8();
}

QByteArray settingsToJson(const DeploymentSettings &s)
{
    QJsonObject o;
    o.insert(QStringLiteral("format"), kFormatVersion);
    for (const FileKey &k : kFileKeys) {
        const QString v = s.value(QLatin1String(k.name));
        if (!v.isEmpty())
            o.insert(QLatin1String(k.key), v);
    }
    o.insert(QStringLiteral("mode"), s.value(QStringLiteral("MODE")));
    if (!s.variables.isEmpty()) {
        QJsonObject vars;
        for (auto it = s.variables.cbegin(); it != s.variables.cend(); ++it)
            vars.insert(it.key(), it.value());
        o.insert(QStringLiteral("variables"), vars);
    }
    return QJsonDocument(o).toJson(QJsonDocument::Indented);
}

Result<DeploymentSettings> settingsFromYaml(const QByteArray &text, const DeploymentSettings &defaults,
                                            const QString &fileName)
{
    DeploymentSettings s = defaults;
    YAML::Node root;
    try {
        root = YAML::Load(text.toStdString());
    } catch (const YAML::Exception &e) {
        return fileError(QStringLiteral("settings.syntax"),
                         QStringLiteral("The settings file is not valid YAML: %1").arg(QString::fromStdString(e.msg)),
                         fileName, e.mark.line + 1, e.mark.column + 1);
    }
    if (root.IsNull())
        return s;
    if (!root.IsMap())
        return fileError(QStringLiteral("settings.format"), QStringLiteral("The settings file must be a mapping."),
                         fileName);
    try {
        for (const FileKey &k : kFileKeys) {
            const YAML::Node n = root[k.key];
            if (n.IsDefined() && n.IsScalar()) {
                Status st = applyValue(s, QLatin1String(k.name), scalarText(n), fileName, n.Mark().line + 1);
                if (!st.ok())
                    return st.error();
            }
        }
        if (const YAML::Node n = root["mode"]; n.IsDefined() && n.IsScalar()) {
            Status st = applyValue(s, QStringLiteral("MODE"), scalarText(n), fileName, n.Mark().line + 1);
            if (!st.ok())
                return st.error();
        }
        if (const YAML::Node vars = root["variables"]; vars.IsDefined() && !vars.IsNull()) {
            if (!vars.IsMap())
                return fileError(QStringLiteral("settings.format"),
                                 QStringLiteral("\"variables\" must be a mapping NAME: value."), fileName,
                                 vars.Mark().line + 1, vars.Mark().column + 1);
            for (auto it = vars.begin(); it != vars.end(); ++it) {
                const QString name = scalarText(it->first);
                if (!it->second.IsScalar() && !it->second.IsNull())
                    return fileError(QStringLiteral("settings.format"),
                                     QStringLiteral("Variable %1 must have a scalar value.").arg(name), fileName,
                                     it->second.Mark().line + 1, it->second.Mark().column + 1);
                Status st = applyValue(s, name, scalarText(it->second), fileName, it->first.Mark().line + 1);
                if (!st.ok())
                    return st.error();
            }
        }
    } catch (const YAML::Exception &e) {
        return fileError(QStringLiteral("settings.format"), QString::fromStdString(e.msg), fileName, e.mark.line + 1,
                         e.mark.column + 1);
    }
    Status st = checkNoSecrets(s, fileName);
    if (!st.ok())
        return st.error();
    return s;
}

Result<DeploymentSettings> settingsFromJson(const QByteArray &text, const DeploymentSettings &defaults,
                                            const QString &fileName)
{
    DeploymentSettings s = defaults;
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject())
        return fileError(QStringLiteral("settings.syntax"),
                         QStringLiteral("The settings file is not a JSON object: %1").arg(pe.errorString()), fileName);
    const QJsonObject o = doc.object();
    auto str = [](const QJsonValue &v) { return v.isDouble() ? QString::number(v.toDouble()) : v.toString(); };
    for (const FileKey &k : kFileKeys) {
        if (o.contains(QLatin1String(k.key))) {
            Status st = applyValue(s, QLatin1String(k.name), str(o.value(QLatin1String(k.key))), fileName, 0);
            if (!st.ok())
                return st.error();
        }
    }
    if (o.contains(QStringLiteral("mode"))) {
        Status st = applyValue(s, QStringLiteral("MODE"), o.value(QStringLiteral("mode")).toString(), fileName, 0);
        if (!st.ok())
            return st.error();
    }
    const QJsonObject vars = o.value(QStringLiteral("variables")).toObject();
    for (auto it = vars.begin(); it != vars.end(); ++it) {
        Status st = applyValue(s, it.key(), str(it.value()), fileName, 0);
        if (!st.ok())
            return st.error();
    }
    Status st = checkNoSecrets(s, fileName);
    if (!st.ok())
        return st.error();
    return s;
}

Result<DeploymentSettings> loadDeploymentSettings(const QString &projectDir)
{
    const DeploymentSettings defaults = DeploymentSettings::defaults(projectDir);
    const QString path = settingsFilePath(projectDir);
    if (!QFileInfo::exists(path) && !QFileInfo(path).isSymLink())
        return defaults;
    const Result<QByteArray> read = readFileBounded(path);
    if (!read.ok())
        return fileError(QStringLiteral("settings.read"), read.error().message, path);
    const QByteArray &text = read.value();
    return path.endsWith(QLatin1String(".json")) ? settingsFromJson(text, defaults, path)
                                                 : settingsFromYaml(text, defaults, path);
}

ResolvedSettings resolveSettings(const QString &projectDir, const QByteArray &text, bool fileExists,
                                 const QString &filePath, const QList<QPair<QString, QString>> &overrides)
{
    ResolvedSettings r;
    r.filePath = filePath.isEmpty() && !projectDir.isEmpty() ? settingsFilePath(projectDir) : filePath;
    r.fileExists = fileExists;
    const DeploymentSettings defaults = DeploymentSettings::defaults(projectDir);
    r.values = defaults;
    if (fileExists || !text.trimmed().isEmpty()) {
        Result<DeploymentSettings> parsed = r.filePath.endsWith(QLatin1String(".json"))
                                                ? settingsFromJson(text, defaults, r.filePath)
                                                : settingsFromYaml(text, defaults, r.filePath);
        if (parsed.ok())
            r.values = std::move(parsed).value();
        else
            r.diagnostics.append(diagnosticOf(parsed.error(), r.filePath));
    }
    for (const auto &o : overrides)
        if (const Status st = r.values.set(o.first, o.second); !st.ok())
            r.diagnostics.append(diagnosticOf(st.error(), QString()));
    if (r.values.appNamespace.isEmpty() && !projectDir.isEmpty()) {
        r.values.appNamespace = proposeAppNamespace(r.values.release, projectDir);
        r.namespaceProposed = true;
    }
    // Placeholders are fine for previews and local renders; what they name does not exist.
    QStringList names = knownSettingNames();
    for (auto it = r.values.variables.cbegin(); it != r.values.variables.cend(); ++it)
        names << it.key();
    for (const QString &name : std::as_const(names)) {
        const QString value = r.values.value(name);
        if (!isPlaceholderValue(value))
            continue;
        Diagnostic d;
        d.file = r.filePath;
        const QString key = settingsFileKey(name);
        const bool variable = key.startsWith(QLatin1String("variables."));
        d.line = lineOfKey(text, variable ? name : key, variable);
        d.column = d.line > 0 ? 1 : 0;
        d.severity = Diagnostic::Severity::Warning;
        d.code = QStringLiteral("settings.placeholder");
        d.message = QStringLiteral("%1 is the placeholder \"%2\": previews and renders work with it, but nothing "
                                   "can be pushed to or pulled from it. Set the real value in the deployment settings "
                                   "before building or deploying.")
                        .arg(name, value);
        r.diagnostics.append(d);
    }
    return r;
}

ResolvedSettings readProjectSettings(const QString &projectDir, const QList<QPair<QString, QString>> &overrides)
{
    const QString path = settingsFilePath(projectDir);
    const QFileInfo fi(path);
    if (!fi.exists() && !fi.isSymLink())
        return resolveSettings(projectDir, {}, false, path, overrides);
    const Result<QByteArray> read = readFileBounded(path);
    if (!read.ok()) {
        ResolvedSettings r = resolveSettings(projectDir, {}, false, path, overrides);
        r.fileExists = true;
        r.diagnostics.prepend(
            diagnosticOf(fileError(QStringLiteral("settings.read"), read.error().message, path), path));
        return r;
    }
    return resolveSettings(projectDir, read.value(), true, path, overrides);
}

QString proposeAppNamespace(const QString &release, const QString &projectDir)
{
    const QString base = release.isEmpty() ? QStringLiteral("release") : release;
    const QFileInfo fi(projectDir);
    const QString canonical =
        fi.canonicalFilePath().isEmpty() ? QDir::cleanPath(fi.absoluteFilePath()) : fi.canonicalFilePath();
    const QByteArray h = QCryptographicHash::hash(canonical.toUtf8(), QCryptographicHash::Sha256);
    // Two numbers in [0, 32767], like bash's $RANDOM in the tutorials' run.sh.
    const int first = ((uchar(h.at(0)) << 8) | uchar(h.at(1))) & 0x7fff;
    const int second = ((uchar(h.at(2)) << 8) | uchar(h.at(3))) & 0x7fff;
    return base + QLatin1Char('-') + QString::number(first) + QLatin1Char('-') + QString::number(second);
}

QString placeholderImageRepo(const QString &release)
{
    return QStringLiteral("registry.example.com/") + (release.isEmpty() ? QStringLiteral("release") : release);
}

bool isPlaceholderValue(const QString &value)
{
    // RFC 2606 names: nobody owns them, so they can only be placeholders.
    static const QRegularExpression re(
        QStringLiteral("(^|[^a-z0-9-])(example\\.(com|org|net)|[a-z0-9-]+\\.example)($|[^a-z0-9.-])"),
        QRegularExpression::CaseInsensitiveOption);
    return !value.isEmpty() && re.match(value).hasMatch();
}

QString settingsFileKey(const QString &name)
{
    if (name == QLatin1String("MODE"))
        return QStringLiteral("mode");
    if (name == QLatin1String("CAS_ADDR"))
        return QStringLiteral("cas_url");
    for (const FileKey &k : kFileKeys)
        if (name == QLatin1String(k.name))
            return QLatin1String(k.key);
    return QStringLiteral("variables.") + name;
}

QByteArray settingsFileHeader()
{
    detail::YamlWriter w;
    w.comment(0, QStringLiteral("SCONE Workbench deployment settings of this project."));
    w.comment(0, QStringLiteral("Public values only: never put passwords, tokens or private keys here."));
    w.keyRaw(0, QStringLiteral("format"), QString::number(kFormatVersion));
    return w.take().text.toUtf8();
}

}  // namespace workbench::models::policy
