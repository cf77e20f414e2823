// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"
#include "kube/kubecluster.h"
#include "kube/kubecontext.h"
#include "kube/kubeuser.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace workbench::models::kube {

/// A kubeconfig as kubectl sees it: one file, or several merged (KubeconfigLoader).
class Kubeconfig
{
public:
    /// Parses the text of the kubeconfig file @p path (YAML or JSON). Relative file references
    /// (certificate-authority, client-certificate, client-key, tokenFile, and an exec command
    /// that contains a '/') are made absolute against the file's folder, as kubectl does.
    /// Errors (code "kube.config"): not YAML, not a mapping, a list entry without a name, a
    /// name twice in one list, base64 data that does not decode.
    static Result<Kubeconfig> parse(const QByteArray &text, const QString &path);

    /// Merges files in kubectl's order of precedence (first = highest): for each cluster, user
    /// and context name the first file that defines it wins with its whole entry (later
    /// entries of the same name are discarded, even fields the first one lacks);
    /// current-context comes from the first file that sets one.
    static Kubeconfig merge(const QList<Kubeconfig> &files);

    QString currentContext() const { return m_currentContext; }
    const QMap<QString, KubeCluster> &clusters() const { return m_clusters; }
    const QMap<QString, KubeUser> &users() const { return m_users; }
    const QMap<QString, KubeContext> &contexts() const { return m_contexts; }
    const KubeCluster *cluster(const QString &name) const;
    const KubeUser *user(const QString &name) const;
    const KubeContext *context(const QString &name) const;

    /// The files this configuration was read from, in precedence order.
    QStringList files() const { return m_files; }
    /// Files of KUBECONFIG that do not exist (kubectl skips them silently).
    QStringList missingFiles() const { return m_missingFiles; }
    void setMissingFiles(const QStringList &files) { m_missingFiles = files; }
    /// Remarks that are no errors (an entry without a name, which kubectl would ignore).
    QStringList warnings() const { return m_warnings; }

    bool isEmpty() const { return m_clusters.isEmpty() && m_users.isEmpty() && m_contexts.isEmpty(); }

private:
    QString m_currentContext;
    QMap<QString, KubeCluster> m_clusters;
    QMap<QString, KubeUser> m_users;
    QMap<QString, KubeContext> m_contexts;
    QStringList m_files;
    QStringList m_missingFiles;
    QStringList m_warnings;
};

}  // namespace workbench::models::kube
