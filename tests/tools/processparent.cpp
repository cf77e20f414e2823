// SPDX-License-Identifier: Apache-2.0
// A parent for the "nothing left when the workbench is killed" test: runs PROGRAM ARGS... with
// engine::process::Process (grace period GRACE_MS) and prints "started <pid>" once it runs,
// then waits forever. The test kills this process with SIGKILL and checks the tree is gone.
//   processparent GRACE_MS PROGRAM [ARGS...]
#include "process/process.h"

#include <QCoreApplication>

#include <cstdio>

using namespace workbench::engine::process;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 3) {
        std::fprintf(stderr, "usage: processparent GRACE_MS PROGRAM [ARGS...]\n");
        return 2;
    }
    ProcessSpec spec;
    spec.terminateGraceMs = args.at(1).toInt();
    spec.command = CommandLine(args.at(2), args.mid(3));
    Process process;
    QObject::connect(&process, &Process::started, &app, [](qint64 pid) {
        std::printf("started %lld\n", static_cast<long long>(pid));
        std::fflush(stdout);
    });
    QObject::connect(&process, &Process::finished, &app, [](const workbench::Result<ProcessResult> &r) {
        std::printf("finished %s\n", r.ok() ? "ok" : qPrintable(r.error().toString()));
        std::fflush(stdout);
    });
    process.start(spec);
    return app.exec();
}
