// SPDX-License-Identifier: Apache-2.0
#include "deploy/supplyhint.h"

namespace workbench::engine::deploy {

QString howToSupply(Needed what, bool commandLine)
{
    switch (what) {
    case Needed::CasAddress:
        return commandLine ? QStringLiteral("Give --cas https://HOST:PORT, or set CAS_API_URL (or CAS_URL) in the "
                                            "settings.")
                           : QStringLiteral("Set CAS_API_URL (https://HOST:PORT) or CAS_URL in the Deployment "
                                            "settings (Policies area).");
    case Needed::CasCa:
        return commandLine ? QStringLiteral("Give --cas-ca FILE or set CAS_CA_FILE in the settings: the CA "
                                            "certificate of the CAS (e.g. saved from `scone cas show-certificate` "
                                            "after attesting it).")
                           : QStringLiteral("Set CAS_CA_FILE in the Deployment settings (Policies area) to the CA "
                                            "certificate of the CAS (e.g. saved from `scone cas show-certificate` "
                                            "after attesting it).");
    case Needed::CasIdentity:
        return commandLine ? QStringLiteral("Give --identity FILE (PEM key and certificate) or set "
                                            "CAS_IDENTITY_FILE, store it in the keychain (credentials dialog), or "
                                            "create one with `scone self show` (~/.cas/config.json).")
                           : QStringLiteral("Choose it in Credentials... (Build & Deploy; kept in the keychain), set "
                                            "CAS_IDENTITY_FILE in the Deployment settings (Policies area), or create "
                                            "one with `scone self show` (~/.cas/config.json).");
    case Needed::KubeContext:
        return commandLine ? QStringLiteral("Give --kubeconfig FILE or set KUBECONFIG, and choose the context with "
                                            "--context NAME or the KUBE_CONTEXT setting (kubectl config "
                                            "get-contexts lists them).")
                           : QStringLiteral("Start the workbench with KUBECONFIG set (or use ~/.kube/config), and "
                                            "choose the context with KUBE_CONTEXT in the Deployment settings "
                                            "(Policies area); kubectl config get-contexts lists them.");
    }
    return {};
}

}  // namespace workbench::engine::deploy
