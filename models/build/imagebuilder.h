// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "build/toolinvocation.h"
#include "core/result.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <functional>
#include <optional>

namespace workbench::models::build {

/// The container tools of the native route.
enum class ImageBuilder { Buildah, Podman, Docker };

/// `buildah`, `podman`, `docker`.
QString imageBuilderName(ImageBuilder builder);
/// Parses a `--builder` value (buildah | podman | docker); nullopt for anything else.
std::optional<ImageBuilder> parseImageBuilder(const QString &name);
/// The preference order when none is chosen: buildah, podman, docker.
QList<ImageBuilder> imageBuilderPreference();
/// @p chosen when given (found or not: the caller reports a missing one), else the first of
/// imageBuilderPreference() for which @p isFound is true; nullopt when none is found.
std::optional<ImageBuilder> chooseImageBuilder(std::optional<ImageBuilder> chosen,
                                               const std::function<bool(ImageBuilder)> &isFound);

/// Builds the image: `buildah bud | podman build | docker build` with `--file <containerfile>
/// --tag <tag> --iidfile <iidFile> <contextDir>`, run in @p contextDir.
///
/// The tools' own configuration is honoured by adding no flag that overrides it: no
/// `--storage-driver`/`--root`/`--runroot` (CONTAINERS_STORAGE_CONF), `--registries-conf`/
/// `--tls-verify` (CONTAINERS_REGISTRIES_CONF), `--authfile`/`--creds` (REGISTRY_AUTH_FILE),
/// `--isolation` (BUILDAH_ISOLATION), `--host`/`-H` (DOCKER_HOST), `--pull`; the environment
/// is @p inherited unchanged.
ToolInvocation imageBuildInvocation(ImageBuilder builder, const QString &contextDir, const QString &containerfile,
                                    const QString &tag, const QString &iidFile, const Environment &inherited);

/// Pushes @p tag to the registry it names: `buildah push --digestfile <digestFile> <tag>` (the
/// destination defaults to `docker://<tag>`), `podman push --digestfile <digestFile> <tag>`,
/// `docker push <tag>` (docker has no digest file: use parseDockerPushDigest() on its output).
/// Same no-override rule and environment as imageBuildInvocation().
ToolInvocation imagePushInvocation(ImageBuilder builder, const QString &tag, const QString &digestFile,
                                   const Environment &inherited);

/// True when @p builder writes the pushed manifest's digest to the digest file.
bool writesDigestFile(ImageBuilder builder);

/// A digest as written by `--digestfile` / `--iidfile` (`sha256:<64 hex>`, optionally followed
/// by blanks); the digest in lower case. Fails (`build.digest`) for anything else. A bare
/// 64-hex image ID (some docker versions) is accepted and prefixed with `sha256:`.
Result<QString> parseDigest(const QByteArray &text);

/// The digest from `docker push` output (`<tag>: digest: sha256:<hex> size: <n>`, the last
/// such line). Fails (`build.digest`) when there is none.
Result<QString> parseDockerPushDigest(const QByteArray &output);

}  // namespace workbench::models::build
