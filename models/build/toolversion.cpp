// SPDX-License-Identifier: Apache-2.0
#include "build/toolversion.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace workbench::models::build {

namespace {

Error unexpected(Tool tool, const QByteArray &output)
{
    return makeError(QStringLiteral("doctor.version"),
                     QStringLiteral("%1 printed no version I recognise").arg(toolProgram(tool)),
                     QString::fromUtf8(output.left(200)).trimmed());
}

}  // namespace

QList<Tool> allTools()
{
    return {Tool::Sconectl, Tool::Buildah, Tool::Podman, Tool::Docker, Tool::Helm, Tool::Kubectl};
}

QString toolProgram(Tool tool)
{
    switch (tool) {
    case Tool::Sconectl:
        return QStringLiteral("sconectl");
    case Tool::Buildah:
        return QStringLiteral("buildah");
    case Tool::Podman:
        return QStringLiteral("podman");
    case Tool::Docker:
        return QStringLiteral("docker");
    case Tool::Helm:
        return QStringLiteral("helm");
    case Tool::Kubectl:
        return QStringLiteral("kubectl");
    }
    return {};
}

QString toolInstallHint(Tool tool)
{
    switch (tool) {
    case Tool::Sconectl:
        return QStringLiteral("cargo install sconectl (https://sconedocs.github.io/install_sconectl/)");
    case Tool::Buildah:
        return QStringLiteral("apt install buildah");
    case Tool::Podman:
        return QStringLiteral("apt install podman runc");
    case Tool::Docker:
        return QStringLiteral("apt install docker.io (https://docs.docker.com/engine/install/)");
    case Tool::Helm:
        return QStringLiteral("https://helm.sh/docs/intro/install/");
    case Tool::Kubectl:
        return QStringLiteral("https://kubernetes.io/docs/tasks/tools/");
    }
    return {};
}

ToolInvocation versionInvocation(Tool tool, const Environment &inherited)
{
    ToolInvocation inv;
    inv.program = toolProgram(tool);
    inv.environment = inherited;
    switch (tool) {
    case Tool::Sconectl:
        inv.arguments << QStringLiteral("--help");
        break;
    case Tool::Buildah:
    case Tool::Podman:
    case Tool::Docker:
        inv.arguments << QStringLiteral("--version");
        break;
    case Tool::Helm:
        inv.arguments << QStringLiteral("version") << QStringLiteral("--short");
        break;
    case Tool::Kubectl:
        inv.arguments << QStringLiteral("version") << QStringLiteral("--client") << QStringLiteral("-o")
                      << QStringLiteral("json");
        break;
    }
    return inv;
}

Result<QString> parseToolVersion(Tool tool, const QByteArray &output)
{
    const QString text = QString::fromUtf8(output);
    switch (tool) {
    case Tool::Sconectl: {
        static const QRegularExpression re(QStringLiteral("\\b(\\d+\\.\\d+\\.\\d+)\\b"));
        return re.match(text).captured(1);
    }
    case Tool::Buildah:
    case Tool::Podman:
    case Tool::Docker: {
        static const QRegularExpression re(QStringLiteral("^(buildah|podman|docker) version v?(\\d+\\.\\d+(\\.\\d+)?)"),
                                           QRegularExpression::CaseInsensitiveOption);
        const QRegularExpressionMatch m = re.match(text.trimmed());
        if (!m.hasMatch() || m.captured(1).toLower() != toolProgram(tool))
            return unexpected(tool, output);
        return m.captured(2);
    }
    case Tool::Helm: {
        static const QRegularExpression re(QStringLiteral("^(v\\d+\\.\\d+\\.\\d+[-.0-9A-Za-z]*)(\\+g[0-9a-f]+)?\\s*$"));
        const QRegularExpressionMatch m = re.match(text.trimmed());
        if (!m.hasMatch())
            return unexpected(tool, output);
        return m.captured(1);
    }
    case Tool::Kubectl: {
        const QJsonDocument doc = QJsonDocument::fromJson(output);
        const QString v = doc.object()
                              .value(QStringLiteral("clientVersion"))
                              .toObject()
                              .value(QStringLiteral("gitVersion"))
                              .toString();
        if (v.isEmpty())
            return unexpected(tool, output);
        return v;
    }
    }
    return unexpected(tool, output);
}

}  // namespace workbench::models::build
