// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QList>
#include <QString>

namespace workbench::models::localrun {

/// Something a local run cannot show, so nobody mistakes it for a security test.
struct LocalRunLimitation {
    QString topic;        ///< short, e.g. "Attestation"
    QString explanation;  ///< one or two sentences
};

/// What a local run does not exercise (the Build & Deploy area and the README list these):
/// no enclave, no attestation or MRENCLAVE, no CAS (access policies, export permissions,
/// predecessor hashes), preview certificates instead of the CAS's, no SCONE runtime (file-system
/// shield, encrypted volumes, SCONE_* settings), no image build (the machine's interpreter and
/// Debian's module versions), no Kubernetes (pods, DNS, services, chart), and a network shared
/// with this machine.
QList<LocalRunLimitation> localRunLimitations();

}  // namespace workbench::models::localrun
