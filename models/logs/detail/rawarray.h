// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdlib>
#include <cstring>
#include <new>
#include <type_traits>
#include <utility>

namespace workbench::models::logs::detail {

/// A fixed-capacity array of trivially copyable T in one malloc'ed block: no value
/// initialisation (pages never written are never touched), and shrinkable with realloc (which
/// does not copy when the block can shrink in place). Move-only.
template<typename T> class RawArray
{
    static_assert(std::is_trivially_copyable_v<T>);

public:
    RawArray() = default;
    explicit RawArray(std::size_t capacity) { allocate(capacity); }
    ~RawArray() { std::free(m_data); }
    RawArray(RawArray &&other) noexcept
        : m_data(std::exchange(other.m_data, nullptr))
        , m_capacity(std::exchange(other.m_capacity, 0))
    {}
    RawArray &operator=(RawArray &&other) noexcept
    {
        if (this != &other) {
            std::free(m_data);
            m_data = std::exchange(other.m_data, nullptr);
            m_capacity = std::exchange(other.m_capacity, 0);
        }
        return *this;
    }
    RawArray(const RawArray &) = delete;
    RawArray &operator=(const RawArray &) = delete;

    T *data() { return m_data; }
    const T *data() const { return m_data; }
    T &operator[](std::size_t i) { return m_data[i]; }
    const T &operator[](std::size_t i) const { return m_data[i]; }
    std::size_t capacity() const { return m_capacity; }
    std::size_t capacityBytes() const { return m_capacity * sizeof(T); }

    /// Shrinks (or grows) the block to @p capacity elements, keeping the first
    /// min(old, new) elements. The data may move.
    void resize(std::size_t capacity)
    {
        if (capacity == m_capacity)
            return;
        if (capacity == 0) {
            std::free(m_data);
            m_data = nullptr;
            m_capacity = 0;
            return;
        }
        void *p = std::realloc(m_data, capacity * sizeof(T));
        if (!p)
            throw std::bad_alloc();
        m_data = static_cast<T *>(p);
        m_capacity = capacity;
    }

private:
    void allocate(std::size_t capacity)
    {
        if (capacity == 0)
            return;
        m_data = static_cast<T *>(std::malloc(capacity * sizeof(T)));
        if (!m_data)
            throw std::bad_alloc();
        m_capacity = capacity;
    }

    T *m_data = nullptr;
    std::size_t m_capacity = 0;
};

}  // namespace workbench::models::logs::detail
