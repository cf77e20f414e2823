// SPDX-License-Identifier: Apache-2.0
#include "cli/logformat.h"

namespace workbench::cli {

QString formatLogLine(const models::logs::LogSource &source, const QString &text)
{
    return source.prefix() + text;
}

models::logs::LogSource localLogSource(const QString &service)
{
    models::logs::LogSource s;
    s.kind = models::logs::LogSourceKind::Local;
    s.service = service;
    return s;
}

}  // namespace workbench::cli
