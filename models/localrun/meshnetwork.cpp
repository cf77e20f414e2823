// SPDX-License-Identifier: Apache-2.0
#include "localrun/meshnetwork.h"

#include "certs/sessionsecretspecs.h"

#include <QRegularExpression>
#include <QSet>
#include <QUrl>

namespace workbench::models::localrun {

namespace {

const QRegularExpression &hostKeyword()
{
    static const QRegularExpression re(QStringLiteral("(host|address|addr|server|url|endpoint)"),
                                       QRegularExpression::CaseInsensitiveOption);
    return re;
}

QString envValue(const QList<QPair<QString, QString>> &env, const QString &name)
{
    for (const auto &[k, v] : env)
        if (k == name)
            return v;
    return {};
}

int parsePort(const QString &text)
{
    bool ok = false;
    const int p = text.trimmed().toInt(&ok);
    return ok && p > 0 && p < 65536 ? p : 0;
}

/// The port in `host:port` or a URL; 0 when there is none.
int portInValue(const QString &value)
{
    const QString v = value.trimmed();
    if (v.contains(QLatin1String("://"))) {
        const QUrl url(v);
        return url.port() > 0 ? url.port() : 0;
    }
    const QString hostPort = v.section(QLatin1Char('/'), 0, 0);
    if (hostPort.count(QLatin1Char(':')) == 1)
        return parsePort(hostPort.section(QLatin1Char(':'), 1));
    return 0;
}

/// REDIS_HOST -> REDIS_PORT, redis_host -> redis_port.
QString portVariable(const QString &name)
{
    const QRegularExpressionMatch m = hostKeyword().match(name);
    if (!m.hasMatch())
        return {};
    const QString word = m.captured(1);
    const bool upper = word.at(0).isUpper();
    QString out = name;
    out.replace(m.capturedStart(1), m.capturedLength(1), upper ? QStringLiteral("PORT") : QStringLiteral("port"));
    return out;
}

}  // namespace

QString loopbackAddress(int index)
{
    // 127.0.0.2 upwards, skipping .0 and .255 of the last byte.
    const int last = index % 253 + 2;
    const int rest = index / 253;
    return QStringLiteral("127.%1.%2.%3").arg((rest / 256) % 256).arg(rest % 256).arg(last);
}

QString serviceForHost(const QString &host, const QStringList &services, const QString &release)
{
    const QString first = host.section(QLatin1Char('.'), 0, 0);
    if (first.isEmpty())
        return {};
    for (const QString &s : services)
        if (first.compare(s, Qt::CaseInsensitive) == 0 ||
            (!release.isEmpty() && first.compare(release + QLatin1Char('-') + s, Qt::CaseInsensitive) == 0))
            return s;
    QString best;
    for (const QString &s : services)
        if (first.endsWith(QLatin1Char('-') + s, Qt::CaseInsensitive) && s.size() > best.size())
            best = s;
    return best;
}

QList<int> commandPorts(const QStringList &argv)
{
    static const QStringList options{QStringLiteral("--port"), QStringLiteral("--tls-port"), QStringLiteral("-p")};
    QList<int> out;
    for (int i = 1; i < argv.size(); ++i) {
        const QString &a = argv.at(i);
        int port = 0;
        if (options.contains(a) && i + 1 < argv.size())
            port = parsePort(argv.at(++i));
        else if (a.startsWith(QLatin1String("--")) && a.contains(QLatin1Char('=')) &&
                 options.contains(a.section(QLatin1Char('='), 0, 0)))
            port = parsePort(a.section(QLatin1Char('='), 1));
        if (port > 0 && !out.contains(port))
            out << port;
    }
    return out;
}

MeshNetwork planMeshNetwork(const QList<NetworkService> &services, const QString &release)
{
    MeshNetwork net;
    QStringList names;
    for (const NetworkService &s : services)
        names << s.name;

    for (int i = 0; i < services.size(); ++i) {
        const NetworkService &s = services.at(i);
        net.address.insert(s.name, loopbackAddress(i));
        QStringList own{s.name};
        if (!release.isEmpty())
            own << release + QLatin1Char('-') + s.name;
        net.names.insert(s.name, own);
        QList<int> ports;
        if (s.chart && s.chart->port)
            ports << *s.chart->port;
        for (int p : commandPorts(s.command))
            if (!ports.contains(p))
                ports << p;
        net.ports.insert(s.name, ports);
    }

    auto addName = [&](const QString &service, const QString &host) {
        QStringList &list = net.names[service];
        if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) != 0 && !list.contains(host))
            list << host;
    };
    auto addWait = [&](const NetworkService &s, const QString &target, const QString &host, int port,
                       const QString &reason) {
        QList<PortWait> &waits = net.waits[s.name];
        for (const PortWait &w : std::as_const(waits))
            if (w.service == target && w.port == port)
                return;
        waits << PortWait{target, host, net.address.value(target), port, reason};
    };

    for (const NetworkService &s : services) {
        // The chart's init containers: exactly "wait for host:port".
        if (s.chart)
            for (int i = 0; i < 2; ++i) {
                const policy::ChartService::InitContainer &init = s.chart->init[i];
                if (!init.enabled)
                    continue;
                const QString prefix = QStringLiteral("INIT_CONTAINER%1").arg(i + 1);
                const QString host = certs::hostFromValue(init.host);
                const QString target = host.isEmpty() ? QString() : serviceForHost(host, names, release);
                const int port = parsePort(init.port);
                if (target.isEmpty() || target == s.name || port == 0) {
                    net.notes << QStringLiteral("%1 of %2 waits for %3:%4, which is no other service of the mesh; the "
                                                "local run does not wait for it.")
                                     .arg(prefix, s.name, init.host, init.port);
                    continue;
                }
                addName(target, host);
                addWait(s, target, host, port, prefix);
            }
        // Variables that dial another service.
        for (const auto &[name, value] : s.environment) {
            if (!hostKeyword().match(name).hasMatch())
                continue;
            const QString host = certs::hostFromValue(value);
            if (host.isEmpty())
                continue;
            const QString target = serviceForHost(host, names, release);
            if (target.isEmpty() || target == s.name)
                continue;
            addName(target, host);
            int port = portInValue(value);
            QString reason = name;
            if (port == 0) {
                const QString pv = portVariable(name);
                port = parsePort(envValue(s.environment, pv));
                if (port)
                    reason = name + QStringLiteral(" + ") + pv;
            }
            if (port == 0 && !net.ports.value(target).isEmpty()) {
                port = net.ports.value(target).first();
                reason = name + QStringLiteral(" + the port of ") + target;
            }
            if (port == 0) {
                QStringList &deps = net.dependsOn[s.name];
                if (!deps.contains(target))
                    deps << target;
                continue;
            }
            addWait(s, target, host, port, reason);
        }
        QStringList &deps = net.dependsOn[s.name];
        for (const PortWait &w : net.waits.value(s.name))
            if (!deps.contains(w.service))
                deps << w.service;
        for (const QString &e : s.importsFrom)
            if (e != s.name && names.contains(e) && !deps.contains(e))
                deps << e;
    }

    // Kahn's algorithm; ties (and cycles) keep the mesh order.
    QSet<QString> started;
    while (net.order.size() < names.size()) {
        QString next;
        for (const QString &n : std::as_const(names)) {
            if (started.contains(n))
                continue;
            bool ready = true;
            for (const QString &d : net.dependsOn.value(n))
                if (!started.contains(d))
                    ready = false;
            if (ready) {
                next = n;
                break;
            }
        }
        if (next.isEmpty()) {
            for (const QString &n : std::as_const(names))
                if (!started.contains(n)) {
                    next = n;
                    break;
                }
            net.notes << QStringLiteral("The services %1 depend on each other; %2 starts first.")
                             .arg(
                                 [&] {
                                     QStringList rest;
                                     for (const QString &n : std::as_const(names))
                                         if (!started.contains(n))
                                             rest << n;
                                     return rest.join(QStringLiteral(", "));
                                 }(),
                                 next);
        }
        started.insert(next);
        net.order << next;
    }
    // A wait for a service that starts later would never end.
    for (const QString &n : std::as_const(net.order)) {
        QList<PortWait> &waits = net.waits[n];
        for (qsizetype i = waits.size() - 1; i >= 0; --i)
            if (net.order.indexOf(waits.at(i).service) > net.order.indexOf(n)) {
                net.notes << QStringLiteral("%1 does not wait for %2:%3 (%4 starts after it).")
                                 .arg(n, waits.at(i).host)
                                 .arg(waits.at(i).port)
                                 .arg(waits.at(i).service);
                waits.removeAt(i);
            }
    }

    // Two services on one port clash on the shared network.
    QHash<int, QString> byPort;
    for (const QString &n : std::as_const(names))
        for (int p : net.ports.value(n)) {
            if (byPort.contains(p))
                net.notes << QStringLiteral(
                                 "%1 and %2 both listen on port %3; a local run shares this machine's network, "
                                 "so one of them will fail to bind it unless it binds its own address.")
                                 .arg(byPort.value(p), n)
                                 .arg(p);
            else
                byPort.insert(p, n);
        }

    QString hosts = QStringLiteral("# /etc/hosts of a local run by SCONE Workbench: the mesh's services on loopback "
                                   "addresses.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n");
    for (const QString &n : std::as_const(names))
        hosts +=
            net.address.value(n) + QLatin1Char('\t') + net.names.value(n).join(QLatin1Char(' ')) + QLatin1Char('\n');
    net.hostsFile = hosts;
    return net;
}

}  // namespace workbench::models::localrun
