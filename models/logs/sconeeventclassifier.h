// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "logs/sconeevent.h"

#include <QByteArrayView>

namespace workbench::models::logs {

/// Recognises SCONE runtime and CAS messages (scone-formats.md, "Useful SCONE log signatures"):
/// the start-up block ("export SCONE_...", "SCONE version:", "Enclave hash:"), "Note: Connecting
/// to CAS at HOST (port P) using service ID NS/SESSION/SERVICE", "Attestation failed",
/// "Unexpected enclave measurement (MRENCLAVE, X) - Expected Y", session and secret errors
/// ("session 'x' not found", "access to session x denied", "secret y not found",
/// "$$SCONE::y$$ ... not defined"), a CAS that cannot be reached, and any other
/// [SCONE|FATAL]/[SCONE|ERROR] line.
///
/// kind() is cheap enough for every appended line (a few substring searches, no allocation);
/// classify() also extracts the names and is meant for the lines kind() flagged.
class SconeEventClassifier
{
public:
    static SconeEventKind kind(QByteArrayView line);
    static SconeEvent classify(QByteArrayView line);
};

}  // namespace workbench::models::logs
