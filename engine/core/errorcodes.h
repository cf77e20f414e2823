// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QLatin1String>

/// The error codes of the engine's jobs, processes and HTTP client (Error::code). Stable:
/// programs and tests compare against them. Cancellation has one code for every layer:
/// Error::cancelledCode() ("cancelled"), tested with Error::isCancelled().
namespace workbench::engine::errc {

// jobs
inline constexpr QLatin1String timeout{"job.timeout"};                     ///< a step ran longer than its timeout
inline constexpr QLatin1String dependencyFailed{"job.dependency_failed"};  ///< not started: a job it needs failed
inline constexpr QLatin1String invalidPipeline{"pipeline.invalid"};        ///< duplicate step name, unknown start step
inline constexpr QLatin1String historyIo{"history.io"};                    ///< reading or writing the run history

// external processes
inline constexpr QLatin1String toolNotFound{"process.not_found"};  ///< executable missing (message names the package)
inline constexpr QLatin1String startFailed{"process.start"};       ///< fork/exec failed (permissions, bad binary)
inline constexpr QLatin1String exitCode{"process.exit"};           ///< ran and exited with a non-zero code
inline constexpr QLatin1String crashed{"process.crashed"};         ///< ended by a signal it did not ask for

// HTTP
inline constexpr QLatin1String invalidRequest{"net.invalid_request"};  ///< bad URL, method or TLS material
inline constexpr QLatin1String connectFailed{"net.connect"};           ///< name lookup or TCP connect failed
inline constexpr QLatin1String connectTimeout{"net.connect_timeout"};  ///< no TLS session within the connect timeout
inline constexpr QLatin1String idleTimeout{"net.idle_timeout"};        ///< connected, then no data for too long
inline constexpr QLatin1String timedOut{"net.timeout"};                ///< the whole request took too long
inline constexpr QLatin1String tlsServer{"net.tls"};  ///< server certificate not trusted / name mismatch
inline constexpr QLatin1String tlsClientCert{
    "net.tls_client_cert"};                                ///< server refused our client certificate (or none)
inline constexpr QLatin1String proxy{"net.proxy"};         ///< the proxy refused or could not be reached
inline constexpr QLatin1String tooLarge{"net.too_large"};  ///< a buffered response passed its size limit
inline constexpr QLatin1String transfer{"net.transfer"};   ///< any other transfer error (detail has curl's text)

// Kubernetes API (engine/kube): a Status the API server answered, by its HTTP code and reason
inline constexpr QLatin1String kubeBadRequest{"kube.bad_request"};        ///< 400 (e.g. a container name is needed)
inline constexpr QLatin1String kubeUnauthorized{"kube.unauthorized"};     ///< 401: no or wrong credentials
inline constexpr QLatin1String kubeForbidden{"kube.forbidden"};           ///< 403: RBAC denies it
inline constexpr QLatin1String kubeNotFound{"kube.not_found"};            ///< 404
inline constexpr QLatin1String kubeAlreadyExists{"kube.already_exists"};  ///< 409 AlreadyExists (create)
inline constexpr QLatin1String kubeConflict{"kube.conflict"};             ///< 409 Conflict (stale resourceVersion)
inline constexpr QLatin1String kubeGone{"kube.gone"};                     ///< 410: resourceVersion too old, relist
inline constexpr QLatin1String kubeInvalid{"kube.invalid"};               ///< 422: the object was refused
inline constexpr QLatin1String kubeTooManyRequests{"kube.too_many_requests"};  ///< 429
inline constexpr QLatin1String kubeServer{"kube.server"};  ///< 5xx or another status (message from the server)
inline constexpr QLatin1String kubeDecode{"kube.decode"};  ///< the answer was not the JSON expected
inline constexpr QLatin1String kubeExec{"kube.exec"};  ///< the exec credential plugin failed or printed no credential
inline constexpr QLatin1String kubeConfig{"kube.config"};  ///< the kubeconfig cannot be used (models/kube)

}  // namespace workbench::engine::errc
