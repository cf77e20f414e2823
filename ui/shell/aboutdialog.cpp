// SPDX-License-Identifier: Apache-2.0
#include "shell/aboutdialog.h"

#include "common/theme.h"
#include "core/buildinfo.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QVBoxLayout>

namespace workbench::ui {

AboutDialog::AboutDialog(QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(QStringLiteral("About SCONE Workbench"));
    auto *layout = new QVBoxLayout(this);
    auto *top = new QHBoxLayout;
    auto *logo = new QLabel(this);
    logo->setPixmap(theme::icon(QStringLiteral(":/icons/scone-workbench.svg")).pixmap(64, 64));
    top->addWidget(logo, 0, Qt::AlignTop);
    QString html = QStringLiteral("<h2>SCONE Workbench %1</h2>"
                                  "<p>Edit service and mesh manifests, preview the CAS policies and certificate "
                                  "chains they produce, build, upload and deploy confidential services, and "
                                  "follow their logs.</p><table>")
                       .arg(QStringLiteral(WORKBENCH_VERSION));
    for (const auto &[name, version] : engine::libraryVersions())
        html += QStringLiteral("<tr><td><b>%1</b>&nbsp;&nbsp;</td><td>%2</td></tr>")
                    .arg(name.toHtmlEscaped(), version.toHtmlEscaped());
    html += QStringLiteral("</table>");
    auto *text = new QLabel(html, this);
    text->setObjectName(QStringLiteral("aboutText"));
    text->setWordWrap(true);
    text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    top->addWidget(text, 1);
    layout->addLayout(top);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(480, 300);
}

}  // namespace workbench::ui
