// SPDX-License-Identifier: Apache-2.0
// Real round trip through QtKeychain and the OS Secret Service. The test command runs it inside
// a private D-Bus session with an unlocked GNOME Keyring and sets WORKBENCH_REQUIRE_KEYCHAIN=1, so
// there a missing keychain is a failure; run by hand without a session bus it is skipped.
#include "keychain/keychain.h"

#include <QSignalSpy>
#include <QtTest>
#include <QUuid>

using namespace workbench;

class TestKeychain : public QObject
{
    Q_OBJECT
private:
    bool keychainExpected() const { return qEnvironmentVariable("WORKBENCH_REQUIRE_KEYCHAIN") == QLatin1String("1"); }

    template<typename R> std::optional<R> wait(const std::function<void(std::function<void(const R &)>)> &call)
    {
        std::optional<R> result;
        call([&result](const R &r) { result = r; });
        if (!QTest::qWaitFor([&] { return result.has_value(); }, 20000))
            return std::nullopt;
        return result;
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS") && !keychainExpected())
            QSKIP("No session bus: run through packaging/dev.sh test for the real keychain test.");
    }

    void roundTrip()
    {
        engine::Keychain keychain(QStringLiteral("scone-workbench-test"));
        const QString key = QStringLiteral("roundtrip-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
        // Binary-safe: a registry token, a NUL and non-ASCII bytes.
        const QByteArray secret = QByteArray("token:\x00\xff\xfe-\xc3\xa9", 13) + QUuid::createUuid().toByteArray();

        auto written = wait<Status>([&](auto done) { keychain.write(key, secret, this, done); });
        QVERIFY2(written.has_value(), "keychain write did not answer");
        QVERIFY2(written->ok(), qPrintable(written->ok() ? QString() : written->error().toString()));

        auto read = wait<Result<QByteArray>>([&](auto done) { keychain.read(key, this, done); });
        QVERIFY(read.has_value());
        QVERIFY2(read->ok(), qPrintable(read->ok() ? QString() : read->error().toString()));
        QCOMPARE(read->value(), secret);

        // A second store replaces the value.
        written = wait<Status>([&](auto done) { keychain.write(key, QByteArrayLiteral("second"), this, done); });
        QVERIFY(written && written->ok());
        read = wait<Result<QByteArray>>([&](auto done) { keychain.read(key, this, done); });
        QVERIFY(read && read->ok());
        QCOMPARE(read->value(), QByteArrayLiteral("second"));

        auto removed = wait<Status>([&](auto done) { keychain.remove(key, this, done); });
        QVERIFY(removed && removed->ok());
        read = wait<Result<QByteArray>>([&](auto done) { keychain.read(key, this, done); });
        QVERIFY(read.has_value());
        QVERIFY(!read->ok());
        QCOMPARE(read->error().code, QStringLiteral("keychain.not-found"));
    }

    void callbackNotRunAfterContextDied()
    {
        engine::Keychain keychain(QStringLiteral("scone-workbench-test"));
        bool called = false;
        auto *context = new QObject;
        keychain.read(QStringLiteral("does-not-matter"), context,
                      [&called](const Result<QByteArray> &) { called = true; });
        delete context;
        QTest::qWait(500);
        QVERIFY(!called);
    }
};

QTEST_GUILESS_MAIN(TestKeychain)
#include "tst_keychain.moc"
