// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDialog>

namespace workbench::ui {

/// Help > About: what the workbench is and the versions of Qt, OpenSSL, libcurl, yaml-cpp.
class AboutDialog : public QDialog
{
    Q_OBJECT
public:
    explicit AboutDialog(QWidget *parent = nullptr);
};

}  // namespace workbench::ui
