// SPDX-License-Identifier: Apache-2.0
#include "jobs/joblog.h"

#include <algorithm>

namespace workbench::engine::jobs {

namespace {
// Small chunks are copied into the last block instead of becoming blocks of their own, so a
// log fed line by line still has few blocks; big batches are adopted as they are.
constexpr qint64 OpenBlockBytes = 256 * 1024;
constexpr qint64 AdoptChunkBytes = 64 * 1024;

qint64 entryFootprint(const LogEntry &e)
{
    return qint64(e.length) + qint64(sizeof(LogEntry));
}

QLatin1String channelTag(LogChannel c)
{
    switch (c) {
    case LogChannel::Stdout:
        return QLatin1String("out ");
    case LogChannel::Stderr:
        return QLatin1String("err ");
    case LogChannel::Info:
        break;
    }
    return QLatin1String("info");
}
}  // namespace

JobLog::JobLog(qint64 capBytes)
    : m_capBytes(std::max<qint64>(capBytes, 1024))
{}

void JobLog::setCapBytes(qint64 capBytes)
{
    m_capBytes = std::max<qint64>(capBytes, 1024);
    enforceCap();
}

JobLog::Block &JobLog::openBlock()
{
    if (m_blocks.empty() || m_blocks.back().chunk.data.size() >= OpenBlockBytes) {
        Block b;
        b.firstLine = m_endLine;
        b.chunk.data.reserve(OpenBlockBytes);
        m_blocks.push_back(std::move(b));
    }
    return m_blocks.back();
}

qint64 JobLog::append(LogChannel channel, const QString &text, qint64 timestampMs, std::uint16_t source)
{
    return appendUtf8(channel, text.toUtf8(), timestampMs, source);
}

qint64 JobLog::appendUtf8(LogChannel channel, QByteArrayView line, qint64 timestampMs, std::uint16_t source)
{
    if (timestampMs == 0)
        timestampMs = QDateTime::currentMSecsSinceEpoch();
    Block &b = openBlock();
    b.chunk.append(line, timestampMs, channel, source);
    m_bytes += entryFootprint(b.chunk.entries.back());
    const qint64 n = m_endLine++;
    enforceCap();
    return n;
}

qint64 JobLog::appendChunk(LogChunk chunk)
{
    const qint64 first = m_endLine;
    if (chunk.entries.empty())
        return first;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (LogEntry &e : chunk.entries)
        if (e.timestampMs == 0)
            e.timestampMs = now;
    if (chunk.footprint() < AdoptChunkBytes) {
        Block &b = openBlock();
        const auto base = std::uint32_t(b.chunk.data.size());
        b.chunk.data.append(chunk.data);
        for (LogEntry e : chunk.entries) {
            e.offset += base;
            b.chunk.entries.push_back(e);
        }
    } else {
        Block b;
        b.firstLine = first;
        b.chunk = std::move(chunk);
        m_blocks.push_back(std::move(b));
    }
    const Block &last = m_blocks.back();
    const qint64 added = qint64(last.chunk.entries.size()) - (m_endLine - last.firstLine);
    for (std::size_t i = last.chunk.entries.size() - std::size_t(added); i < last.chunk.entries.size(); ++i)
        m_bytes += entryFootprint(last.chunk.entries[i]);
    m_endLine += added;
    enforceCap();
    return first;
}

void JobLog::enforceCap()
{
    while (m_bytes > m_capBytes && !m_blocks.empty()) {
        Block &front = m_blocks.front();
        if (front.begin >= front.chunk.entries.size()) {
            m_blocks.pop_front();
            continue;
        }
        m_bytes -= entryFootprint(front.chunk.entries[front.begin]);
        ++front.begin;
        ++m_firstLine;
        if (front.begin >= front.chunk.entries.size() && m_blocks.size() > 1)
            m_blocks.pop_front();
    }
}

const JobLog::Block *JobLog::blockFor(qint64 number, std::size_t *index) const
{
    if (number < m_firstLine || number >= m_endLine)
        return nullptr;
    auto it = std::upper_bound(m_blocks.begin(), m_blocks.end(), number,
                               [](qint64 n, const Block &b) { return n < b.firstLine; });
    if (it == m_blocks.begin())
        return nullptr;
    --it;
    const std::size_t i = std::size_t(number - it->firstLine);
    if (i < it->begin || i >= it->chunk.entries.size())
        return nullptr;
    *index = i;
    return &*it;
}

QByteArrayView JobLog::lineBytes(qint64 number) const
{
    std::size_t i = 0;
    const Block *b = blockFor(number, &i);
    return b ? b->chunk.bytes(b->chunk.entries[i]) : QByteArrayView();
}

std::optional<LogLine> JobLog::line(qint64 number) const
{
    std::size_t i = 0;
    const Block *b = blockFor(number, &i);
    if (!b)
        return std::nullopt;
    const LogEntry &e = b->chunk.entries[i];
    return LogLine{number, e.timestampMs, e.channel, e.source, QString::fromUtf8(b->chunk.bytes(e))};
}

LogChunk JobLog::copyLines(qint64 first, qint64 count, std::optional<std::uint16_t> source) const
{
    LogChunk out;
    for (qint64 n = std::max(first, m_firstLine); n < std::min(first + count, m_endLine); ++n) {
        std::size_t i = 0;
        const Block *b = blockFor(n, &i);
        if (!b)
            continue;
        const LogEntry &e = b->chunk.entries[i];
        out.append(b->chunk.bytes(e), e.timestampMs, e.channel, source ? *source : e.source);
    }
    return out;
}

QList<LogLine> JobLog::tail(int maxLines, std::optional<LogChannel> channel) const
{
    QList<LogLine> out;
    for (qint64 n = m_endLine - 1; n >= m_firstLine && out.size() < maxLines; --n) {
        std::size_t i = 0;
        const Block *b = blockFor(n, &i);
        if (!b)
            break;
        const LogEntry &e = b->chunk.entries[i];
        if (channel && e.channel != *channel)
            continue;
        out.prepend(LogLine{n, e.timestampMs, e.channel, e.source, QString::fromUtf8(b->chunk.bytes(e))});
    }
    return out;
}

QString JobLog::toText(qint64 maxBytes) const
{
    // Walk back from the newest line until the budget is spent, then print forwards.
    qint64 budget = maxBytes;
    qint64 start = m_endLine;
    while (start > m_firstLine) {
        const qint64 cost = lineBytes(start - 1).size() + 20;
        if (cost > budget)
            break;
        budget -= cost;
        --start;
    }
    QString out;
    const qint64 omitted = start;  // dropped by the cap plus left out here
    if (omitted > 0)
        out += QStringLiteral("[%1 earlier lines not kept]\n").arg(omitted);
    for (qint64 n = start; n < m_endLine; ++n) {
        std::size_t i = 0;
        const Block *b = blockFor(n, &i);
        if (!b)
            continue;
        const LogEntry &e = b->chunk.entries[i];
        out += QDateTime::fromMSecsSinceEpoch(e.timestampMs).toString(QStringLiteral("HH:mm:ss.zzz")) +
               QLatin1Char(' ') + channelTag(e.channel) + QLatin1Char(' ') + QString::fromUtf8(b->chunk.bytes(e)) +
               QLatin1Char('\n');
    }
    return out;
}

void JobLog::clear()
{
    m_blocks.clear();
    m_bytes = 0;
    m_firstLine = m_endLine;
}

}  // namespace workbench::engine::jobs
