// Result<T>: a value or an Error, shaped like std::expected so it can become that at C++23.
// Every fallible core function returns one; no exception crosses an event loop.
#pragma once

#include <QString>

#include <utility>
#include <variant>

namespace Econtext {

// One error a user can meet: a code for programs and one sentence for people.
struct Error
{
    enum Code {
        Generic = 1,
        Protocol,     // malformed frame, bad tag, bad magic, oversize
        Pickle,       // undecodable or forbidden pickle
        Connection,   // spawn/connect/auth/bootstrap failed
        Timeout,      // a wait ran out
        Disconnected, // the context went away
        Remote,       // the remote raised (CallError)
        NotFound,
        Refused,
    };
    int code = Generic;
    QString message;
};

template<typename T>
class [[nodiscard]] Result
{
public:
    Result()
        : m_v(T{})
    {}
    Result(T value)
        : m_v(std::move(value))
    {}
    Result(Error error)
        : m_v(std::move(error))
    {}

    bool has_value() const { return m_v.index() == 0; }
    explicit operator bool() const { return has_value(); }

    T &value() & { return std::get<0>(m_v); }
    const T &value() const & { return std::get<0>(m_v); }
    T &&value() && { return std::get<0>(std::move(m_v)); }
    T &operator*() & { return value(); }
    const T &operator*() const & { return value(); }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }

    const Error &error() const { return std::get<1>(m_v); }
    QString errorString() const { return has_value() ? QString() : error().message; }

private:
    std::variant<T, Error> m_v;
};

template<>
class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(Error error)
        : m_error(std::move(error))
        , m_ok(false)
    {}

    bool has_value() const { return m_ok; }
    explicit operator bool() const { return m_ok; }
    const Error &error() const { return m_error; }
    QString errorString() const { return m_ok ? QString() : m_error.message; }

private:
    Error m_error;
    bool m_ok = true;
};

inline Error makeError(int code, QString message)
{
    return Error{code, std::move(message)};
}

} // namespace Econtext
