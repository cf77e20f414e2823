// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

namespace workbench::engine::deploy {

/// What a Build & Deploy message asks the user to supply.
enum class Needed {
    CasAddress,   ///< the CAS REST API's https://HOST:PORT
    CasCa,        ///< the pinned CA certificate of the CAS
    CasIdentity,  ///< the client key and certificate the CAS knows the user by
    KubeContext,  ///< the kubeconfig and its context
};

/// How to supply @p what, as one sentence, worded for its reader: the command line's options,
/// environment and settings file (@p commandLine), or the window's Deployment settings and
/// Credentials dialog. A message in the window never names a command-line option.
QString howToSupply(Needed what, bool commandLine);

}  // namespace workbench::engine::deploy
