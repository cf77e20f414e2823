// SPDX-License-Identifier: Apache-2.0
#include "cli/commandoutput.h"

#include "cli/cli.h"
#include "core/displaytext.h"
#include "core/poolparallelfor.h"

#include <QThreadPool>

namespace workbench::cli {

std::optional<models::OutputWriteResult> writeCommandOutput(const QString &command, const QString &outDir,
                                                            const QList<models::OutputFile> &files, bool force)
{
    models::OutputWriteOptions options;
    options.force = force;
    options.parallelFor = engine::parallelForOn(QThreadPool::globalInstance());
    Result<models::OutputWriteResult> written = models::writeOutputFolder(outDir, files, options);
    if (written.ok())
        return std::move(written).value();
    const Error &e = written.error();
    QString message = e.message;
    if (!e.detail.isEmpty())
        message += QStringLiteral(" (") + e.detail + QLatin1Char(')');
    if (e.code == QLatin1String("output.foreign"))
        message += QStringLiteral("; use --force to write the output beside them (they are kept)");
    err() << "scone-workbench: " << command << ": " << models::escapeControlCharacters(message) << '\n';
    err().flush();
    return std::nullopt;
}

}  // namespace workbench::cli
