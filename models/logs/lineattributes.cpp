// SPDX-License-Identifier: Apache-2.0
#include "logs/lineattributes.h"

namespace workbench::models::logs {

QString logLevelName(LogLevel level)
{
    switch (level) {
    case LogLevel::None:
        return {};
    case LogLevel::Trace:
        return QStringLiteral("trace");
    case LogLevel::Debug:
        return QStringLiteral("debug");
    case LogLevel::Info:
        return QStringLiteral("info");
    case LogLevel::Warning:
        return QStringLiteral("warning");
    case LogLevel::Error:
        return QStringLiteral("error");
    case LogLevel::Fatal:
        return QStringLiteral("fatal");
    }
    return {};
}

QString sconeEventName(SconeEventKind kind)
{
    switch (kind) {
    case SconeEventKind::None:
        return {};
    case SconeEventKind::RuntimeInfo:
        return QStringLiteral("SCONE runtime");
    case SconeEventKind::CasConnecting:
        return QStringLiteral("connecting to CAS");
    case SconeEventKind::Attested:
        return QStringLiteral("attested");
    case SconeEventKind::AttestationFailed:
        return QStringLiteral("attestation failed");
    case SconeEventKind::MeasurementMismatch:
        return QStringLiteral("unexpected enclave measurement");
    case SconeEventKind::SessionError:
        return QStringLiteral("session error");
    case SconeEventKind::SecretError:
        return QStringLiteral("secret error");
    case SconeEventKind::CasUnreachable:
        return QStringLiteral("CAS unreachable");
    case SconeEventKind::RuntimeFatal:
        return QStringLiteral("SCONE runtime error");
    }
    return {};
}

}  // namespace workbench::models::logs
