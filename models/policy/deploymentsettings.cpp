// SPDX-License-Identifier: Apache-2.0
#include "policy/deploymentsettings.h"

#include <QFileInfo>
#include <QRegularExpression>

namespace workbench::models::policy {

namespace {

struct KnownName {
    const char *name;
    QString DeploymentSettings::*field;
    const char *description;
};

// MODE and CAS_ADDR are handled separately (enum field, alias).
const KnownName kKnown[] = {
    {"RELEASE", &DeploymentSettings::release, "Helm release name; also prefixes the Kubernetes object names."},
    {"NAMESPACE", &DeploymentSettings::kubeNamespace, "Kubernetes namespace the chart is installed into."},
    {"APP_NAMESPACE", &DeploymentSettings::appNamespace,
     "CAS policy namespace holding all sessions of the mesh; generated once as <release>-<n>-<n>."},
    {"APP_IMAGE_REPO", &DeploymentSettings::appImageRepo, "Image repository the service images are pushed to."},
    {"SCONECTL_REPO", &DeploymentSettings::sconectlRepo, "Repository of sconectl and the curated SCONE images."},
    {"VERSION", &DeploymentSettings::version, "SCONE version of the images."},
    {"CAS_URL", &DeploymentSettings::casAddress, "CAS address (host[:port], no scheme), e.g. cas.scone-system."},
    {"CAS_KEY", &DeploymentSettings::casKey, "Public-key hash of the CAS (public value)."},
    {"CAS_SESSION_ENCRYPTION_KEY", &DeploymentSettings::casSessionEncryptionKey,
     "Public session-encryption key of the CAS (64 hex; public value)."},
    {"KUBE_CONTEXT", &DeploymentSettings::kubeContext, "kubectl context to deploy with."},
    {"MESH_FILE", &DeploymentSettings::meshFile, "Mesh manifest to use when the project has several."},
};

const KnownName *findKnown(const QString &name)
{
    for (const KnownName &k : kKnown)
        if (name == QLatin1String(k.name))
            return &k;
    return nullptr;
}

}  // namespace

DeploymentSettings DeploymentSettings::defaults(const QString &projectDir)
{
    DeploymentSettings s;
    if (!projectDir.isEmpty())
        s.release = sanitizeReleaseName(QFileInfo(projectDir).fileName());
    if (s.release.isEmpty())
        s.release = QStringLiteral("release");
    s.kubeNamespace = QStringLiteral("default");
    s.sconectlRepo = QStringLiteral("registry.scontain.com/sconectl");
    s.version = QStringLiteral("5.8.0");
    s.casAddress = QStringLiteral("cas.scone-system");
    // A placeholder that says it is one: previews and renders work out of the box, and the
    // analysis warns until a real repository is set.
    s.appImageRepo = QStringLiteral("registry.example.com/") + s.release;
    return s;
}

QMap<QString, QString> DeploymentSettings::toVariables() const
{
    QMap<QString, QString> vars;
    for (auto it = variables.cbegin(); it != variables.cend(); ++it)
        vars.insert(it.key(), it.value());
    for (const KnownName &k : kKnown) {
        const QString name = QLatin1String(k.name);
        vars.remove(name);
        if (!(this->*k.field).isEmpty())
            vars.insert(name, this->*k.field);
    }
    vars.remove(QStringLiteral("CAS_ADDR"));
    if (!casAddress.isEmpty())
        vars.insert(QStringLiteral("CAS_ADDR"), casAddress);
    vars.insert(QStringLiteral("MODE"),
                mode == DeploymentMode::Debug ? QStringLiteral("debug") : QStringLiteral("production"));
    return vars;
}

Status DeploymentSettings::set(const QString &name, const QString &value)
{
    if (!isValidVariableName(name))
        return makeError(
            QStringLiteral("settings.name"),
            QStringLiteral("Invalid variable name \"%1\": use letters, digits and _ and start with a letter or _.")
                .arg(name));
    if (name == QLatin1String("MODE")) {
        const QString v = value.trimmed().toLower();
        if (v == QLatin1String("debug"))
            mode = DeploymentMode::Debug;
        else if (v == QLatin1String("production") || v == QLatin1String("release"))
            mode = DeploymentMode::Production;
        else
            return makeError(QStringLiteral("settings.mode"),
                             QStringLiteral("MODE must be \"production\" or \"debug\", not \"%1\".").arg(value));
        return Ok{};
    }
    if (name == QLatin1String("CAS_ADDR")) {
        casAddress = value;
        return Ok{};
    }
    if (const KnownName *k = findKnown(name)) {
        this->*k->field = value;
        return Ok{};
    }
    variables.insert(name, value);
    return Ok{};
}

QString DeploymentSettings::value(const QString &name) const
{
    if (name == QLatin1String("MODE"))
        return mode == DeploymentMode::Debug ? QStringLiteral("debug") : QStringLiteral("production");
    if (name == QLatin1String("CAS_ADDR"))
        return casAddress;
    if (const KnownName *k = findKnown(name))
        return this->*k->field;
    return variables.value(name);
}

QStringList knownSettingNames()
{
    QStringList names;
    for (const KnownName &k : kKnown)
        names << QLatin1String(k.name);
    names.insert(names.indexOf(QStringLiteral("MESH_FILE")), QStringLiteral("MODE"));
    return names;
}

QString settingDescription(const QString &name)
{
    if (name == QLatin1String("MODE"))
        return QStringLiteral("production or debug (debug tolerates debug-mode enclaves).");
    if (name == QLatin1String("CAS_ADDR"))
        return QStringLiteral("Alias of CAS_URL.");
    if (const KnownName *k = findKnown(name))
        return QLatin1String(k->description);
    return {};
}

bool isValidVariableName(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    return re.match(name).hasMatch();
}

bool looksLikeSecretName(const QString &name)
{
    static const QRegularExpression re(
        QStringLiteral("(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|PRIVATE_?KEY|API_?KEY|CREDENTIAL|PIN$)"),
        QRegularExpression::CaseInsensitiveOption);
    return re.match(name).hasMatch();
}

QString sanitizeReleaseName(const QString &name)
{
    QString out;
    for (const QChar c : name.toLower()) {
        if ((c >= QLatin1Char('a') && c <= QLatin1Char('z')) || (c >= QLatin1Char('0') && c <= QLatin1Char('9')))
            out += c;
        else if (!out.isEmpty() && !out.endsWith(QLatin1Char('-')))
            out += QLatin1Char('-');
    }
    while (out.endsWith(QLatin1Char('-')))
        out.chop(1);
    if (out.size() > 53)
        out.truncate(53);
    while (out.endsWith(QLatin1Char('-')))
        out.chop(1);
    return out;
}

}  // namespace workbench::models::policy
