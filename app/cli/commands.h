// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QStringList>

// One entry point per subcommand; each lives in its own cmd_<name>.cpp and is listed in
// commands.cpp. They use models/ and engine/ only.
namespace workbench::cli {
int runRender(const QStringList &args);    // cmd_render.cpp
int runValidate(const QStringList &args);  // cmd_validate.cpp
int runEdit(const QStringList &args);      // cmd_edit.cpp
int runCerts(const QStringList &args);     // cmd_certs.cpp
int runInspect(const QStringList &args);   // cmd_inspect.cpp
int runLogs(const QStringList &args);      // cmd_logs.cpp
int runRun(const QStringList &args);       // cmd_run.cpp
int runSettings(const QStringList &args);  // cmd_settings.cpp
int runDoctor(const QStringList &args);    // cmd_doctor.cpp
int runBuild(const QStringList &args);     // cmd_build.cpp
int runUpload(const QStringList &args);    // cmd_upload.cpp
int runDeploy(const QStringList &args);    // cmd_deploy.cpp
int runPipeline(const QStringList &args);  // cmd_pipeline.cpp

}  // namespace workbench::cli
