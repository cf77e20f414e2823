// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"
#include "kube/kubeconfig.h"

#include <QString>
#include <QStringList>

namespace workbench::models::kube {

/// Finds and reads the kubeconfig the way kubectl does:
///  1. an explicit file (--kubeconfig): that file alone, and it must exist;
///  2. else the KUBECONFIG variable: its files (separated by ':'; empty entries and repeats
///     dropped), merged with Kubeconfig::merge(); files that do not exist are skipped;
///  3. else ~/.kube/config (no file: an empty configuration).
/// A file that exists but cannot be read or parsed is an error naming it.
class KubeconfigLoader
{
public:
    /// The files in precedence order for these inputs (@p kubeconfigVariable: KUBECONFIG's
    /// value, empty when unset; @p home: the home folder).
    static QStringList precedence(const QString &explicitFile, const QString &kubeconfigVariable, const QString &home);

    static Result<Kubeconfig> load(const QString &explicitFile, const QString &kubeconfigVariable, const QString &home);
    /// load() with KUBECONFIG and HOME of this process.
    static Result<Kubeconfig> loadFromEnvironment(const QString &explicitFile = {});

    /// Reads one file (at most 16 MiB); the read buffer is scrubbed after parsing.
    static Result<Kubeconfig> readFile(const QString &path);
};

}  // namespace workbench::models::kube
