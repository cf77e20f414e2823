// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "localrun/localrunplan.h"
#include "policy/helmchart.h"

#include <QHash>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

namespace workbench::models::localrun {

/// What the network plan needs to know about one mesh service.
struct NetworkService {
    QString name;                                 ///< mesh service
    QList<QPair<QString, QString>> environment;   ///< the session's environment, resolved
    QStringList command;                          ///< the command split into words
    const policy::ChartService *chart = nullptr;  ///< its chart input (port, init containers); may be null
    QStringList importsFrom;                      ///< mesh services whose sessions it imports secrets from
};

/// Names, loopback addresses, start order and port waits of a local run.
struct MeshNetwork {
    QHash<QString, QString> address;        ///< service -> 127.0.0.x
    QHash<QString, QStringList> names;      ///< service -> names that resolve to it
    QHash<QString, QList<int>> ports;       ///< service -> ports it listens on (as far as known)
    QHash<QString, QList<PortWait>> waits;  ///< service -> ports it waits for before it starts
    QHash<QString, QStringList> dependsOn;  ///< service -> services that must start before it
    QStringList order;                      ///< start order
    QString hostsFile;                      ///< /etc/hosts text for every sandbox of the run
    QStringList notes;
};

/// Plans the network of a local run (documented in docs/run-locally.md):
///
/// - Addresses: the services in mesh order get 127.0.0.2, 127.0.0.3, ... (127.0.0.1 stays
///   localhost). Names: the mesh service name, `<release>-<name>` (the chart's object name), and
///   every host another service dials that refers to it.
/// - A host refers to service S when its first DNS label is S or `<release>-S`; otherwise when
///   it ends with `-S` (the longest such S wins: `rel-flask-api` is flask-api, not api).
/// - Waits, as the chart's init containers wait in the cluster: an enabled INIT_CONTAINERn of a
///   service waits for INIT_CONTAINERn:INIT_CONTAINERn_PORT. A variable of the service's
///   environment whose name says host/addr/server/url/endpoint and whose value refers to another
///   service S waits for S on: the port in the value (`host:port`, a URL), else the variable
///   with HOST/ADDR/ADDRESS/SERVER/URL/ENDPOINT replaced by PORT (REDIS_HOST → REDIS_PORT), else
///   S's chart port (APP_SERVICE_PORT / PYTHON_SERVICE_PORT), else the first port S's command
///   names (`--port`, `--tls-port`, `-p`, non-zero), else none (the order alone).
/// - Start order: exporters before importers (the session export/import graph) and the services
///   waited for before the waiting ones; ties keep the mesh order. In a cycle the mesh order
///   decides and a wait for a service that starts later is dropped (with a note).
/// - Ports a service listens on: its chart port and the ports its command names. Two services
///   on one port are noted: a local run shares the machine's network.
MeshNetwork planMeshNetwork(const QList<NetworkService> &services, const QString &release);

/// The service a dialled @p host refers to (rule above); empty when none.
QString serviceForHost(const QString &host, const QStringList &services, const QString &release);

/// Ports a command names with `--port N`, `--tls-port N`, `-p N` (or `--opt=N`), without 0.
QList<int> commandPorts(const QStringList &argv);

/// The @p index-th loopback address handed out (0 → 127.0.0.2).
QString loopbackAddress(int index);

}  // namespace workbench::models::localrun
