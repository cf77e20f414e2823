// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "deploy/deployconfig.h"
#include "deploy/stepjob.h"

#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>

namespace workbench::engine::deploy {

/// The routes a check can be needed by ("build:sconectl", "build:buildah", "build:podman",
/// "build:docker", "upload:sconectl", "upload:direct", "deploy").
QStringList doctorRouteKeys();
/// The route key of a build choice: "build:sconectl" or "build:<builder>" (nullopt builder:
/// empty, i.e. the first native builder that is ready).
QString buildRouteKey(const BuildOptions &options);
QString uploadRouteKey(UploadRoute route);

/// One line of the doctor's checklist.
struct DoctorCheck {
    enum class Status {
        Ok,       ///< found / present
        Missing,  ///< not found: the routes that need it cannot run
        Warning,  ///< usable, but the user should know (no registry login: pods pull anonymously)
        Skipped,  ///< not checked (nothing to check without a project)
    };
    QString id;     ///< "tool.sconectl", "kube.context", "cas.identity", "cas.ca", "cas.url", "registry.<host>"
    QString title;  ///< "sconectl", "Kubernetes context", ...
    Status status = Status::Missing;
    QString detail;         ///< "6.0.0 at /usr/bin/sconectl", "not found on PATH"
    QString fix;            ///< what to do about a miss (package, install page, option)
    QString version;        ///< tools: the version found
    QString path;           ///< tools: the executable
    QStringList neededBy;   ///< route keys
    bool required = false;  ///< needed by a route the run will take

    bool isOk() const { return status == Status::Ok || status == Status::Warning; }
};
QString doctorStatusName(DoctorCheck::Status status);  ///< "ok", "missing", "warning", "skipped"

/// Whether one route can run, from the checks it needs.
struct RouteReadiness {
    QString key;  ///< route key
    bool ready = false;
    QStringList missing;  ///< titles of the checks it lacks
};

/// The doctor's answer.
struct DoctorReport {
    QList<DoctorCheck> checks;
    QList<RouteReadiness> routes;  ///< in doctorRouteKeys() order
    /// The routes a run will take (empty: the doctor was asked without a run, see ok()).
    QStringList chosenRoutes;

    const DoctorCheck *check(const QString &id) const;
    const RouteReadiness *route(const QString &key) const;
    /// With chosen routes: every check they need is ok. Without: build, upload and deploy each
    /// have at least one ready route.
    bool ok() const;
    /// The misses that make ok() false, each "TITLE: DETAIL. Fix: FIX".
    QStringList problems() const;

    /// `{"ok": bool, "checks": [...], "routes": [...], "chosenRoutes": [...]}`.
    QJsonObject toJson() const;
    /// The checklist for people: one line per check, then the routes.
    QString toText() const;
};

/// Computes route readiness and the `required` flags from the checks (pure; used by DoctorJob).
void finishReport(DoctorReport &report);

/// What the doctor looks at.
struct DoctorScope {
    /// The routes the run will take (route keys); empty: report on every route.
    QStringList chosenRoutes;
    /// Check the credentials and CAS settings the project's routes need (needs a project).
    bool checkProject = true;
    /// Per version command; a tool that does not answer in time is reported as not working.
    int versionTimeoutMs = 15000;
};

/// The Doctor step: finds sconectl, buildah, podman, docker, helm and kubectl with their
/// versions, resolves the Kubernetes context and asks its API server for its version
/// (`kubectl version`), and looks for the registry logins, the CAS
/// identity, the pinned CAS CA and the CAS URL; a checklist with the fix for each miss. Fails
/// (`doctor.missing`, listing the problems) when a chosen route lacks something.
class DoctorJob : public StepJob
{
    Q_OBJECT
public:
    DoctorJob(std::shared_ptr<const DeployConfig> config, DeployServices services, DoctorScope scope,
              QObject *parent = nullptr);

    const DoctorReport &report() const { return m_report; }

Q_SIGNALS:
    /// A check was added or changed (index into report().checks).
    void checkChanged(int index);

protected:
    void run() override;

private:
    void checkNextTool();
    void checkKube();
    void checkReachable();
    void checkCasSettings();
    void checkIdentity();
    void checkRegistries();
    void done();
    int addCheck(DoctorCheck check);

    std::shared_ptr<const DeployConfig> m_config;
    DeployServices m_services;
    DoctorScope m_scope;
    DoctorReport m_report;
    int m_nextTool = 0;
};

}  // namespace workbench::engine::deploy
