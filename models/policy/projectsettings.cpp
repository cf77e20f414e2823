// SPDX-License-Identifier: Apache-2.0
#include "policy/projectsettings.h"

#include "core/boundedfile.h"
#include "policy/detail/yamlwriter.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSaveFile>

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

Status saveDeploymentSettings(const QString &projectDir, const DeploymentSettings &settings)
{
    const QString path = settingsFilePath(projectDir);
    Status st = checkNoSecrets(settings, path);
    if (!st.ok())
        return st;
    if (const Status made = makeFolders(workbenchDir(projectDir)); !made.ok())
        return fileError(QStringLiteral("settings.write"), made.error().message, path);
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return fileError(QStringLiteral("settings.write"),
                         QStringLiteral("Cannot write the settings file: %1").arg(f.errorString()), path);
    f.write(path.endsWith(QLatin1String(".json")) ? settingsToJson(settings) : settingsToYaml(settings));
    if (!f.commit())
        return fileError(QStringLiteral("settings.write"),
                         QStringLiteral("Cannot write the settings file: %1").arg(f.errorString()), path);
    return Ok{};
}

RandomSource defaultRandomSource()
{
    return [] { return int(QRandomGenerator::global()->bounded(32768)); };
}

QString generateAppNamespace(const QString &release, const RandomSource &random)
{
    const QString base = release.isEmpty() ? QStringLiteral("release") : release;
    const int first = random();  // two statements: the order of the two draws is defined
    const int second = random();
    return base + QLatin1Char('-') + QString::number(first) + QLatin1Char('-') + QString::number(second);
}

bool ensureAppNamespace(DeploymentSettings &settings, const RandomSource &random)
{
    if (!settings.appNamespace.isEmpty())
        return false;
    settings.appNamespace = generateAppNamespace(settings.release, random);
    return true;
}

}  // namespace workbench::models::policy
