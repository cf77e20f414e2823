// SPDX-License-Identifier: Apache-2.0
// SCONE status per source and per service from log lines: starting, attested, failing, with the
// session or secret a failure names; restarts and replicas; and the exporter that saves lines.
#include "logs/logexporter.h"
#include "logs/logstore.h"
#include "logs/sconestatustracker.h"

#include <QBuffer>
#include <QtTest>

using namespace workbench::models::logs;

namespace {

struct Cluster {
    LogStore store;
    SconeStatusTracker tracker;
    LineNumber observed;

    SourceId container(const char *pod, const char *service)
    {
        return store.sources()
            .addContainer(QStringLiteral("shop"), QLatin1String(pod), QStringLiteral("api"), QLatin1String(service))
            .value();
    }
    void say(SourceId s, const char *line)
    {
        store.append(s, 0, QByteArrayView(line));
        tracker.observe(store, observed, store.endLine());
        observed = store.endLine();
    }
};

}  // namespace

class TestSconeStatus : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void startingThenAttestedWhenTheProgramRuns()
    {
        Cluster c;
        const SourceId api = c.container("api-0", "api");
        QCOMPARE(c.tracker.source(api).status, SconeStatus::Unknown);
        c.say(api, "export SCONE_HEAP=760M");
        QCOMPARE(c.tracker.source(api).status, SconeStatus::Starting);
        c.say(api, "Note: Connecting to CAS at cas.shop (port 18765) using service ID shop/api-session/python3");
        const SconeSourceStatus connecting = c.tracker.source(api);
        QCOMPARE(connecting.status, SconeStatus::Starting);
        QCOMPARE(connecting.session, QStringLiteral("shop/api-session"));
        QCOMPARE(connecting.casAddress, QStringLiteral("cas.shop:18765"));
        QCOMPARE(connecting.eventLine, LineNumber(1));
        c.say(api, "  Caused by: nothing");  // a continuation line: not the program yet
        QCOMPARE(c.tracker.source(api).status, SconeStatus::Starting);
        c.say(api, " * Running on http://0.0.0.0:5000");  // indented: still not counted
        QCOMPARE(c.tracker.source(api).status, SconeStatus::Starting);
        c.say(api, "Serving Flask app 'api'");
        QCOMPARE(c.tracker.source(api).status, SconeStatus::Attested);
        QCOMPARE(c.tracker.source(api).eventLine, LineNumber(4));
        QCOMPARE(c.tracker.source(api).session, QStringLiteral("shop/api-session"));
    }

    void explicitAttestationMessage()
    {
        Cluster c;
        const SourceId api = c.container("api-0", "api");
        c.say(api, "[SCONE|INFO] Attestation successful");
        QCOMPARE(c.tracker.source(api).status, SconeStatus::Attested);
    }

    void failureNamesTheSession()
    {
        Cluster c;
        const SourceId api = c.container("api-0", "api");
        c.say(api, "Note: Connecting to CAS at cas.shop (port 18765) using service ID shop/api-session/python3");
        c.say(api, "[SCONE|FATAL] src/process/init.c:470:__scone_prepare_secure_config(): Attestation failed");
        QCOMPARE(c.tracker.source(api).status, SconeStatus::Failing);
        QCOMPARE(c.tracker.source(api).event.kind, SconeEventKind::AttestationFailed);
        c.say(api, "  Caused by: Session 'shop/api-sesion' not found");
        const SconeSourceStatus s = c.tracker.source(api);
        QCOMPARE(s.status, SconeStatus::Failing);
        QCOMPARE(s.event.kind, SconeEventKind::SessionError);  // the specific cause replaces the generic one
        QCOMPARE(s.session, QStringLiteral("shop/api-sesion"));
        QCOMPARE(s.eventLine, LineNumber(2));
        // Later output does not make a failing service attested.
        c.say(api, "goodbye");
        QCOMPARE(c.tracker.source(api).status, SconeStatus::Failing);
    }

    void secretAndMeasurementFailures()
    {
        Cluster c;
        const SourceId a = c.container("a-0", "a");
        const SourceId b = c.container("b-0", "b");
        c.say(a, "[SCONE|ERROR] $$SCONE::db_password$$ is not defined");
        QCOMPARE(c.tracker.source(a).status, SconeStatus::Failing);
        QCOMPARE(c.tracker.source(a).secret, QStringLiteral("db_password"));
        c.say(b, "Unexpected enclave measurement (MRENCLAVE, 3a5b) - Expected 9f00");
        QCOMPARE(c.tracker.source(b).event.kind, SconeEventKind::MeasurementMismatch);
        QVERIFY(c.tracker.source(b).event.detail.contains(QStringLiteral("Expected 9f00")));
    }

    void restartStartsOver()
    {
        Cluster c;
        const SourceId api = c.container("api-0", "api");
        c.say(api, "[SCONE|FATAL] Attestation failed");
        QCOMPARE(c.tracker.source(api).status, SconeStatus::Failing);
        c.tracker.resetSource(api);
        QCOMPARE(c.tracker.source(api).status, SconeStatus::Unknown);
        c.say(api, "Note: Connecting to CAS at cas (port 18765) using service ID s/x/y");
        c.say(api, "ready");
        QCOMPARE(c.tracker.source(api).status, SconeStatus::Attested);
    }

    void servicesSummariseTheirLiveReplicas()
    {
        Cluster c;
        const SourceId old = c.container("api-old", "api");
        const SourceId r1 = c.container("api-1", "api");
        const SourceId r2 = c.container("api-2", "api");
        const SourceId db = c.container("db-0", "db");
        c.say(old, "[SCONE|FATAL] Attestation failed");
        c.store.sources().setRetired(old, true);  // replaced by the new replicas
        for (SourceId r : {r1, r2}) {
            c.say(r, "Note: Connecting to CAS at cas (port 18765) using service ID shop/api/python3");
            c.say(r, "started");
        }
        QCOMPARE(c.tracker.service(c.store.sources(), QStringLiteral("api")).status, SconeStatus::Attested);
        c.say(r2, "  Caused by: secret 'API_KEY' not found");
        const SconeSourceStatus api = c.tracker.service(c.store.sources(), QStringLiteral("api"));
        QCOMPARE(api.status, SconeStatus::Failing);  // one failing replica makes the service fail
        QCOMPARE(api.source, r2);
        QCOMPARE(api.secret, QStringLiteral("API_KEY"));
        QCOMPARE(c.tracker.service(c.store.sources(), QStringLiteral("db")).status, SconeStatus::Unknown);
        c.say(db, "export SCONE_VERSION=1");
        QCOMPARE(c.tracker.service(c.store.sources(), QStringLiteral("db")).status, SconeStatus::Starting);
        QCOMPARE(c.tracker.service(c.store.sources(), QStringLiteral("nope")).status, SconeStatus::Unknown);
    }

    void clusterAndLocalSourcesAreSummarisedApart()
    {
        // The same service in the release's pods and in Run locally: a live local run does
        // not hide the retired pods' failure, and a pod's failure is not the local run's.
        Cluster c;
        const SourceId pod = c.container("api-0", "api");
        const SourceId local = c.store.sources().addLocal(QStringLiteral("api")).value();
        c.say(pod, "[SCONE|FATAL] Attestation failed");
        c.store.sources().setRetired(pod, true);
        c.say(local, "Note: Connecting to CAS at cas (port 18765) using service ID s/x/y");
        using Place = SconeStatusTracker::Place;
        QCOMPARE(c.tracker.service(c.store.sources(), QStringLiteral("api")).status, SconeStatus::Failing);
        QCOMPARE(c.tracker.service(c.store.sources(), QStringLiteral("api"), Place::Cluster).source, pod);
        const SconeSourceStatus here = c.tracker.service(c.store.sources(), QStringLiteral("api"), Place::Local);
        QCOMPARE(here.status, SconeStatus::Starting);
        QCOMPARE(here.source, local);
    }

    void markersDoNotChangeTheStatus()
    {
        Cluster c;
        const SourceId api = c.container("api-0", "api");
        c.say(api, "Note: Connecting to CAS at cas (port 18765) using service ID s/x/y");
        c.store.appendMarker(api, 0, LineKind::Reconnected, "reconnected");
        c.tracker.observe(c.store, c.observed, c.store.endLine());
        QCOMPARE(c.tracker.source(api).status, SconeStatus::Starting);
    }

    void exporterWritesLinesAsShown()
    {
        LogStore store;
        const SourceId api = store.sources()
                                 .addContainer(QStringLiteral("shop"), QStringLiteral("web-0"), QStringLiteral("api"))
                                 .value();
        store.append(api, 1'714'564'800'000'000'001LL, "first");
        store.append(api, 0, "second");
        store.append(api, 1'714'564'800'500'000'000LL, "third");
        QBuffer out;
        out.open(QIODevice::WriteOnly);
        LogExporter withStamps(store.sources(), {true, true});
        const LogSnapshot snapshot = store.snapshot();
        QVERIFY(withStamps.write(out, snapshot, snapshot.firstLine(), snapshot.endLine()).ok());
        QCOMPARE(out.data(), QByteArray("2024-05-01T12:00:00.000000001Z web-0 api | first\n"
                                        "                               web-0 api | second\n"
                                        "2024-05-01T12:00:00.500000000Z web-0 api | third\n"));
        QBuffer plain;
        plain.open(QIODevice::WriteOnly);
        const FilterResult some(LineNumber(0), LineNumber(3), {LineNumber(0), LineNumber(2)});
        QVERIFY(LogExporter(store.sources(), {false, false}).write(plain, snapshot, some).ok());
        QCOMPARE(plain.data(), QByteArray("first\nthird\n"));
        QBuffer closed;  // not open: a write error is an error value
        QTest::ignoreMessage(QtWarningMsg, "QIODevice::write (QBuffer): device not open");
        const workbench::Status failed =
            LogExporter(store.sources(), {}).write(closed, snapshot, snapshot.firstLine(), snapshot.endLine());
        QVERIFY(!failed.ok());
        QCOMPARE(failed.error().code, QStringLiteral("logs.write"));
    }
};

QTEST_GUILESS_MAIN(TestSconeStatus)
#include "tst_sconestatus.moc"
