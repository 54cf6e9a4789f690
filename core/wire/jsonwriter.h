// Writes a Value as compact JSON in pieces: the same text QJsonDocument makes of
// Value::toJson(), without building it whole. Long strings, bytes (base64) and big
// integers go out a slice at a time, so a large result costs its consumer (the CLI's
// `call`) a buffer of JsonWriter::PieceSize on top of the value, not several copies of
// it in UTF-16 (docs/isolation.md, "Values").
#pragma once

#include "core/wire/value.h"

#include <QByteArrayView>

#include <functional>

namespace Econtext::Wire {

class JsonWriter
{
public:
    static constexpr qsizetype PieceSize = 64 * 1024;
    using Sink = std::function<void(QByteArrayView)>;

    explicit JsonWriter(Sink sink)
        : m_sink(std::move(sink))
    {}
    // Writes the value; the sink gets pieces of about PieceSize bytes, and the rest at
    // the end of the call.
    void write(const Value &value);

    // The whole text at once (tests, small values).
    static QByteArray toJson(const Value &value);

private:
    void value(const Value &v);
    void string(QStringView s);
    void bytes(const QByteArray &b);
    void integer(const Value &v);
    void number(double d);
    void put(char c) { m_buffer += c; }
    void put(QByteArrayView text) { m_buffer.append(text.data(), text.size()); }
    void flushIfFull()
    {
        if (m_buffer.size() >= PieceSize)
            flush();
    }
    void flush();

    Sink m_sink;
    QByteArray m_buffer;
};

} // namespace Econtext::Wire
