// SPDX-License-Identifier: Apache-2.0
#include "certs/certificatedetailswidget.h"

#include "core/displaytext.h"

#include "certs/certificatetreemodel.h"

#include <QDir>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollArea>
#include <QTextEdit>

#include <cmath>
#include <QVBoxLayout>

namespace workbench::ui {

using namespace workbench::models::certs;

namespace detail {
/// A read-only value that wraps to the width it gets, anywhere if a word is longer than that,
/// and is exactly as tall as its wrapped text (height for width), so a form of them never
/// needs horizontal scrolling and never cuts a value off.
class ValueView : public QTextEdit
{
public:
    explicit ValueView(QWidget *parent)
        : QTextEdit(parent)
    {
        setReadOnly(true);
        setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
        setFrameStyle(QFrame::NoFrame);
        setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        setLineWrapMode(QTextEdit::WidgetWidth);
        setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
        setAcceptRichText(false);
        document()->setDocumentMargin(0);
        viewport()->setAutoFillBackground(false);
        QSizePolicy policy(QSizePolicy::Expanding, QSizePolicy::Preferred);
        policy.setHeightForWidth(true);
        setSizePolicy(policy);
        connect(document(), &QTextDocument::contentsChanged, this, &QWidget::updateGeometry);
    }
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override
    {
        QTextDocument doc;
        doc.setDefaultFont(font());
        doc.setDocumentMargin(0);
        QTextOption option = doc.defaultTextOption();
        option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
        doc.setDefaultTextOption(option);
        doc.setPlainText(toPlainText());
        doc.setTextWidth(qMax(1, width - 2 * frameWidth()));
        return int(std::ceil(doc.size().height())) + 2 * frameWidth();
    }
    QSize sizeHint() const override { return {240, heightForWidth(240)}; }
    QSize minimumSizeHint() const override { return {40, fontMetrics().height()}; }

protected:
    void resizeEvent(QResizeEvent *event) override
    {
        QTextEdit::resizeEvent(event);
        updateGeometry();  // a new width is a new height
    }
};
}  // namespace detail

namespace {
const char *const kFields[] = {"Subject",
                               "Issuer",
                               "Secret",
                               "Serial",
                               "Validity",
                               "Key",
                               "Signature",
                               "Subject alt. names",
                               "Key usage",
                               "Extended key usage",
                               "Basic constraints",
                               "Subject key ID",
                               "Authority key ID",
                               "SHA-256",
                               "SHA-1",
                               "Private key"};
}

CertificateDetailsWidget::CertificateDetailsWidget(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    m_title = new QLabel(this);
    QFont f = m_title->font();
    f.setBold(true);
    f.setPointSizeF(f.pointSizeF() * 1.2);
    m_title->setFont(f);
    m_title->setObjectName(QStringLiteral("detailsTitle"));
    layout->addWidget(m_title);

    auto *formHost = new QWidget(this);
    m_form = new QFormLayout(formHost);
    m_form->setContentsMargins(0, 0, 0, 0);
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    // Narrow: the value goes below its label and gets the whole width.
    m_form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (const char *name : kFields) {
        const QString field = QLatin1String(name);
        auto *value = new detail::ValueView(formHost);
        value->setObjectName(field);
        if (field.startsWith(QLatin1String("SHA")) || field.endsWith(QLatin1String("key ID")) ||
            field == QLatin1String("Serial"))
            value->setFont(mono);
        m_form->addRow(field + QLatin1Char(':'), value);
        m_values.insert(field, value);
    }
    layout->addWidget(formHost);

    m_pem = new QPlainTextEdit(this);
    m_pem->setReadOnly(true);
    m_pem->setObjectName(QStringLiteral("pem"));
    m_pem->setFont(mono);
    m_pem->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_pem->setMinimumHeight(120);
    layout->addWidget(m_pem, 1);
    clear();
}

void CertificateDetailsWidget::setField(const QString &field, const QString &text, const QColor &color)
{
    QTextEdit *l = m_values.value(field);
    if (!l)
        return;
    // Certificate names come from whoever made the certificate: plain text, control characters
    // shown (never rich text, never invisible).
    l->setPlainText(text.isEmpty() ? QStringLiteral("—") : models::showControlCharacters(text));
    QPalette pal = l->palette();
    pal.setColor(QPalette::Text, color.isValid() ? color : palette().color(QPalette::WindowText));
    l->setPalette(pal);
    QFont f = l->font();
    f.setBold(color.isValid());
    l->setFont(f);
    m_form->setRowVisible(
        l, !(text.isEmpty() && (field == QLatin1String("Secret") || field == QLatin1String("Private key"))));
}

void CertificateDetailsWidget::clear()
{
    m_title->setText(QStringLiteral("No certificate selected"));
    for (auto it = m_values.begin(); it != m_values.end(); ++it)
        setField(it.key(), {});
    m_pem->clear();
}

void CertificateDetailsWidget::setEntry(const CertificateEntry *entry, const QDateTime &now)
{
    if (!entry || entry->certificate.isNull()) {
        clear();
        return;
    }
    const Certificate &c = entry->certificate;
    m_title->setText(entry->kind == CertificateEntry::Kind::PreviewImport
                         ? QStringLiteral("%1 (imported by %2)").arg(entry->title, entry->source)
                         : entry->title);
    setField(QStringLiteral("Subject"), c.subject());
    setField(QStringLiteral("Issuer"), c.issuer() + (c.isSelfSigned() ? QStringLiteral("  (self-signed)") : QString()));
    QString secret;
    if (!entry->secret.isEmpty()) {
        secret = entry->secret.toString();
        if (!entry->sourceFile.isEmpty())
            secret += QStringLiteral("  (%1:%2)")
                          .arg(m_projectDir.isEmpty() ? entry->sourceFile
                                                      : QDir(m_projectDir).relativeFilePath(entry->sourceFile))
                          .arg(entry->sourceLine);
    }
    setField(QStringLiteral("Secret"), secret);
    setField(QStringLiteral("Serial"), c.serialHex());
    setField(QStringLiteral("Validity"),
             QStringLiteral("%1 — %2  (%3)")
                 .arg(c.notBefore().toString(Qt::ISODate), c.notAfter().toString(Qt::ISODate), expiryText(c, now)),
             expiryColor(c, now));
    setField(QStringLiteral("Key"), QStringLiteral("%1, %2 bits").arg(c.keyAlgorithm()).arg(c.keyBits()));
    setField(QStringLiteral("Signature"), c.signatureAlgorithm());
    setField(QStringLiteral("Subject alt. names"), c.subjectAltNames().join(QStringLiteral(", ")));
    setField(QStringLiteral("Key usage"), c.keyUsage().join(QStringLiteral(", ")));
    setField(QStringLiteral("Extended key usage"), c.extendedKeyUsage().join(QStringLiteral(", ")));
    QString bc;
    if (c.hasBasicConstraints()) {
        bc = c.isCa() ? QStringLiteral("CA:TRUE") : QStringLiteral("CA:FALSE");
        if (const auto pl = c.pathLength())
            bc += QStringLiteral(", pathlen:%1").arg(*pl);
        if (c.basicConstraintsCritical())
            bc += QStringLiteral(" (critical)");
    }
    setField(QStringLiteral("Basic constraints"), bc);
    setField(QStringLiteral("Subject key ID"), c.subjectKeyId());
    setField(QStringLiteral("Authority key ID"), c.authorityKeyId());
    setField(QStringLiteral("SHA-256"), c.fingerprintSha256());
    setField(QStringLiteral("SHA-1"), c.fingerprintSha1());
    setField(QStringLiteral("Private key"),
             entry->key.isNull() ? QString() : QStringLiteral("%1 (in memory only)").arg(entry->key.algorithm()));
    m_pem->setPlainText(QString::fromLatin1(c.toPem()));
}

QString CertificateDetailsWidget::fieldText(const QString &field) const
{
    const QTextEdit *l = m_values.value(field);
    return l ? l->toPlainText() : QString();
}

QWidget *CertificateDetailsWidget::fieldWidget(const QString &field) const
{
    return m_values.value(field);
}

void CertificateDetailsWidget::setProjectDir(const QString &dir)
{
    m_projectDir = dir;
}

QString CertificateDetailsWidget::pemText() const
{
    return m_pem->toPlainText();
}

}  // namespace workbench::ui
