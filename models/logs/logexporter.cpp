// SPDX-License-Identifier: Apache-2.0
#include "logs/logexporter.h"

#include "logs/logsourceregistry.h"
#include "logs/logtimestamp.h"

#include <QCoreApplication>
#include <QIODevice>
#include <QSaveFile>

#include <algorithm>

namespace workbench::models::logs {

namespace {

constexpr qsizetype kFlushAt = 1 << 20;

Error cancelledError()
{
    return makeError(QStringLiteral("logs.cancelled"),
                     QCoreApplication::translate("LogStore", "Saving was cancelled."));
}

bool cancelled(const std::atomic<bool> *cancel)
{
    return cancel && cancel->load(std::memory_order_relaxed);
}

}  // namespace

LogExporter::LogExporter(const LogSourceRegistry &sources, Options options)
    : m_options(options)
{
    m_prefixes.reserve(std::size_t(sources.count()));
    for (int i = 0; i < sources.count(); ++i)
        m_prefixes.push_back(sources.prefixUtf8(SourceId(quint16(i))));
}

void LogExporter::appendLine(QByteArray &out, const LineChunk &chunk, quint32 index) const
{
    if (m_options.timestamps) {
        if (const LogTimestamp ts = chunk.timestamp(index))
            out += LogTimestampFormat::format(ts).toLatin1();
        else
            out += QByteArray(30, ' ');
        out += ' ';
    }
    if (m_options.prefixes) {
        const quint16 s = chunk.source(index).get();
        if (s < m_prefixes.size())
            out += m_prefixes[s];
    }
    out.append(chunk.text(index));
    out += '\n';
}

Status LogExporter::flush(QIODevice &device, QByteArray &buffer) const
{
    if (buffer.isEmpty())
        return Ok{};
    if (device.write(buffer) != buffer.size()) {
        return makeError(QStringLiteral("logs.write"),
                         QCoreApplication::translate("LogStore", "Could not write the log lines."),
                         device.errorString());
    }
    buffer.clear();
    return Ok{};
}

Status LogExporter::write(QIODevice &device, const LogSnapshot &snapshot, LineNumber from, LineNumber to,
                          const std::atomic<bool> *cancel) const
{
    from = std::clamp(from, snapshot.firstLine(), snapshot.endLine());
    to = std::clamp(to, from, snapshot.endLine());
    QByteArray buffer;
    buffer.reserve(kFlushAt + 4096);
    for (int c = from < to ? snapshot.chunkIndexOf(from) : snapshot.chunkCount(); c < snapshot.chunkCount(); ++c) {
        const ChunkRef &ref = snapshot.chunkRef(c);
        if (ref.firstLine >= to)
            break;
        if (cancelled(cancel))
            return cancelledError();
        auto loaded = snapshot.loadChunk(c);
        if (!loaded)
            return loaded.error();
        if (!loaded->chunk)
            continue;  // dropped lines
        const quint32 begin = from > ref.firstLine ? quint32((from - ref.firstLine).get()) : 0;
        const auto end = quint32(std::min<quint64>(ref.count, (to - ref.firstLine).get()));
        for (quint32 i = begin; i < end; ++i) {
            appendLine(buffer, *loaded->chunk, i);
            if (buffer.size() >= kFlushAt)
                if (Status s = flush(device, buffer); !s)
                    return s;
        }
    }
    return flush(device, buffer);
}

Status LogExporter::write(QIODevice &device, const LogSnapshot &snapshot, const FilterResult &lines,
                          const std::atomic<bool> *cancel) const
{
    QByteArray buffer;
    buffer.reserve(kFlushAt + 4096);
    LoadedChunk current;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const LineNumber line = lines.at(i);
        if (!current.chunk || line < current.firstLine || line >= current.endLine()) {
            if (cancelled(cancel))
                return cancelledError();
            const int c = snapshot.chunkIndexOf(line);
            if (c < 0)
                continue;
            auto loaded = snapshot.loadChunk(c);
            if (!loaded)
                return loaded.error();
            current = std::move(loaded).value();
            if (!current.chunk)
                continue;
        }
        appendLine(buffer, *current.chunk, quint32((line - current.firstLine).get()));
        if (buffer.size() >= kFlushAt)
            if (Status s = flush(device, buffer); !s)
                return s;
    }
    return flush(device, buffer);
}

Status LogExporter::writeFile(const QString &path, const LogSnapshot &snapshot, const FilterResult *lines) const
{
    const auto failed = [&path](Error e) {
        e.file = path;
        return e;
    };
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return failed(makeError(QStringLiteral("logs.write"), QStringLiteral("Could not write %1.").arg(path),
                                file.errorString()));
    const Status written =
        lines ? write(file, snapshot, *lines) : write(file, snapshot, snapshot.firstLine(), snapshot.endLine());
    if (!written) {
        file.cancelWriting();
        return failed(written.error());
    }
    if (!file.commit())
        return failed(makeError(QStringLiteral("logs.write"), QStringLiteral("Could not write %1.").arg(path),
                                file.errorString()));
    return Ok{};
}

}  // namespace workbench::models::logs
