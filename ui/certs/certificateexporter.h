// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "certs/certificateentries.h"
#include "certs/exportprompts.h"
#include "core/result.h"

namespace workbench::ui {

enum class CertificateExport { Certificate, ChainLeafToRoot, ChainRootToLeaf, PrivateKey, Pkcs12 };

/// Exports @p entry as asked: the certificate (PEM), its chain in either order, its private key
/// (encrypted PKCS#8 unless the user leaves the passphrase empty *and* confirms plain), or a
/// PKCS#12 bundle (certificate, key, issuers). Key files are created with mode 0600.
/// Returns the written path; error "ui.cancelled" when the user cancelled a prompt.
Result<QString> exportCertificateEntry(const CertificateEntry &entry, CertificateExport what, ExportPrompts &prompts);

}  // namespace workbench::ui
