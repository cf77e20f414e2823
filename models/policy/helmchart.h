// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "policy/renderedtext.h"
#include "policy/sourceref.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace workbench::models::policy {

/// What the chart needs to know about one mesh service (filled by the policy generator from
/// the mesh env, the service manifest's local env and the generated session).
struct ChartService {
    QString name;   ///< mesh service name = sub-chart name = `app.kubernetes.io/name`
    QString image;  ///< resolved `services[].image`
    SourceRef imageSource;
    QStringList imagePullSecrets;  ///< mesh env `imagePullSecrets` (comma separated there)
    SourceRef imagePullSecretsSource;
    QString configId;    ///< SCONE_CONFIG_ID: `<session>/<service in session>`
    QString casAddress;  ///< SCONE_CAS_ADDR
    SourceRef casAddressSource;
    QString sconeLog = QStringLiteral("error");  ///< SCONE_LOG (service local env)
    QString sconeVersion = QStringLiteral("0");  ///< SCONE_VERSION
    std::optional<int> port;                     ///< PYTHON_SERVICE_PORT (local) else mesh APP_SERVICE_PORT
    SourceRef portSource;
    struct InitContainer {
        bool enabled = false;
        QString host;
        QString port;
        SourceRef source;
    };
    InitContainer init[2];                        ///< INIT_CONTAINER1_*, INIT_CONTAINER2_* (wait for host:port)
    QString sgxPlugin = QStringLiteral("scone");  ///< useSGXDevPlugin: scone | azure | disabled
    QString sgxEpcMem;                            ///< sgxEpcMem (MiB) for the azure plugin
    QString restartPolicy = QStringLiteral("Always");
    /// `helm_extra_values.<name>` of the mesh as YAML text (block mapping, 0-indented), merged
    /// into the umbrella values under this sub-chart's key. Empty if none.
    QString extraValuesYaml;
    SourceRef extraValuesSource;
    SourceRef source;  ///< mesh `services[]` item
};

struct ChartInput {
    QString release;     ///< RELEASE: umbrella chart name and `app.kubernetes.io/instance` (via .Release.Name)
    QString appVersion;  ///< VERSION
    QList<ChartService> services;  ///< mesh order
};

/// One file of the chart, path relative to the chart root (`charts/redis/values.yaml`).
struct ChartFile {
    QString path;
    RenderedText content;
};

struct HelmChart {
    QList<ChartFile> files;  ///< deterministic order
    const ChartFile *file(const QString &path) const;
};

/// Generates the umbrella chart: `Chart.yaml`, `values.yaml`, and for each service
/// `charts/<service>/{Chart.yaml, values.yaml, templates/{_helpers.tpl, deployment.yaml,
/// service.yaml}}`. Pods carry `app.kubernetes.io/name=<service>` and
/// `app.kubernetes.io/instance=<release>`; the container gets SCONE_CONFIG_ID, SCONE_CAS_ADDR,
/// SCONE_LAS_ADDR (node IP), SCONE_LOG, SCONE_VERSION and an SGX resource limit. Templates
/// refer only to keys present in the sub-chart's values.yaml. Pure and deterministic.
HelmChart generateHelmChart(const ChartInput &input);

}  // namespace workbench::models::policy
