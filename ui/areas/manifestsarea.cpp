// SPDX-License-Identifier: Apache-2.0
#include "areas/manifestsarea.h"

#include "shell/theme.h"

#include <QFile>
#include <QFileInfo>
#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QStackedLayout>
#include <QTabWidget>

namespace workbench::ui {

ManifestsArea::ManifestsArea(engine::ProjectWorkspace *workspace, QWidget *parent)
    : WorkbenchArea(AreaId::Manifests, workspace, parent)
{
    auto *stack = new QStackedLayout(this);
    m_empty = new QLabel(QStringLiteral("Open a file from the project explorer (double-click or Enter)."), this);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setEnabled(false);
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("manifestTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->setTabsClosable(true);
    m_tabs->setMovable(true);
    stack->addWidget(m_empty);
    stack->addWidget(m_tabs);
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, [this, stack](int i) {
        QWidget *w = m_tabs->widget(i);
        m_tabs->removeTab(i);
        w->deleteLater();
        if (m_tabs->count() == 0)
            stack->setCurrentWidget(m_empty);
    });
    connect(m_tabs, &QTabWidget::currentChanged, this, [this, stack](int i) {
        stack->setCurrentWidget(i >= 0 ? static_cast<QWidget *>(m_tabs) : m_empty);
    });
}

void ManifestsArea::setProject(const QString &projectDir, const QList<models::ProjectFileInfo> &files)
{
    const bool changed = projectDir != m_projectDir;
    WorkbenchArea::setProject(projectDir, files);
    if (changed) {
        while (m_tabs->count() > 0) {
            QWidget *w = m_tabs->widget(0);
            m_tabs->removeTab(0);
            w->deleteLater();
        }
        // Open the mesh first: it is the entry point of a project.
        for (const auto &f : files)
            if (f.category == models::ProjectFileCategory::MeshManifest) {
                openFile(f.absolutePath);
                break;
            }
    }
}

bool ManifestsArea::openFile(const QString &path)
{
    for (int i = 0; i < m_tabs->count(); ++i)
        if (m_tabs->widget(i)->property("filePath").toString() == path) {
            m_tabs->setCurrentIndex(i);
            return true;
        }
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        Q_EMIT statusMessage(QStringLiteral("Cannot open %1: %2").arg(path, f.errorString()));
        return false;
    }
    auto *view = new QPlainTextEdit(m_tabs);
    view->setProperty("filePath", path);
    view->setReadOnly(true);
    view->setLineWrapMode(QPlainTextEdit::NoWrap);
    view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    view->setPlainText(QString::fromUtf8(f.readAll()));
    QString relative = path;
    for (const auto &info : std::as_const(m_files))
        if (info.absolutePath == path)
            relative = info.relativePath;
    const int i = m_tabs->addTab(view, theme::icon(QStringLiteral(":/icons/file-yaml.svg")), QFileInfo(path).fileName());
    m_tabs->setTabToolTip(i, relative);
    m_tabs->setCurrentIndex(i);
    return true;
}

QStringList ManifestsArea::openFiles() const
{
    QStringList list;
    for (int i = 0; i < m_tabs->count(); ++i)
        list << m_tabs->widget(i)->property("filePath").toString();
    return list;
}

} // namespace workbench::ui
