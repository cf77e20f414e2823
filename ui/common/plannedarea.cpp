// SPDX-License-Identifier: Apache-2.0
#include "common/plannedarea.h"
#include "core/plural.h"

#include "common/theme.h"

#include <QDir>
#include <QLabel>
#include <QVBoxLayout>

namespace workbench::ui {

PlannedArea::PlannedArea(AreaId id, engine::ProjectSession *session, const QString &purpose,
                         const QStringList &features, QWidget *parent)
    : WorkbenchArea(id, session, parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(32, 28, 32, 28);
    layout->setSpacing(12);

    auto *header = new QHBoxLayout;
    auto *iconLabel = new QLabel(this);
    iconLabel->setPixmap(theme::icon(areaIconPath(id)).pixmap(40, 40));
    header->addWidget(iconLabel);
    auto *title = new QLabel(areaTitle(id), this);
    QFont f = title->font();
    f.setPointSizeF(f.pointSizeF() * 1.6);
    f.setBold(true);
    title->setFont(f);
    header->addWidget(title, 1);
    layout->addLayout(header);

    auto *purposeLabel = new QLabel(purpose, this);
    purposeLabel->setWordWrap(true);
    layout->addWidget(purposeLabel);

    QString list = QStringLiteral("<ul>");
    for (const QString &feature : features)
        list += QStringLiteral("<li>") + feature.toHtmlEscaped() + QStringLiteral("</li>");
    list += QStringLiteral("</ul>");
    auto *featuresLabel = new QLabel(list, this);
    featuresLabel->setTextFormat(Qt::RichText);
    featuresLabel->setWordWrap(true);
    layout->addWidget(featuresLabel);

    auto *status = new QLabel(QStringLiteral("<i>Not available in this build yet.</i>"), this);
    status->setObjectName(QStringLiteral("plannedStatus"));
    layout->addWidget(status);

    m_projectSummary = new QLabel(this);
    m_projectSummary->setObjectName(QStringLiteral("projectSummary"));
    m_projectSummary->setWordWrap(true);
    layout->addWidget(m_projectSummary);
    layout->addStretch(1);
}

void PlannedArea::setProject(const QString &projectDir, const QList<models::ProjectFileInfo> &files)
{
    WorkbenchArea::setProject(projectDir, files);
    int services = 0, meshes = 0;
    for (const auto &f : files) {
        services += f.category == models::ProjectFileCategory::ServiceManifest;
        meshes += f.category == models::ProjectFileCategory::MeshManifest;
    }
    m_projectSummary->setText(QStringLiteral("Project %1: %2, %3.")
                                  .arg(QDir::toNativeSeparators(projectDir),
                                       counted(services, QStringLiteral("service manifest")),
                                       counted(meshes, QStringLiteral("mesh manifest"))));
}

}  // namespace workbench::ui
