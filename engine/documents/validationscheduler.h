// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "documents/secretindex.h"
#include "manifest/manifestproject.h"
#include "validation/diagnostic.h"
#include "validation/projectvalidator.h"

#include <QFutureWatcher>
#include <QObject>
#include <QSet>
#include <QThreadPool>

class QTimer;

namespace workbench::engine {

class ProjectWorkspace;

/// The project as last parsed and validated: every YAML file of the workspace (with unsaved
/// buffers) and the diagnostics of the whole project. Cheap to copy (documents are shared).
struct ProjectSnapshot {
    models::ManifestProject project;
    models::Diagnostics diagnostics;
    /// Where every secret is defined and used (built with the snapshot, off the UI thread).
    SecretIndex secrets;
    quint64 generation = 0;
    qint64 elapsedMs = 0;  ///< parse + validate time of the run that produced it
};

/// Keeps a parsed and validated picture of the workspace up to date while the user types.
/// Changes (documentChanged / filesChanged) are collected; after a short delay one run
/// re-parses only the changed files and validates the project. A run that was fast last time
/// runs on the calling (UI) thread; once a run takes longer than a frame's worth of time the
/// next ones go to a worker thread, so typing never waits for validation. Runs never overlap:
/// changes made during a run are picked up by the next one. Results are published in order.
class ValidationScheduler : public QObject
{
    Q_OBJECT
public:
    explicit ValidationScheduler(ProjectWorkspace *workspace, QObject *parent = nullptr);
    ~ValidationScheduler() override;

    /// Debounce after a change (default 0: the editor already debounces its buffer).
    void setDelay(int ms);
    /// Runs slower than this (ms) move to a worker thread (default 6). 0 = always in a worker.
    void setSynchronousBudget(int ms) { m_syncBudgetMs = ms; }
    void setOptions(const models::ValidationOptions &options) { m_options = options; }

    /// Everything is re-read (project opened, file list changed).
    void scheduleFullRefresh();
    void scheduleFile(const QString &absolutePath);
    /// Runs now on this thread and waits for a running job first. For tests and start-up.
    void validateNow();

    const ProjectSnapshot &snapshot() const { return m_snapshot; }
    bool isBusy() const;

Q_SIGNALS:
    /// snapshot() was replaced.
    void updated();

private:
    struct Input {
        models::ManifestProject base;
        QList<QPair<QString, QByteArray>> texts;
        QStringList removed;
        QString rootDir;
        models::ValidationOptions options;
        quint64 generation = 0;
    };
    Input takeInput();
    static ProjectSnapshot run(Input input, QThreadPool *pool);
    void start();
    void publish(ProjectSnapshot snapshot);

    ProjectWorkspace *m_workspace;
    ProjectSnapshot m_snapshot;
    models::ValidationOptions m_options;
    QSet<QString> m_dirty;
    bool m_fullRefresh = false;
    quint64 m_nextGeneration = 1;
    int m_syncBudgetMs = 6;
    qint64 m_lastRunMs = 0;
    QTimer *m_timer = nullptr;
    QFutureWatcher<ProjectSnapshot> *m_watcher = nullptr;
    /// Own threads: validation never queues behind other areas' long jobs (certificate
    /// previews, policy renders) in the global pool. Two: the run and its secret index.
    QThreadPool m_pool;
};

}  // namespace workbench::engine
