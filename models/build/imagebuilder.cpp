// SPDX-License-Identifier: Apache-2.0
#include "build/imagebuilder.h"

#include <QRegularExpression>

namespace workbench::models::build {

namespace {

bool isHexDigest(QStringView hex)
{
    if (hex.size() != 64)
        return false;
    for (const QChar c : hex)
        if (!((c >= QLatin1Char('0') && c <= QLatin1Char('9')) || (c >= QLatin1Char('a') && c <= QLatin1Char('f'))))
            return false;
    return true;
}

ToolInvocation base(ImageBuilder builder, const Environment &inherited)
{
    ToolInvocation inv;
    inv.program = imageBuilderName(builder);
    inv.environment = inherited;
    return inv;
}

}  // namespace

QString imageBuilderName(ImageBuilder builder)
{
    switch (builder) {
    case ImageBuilder::Buildah:
        return QStringLiteral("buildah");
    case ImageBuilder::Podman:
        return QStringLiteral("podman");
    case ImageBuilder::Docker:
        return QStringLiteral("docker");
    }
    return {};
}

std::optional<ImageBuilder> parseImageBuilder(const QString &name)
{
    for (const ImageBuilder b : imageBuilderPreference())
        if (name == imageBuilderName(b))
            return b;
    return std::nullopt;
}

QList<ImageBuilder> imageBuilderPreference()
{
    return {ImageBuilder::Buildah, ImageBuilder::Podman, ImageBuilder::Docker};
}

std::optional<ImageBuilder> chooseImageBuilder(std::optional<ImageBuilder> chosen,
                                               const std::function<bool(ImageBuilder)> &isFound)
{
    if (chosen)
        return chosen;
    for (const ImageBuilder b : imageBuilderPreference())
        if (isFound && isFound(b))
            return b;
    return std::nullopt;
}

ToolInvocation imageBuildInvocation(ImageBuilder builder, const QString &contextDir, const QString &containerfile,
                                    const QString &tag, const QString &iidFile, const Environment &inherited)
{
    ToolInvocation inv = base(builder, inherited);
    inv.workingDirectory = contextDir;
    inv.arguments << (builder == ImageBuilder::Buildah ? QStringLiteral("bud") : QStringLiteral("build"))
                  << QStringLiteral("--file") << containerfile << QStringLiteral("--tag") << tag;
    if (!iidFile.isEmpty())
        inv.arguments << QStringLiteral("--iidfile") << iidFile;
    inv.arguments << contextDir;
    return inv;
}

ToolInvocation imagePushInvocation(ImageBuilder builder, const QString &tag, const QString &digestFile,
                                   const Environment &inherited)
{
    ToolInvocation inv = base(builder, inherited);
    inv.arguments << QStringLiteral("push");
    if (writesDigestFile(builder) && !digestFile.isEmpty())
        inv.arguments << QStringLiteral("--digestfile") << digestFile;
    inv.arguments << tag;
    return inv;
}

bool writesDigestFile(ImageBuilder builder)
{
    return builder != ImageBuilder::Docker;
}

Result<QString> parseDigest(const QByteArray &text)
{
    const QString t = QString::fromLatin1(text).trimmed().toLower();
    if (t.startsWith(QLatin1String("sha256:")) && isHexDigest(QStringView(t).mid(7)))
        return t;
    if (isHexDigest(t))
        return QString(QStringLiteral("sha256:") + t);
    return makeError(QStringLiteral("build.digest"),
                     QStringLiteral("the image tool wrote no digest (expected sha256:<64 hex digits>)"),
                     QString::fromLatin1(text.left(100)));
}

Result<QString> parseDockerPushDigest(const QByteArray &output)
{
    static const QRegularExpression re(QStringLiteral("digest: (sha256:[0-9a-f]{64}) size: \\d+"));
    QString digest;
    auto it = re.globalMatch(QString::fromUtf8(output));
    while (it.hasNext())
        digest = it.next().captured(1);
    if (digest.isEmpty())
        return makeError(QStringLiteral("build.digest"), QStringLiteral("docker push printed no digest"));
    return digest;
}

}  // namespace workbench::models::build
