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

}  // namespace workbench::engine::errc
