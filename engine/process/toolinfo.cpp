// SPDX-License-Identifier: Apache-2.0
#include "process/toolinfo.h"

namespace workbench::engine::process {

QString ToolInfo::installHint() const
{
    if (!debianPackage.isEmpty() && !installUrl.isEmpty())
        return QStringLiteral("Install the Debian package \"%1\" (sudo apt install %1), or see %2.")
            .arg(debianPackage, installUrl);
    if (!debianPackage.isEmpty())
        return QStringLiteral("Install the Debian package \"%1\" (sudo apt install %1).").arg(debianPackage);
    if (!installUrl.isEmpty())
        return QStringLiteral("Install it as described at %1.").arg(installUrl);
    return QString();
}

const QList<ToolInfo> &ToolInfo::knownTools()
{
    // Debian 12 (bookworm) package names; kubectl and helm have no bookworm package the
    // workbench can recommend (kubernetes-client is far behind servers), so upstream pages.
    static const QList<ToolInfo> tools{
        {QStringLiteral("sconectl"), QStringLiteral("SCONE command line tool"), QString(),
         QStringLiteral("https://sconedocs.github.io/sconectl/")},
        {QStringLiteral("buildah"), QStringLiteral("container image builder"), QStringLiteral("buildah"),
         QStringLiteral("https://github.com/containers/buildah/blob/main/install.md")},
        {QStringLiteral("podman"), QStringLiteral("container engine"), QStringLiteral("podman"),
         QStringLiteral("https://podman.io/docs/installation")},
        {QStringLiteral("docker"), QStringLiteral("container engine client"), QStringLiteral("docker.io"),
         QStringLiteral("https://docs.docker.com/engine/install/debian/")},
        {QStringLiteral("skopeo"), QStringLiteral("container image copier"), QStringLiteral("skopeo"),
         QStringLiteral("https://github.com/containers/skopeo/blob/main/install.md")},
        {QStringLiteral("runc"), QStringLiteral("container runtime"), QStringLiteral("runc"), QString()},
        {QStringLiteral("helm"), QStringLiteral("Kubernetes package manager"), QString(),
         QStringLiteral("https://helm.sh/docs/intro/install/")},
        {QStringLiteral("kubectl"), QStringLiteral("Kubernetes command line tool"), QString(),
         QStringLiteral("https://kubernetes.io/docs/tasks/tools/install-kubectl-linux/")},
        {QStringLiteral("redis-server"), QStringLiteral("Redis server"), QStringLiteral("redis-server"),
         QStringLiteral("https://redis.io/docs/latest/operate/oss_and_stack/install/")},
        {QStringLiteral("redis-cli"), QStringLiteral("Redis client"), QStringLiteral("redis-tools"), QString()},
        {QStringLiteral("python3"), QStringLiteral("Python interpreter"), QStringLiteral("python3"), QString()},
        {QStringLiteral("bwrap"), QStringLiteral("sandbox (bubblewrap)"), QStringLiteral("bubblewrap"),
         QStringLiteral("https://github.com/containers/bubblewrap")},
        {QStringLiteral("openssl"), QStringLiteral("OpenSSL command line tool"), QStringLiteral("openssl"), QString()},
        {QStringLiteral("curl"), QStringLiteral("HTTP command line client"), QStringLiteral("curl"), QString()},
        {QStringLiteral("git"), QStringLiteral("version control"), QStringLiteral("git"), QString()},
        {QStringLiteral("docker-registry"), QStringLiteral("local container registry"),
         QStringLiteral("docker-registry"), QString()},
        {QStringLiteral("busybox"), QStringLiteral("static shell and tools for images"),
         QStringLiteral("busybox-static"), QString()},
    };
    return tools;
}

std::optional<ToolInfo> ToolInfo::find(const QString &name)
{
    for (const ToolInfo &t : knownTools())
        if (t.name == name)
            return t;
    return std::nullopt;
}

}  // namespace workbench::engine::process
