// SPDX-License-Identifier: Apache-2.0
#include "kube/logstreamreader.h"

#include <QHashFunctions>

namespace workbench::engine::kube {

quint64 LogStreamReader::hashOf(QByteArrayView text)
{
    return quint64(qHash(text, 0x5c0e)) ^ (quint64(text.size()) << 48);
}

void LogStreamReader::remember(models::logs::LogTimestamp ts, QByteArrayView text)
{
    if (ts > m_maxTs) {
        if (secondOf(ts) > secondOf(m_maxTs))
            m_second.clear();  // every remembered line is older than the new second
        m_maxTs = ts;
    }
    if (ts >= secondOf(m_maxTs))
        m_second.push_back(Seen{ts, hashOf(text)});
}

bool LogStreamReader::replayed(const Seen &seen)
{
    for (std::size_t j = m_replayIndex; j < m_replay.size(); ++j) {
        if (m_replay[j] == seen) {
            m_replayIndex = j + 1;
            return true;
        }
    }
    return false;
}

void LogStreamReader::beginResume()
{
    // Also when broken again while resuming: m_second still holds every line of the newest
    // second delivered so far (no newer line arrived), so the next replay is matched anew.
    m_partial.clear();
    m_replay.assign(m_second.begin(), m_second.end());
    m_replayIndex = 0;
    m_outcome = ResumeOutcome::Pending;
}

void LogStreamReader::reset()
{
    m_partial.clear();
    m_maxTs = 0;
    m_second.clear();
    m_replay.clear();
    m_replayIndex = 0;
    m_outcome = ResumeOutcome::None;
}

}  // namespace workbench::engine::kube
