// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

namespace workbench::models::kube {

/// A kubeconfig "contexts" entry.
struct KubeContext {
    QString name;
    QString cluster;
    QString user;
    QString namespaceName;  ///< empty: "default"
    QString origin;
};

}  // namespace workbench::models::kube
