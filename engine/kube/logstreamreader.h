// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "logs/linetypes.h"
#include "logs/logtimestamp.h"

#include <QByteArray>
#include <QByteArrayView>

#include <cstring>
#include <deque>
#include <functional>
#include <vector>

namespace workbench::engine::kube {

/// Turns the bytes of a container's log stream (requested with timestamps=true) into lines
/// and makes a resumed stream continue exactly where the broken one stopped: nothing lost,
/// nothing twice.
///
/// The resume point is the newest timestamp seen. The API server cuts sinceTime to whole
/// seconds, so a resumed stream replays the lines of that second (and the kubelet may write
/// several lines with one timestamp). The reader therefore remembers, in order, the timestamp
/// and a hash of content of every line of the newest second, and after beginResume() skips the
/// replayed lines that match them. The first replayed line that is newer than everything seen
/// ends the resume; when some remembered lines were not replayed at all, the log no longer
/// holds them (rotated, truncated, or a new container instance answered) and the resume
/// reports a possible gap.
///
/// A partial line (no '\n' yet) is held back; when the stream breaks it is dropped (the
/// resumed stream sends it whole), when the stream ends for good it is delivered by finish().
/// Lines without a timestamp (should not happen with timestamps=true) are delivered with
/// timestamp 0 and cannot be de-duplicated.
///
/// Plain class, one thread; no allocation per line beyond the remembered second.
class LogStreamReader
{
public:
    enum class ResumeOutcome {
        None,     ///< not resuming
        Pending,  ///< resuming: no line newer than the resume point yet
        Exact,    ///< every remembered line was replayed and skipped: nothing lost, nothing twice
        Gap,      ///< some remembered lines were not replayed: lines may be missing
    };

    /// Feeds received bytes; calls @p line(timestamp, text) for every complete line that was
    /// not delivered before, and @p resumed(outcome) once when a resume ends (just before the
    /// first new line).
    template<typename LineFn, typename ResumedFn> void feed(QByteArrayView data, LineFn &&line, ResumedFn &&resumed)
    {
        qsizetype start = 0;
        if (!m_partial.isEmpty()) {
            const qsizetype nl = data.indexOf('\n');
            if (nl < 0) {
                m_partial.append(data.data(), data.size());
                return;
            }
            m_partial.append(data.data(), nl);
            const QByteArray whole = std::move(m_partial);
            m_partial = QByteArray();
            handleLine(QByteArrayView(whole), line, resumed);
            start = nl + 1;
        }
        const char *base = data.data();
        const qsizetype size = data.size();
        while (start < size) {
            const void *hit = std::memchr(base + start, '\n', std::size_t(size - start));
            if (!hit) {
                m_partial.append(base + start, size - start);
                break;
            }
            const qsizetype nl = static_cast<const char *>(hit) - base;
            handleLine(QByteArrayView(base + start, nl - start), line, resumed);
            start = nl + 1;
        }
    }

    /// The stream ended for good (the container's log is complete): delivers a final line
    /// without '\n', if any.
    template<typename LineFn, typename ResumedFn> void finish(LineFn &&line, ResumedFn &&resumed)
    {
        if (m_partial.isEmpty())
            return;
        const QByteArray whole = std::move(m_partial);
        m_partial = QByteArray();
        handleLine(QByteArrayView(whole), line, resumed);
    }

    /// The stream broke (or ended while more may come): drops a partial line and prepares to
    /// skip what a stream requested with sinceTime = resumeTime() replays.
    void beginResume();
    /// Forgets everything (a new container instance: its log starts empty).
    void reset();

    /// The newest timestamp seen (nanoseconds), 0 before the first line.
    models::logs::LogTimestamp resumeTime() const { return m_maxTs; }
    bool hasLines() const { return m_maxTs != 0; }
    ResumeOutcome resumeOutcome() const { return m_outcome; }
    bool isResuming() const { return m_outcome == ResumeOutcome::Pending; }
    /// Lines skipped as already delivered (all resumes).
    quint64 skippedLines() const { return m_skipped; }
    /// Bytes held back as a partial line.
    qsizetype partialBytes() const { return m_partial.size(); }

private:
    struct Seen {
        models::logs::LogTimestamp ts;
        quint64 hash;
        bool operator==(const Seen &) const = default;
    };

    static quint64 hashOf(QByteArrayView text);
    static models::logs::LogTimestamp secondOf(models::logs::LogTimestamp ts) { return ts - ts % 1'000'000'000; }
    void remember(models::logs::LogTimestamp ts, QByteArrayView text);
    /// Resuming: true when the line was delivered before (skip it).
    bool replayed(const Seen &seen);

    template<typename LineFn, typename ResumedFn> void handleLine(QByteArrayView raw, LineFn &line, ResumedFn &resumed)
    {
        if (raw.endsWith('\r'))
            raw.chop(1);
        const auto split = models::logs::LogTimestampFormat::split(raw);
        if (!split) {
            line(models::logs::LogTimestamp(0), raw);
            return;
        }
        if (m_outcome == ResumeOutcome::Pending) {
            const Seen seen{split->timestamp, hashOf(split->text)};
            if (split->timestamp <= m_maxTs) {
                if (replayed(seen)) {
                    ++m_skipped;
                    return;
                }
                // At or before the resume point but never seen: new (out of order); keep going.
            } else {
                m_outcome = m_replayIndex < m_replay.size() ? ResumeOutcome::Gap : ResumeOutcome::Exact;
                m_replay.clear();
                resumed(m_outcome);
            }
        }
        remember(split->timestamp, split->text);
        line(split->timestamp, split->text);
    }

    QByteArray m_partial;
    models::logs::LogTimestamp m_maxTs = 0;
    std::deque<Seen> m_second;   // the lines with ts >= secondOf(m_maxTs), in arrival order
    std::vector<Seen> m_replay;  // resuming: m_second when the stream broke
    std::size_t m_replayIndex = 0;
    ResumeOutcome m_outcome = ResumeOutcome::None;
    quint64 m_skipped = 0;
};

}  // namespace workbench::engine::kube
