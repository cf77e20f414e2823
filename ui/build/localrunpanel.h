// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QPointer>
#include <QString>
#include <QWidget>

class QCheckBox;
class QLabel;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace workbench::engine {
class ProjectSession;
}
namespace workbench::engine::localrun {
class LocalRunner;
class LocalRunJob;
}  // namespace workbench::engine::localrun

namespace workbench::ui {

/// "Run locally": the mesh's services started on this machine (bubblewrap sandboxes with what
/// each CAS session would inject), as the session's engine::localrun::LocalRunner runs them.
///
/// Start / Stop all, the "keep the run folder" choice, one row per service (its state —
/// pending, waiting for port, starting, up, failed, stopped, exited — with what the run says
/// about it, and Stop / Restart), the problems that kept a run from starting (a missing tool
/// named with its Debian package, project errors) and the last lines of a service that failed.
/// What a local run cannot show (attestation, MRENCLAVE, CAS access policies ...) is always
/// listed, so nobody mistakes it for a security test. The services' output shows in the Logs
/// area. No logic of its own: everything is asked of the LocalRunner.
class LocalRunPanel : public QWidget
{
    Q_OBJECT
public:
    explicit LocalRunPanel(engine::ProjectSession *session, QWidget *parent = nullptr);

    QPushButton *startButton() const { return m_start; }
    QPushButton *stopButton() const { return m_stop; }
    QCheckBox *keepCheck() const { return m_keep; }
    QTreeWidget *servicesTree() const { return m_services; }
    /// The state shown for @p service ("up", "waiting for port", ...); empty when not listed.
    QString stateText(const QString &service) const;
    /// The problems or failure shown (empty when none).
    QString problemText() const;
    /// The limitations box's text.
    QString limitationsText() const;
    /// The "bubblewrap is missing" notice (empty when bwrap was found).
    QString toolText() const;
    /// The run's phase as the status line says it.
    QString statusText() const;

    /// Starts the run with the panel's choices (as the Start button does).
    void startRun();

private:
    void refresh();
    void rebuildRows();
    void showProblems();
    QTreeWidgetItem *rowOf(const QString &service) const;

    engine::ProjectSession *m_session = nullptr;
    engine::localrun::LocalRunner *m_runner = nullptr;
    QPushButton *m_start = nullptr;
    QPushButton *m_stop = nullptr;
    QCheckBox *m_keep = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_tool = nullptr;
    QLabel *m_problem = nullptr;
    QLabel *m_limitations = nullptr;
    QTreeWidget *m_services = nullptr;
    QPointer<engine::localrun::LocalRunJob> m_rowsOf;
};

}  // namespace workbench::ui
