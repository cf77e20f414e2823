// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>
#include <QtGlobal>

namespace workbench::models::logs {

/// Severity recognised in a line (LevelClassifier). Ordered: a "minimum level" filter compares.
enum class LogLevel : quint8 { None = 0, Trace, Debug, Info, Warning, Error, Fatal };

/// What a stored line is: text from the source, or a line the workbench inserted.
enum class LineKind : quint8 {
    Text = 0,     ///< a line the source wrote
    Reconnected,  ///< the stream was resumed here after a drop (nothing lost)
    Gap,          ///< lines may be missing here (the stream could not be resumed exactly)
    StreamState,  ///< the stream changed state (started, ended, container restarted, ...)
};

/// SCONE runtime and CAS messages (SconeEventClassifier).
enum class SconeEventKind : quint8 {
    None = 0,
    RuntimeInfo,          ///< SCONE start-up block: "export SCONE_...", "SCONE version:", "Enclave hash:"
    CasConnecting,        ///< "Connecting to CAS at HOST (port P) using service ID NS/SESSION/SERVICE"
    Attested,             ///< the runtime reports a successful attestation
    AttestationFailed,    ///< "Attestation failed" and its causes
    MeasurementMismatch,  ///< "Unexpected enclave measurement (MRENCLAVE, X) - Expected Y"
    SessionError,         ///< a session is missing, unknown, or access to it is denied
    SecretError,          ///< a secret is missing or cannot be resolved
    CasUnreachable,       ///< the CAS could not be reached
    RuntimeFatal,         ///< any other [SCONE|FATAL] / [SCONE|ERROR]
};

/// True for the event kinds that mean "this service does not start".
constexpr bool isSconeFailure(SconeEventKind kind)
{
    return kind == SconeEventKind::AttestationFailed || kind == SconeEventKind::MeasurementMismatch ||
           kind == SconeEventKind::SessionError || kind == SconeEventKind::SecretError ||
           kind == SconeEventKind::CasUnreachable || kind == SconeEventKind::RuntimeFatal;
}

/// Everything the store keeps about a line besides its bytes, source and timestamp, packed into
/// 16 bits per line (level 4, kind 4, SCONE event 4).
struct LineAttributes {
    LogLevel level = LogLevel::None;
    LineKind kind = LineKind::Text;
    SconeEventKind scone = SconeEventKind::None;

    constexpr quint16 pack() const { return quint16(quint16(level) | (quint16(kind) << 4) | (quint16(scone) << 8)); }
    static constexpr LineAttributes unpack(quint16 bits)
    {
        return {LogLevel(bits & 0xF), LineKind((bits >> 4) & 0xF), SconeEventKind((bits >> 8) & 0xF)};
    }
    constexpr bool operator==(const LineAttributes &) const = default;
};

/// "error", "warning", ... for messages and the command line.
QString logLevelName(LogLevel level);
QString sconeEventName(SconeEventKind kind);

}  // namespace workbench::models::logs
