// SPDX-License-Identifier: Apache-2.0
// The Certificates area (offscreen): the preview of the example project from the workspace's
// current texts (unsaved edits included), the chain tree with imports linked to their origin,
// details, verification panel, expiry timeline, cancellation, inspecting files and a live TLS
// endpoint, and export (encrypted key by default, plain only after confirmation, PKCS#12).
// With SCONE_WORKBENCH_SCREENSHOT_DIR set, also writes a screenshot of the area.
#include "certs/certificatedetailswidget.h"
#include "certs/certificatefile.h"
#include "certs/certificatesarea.h"
#include "certs/certificatetreemodel.h"
#include "certs/expirytimeline.h"
#include "certs/verificationpanel.h"
#include "common/theme.h"
#include "policy/projectsettings.h"
#include "project/projectworkspace.h"
#include "session/projectsession.h"
#include "testsupport.h"

#include <QAbstractItemModelTester>
#include <QClipboard>
#include <QGuiApplication>
#include <QProcess>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSplitter>
#include <QTabWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeView>
#include <QTreeWidget>

using namespace workbench;
using namespace workbench::models::certs;
using workbench::ui::CertificateEntry;
using workbench::ui::CertificateExport;
using workbench::ui::CertificatesArea;
using workbench::ui::CertificateTreeModel;

namespace {

QString data(const QString &name)
{
    return test::dataPath(QStringLiteral("certs/") + name);
}

/// Scripted answers for the export prompts.
class ScriptedPrompts final : public ui::ExportPrompts
{
public:
    QString path;
    std::optional<QString> passphrase;  // nullopt = cancel
    bool confirmPlain = false;
    int confirmations = 0;
    QString saveFileName(const QString &, const QString &, const QString &) override { return path; }
    std::optional<SecretBytes> newPassphrase(const QString &, bool allowEmpty) override
    {
        if (!passphrase || (!allowEmpty && passphrase->isEmpty()))
            return std::nullopt;
        return SecretBytes::fromString(*passphrase);
    }
    bool confirmPlainKey(const QString &) override
    {
        ++confirmations;
        return confirmPlain;
    }
};

int findEntry(const CertificateTreeModel *model, const QString &title, CertificateEntry::Kind kind)
{
    for (int i = 0; i < int(model->entries().size()); ++i)
        if (model->entries().at(i).title == title && model->entries().at(i).kind == kind)
            return i;
    return -1;
}

}  // namespace

