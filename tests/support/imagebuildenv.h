// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

/// In a test function: skips when a tool ImageBuildEnvironment needs is missing, or fails when
/// CI demands the tools (WORKBENCH_REQUIRE_IMAGE_TOOLS=1).
#define WORKBENCH_SKIP_WITHOUT_IMAGE_TOOLS()                                                                           \
    do {                                                                                                               \
        const QStringList missingImageTools = workbench::test::ImageBuildEnvironment::missingTools();                  \
        if (!missingImageTools.isEmpty()) {                                                                            \
            const QString why = QStringLiteral("missing: ") + missingImageTools.join(QStringLiteral(", "));            \
            if (qEnvironmentVariable("WORKBENCH_REQUIRE_IMAGE_TOOLS") == QLatin1String("1"))                           \
                QFAIL(qPrintable(why));                                                                                \
            QSKIP(qPrintable(why));                                                                                    \
        }                                                                                                              \
    } while (false)

namespace workbench::test {

/// A private environment for real container image builds, as the native build route meets it:
/// - buildah/podman storage with the vfs driver in a temporary root (CONTAINERS_STORAGE_CONF),
/// - RUN steps under chroot isolation (BUILDAH_ISOLATION=chroot),
/// - a real `docker-registry` on 127.0.0.1 (port chosen by the OS, config file in the temporary
///   folder), marked insecure in a temporary registries.conf (CONTAINERS_REGISTRIES_CONF, no
///   search registries),
/// - REGISTRY_AUTH_FILE pointing at an empty auth file (the user's credentials stay out).
/// The tools never get a flag for any of this: only environment(). The destructor stops the
/// registry and removes every image and container from the private storage.
class ImageBuildEnvironment
{
public:
    ImageBuildEnvironment();
    ~ImageBuildEnvironment();
    ImageBuildEnvironment(const ImageBuildEnvironment &) = delete;
    ImageBuildEnvironment &operator=(const ImageBuildEnvironment &) = delete;

    /// The tools this needs that are missing: buildah, docker-registry, a *static* busybox.
    static QStringList missingTools();

    /// Writes the configuration files and starts the registry. False with error() set on failure.
    bool start();
    QString error() const { return m_error; }

    /// `127.0.0.1:<port>` of the registry.
    QString registry() const { return m_registry; }
    /// The system environment plus the variables above.
    QProcessEnvironment environment() const { return m_env; }
    /// A scratch folder inside the private root.
    QString path(const QString &name) const { return m_dir.filePath(name); }

    struct Run {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
        QString describe() const;  ///< exit code and both outputs, for failure messages
    };
    /// Runs @p program with environment() (plus @p extraEnv) in @p workDir and waits.
    Run run(const QString &program, const QStringList &args, const QString &workDir = {}, int timeoutMs = 600000) const;

    /// Builds `FROM scratch` an image holding a static busybox (`/bin/busybox` and its applets
    /// installed as links by a RUN step), tags it `<registry>/<repository>:<tag>` and pushes it.
    /// Returns the reference, or an empty string with error() set.
    QString buildBaseImage(const QString &repository, const QString &tag);

    /// The registry's tag list of @p repository (`GET /v2/<repository>/tags/list`).
    QStringList tags(const QString &repository) const;
    /// The image configuration of @p repository:@p tag as the registry serves it (the blob the
    /// manifest's `config` names: `config.Cmd`, `config.WorkingDir`, …); empty on failure.
    QJsonObject imageConfig(const QString &repository, const QString &tag) const;
    /// The digest of the manifest @p repository:@p tag as the registry stores it
    /// (`Docker-Content-Digest` of `HEAD /v2/<repository>/manifests/<tag>`); empty on failure.
    QString manifestDigest(const QString &repository, const QString &tag) const;

private:
    QTemporaryDir m_dir;
    QProcess m_registryProcess;
    QString m_registry;
    QProcessEnvironment m_env;
    mutable QString m_error;
};

}  // namespace workbench::test
