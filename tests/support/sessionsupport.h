// SPDX-License-Identifier: Apache-2.0
// What the tests of a ProjectSession share: a copy of a project to open, and waiting for its analysis.
#pragma once

#include <QString>

namespace workbench::engine {
class ProjectSession;
}

namespace workbench::test {

/// A copy of @p from at @p to, named by its canonical path (what the session names files by);
/// empty when it cannot be copied.
QString copyProject(const QString &from, const QString &to);

/// Waits (running the event loop) until @p session's analysis has published every change, at most
/// @p timeoutMs; false on timeout.
bool waitUntilAnalysed(const engine::ProjectSession &session, int timeoutMs = 20000);

}  // namespace workbench::test
