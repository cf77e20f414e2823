// SPDX-License-Identifier: Apache-2.0
// Level recognition (SCONE, common forms, klog, logfmt, JSON) and SCONE event recognition with
// the names they carry; JSON pretty-printing; RFC 3339 timestamps of log streams.
#include "logs/jsonlogformatter.h"
#include "logs/levelclassifier.h"
#include "logs/logtimestamp.h"
#include "logs/sconeeventclassifier.h"

#include <QtTest>

using namespace workbench::models::logs;

Q_DECLARE_METATYPE(LogLevel)
Q_DECLARE_METATYPE(SconeEventKind)

class TestLogLevel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void levels_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<LogLevel>("level");
        auto row = [](const char *line, LogLevel l) { QTest::newRow(line) << QByteArray(line) << l; };
        row("[SCONE|FATAL] src/process/init.c:470:__scone_prepare_secure_config(): Attestation failed",
            LogLevel::Fatal);
        row("[SCONE|ERROR] could not read file", LogLevel::Error);
        row("[SCONE|WARN] Application is running in debug mode", LogLevel::Warning);
        row("[SCONE|INFO] started", LogLevel::Info);
        row("2024-05-01 10:00:00,123 ERROR [main] app: failed", LogLevel::Error);
        row("2024-05-01T10:00:00.000Z WARN  high latency", LogLevel::Warning);
        row("WARNING: something odd", LogLevel::Warning);
        row("INFO:werkzeug:127.0.0.1 - GET / 200", LogLevel::Info);
        row("ERROR:root:boom", LogLevel::Error);
        row("DEBUG cache hit", LogLevel::Debug);
        row("TRACE entering", LogLevel::Trace);
        row("CRITICAL disk failure", LogLevel::Fatal);
        row("panic: runtime error: index out of range", LogLevel::None);  // lower-case word is text
        row("PANIC at the disco", LogLevel::Fatal);
        row("E0612 10:00:00.000000       1 reflector.go:138] failed to list", LogLevel::Error);
        row("I0612 10:00:00.000000       1 main.go:10] started", LogLevel::Info);
        row("W0612 10:00:00.000000       1 main.go:10] slow", LogLevel::Warning);
        row("time=2024-05-01T10:00:00Z level=error msg=\"boom\"", LogLevel::Error);
        row("ts=1 lvl=warn msg=x", LogLevel::Warning);
        row("level=info msg=started", LogLevel::Info);
        row("2024/05/01 10:00:00 [error] 7#7: *1 open() failed", LogLevel::Error);
        row("2024/05/01 10:00:00 [notice] 1#1: start worker processes", LogLevel::Info);
        row("{\"level\":\"error\",\"msg\":\"x\"}", LogLevel::Error);
        row("{\"time\":\"t\",\"msg\":\"a long message first\",\"level\":\"WARN\"}", LogLevel::Warning);
        row("{\"severity\":\"INFO\",\"message\":\"x\"}", LogLevel::Info);
        row("{\"Level\":\"debug\"}", LogLevel::Debug);
        row("{\"level\":50,\"msg\":\"pino error\"}", LogLevel::Error);
        row("{\"level\":30,\"msg\":\"pino info\"}", LogLevel::Info);
        row("{\"log.level\":\"fatal\"}", LogLevel::Fatal);
        row("  {\"lvl\": \"warning\"}", LogLevel::Warning);
        row("Error: cannot find module", LogLevel::Error);
        row("Warning: deprecated flag", LogLevel::Warning);
        row("GET /index.html 200", LogLevel::None);
        row("0 errors, 2 warnings", LogLevel::None);
        row("ERRORS: none", LogLevel::None);  // not a level word
        row("THE_ERROR_CODE=5", LogLevel::None);
        row("", LogLevel::None);
        row("some text INFO later on the line", LogLevel::Info);
        row("{\"msg\":\"no level here\"}", LogLevel::None);
    }

    void levels()
    {
        QFETCH(QByteArray, line);
        QFETCH(LogLevel, level);
        QCOMPARE(LevelClassifier::classify(line), level);
    }

    void levelWordBeyondTheScanWindowIsIgnored()
    {
        const QByteArray line = QByteArray(300, 'x') + " ERROR late";
        QCOMPARE(LevelClassifier::classify(line), LogLevel::None);
    }

    void sconeEvents_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<SconeEventKind>("kind");
        QTest::addColumn<QString>("session");
        QTest::addColumn<QString>("secret");
        auto row = [](const char *name, const char *line, SconeEventKind k, const char *session = "",
                      const char *secret = "") {
            QTest::newRow(name) << QByteArray(line) << k << QString::fromUtf8(session) << QString::fromUtf8(secret);
        };
        row("cas connect",
            "Note: Connecting to CAS at edge.scone-cas.cf (port 18765) using service ID myPythonApp/pythonapp/python3",
            SconeEventKind::CasConnecting, "myPythonApp/pythonapp");
        row("attestation failed",
            "[SCONE|FATAL] src/process/init.c:470:__scone_prepare_secure_config(): Attestation failed",
            SconeEventKind::AttestationFailed);
        row("measurement", "  Caused by: Unexpected enclave measurement (MRENCLAVE, 3a5b...) - Expected 9f00...",
            SconeEventKind::MeasurementMismatch);
        row("session not found quoted", "  Caused by: Session 'sdm-1-2/flask-api' not found",
            SconeEventKind::SessionError, "sdm-1-2/flask-api");
        row("session does not exist", "[SCONE|ERROR] CAS: session sdm/redis does not exist",
            SconeEventKind::SessionError, "sdm/redis");
        row("access to session denied", "[SCONE|FATAL] Access to session \"prod/api\" denied by CAS policy",
            SconeEventKind::SessionError, "prod/api");
        row("session unnamed", "Caused by: The session could not be found", SconeEventKind::SessionError);
        row("secret not found", "  Caused by: secret 'DB_PASSWORD' not found in session", SconeEventKind::SecretError,
            "", "DB_PASSWORD");
        row("scone variable undefined", "[SCONE|ERROR] $$SCONE::api_key$$ is not defined", SconeEventKind::SecretError,
            "", "api_key");
        row("cas unreachable", "[SCONE|ERROR] Could not connect to CAS at 10.0.0.1:18765: Connection refused",
            SconeEventKind::CasUnreachable);
        row("attested", "[SCONE|INFO] Attestation successful", SconeEventKind::Attested);
        row("other fatal", "[SCONE|FATAL] out of enclave heap memory", SconeEventKind::RuntimeFatal);
        row("scone info", "[SCONE|INFO] loading image", SconeEventKind::RuntimeInfo);
        row("startup export", "export SCONE_HEAP=760M", SconeEventKind::RuntimeInfo);
        row("startup version", "SCONE version: 5.8.0 (Tue Jan 2 2024)", SconeEventKind::RuntimeInfo);
        row("enclave hash", "Enclave hash: 3a5b0c7d", SconeEventKind::RuntimeInfo);
        row("web session is no SCONE matter", "user session expired, please log in again", SconeEventKind::None);
        row("secret word in app text", "rotating the secret failed for user 5", SconeEventKind::None);
        row("plain", "GET / 200", SconeEventKind::None);
        row("empty", "", SconeEventKind::None);
    }

    void sconeEvents()
    {
        QFETCH(QByteArray, line);
        QFETCH(SconeEventKind, kind);
        QFETCH(QString, session);
        QFETCH(QString, secret);
        QCOMPARE(SconeEventClassifier::kind(line), kind);
        const SconeEvent e = SconeEventClassifier::classify(line);
        QCOMPARE(e.kind, kind);
        QCOMPARE(e.session, session);
        QCOMPARE(e.secret, secret);
    }

    void casConnectionDetails()
    {
        const SconeEvent e = SconeEventClassifier::classify(
            "Note: Connecting to CAS at edge.scone-cas.cf (port 18765) using service ID ns/sess/api");
        QCOMPARE(e.casAddress, QStringLiteral("edge.scone-cas.cf:18765"));
        QCOMPARE(e.serviceId, QStringLiteral("ns/sess/api"));
        const SconeEvent m =
            SconeEventClassifier::classify("Unexpected enclave measurement (MRENCLAVE, aa) - Expected bb");
        QCOMPARE(m.detail, QStringLiteral("Unexpected enclave measurement (MRENCLAVE, aa) - Expected bb"));
        QVERIFY(m.isFailure());
    }

    void jsonPrettyPrint()
    {
        const auto pretty = JsonLogFormatter::prettyPrint(" {\"level\":\"error\",\"n\":1} ");
        QVERIFY(pretty.has_value());
        QVERIFY(pretty->contains(QStringLiteral("\n    \"level\": \"error\"")));
        QVERIFY(!pretty->endsWith(QLatin1Char('\n')));
        QVERIFY(!JsonLogFormatter::prettyPrint("{not json}").has_value());
        QVERIFY(!JsonLogFormatter::prettyPrint("plain text").has_value());
        QVERIFY(!JsonLogFormatter::prettyPrint("[1,2]").has_value());
    }

    void timestamps()
    {
        const auto t = LogTimestampFormat::parse("2024-05-01T12:00:00.123456789Z");
        QVERIFY(t.has_value());
        QCOMPARE(*t, LogTimestamp(1714564800123456789LL));
        QCOMPARE(LogTimestampFormat::format(*t), QStringLiteral("2024-05-01T12:00:00.123456789Z"));
        QCOMPARE(LogTimestampFormat::formatShort(*t), QStringLiteral("2024-05-01 12:00:00.123"));
        QCOMPARE(LogTimestampFormat::parse("2024-05-01T12:00:00Z"), LogTimestamp(1714564800000000000LL));
        QCOMPARE(LogTimestampFormat::parse("2024-05-01T14:00:00.5+02:00"), LogTimestamp(1714564800500000000LL));
        QCOMPARE(LogTimestampFormat::parse("1970-01-01T00:00:00Z"), LogTimestamp(0));
        QCOMPARE(LogTimestampFormat::parse("2000-02-29T00:00:00Z"), LogTimestamp(951782400LL * 1'000'000'000));
        QVERIFY(!LogTimestampFormat::parse("2024-05-01 12:00").has_value());
        QVERIFY(!LogTimestampFormat::parse("2024-13-01T12:00:00Z").has_value());
        QVERIFY(!LogTimestampFormat::parse("2024-05-01T12:00:00").has_value());  // no zone
        QVERIFY(!LogTimestampFormat::parse("2024-05-01T12:00:00.Z").has_value());

        const auto s = LogTimestampFormat::split("2024-05-01T12:00:00.000000001Z hello world");
        QVERIFY(s.has_value());
        QCOMPARE(s->timestamp, LogTimestamp(1714564800000000001LL));
        QCOMPARE(s->text.toByteArray(), QByteArray("hello world"));
        const auto empty = LogTimestampFormat::split("2024-05-01T12:00:00Z ");
        QVERIFY(empty.has_value());
        QVERIFY(empty->text.isEmpty());
        QVERIFY(!LogTimestampFormat::split("no timestamp here").has_value());
        QVERIFY(!LogTimestampFormat::split("2024-05-01T12:00:00Z").has_value());
    }
};

QTEST_GUILESS_MAIN(TestLogLevel)
#include "tst_loglevel.moc"
