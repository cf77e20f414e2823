// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <cstring>
#include <optional>

namespace workbench::engine::process {

/// Splits a byte stream into lines the way a terminal shows them, on bytes (before any
/// decoding, so a UTF-8 character cut between two reads is whole again in its line):
///
/// - "\n" ends a line; "\r\n" too (the '\r' is not part of the line).
/// - A '\r' not followed by '\n' rewrites the current line: the text before it is a progress
///   update, not a line ("10%\r20%\rdone\n" gives progress "10%", "20%" and the line "done").
///   Empty progress texts are skipped.
/// - Lines longer than the maximum are cut into pieces at a UTF-8 character boundary.
/// - finish() delivers a last line that has no line end.
///
/// Views passed to the callbacks are valid only during the call. Not thread-safe.
class LineSplitter
{
public:
    explicit LineSplitter(qsizetype maxLineBytes = 1024 * 1024)
        : m_maxLine(maxLineBytes < 4 ? 4 : maxLineBytes)
    {}

    template<typename OnLine, typename OnProgress>
    void feed(QByteArrayView data, OnLine &&onLine, OnProgress &&onProgress)
    {
        const char *p = data.data();
        const char *const end = p + data.size();
        if (m_pendingCr && p < end) {
            m_pendingCr = false;
            if (*p == '\n') {
                emitPending(onLine);
                ++p;
            } else {
                emitProgress(QByteArrayView(), onProgress);
            }
        }
        while (p < end) {
            const char *nl = static_cast<const char *>(std::memchr(p, '\n', std::size_t(end - p)));
            const char *segEnd = nl ? nl : end;
            bool lineDone = false;
            while (const char *cr = static_cast<const char *>(std::memchr(p, '\r', std::size_t(segEnd - p)))) {
                if (cr + 1 == segEnd) {
                    if (nl) {  // "\r\n"
                        emitLine(QByteArrayView(p, cr - p), onLine);
                        p = nl + 1;
                        lineDone = true;
                    } else {  // a '\r' at the very end: the next byte decides
                        appendPending(QByteArrayView(p, cr - p), onLine);
                        m_pendingCr = true;
                        p = end;
                        lineDone = true;
                    }
                    break;
                }
                emitProgress(QByteArrayView(p, cr - p), onProgress);
                p = cr + 1;
            }
            if (lineDone)
                continue;
            if (nl) {
                emitLine(QByteArrayView(p, nl - p), onLine);
                p = nl + 1;
            } else {
                appendPending(QByteArrayView(p, end - p), onLine);
                p = end;
            }
        }
    }

    /// End of stream: a pending partial line (or text before a final '\r') becomes a line.
    template<typename OnLine> void finish(OnLine &&onLine)
    {
        m_pendingCr = false;
        if (!m_pending.isEmpty())
            emitPending(onLine);
    }

    bool hasPending() const { return !m_pending.isEmpty() || m_pendingCr; }

    /// The last "NN%" or "NN.N%" in @p text as a fraction in [0, 1].
    static std::optional<double> percentIn(QByteArrayView text)
    {
        for (qsizetype i = text.size() - 1; i > 0; --i) {
            if (text[i] != '%')
                continue;
            qsizetype b = i;
            while (b > 0 && ((text[b - 1] >= '0' && text[b - 1] <= '9') || text[b - 1] == '.'))
                --b;
            if (b == i)
                continue;
            bool ok = false;
            const double v = QByteArray(text.data() + b, i - b).toDouble(&ok);
            if (ok && v >= 0.0 && v <= 100.0)
                return v / 100.0;
        }
        return std::nullopt;
    }

private:
    // Cuts @p line into pieces of at most m_maxLine bytes, never inside a UTF-8 sequence.
    template<typename OnLine> void deliver(QByteArrayView line, OnLine &onLine)
    {
        while (line.size() > m_maxLine) {
            qsizetype cut = m_maxLine;
            while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80)
                --cut;
            if (cut == 0)
                cut = m_maxLine;
            onLine(line.first(cut));
            line = line.sliced(cut);
        }
        onLine(line);
    }
    template<typename OnLine> void emitLine(QByteArrayView tail, OnLine &onLine)
    {
        if (m_pending.isEmpty()) {
            deliver(tail, onLine);
            return;
        }
        m_pending.append(tail);
        emitPending(onLine);
    }
    template<typename OnLine> void emitPending(OnLine &onLine)
    {
        deliver(QByteArrayView(m_pending), onLine);
        m_pending.clear();
    }
    template<typename OnProgress> void emitProgress(QByteArrayView tail, OnProgress &onProgress)
    {
        if (m_pending.isEmpty()) {
            if (!tail.isEmpty())
                onProgress(tail.first(std::min(tail.size(), m_maxLine)));
            return;
        }
        m_pending.append(tail);
        onProgress(QByteArrayView(m_pending).first(std::min(m_pending.size(), m_maxLine)));
        m_pending.clear();
    }
    template<typename OnLine> void appendPending(QByteArrayView part, OnLine &onLine)
    {
        m_pending.append(part);
        if (m_pending.size() <= m_maxLine)
            return;
        // Deliver whole pieces now; keep the rest (which may end inside a character).
        QByteArrayView all(m_pending);
        qsizetype done = 0;
        while (all.size() - done > m_maxLine) {
            qsizetype c = std::min(m_maxLine, all.size() - done);
            while (c > 0 && (static_cast<unsigned char>(all[done + c]) & 0xC0) == 0x80)
                --c;
            if (c == 0)
                c = m_maxLine;
            onLine(all.sliced(done, c));
            done += c;
        }
        m_pending.remove(0, done);
    }

    QByteArray m_pending;      ///< the current line so far (after the last '\r' rewrite)
    bool m_pendingCr = false;  ///< the last byte fed was a '\r' not yet known to be "\r\n"
    qsizetype m_maxLine;
};

}  // namespace workbench::engine::process
