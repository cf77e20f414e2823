// SPDX-License-Identifier: Apache-2.0
#pragma once

// Distinct integer types for the log store (after klogg's linetypes.h): a line number is not a
// count of lines and neither is a byte offset, so the compiler refuses to mix them up.

#include <QtGlobal>

#include <compare>
#include <cstdint>
#include <functional>
#include <limits>

namespace workbench::models::logs {

class LineCount
{
public:
    constexpr LineCount() = default;
    constexpr explicit LineCount(quint64 value)
        : m_value(value)
    {}
    constexpr quint64 get() const { return m_value; }
    constexpr auto operator<=>(const LineCount &) const = default;
    constexpr LineCount operator+(LineCount other) const { return LineCount(m_value + other.m_value); }
    constexpr LineCount operator-(LineCount other) const { return LineCount(m_value - other.m_value); }
    constexpr LineCount &operator+=(LineCount other)
    {
        m_value += other.m_value;
        return *this;
    }
    constexpr LineCount &operator-=(LineCount other)
    {
        m_value -= other.m_value;
        return *this;
    }

private:
    quint64 m_value = 0;
};

/// A line's number in the store: 0 for the first line ever appended; never reused, also after
/// the line was spilled to disk or dropped.
class LineNumber
{
public:
    constexpr LineNumber() = default;
    constexpr explicit LineNumber(quint64 value)
        : m_value(value)
    {}
    constexpr quint64 get() const { return m_value; }
    constexpr auto operator<=>(const LineNumber &) const = default;
    constexpr LineNumber operator+(LineCount count) const { return LineNumber(m_value + count.get()); }
    constexpr LineNumber operator-(LineCount count) const { return LineNumber(m_value - count.get()); }
    /// Lines from @p other up to this one; requires other <= *this.
    constexpr LineCount operator-(LineNumber other) const { return LineCount(m_value - other.m_value); }
    constexpr LineNumber &operator+=(LineCount count)
    {
        m_value += count.get();
        return *this;
    }
    constexpr LineNumber &operator++()
    {
        ++m_value;
        return *this;
    }
    constexpr LineNumber &operator--()
    {
        --m_value;
        return *this;
    }

private:
    quint64 m_value = 0;
};

/// A position in a byte buffer (a chunk's bytes or the spill file).
class ByteOffset
{
public:
    constexpr ByteOffset() = default;
    constexpr explicit ByteOffset(quint64 value)
        : m_value(value)
    {}
    constexpr quint64 get() const { return m_value; }
    constexpr auto operator<=>(const ByteOffset &) const = default;
    constexpr ByteOffset operator+(quint64 bytes) const { return ByteOffset(m_value + bytes); }
    constexpr quint64 operator-(ByteOffset other) const { return m_value - other.m_value; }

private:
    quint64 m_value = 0;
};

/// A log source (a pod's container, a pod, a local service) as the store knows it.
class SourceId
{
public:
    constexpr SourceId() = default;
    constexpr explicit SourceId(quint16 value)
        : m_value(value)
    {}
    constexpr quint16 get() const { return m_value; }
    constexpr auto operator<=>(const SourceId &) const = default;

    static constexpr quint32 maximumCount = std::numeric_limits<quint16>::max() + 1u;

private:
    quint16 m_value = 0;
};

/// Nanoseconds since the Unix epoch (UTC); 0 means "no timestamp".
using LogTimestamp = qint64;

}  // namespace workbench::models::logs

template<> struct std::hash<workbench::models::logs::SourceId> {
    std::size_t operator()(workbench::models::logs::SourceId id) const noexcept { return id.get(); }
};