class TestCertificatesArea : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    QString m_project;
    engine::ProjectSession *m_session = nullptr;
    engine::ProjectWorkspace *m_workspace = nullptr;  // the session's
    CertificatesArea *m_area = nullptr;
    FixedClock m_clock{QDateTime(QDate(2030, 6, 1), QTime(9, 0), Qt::UTC)};
    ScriptedPasswordProvider *m_passwords = nullptr;

    bool waitPreview()
    {
        QSignalSpy spy(m_area, &CertificatesArea::previewFinished);
        return spy.wait(60000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_project = m_tmp.filePath(QStringLiteral("sdm"));
        QVERIFY(test::copyTree(test::exampleDir(), m_project));
        // Settings of our own, whatever the example folder holds today.
        models::policy::DeploymentSettings settings = models::policy::DeploymentSettings::defaults(m_project);
        settings.release = QStringLiteral("secure-doc-management");
        settings.appNamespace = QStringLiteral("sdm-1-2");
        settings.appImageRepo = QStringLiteral("registry.example.com/sdm");
        QVERIFY(test::writeFile(models::policy::settingsFilePath(m_project), models::policy::settingsToYaml(settings)));
        m_session = new engine::ProjectSession(this, m_tmp.filePath(QStringLiteral("recovery")));
        m_workspace = m_session->workspace();
        QVERIFY(m_session->open(m_project).ok());
        m_area = new CertificatesArea(m_session);
        m_area->resize(1300, 800);
        m_area->setClock(&m_clock);
        new QAbstractItemModelTester(m_area->model(), QAbstractItemModelTester::FailureReportingMode::Fatal, m_area);
        QSignalSpy spy(m_area, &CertificatesArea::previewFinished);
        m_area->setProject(m_workspace->projectDir(), m_workspace->files());
        m_area->show();
        QVERIFY(spy.wait(60000));
    }

    void cleanupTestCase()
    {
        delete m_area;
        delete m_session;  // the analysis cancels and waits for its workers
    }

    void chainTree()
    {
        const CertificateTreeModel *model = m_area->model();
        QCOMPARE(m_area->mode(), CertificatesArea::Mode::Preview);
        QCOMPARE(model->rowCount(), 2);  // the two CAs
        QStringList roots;
        for (int r = 0; r < 2; ++r)
            roots << model->index(r, 0).data().toString();
        roots.sort();
        QCOMPARE(roots, (QStringList{QStringLiteral("api_ca_cert"), QStringLiteral("redis_ca_cert")}));

        const int redisCa = findEntry(model, QStringLiteral("redis_ca_cert"), CertificateEntry::Kind::PreviewCa);
        QVERIFY(redisCa >= 0);
        const QModelIndex ca = model->indexOfEntry(redisCa);
        QStringList children;
        for (int r = 0; r < model->rowCount(ca); ++r)
            children << model->index(r, 0, ca).data().toString();
        QCOMPARE(children, (QStringList{QStringLiteral("redis"), QStringLiteral("redis_client_cert"),
                                        QStringLiteral("⇢ redis_ca_cert")}));
        // The import hangs under its origin, says who imports it, and is the same certificate.
        const QModelIndex imp = model->index(2, 0, ca);
        QVERIFY(model->index(2, CertificateTreeModel::SourceColumn, ca)
                    .data()
                    .toString()
                    .startsWith(QStringLiteral("imported by ")));
        QVERIFY(model->index(2, CertificateTreeModel::SourceColumn, ca).data().toString() ==
                QStringLiteral("imported by flask-api"));
        QCOMPARE(model->entry(imp)->linkTo, redisCa);
        QCOMPARE(model->entry(imp)->certificate, model->entries().at(redisCa).certificate);
        QVERIFY(model->entry(imp)->key.isNull());  // flask-api imports the CA certificate, not its key
        // Double-click on an import goes to its origin.
        m_area->treeView()->doubleClicked(imp);
        QCOMPARE(m_area->currentEntry()->kind, CertificateEntry::Kind::PreviewCa);
        // The imported client identity carries its key (flask-api imports redis_client_key too).
        const int clientImport =
            findEntry(model, QStringLiteral("redis_client_cert"), CertificateEntry::Kind::PreviewImport);
        QVERIFY(clientImport >= 0);
        QVERIFY(!model->entries().at(clientImport).key.isNull());

        for (const CertificateEntry &e : model->entries())
            if (e.kind != CertificateEntry::Kind::PreviewImport)
                QVERIFY2(e.checked && e.verified, qPrintable(e.title));
        QCOMPARE(model->index(0, CertificateTreeModel::StatusColumn).data().toString(), QStringLiteral("✓ verified"));
        QVERIFY(m_area->bannerText().contains(QStringLiteral("5 verify, 0 do not")));
        QCOMPARE(m_area->timeline()->rows().size(), 5);  // imports are their origin: not repeated
    }

    void detailsAndVerification()
    {
        QVERIFY(m_area->selectEntry(QStringLiteral("redis")));
        const CertificateEntry *e = m_area->currentEntry();
        QVERIFY(e);
        const auto *d = m_area->details();
        QCOMPARE(d->fieldText(QStringLiteral("Subject")), QStringLiteral("CN=redis"));
        QCOMPARE(d->fieldText(QStringLiteral("Issuer")), QStringLiteral("CN=redis_ca_cert"));
        QVERIFY(d->fieldText(QStringLiteral("Subject alt. names")).startsWith(QStringLiteral("DNS:redis, DNS:")));
        QCOMPARE(d->fieldText(QStringLiteral("Extended key usage")), QStringLiteral("serverAuth"));
        QCOMPARE(d->fieldText(QStringLiteral("Key usage")), QStringLiteral("digitalSignature"));
        QCOMPARE(d->fieldText(QStringLiteral("Basic constraints")), QStringLiteral("CA:FALSE (critical)"));
        QCOMPARE(d->fieldText(QStringLiteral("Key")), QStringLiteral("EC P-256, 256 bits"));
        QVERIFY(d->fieldText(QStringLiteral("Validity")).contains(QStringLiteral("no expiry")));
        QCOMPARE(d->fieldText(QStringLiteral("SHA-256")), e->certificate.fingerprintSha256());
        QCOMPARE(d->fieldText(QStringLiteral("SHA-1")), e->certificate.fingerprintSha1());
        QCOMPARE(d->fieldText(QStringLiteral("Authority key ID")), e->chain.last().subjectKeyId());
        QVERIFY2(d->fieldText(QStringLiteral("Secret")).contains(QStringLiteral("(redis/service.yaml:")),
                 qPrintable(d->fieldText(QStringLiteral("Secret"))));
        QVERIFY(d->fieldText(QStringLiteral("Private key")).contains(QStringLiteral("in memory only")));
        QVERIFY(d->pemText().startsWith(QStringLiteral("-----BEGIN CERTIFICATE-----")));
        const QString verdict = m_area->verificationPanel()->verdict();
        QVERIFY2(verdict.contains(QStringLiteral("Verified for TLS server")), qPrintable(verdict));
        QVERIFY2(verdict.contains(QStringLiteral("secure-doc-management-redis")),
                 qPrintable(verdict));  // REDIS_HOST of flask-api
        QVERIFY(m_area->verificationPanel()->rows().isEmpty());
    }

    void previewFollowsUnsavedEdits()
    {
        // Edit the Redis manifest in memory (as the editor would): drop the release-prefixed
        // name the Flask side dials. The preview must notice without a save.
        const QString redis = m_workspace->projectDir() + QStringLiteral("/redis/service.yaml");
        QByteArray text = m_workspace->text(redis);
        QVERIFY(text.contains("dns: [redis, \"{{redis_server_name}}\"]"));
        text.replace("dns: [redis, \"{{redis_server_name}}\"]", "dns: [redis]");
        m_workspace->setDocumentText(redis, text);
        QVERIFY(waitPreview());
        QVERIFY(m_area->selectEntry(QStringLiteral("redis")));
        QVERIFY(!m_area->currentEntry()->verified);
        const QStringList rows = m_area->verificationPanel()->rows();
        QCOMPARE(rows.size(), 1);
        QVERIFY2(rows.first().startsWith(QStringLiteral("problem hostname-mismatch: ")), qPrintable(rows.first()));
        QVERIFY(m_area->verificationPanel()->verdict().contains(QStringLiteral("Does not verify")));
        QVERIFY(m_area->bannerText().contains(QStringLiteral("4 verify, 1 do not")));
        // Reverting brings it back.
        m_workspace->clearDocumentText(redis);
        QVERIFY(waitPreview());
        QVERIFY(m_area->selectEntry(QStringLiteral("redis")));
        QVERIFY(m_area->currentEntry()->verified);
    }

    void nothingIsCutOff()
    {
        // A narrow details pane: values wrap to its width (fingerprints anywhere), the page
        // scrolls in height, nothing needs (or gets) horizontal scrolling.
        QVERIFY(m_area->selectEntry(QStringLiteral("redis_client_cert")));
        auto *scroll = m_area->findChild<QScrollArea *>(QStringLiteral("detailsScroll"));
        QVERIFY(scroll);
        auto *split = qobject_cast<QSplitter *>(m_area->treeView()->parentWidget());
        QVERIFY(split);
        split->setSizes({m_area->width() - 300, 300});
        auto *tabs = qobject_cast<QTabWidget *>(scroll->parentWidget()->parentWidget());
        QVERIFY(tabs);
        tabs->setCurrentWidget(scroll);
        QTest::qWait(50);
        QCOMPARE(scroll->horizontalScrollBarPolicy(), Qt::ScrollBarAlwaysOff);
        QVERIFY(m_area->details()->width() <= scroll->viewport()->width());
        QVERIFY(scroll->verticalScrollBar()->maximum() > 0);
        for (const QString &field : {QStringLiteral("SHA-256"), QStringLiteral("Subject key ID"),
                                     QStringLiteral("Serial"), QStringLiteral("Validity")}) {
            QWidget *value = m_area->details()->fieldWidget(field);
            QVERIFY(value);
            const QRect inPage(value->mapTo(m_area->details(), QPoint(0, 0)), value->size());
            QVERIFY2(inPage.right() <= scroll->viewport()->width(), qPrintable(field));
            // As tall as its wrapped text: every line of it is on screen (after scrolling).
            QVERIFY2(value->height() >= value->heightForWidth(value->width()), qPrintable(field));
        }
        QVERIFY(m_area->details()->fieldWidget(QStringLiteral("SHA-256"))->height() >
                2 * m_area->details()->fontMetrics().height());  // it had to wrap
        QCOMPARE(m_area->details()->fieldText(QStringLiteral("SHA-256")),
                 m_area->currentEntry()->certificate.fingerprintSha256());  // copied as shown, exactly

        // The chain tree cuts long names in the middle; the tooltip has the whole name.
        QTreeView *tree = m_area->treeView();
        QCOMPARE(tree->textElideMode(), Qt::ElideMiddle);
        const QModelIndex name = tree->currentIndex().siblingAtColumn(CertificateTreeModel::NameColumn);
        QVERIFY(name.data(Qt::ToolTipRole).toString().startsWith(name.data().toString() + QLatin1Char('\n')));
        split->setSizes({m_area->width() - 900, 900});

        // A reason longer than its column wraps: the row grows instead of cutting it off.
        const QString redis = m_workspace->projectDir() + QStringLiteral("/redis/service.yaml");
        QByteArray text = m_workspace->text(redis);
        text.replace("dns: [redis, \"{{redis_server_name}}\"]", "dns: [redis]");
        m_workspace->setDocumentText(redis, text);
        QVERIFY(waitPreview());
        QVERIFY(m_area->selectEntry(QStringLiteral("redis")));
        tabs->setCurrentWidget(m_area->verificationPanel());
        split->setSizes({m_area->width() - 320, 320});
        QTest::qWait(50);
        QTreeWidget *list = m_area->verificationPanel()->list();
        QTreeWidgetItem *problem = list->topLevelItem(0);
        QVERIFY(problem);
        const QRect cell = list->visualItemRect(problem);
        const int oneLine = list->fontMetrics().height();
        QVERIFY2(list->fontMetrics().horizontalAdvance(problem->text(2)) > list->columnWidth(2),
                 "the reason fits anyway");
        QVERIFY2(cell.height() >= 2 * oneLine, qPrintable(QString::number(cell.height())));
        QCOMPARE(list->textElideMode(), Qt::ElideNone);
        m_workspace->clearDocumentText(redis);
        QVERIFY(waitPreview());
        split->setSizes({m_area->width() / 2, m_area->width() / 2});
    }

    void cancelKeepsThePreviousResult()
    {
        const Certificate before = m_area->model()->entries().first().certificate;
        QSignalSpy spy(m_area, &CertificatesArea::previewFinished);
        m_area->refreshPreview();
        m_area->cancelPreview();
        QVERIFY(spy.wait(60000));
        QVERIFY2(m_area->bannerText().contains(QStringLiteral("cancelled")), qPrintable(m_area->bannerText()));
        QCOMPARE(m_area->model()->entries().first().certificate, before);
    }

    void inspectFileWithTrust()
    {
        QVERIFY(m_area->setTrustFile(data(QStringLiteral("RootCa.pem"))).ok());
        QVERIFY(m_area->openCertificateFile(data(QStringLiteral("BundleLeafIntermediateRoot.pem"))).ok());
        QCOMPARE(m_area->mode(), CertificatesArea::Mode::Inspect);
        const CertificateTreeModel *model = m_area->model();
        QCOMPARE(model->rowCount(), 1);
        QCOMPARE(model->index(0, 0).data().toString(), QStringLiteral("Workbench Test Root"));
        QVERIFY(m_area->selectEntry(QStringLiteral("localhost")));
        QVERIFY(m_area->currentEntry()->verified);
        QCOMPARE(m_area->currentEntry()->chain.size(), 3);
        QVERIFY(m_area->bannerText().contains(QStringLiteral("1 of 1 end-entity")));
        // The preview is kept while inspecting.
        m_area->setMode(CertificatesArea::Mode::Preview);
        QCOMPARE(model->rowCount(), 2);
        m_area->setMode(CertificatesArea::Mode::Inspect);
        QCOMPARE(model->rowCount(), 1);
    }

    void expiryColouringUsesTheClock()
    {
        QVERIFY(m_area->openCertificateFile(data(QStringLiteral("ExpiredLeaf.pem"))).ok());
        QVERIFY(m_area->selectEntry(QStringLiteral("localhost")));
        const QModelIndex expiry =
            m_area->treeView()->currentIndex().siblingAtColumn(CertificateTreeModel::ExpiryColumn);
        QVERIFY(expiry.data().toString().startsWith(QStringLiteral("expired ")));
        QCOMPARE(expiry.data(Qt::ForegroundRole).value<QColor>(), ui::theme::errorColor());
        QVERIFY(m_area->verificationPanel()->rows().contains(
            QStringLiteral("problem expired: ") + m_area->currentEntry()->verification.problems.first().message));
        // Ten days before its end (per the injected clock) it is amber with days left.
        m_clock.set(m_area->currentEntry()->certificate.notAfter().addDays(-10));
        m_area->setClock(&m_clock);
        QCOMPARE(expiry.data().toString(), QStringLiteral("10 days left"));
        QCOMPARE(expiry.data(Qt::ForegroundRole).value<QColor>(), ui::theme::warningColor());
        QVERIFY(m_area->details()->fieldText(QStringLiteral("Validity")).contains(QStringLiteral("10 days left")));
        m_clock.set(QDateTime(QDate(2030, 6, 1), QTime(9, 0), Qt::UTC));
        m_area->setClock(&m_clock);
    }

    void pasteFromClipboard()
    {
        QGuiApplication::clipboard()->setText(
            QString::fromLatin1(test::readFile(data(QStringLiteral("ChainLocalhost.pem")))));
        auto *paste = m_area->findChild<QToolButton *>(QStringLiteral("paste"));
        QVERIFY(paste);
        QSignalSpy spy(m_area, &CertificatesArea::inspectionFinished);
        paste->click();
        QCOMPARE(spy.size(), 1);
        QCOMPARE(m_area->model()->entries().size(), 2);
        QCOMPARE(m_area->model()->entries().first().source, QStringLiteral("clipboard"));
    }

    void brokenInputsAreReported()
    {
        QVERIFY(!m_area->openCertificateFile(data(QStringLiteral("TruncatedPem.pem"))).ok());
        QVERIFY(m_area->bannerText().contains(QStringLiteral("truncated")));
        QVERIFY(!m_area->inspectData("not a certificate at all", QStringLiteral("clipboard")).ok());
        QVERIFY(m_area->bannerText().contains(QStringLiteral("neither PEM, DER nor PKCS#12")));
    }

    void pkcs12AndExports()
    {
        ScriptedPasswordProvider passwords({QStringLiteral("correct horse")});
        m_area->setPasswordProvider(&passwords);
        QVERIFY(m_area->openCertificateFile(data(QStringLiteral("LeafLocalhost.p12"))).ok());
        m_area->setPasswordProvider(nullptr);
        QCOMPARE(passwords.timesAsked(), 1);
        QVERIFY(m_area->selectEntry(QStringLiteral("localhost")));
        QVERIFY(!m_area->currentEntry()->key.isNull());

        ScriptedPrompts prompts;
        m_area->setExportPrompts(&prompts);
        QTemporaryDir out;
        // Key, encrypted by default.
        prompts.path = out.filePath(QStringLiteral("enc.key"));
        prompts.passphrase = QStringLiteral("s3cret");
        auto r = m_area->exportCurrent(CertificateExport::PrivateKey);
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().toString()));
        QVERIFY(test::readFile(prompts.path).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        QCOMPARE(QFileInfo(prompts.path).permissions(),
                 QFile::ReadOwner | QFile::WriteOwner | QFile::ReadUser | QFile::WriteUser);
        QCOMPARE(prompts.confirmations, 0);
        // No passphrase and no confirmation: nothing written.
        prompts.path = out.filePath(QStringLiteral("plain.key"));
        prompts.passphrase = QString();
        prompts.confirmPlain = false;
        r = m_area->exportCurrent(CertificateExport::PrivateKey);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("ui.cancelled"));
        QVERIFY(!QFileInfo::exists(prompts.path));
        QCOMPARE(prompts.confirmations, 1);
        // ... with the explicit confirmation: plain PKCS#8.
        prompts.confirmPlain = true;
        QVERIFY(m_area->exportCurrent(CertificateExport::PrivateKey).ok());
        QVERIFY(test::readFile(prompts.path).startsWith("-----BEGIN PRIVATE KEY-----"));
        // Chain in both orders.
        prompts.path = out.filePath(QStringLiteral("up.pem"));
        QVERIFY(m_area->exportCurrent(CertificateExport::ChainLeafToRoot).ok());
        const auto up = readCertificateFile(prompts.path);
        prompts.path = out.filePath(QStringLiteral("down.pem"));
        QVERIFY(m_area->exportCurrent(CertificateExport::ChainRootToLeaf).ok());
        const auto down = readCertificateFile(prompts.path);
        QVERIFY(up && down);
        QCOMPARE(up->certificates.first().commonName(), QStringLiteral("localhost"));
        QCOMPARE(down->certificates.last().commonName(), QStringLiteral("localhost"));
        QCOMPARE(up->certificates.size(), down->certificates.size());
        // PKCS#12 round trip.
        prompts.path = out.filePath(QStringLiteral("b.p12"));
        prompts.passphrase = QStringLiteral("p12pass");
        QVERIFY(m_area->exportCurrent(CertificateExport::Pkcs12).ok());
        ScriptedPasswordProvider again({QStringLiteral("p12pass")});
        const auto p12 = readCertificateFile(prompts.path, &again);
        QVERIFY(p12.ok());
        QVERIFY(p12->certificates.first().matchesKey(p12->keys.first()));
        m_area->setExportPrompts(nullptr);
    }

    void fetchLiveEndpoint()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();
        QProcess server;
        server.setProcessChannelMode(QProcess::MergedChannels);
        server.start(QStringLiteral("openssl"),
                     {QStringLiteral("s_server"), QStringLiteral("-accept"), QStringLiteral("127.0.0.1:%1").arg(port),
                      QStringLiteral("-cert"), data(QStringLiteral("LeafLocalhost.pem")), QStringLiteral("-key"),
                      data(QStringLiteral("LeafLocalhost.key")), QStringLiteral("-cert_chain"),
                      data(QStringLiteral("IntermediateCa.pem")), QStringLiteral("-www")});
        QVERIFY(server.waitForStarted(10000));
        QByteArray banner;
        while (!banner.contains("ACCEPT") && server.waitForReadyRead(10000))
            banner += server.readAll();
        QVERIFY(m_area->setTrustFile(data(QStringLiteral("RootCa.pem"))).ok());
        QSignalSpy spy(m_area, &CertificatesArea::inspectionFinished);
        m_area->fetchEndpoint(QStringLiteral("localhost:%1").arg(port));
        QVERIFY(spy.wait(30000));  // the UI stays responsive: the fetch runs on a worker
        server.kill();
        server.waitForFinished();
        QVERIFY2(m_area->selectEntry(QStringLiteral("localhost")), qPrintable(m_area->bannerText()));
        QVERIFY(m_area->currentEntry()->verified);
        QVERIFY(m_area->verificationPanel()->verdict().contains(QStringLiteral("localhost")));
        QCOMPARE(m_area->model()->entries().size(), 2);  // leaf + intermediate as presented
        // Against the system store the same chain does not verify, with the reason named.
        QVERIFY(m_area->setTrustFile({}).ok());
        QVERIFY(m_area->selectEntry(QStringLiteral("localhost")));
        QVERIFY(!m_area->currentEntry()->verified);
        QVERIFY(m_area->verificationPanel()->rows().first().startsWith(QStringLiteral("problem missing-issuer")));
    }

    void screenshot()
    {
        const QString dir = qEnvironmentVariable("SCONE_WORKBENCH_SCREENSHOT_DIR");
        if (dir.isEmpty())
            QSKIP("set SCONE_WORKBENCH_SCREENSHOT_DIR to write screenshots");
        m_area->setMode(CertificatesArea::Mode::Preview);
        QVERIFY(m_area->selectEntry(QStringLiteral("redis")));
        QTest::qWait(50);
        QVERIFY(m_area->grab().save(QDir(dir).filePath(QStringLiteral("certificates-area.png"))));
    }
};

QTEST_MAIN(TestCertificatesArea)
#include "tst_certificates_area.moc"
