// SPDX-License-Identifier: Apache-2.0
#include "sessionsupport.h"

#include "analysis/projectanalysis.h"
#include "session/projectsession.h"
#include "testsupport.h"

#include <QFileInfo>
#include <QTest>

namespace workbench::test {

QString copyProject(const QString &from, const QString &to)
{
    if (!copyTree(from, to))
        return {};
    return QFileInfo(to).canonicalFilePath();
}

bool waitUntilAnalysed(const engine::ProjectSession &session, int timeoutMs)
{
    return QTest::qWaitFor([&session] { return !session.analysis()->isBusy(); }, timeoutMs);
}

}  // namespace workbench::test
