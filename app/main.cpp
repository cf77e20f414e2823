// SPDX-License-Identifier: Apache-2.0
// scone-workbench: the desktop application and, with a COMMAND as first argument, the command
// line (which runs on models/ and engine/ only, without a display).

#include "cli/cli.h"
#include "common/theme.h"
#include "core/buildinfo.h"
#include "core/datafolder.h"
#include "resources.h"
#include "session/projectsession.h"
#include "shell/mainwindow.h"
#include "shell/outputpane.h"

#include <QApplication>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSettings>
#include <QTimer>

#include <csignal>
#include <cstdio>
#include <cstdlib>

using namespace workbench;

namespace {

struct GuiOptions {
    QString projectDir;
    QString screenshot;
    QString area;
    bool exitWhenReady = false;  // for the startup benchmark: print "ready <ms>" and quit
    int closeAfterMs = -1;       // for the quit benchmark: close the window like the user would
};

void setApplicationNames()
{
    engine::setApplicationIdentity(QStringLiteral(WORKBENCH_VERSION));
}

/// Parses the GUI form of the command line. Returns -1 to go on, or an exit code.
int parseGuiArgs(const QStringList &args, GuiOptions &opt)
{
    for (int i = 1; i < args.size(); ++i) {
        const QString &a = args.at(i);
        auto value = [&](QString &target) -> bool {
            if (i + 1 >= args.size())
                return false;
            target = args.at(++i);
            return true;
        };
        if (a == QLatin1String("--screenshot")) {
            if (!value(opt.screenshot))
                return cli::usageError(QStringLiteral("--screenshot needs a FILE"));
        } else if (a.startsWith(QLatin1String("--screenshot="))) {
            opt.screenshot = a.mid(13);
        } else if (a == QLatin1String("--area")) {
            if (!value(opt.area))
                return cli::usageError(QStringLiteral("--area needs a NAME"));
        } else if (a.startsWith(QLatin1String("--area="))) {
            opt.area = a.mid(7);
        } else if (a == QLatin1String("--exit-when-ready")) {
            opt.exitWhenReady = true;
        } else if (a == QLatin1String("--close-after")) {
            QString ms;
            bool ok = false;
            if (!value(ms) || (opt.closeAfterMs = ms.toInt(&ok), !ok) || opt.closeAfterMs < 0)
                return cli::usageError(QStringLiteral("--close-after needs a number of milliseconds"));
        } else if (a.startsWith(QLatin1Char('-')) && a.size() > 1) {
            return cli::usageError(QStringLiteral("unknown option '%1'").arg(a));
        } else if (opt.projectDir.isEmpty()) {
            if (!QFileInfo(a).isDir()) {
                if (!QFileInfo::exists(a) && !a.contains(QLatin1Char('/')))
                    return cli::usageError(QStringLiteral("unknown command '%1'").arg(a));
                return cli::usageError(QStringLiteral("'%1' is not a project folder").arg(a));
            }
            opt.projectDir = a;
        } else {
            return cli::usageError(QStringLiteral("unexpected argument '%1'").arg(a));
        }
    }
    if (!opt.area.isEmpty() && !ui::areaFromName(opt.area, nullptr))
        return cli::usageError(
            QStringLiteral("unknown area '%1' (manifests, policies, certificates, build, logs)").arg(opt.area));
    if (!opt.area.isEmpty() && opt.screenshot.isEmpty())
        return cli::usageError(QStringLiteral("--area is only used with --screenshot"));
    return -1;
}

bool hasDisplay()
{
    return !qEnvironmentVariableIsEmpty("DISPLAY") || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") ||
           !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM");
}

/// The project to open: the one given, else the last one, else a private copy of the bundled
/// example in the user's data folder (the original stays pristine).
QString startupProject(const GuiOptions &opt, QString *error)
{
    if (!opt.projectDir.isEmpty())
        return opt.projectDir;
    const QString last = QSettings().value(QStringLiteral("project/last")).toString();
    if (!last.isEmpty() && QFileInfo(last).isDir())
        return last;
    const QString copy = QDir(engine::dataFolder()).filePath(QStringLiteral("examples/secure-doc-management"));
    const QString e = resources::copyExampleProject(copy);
    if (!e.isEmpty()) {
        *error = e;
        return {};
    }
    return copy;
}

int runGui(int argc, char **argv, const QStringList &args, QElapsedTimer &clock)
{
    GuiOptions opt;
    if (const int rc = parseGuiArgs(args, opt); rc >= 0)
        return rc;
    if (!opt.screenshot.isEmpty() && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") &&
        qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");  // a screenshot needs no screen
    if (!hasDisplay()) {
        std::fprintf(stderr, "scone-workbench: no display (DISPLAY/WAYLAND_DISPLAY unset). Use a desktop session, "
                             "xvfb-run, or --screenshot FILE; the command line works without one (see --help).\n");
        return 1;
    }

    QApplication app(argc, argv);
    setApplicationNames();
    QGuiApplication::setDesktopFileName(QStringLiteral("io.github.scone_workbench.SconeWorkbench"));
    QApplication::setWindowIcon(ui::theme::icon(QStringLiteral(":/icons/scone-workbench.svg")));
    ui::theme::apply(app);
    // Earlier versions kept their data one folder deeper; bring it along (before anything reads it).
    engine::DataFolderMigration migration;
    {
        QSettings settings;
        migration = engine::migrateLegacyDataFolder(engine::legacyDataFolder(), engine::dataFolder(), settings);
    }

    // The composition root: the window and every area work on this session.
    engine::ProjectSession session;
    ui::MainWindow window(&session);
    // A screenshot only looks: the project is not recorded among the recent ones.
    window.setRemembersProjects(opt.screenshot.isEmpty());
    if (!migration.moved.isEmpty())
        window.outputPane()->appendMessage(QStringLiteral("Moved the data of an earlier version (%1) from %2 to %3.")
                                               .arg(migration.moved.join(QStringLiteral(", ")),
                                                    QDir::toNativeSeparators(engine::legacyDataFolder()),
                                                    QDir::toNativeSeparators(engine::dataFolder())));
    QString error;
    const QString project = startupProject(opt, &error);
    if (project.isEmpty() || !window.openProject(project)) {
        if (!error.isEmpty())
            window.outputPane()->appendMessage(error);
        if (!opt.screenshot.isEmpty()) {
            std::fprintf(stderr, "scone-workbench: cannot open project: %s\n",
                         qUtf8Printable(error.isEmpty() ? project : error));
            return 1;
        }
    }

    if (!opt.screenshot.isEmpty()) {
        ui::AreaId id = ui::AreaId::Manifests;
        if (!opt.area.isEmpty())
            ui::areaFromName(opt.area, &id);
        window.showArea(id);
        window.resize(1360, 860);
        window.show();
        // Let layouts settle and deferred work (timers at 0) run before grabbing.
        QTimer::singleShot(150, &window, [&window, &opt] {
            const QImage image = window.grab().toImage();
            if (!image.save(opt.screenshot, "PNG")) {
                std::fprintf(stderr, "scone-workbench: cannot write %s\n", qUtf8Printable(opt.screenshot));
                QCoreApplication::exit(1);
                return;
            }
            QCoreApplication::exit(0);
        });
        return QApplication::exec();
    }

    window.show();
    if (opt.exitWhenReady) {
        // Queued: runs once the window has been shown and the first events processed.
        QTimer::singleShot(0, &window, [&clock] {
            std::printf("ready %lld\n", static_cast<long long>(clock.elapsed()));
            std::fflush(stdout);
            QCoreApplication::exit(0);
        });
    }
    if (opt.closeAfterMs >= 0) {
        // Closes the window as File > Quit does, once the start-up work had time to begin; the
        // benchmark measures from "closing" to the end of the process.
        QTimer::singleShot(opt.closeAfterMs, &window, [&window] {
            std::printf("closing\n");
            std::fflush(stdout);
            window.close();
        });
    }
    // Once the window has closed for good, everything worth keeping is written: settings, saved
    // files, the recovery folder cleaned up (MainWindow::closeEvent does it before it emits).
    // What is left is work for a window nobody sees: results of a certificate preview, a policy
    // render or a validation queued for the UI thread (hundreds of milliseconds of applying
    // them on a large project), and worker threads that the areas' destructors and
    // ~QCoreApplication (the global thread pool) would wait for, a TLS fetch stuck in a name
    // lookup included. Waiting for all that kept the process alive after the window had gone,
    // so the process ends here. Tests destroy their windows and cover the teardown; set
    // SCONE_WORKBENCH_FULL_TEARDOWN=1 to run it here too (leak checkers, bench_quit's baseline).
    if (qEnvironmentVariableIntValue("SCONE_WORKBENCH_FULL_TEARDOWN") == 0)
        QObject::connect(&window, &ui::MainWindow::closedForGood, &app, [] {
            std::fflush(stdout);
            std::fflush(stderr);
            std::_Exit(0);
        });
    return QApplication::exec();
}

}  // namespace

int main(int argc, char **argv)
{
    QElapsedTimer clock;
    clock.start();
    // A peer that closes a connection must be an error value, never the end of the process:
    // writes to it fail with EPIPE instead of raising SIGPIPE (OpenSSL's socket BIO, QProcess
    // pipes, a closed stdout). The TLS fetch also blocks it per thread (engine/tls).
    std::signal(SIGPIPE, SIG_IGN);

    QStringList args;
    args.reserve(argc);
    for (int i = 0; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);

    const QString first = args.value(1);
    if (first == QLatin1String("--help") || first == QLatin1String("-h") || first == QLatin1String("help")) {
        QCoreApplication app(argc, argv);
        setApplicationNames();
        cli::out() << cli::helpText();
        return 0;
    }
    if (first == QLatin1String("--version") || first == QLatin1String("-v")) {
        QCoreApplication app(argc, argv);
        setApplicationNames();
        cli::out() << engine::versionLine() << '\n';
        return 0;
    }
    if (const cli::Command *cmd = cli::findCommand(first)) {
        QCoreApplication app(argc, argv);
        setApplicationNames();
        const int rc = cmd->run(args.mid(2));
        cli::out().flush();
        cli::err().flush();
        return rc;
    }
    return runGui(argc, argv, args, clock);
}
