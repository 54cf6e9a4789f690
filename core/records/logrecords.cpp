#include "core/records/logrecords.h"

#include <QByteArrayView>

#include <algorithm>
#include <cstring>

namespace Econtext {

LogRecords::LogRecords(std::initializer_list<LogRecord> records)
{
    m_parts.reserve(qsizetype(records.size()));
    for (const LogRecord &r : records)
        append(r);
}

void LogRecords::append(const LogRecord &record)
{
    m_parts.append(Part{record, {}, 0, 0, 1});
    ++m_rows;
}

void LogRecords::append(const LogRecords &other)
{
    m_parts.append(other.m_parts);
    m_rows += other.m_rows;
}

void LogRecords::appendLines(const LogRecord &fields, const QByteArray &text, qsizetype from)
{
    from = std::clamp<qsizetype>(from, 0, text.size());
    const qsizetype to = text.size();
    if (from == to)
        return;
    const char *data = text.constData();
    qsizetype rows = std::count(data + from, data + to, '\n');
    if (data[to - 1] != '\n')
        ++rows; // a last piece without its '\n' is a line too
    Part part{fields, text, from, to, rows};
    part.record.message.clear();
    m_parts.append(std::move(part));
    m_rows += rows;
}

LogRecords &LogRecords::operator+=(const LogRecords &other)
{
    append(other);
    return *this;
}

LogRecords &LogRecords::operator<<(const LogRecord &record)
{
    append(record);
    return *this;
}

qsizetype LogRecords::lineEnd(const Part &part, qsizetype pos)
{
    const char *data = part.text.constData();
    const void *nl = std::memchr(data + pos, '\n', size_t(part.to - pos));
    return nl ? static_cast<const char *>(nl) - data : part.to;
}

qsizetype LogRecords::lineStart(const Part &part, qsizetype index)
{
    if (index <= 0)
        return part.from;
    if (index >= part.rows)
        return part.to;
    if (index <= part.rows / 2) {
        qsizetype pos = part.from;
        for (qsizetype i = 0; i < index; ++i)
            pos = lineEnd(part, pos) + 1;
        return pos;
    }
    // From the end: the start of the last (rows - index) lines.
    qsizetype end = part.to;
    if (part.text.at(end - 1) == '\n')
        --end; // the last line's own terminator
    for (qsizetype i = index; i < part.rows; ++i) {
        end = QByteArrayView(part.text.constData() + part.from, end - part.from).lastIndexOf('\n');
        end += part.from;
    }
    return end + 1;
}

LogRecord LogRecords::at(qsizetype row) const
{
    Q_ASSERT(row >= 0 && row < m_rows);
    qsizetype part = 0;
    if (m_rows == m_parts.size()) {
        part = row; // one row per part
        row = 0;
    } else {
        while (row >= m_parts.at(part).rows)
            row -= m_parts.at(part++).rows;
    }
    const Part &p = m_parts.at(part);
    if (p.text.isNull())
        return p.record;
    LogRecord r = p.record;
    const qsizetype pos = lineStart(p, row);
    r.message = QString::fromUtf8(p.text.constData() + pos, lineEnd(p, pos) - pos);
    return r;
}

LogRecords LogRecords::last(qsizetype n) const
{
    LogRecords tail = *this;
    tail.removeFirst(m_rows - std::max<qsizetype>(0, n));
    return tail;
}

void LogRecords::removeFirst(qsizetype n)
{
    n = std::min(n, m_rows);
    if (n <= 0)
        return;
    qsizetype whole = 0;
    while (whole < m_parts.size() && m_parts.at(whole).rows <= n) {
        n -= m_parts.at(whole).rows;
        m_rows -= m_parts.at(whole).rows;
        ++whole;
    }
    m_parts.remove(0, whole);
    if (n == 0)
        return;
    // Part of a part of lines: it starts further on.
    Part &part = m_parts.first();
    part.from = lineStart(part, n);
    part.rows -= n;
    m_rows -= n;
}

LogRecords LogRecords::takeFirst(qsizetype n)
{
    if (n >= m_rows)
        return std::exchange(*this, {});
    LogRecords head;
    while (n > 0 && m_parts.first().rows <= n) {
        n -= m_parts.first().rows;
        head.append(m_parts.first());
        m_parts.removeFirst();
    }
    if (n > 0) {
        Part &part = m_parts.first();
        Part front = part;
        front.to = part.from = lineStart(part, n);
        front.rows = n;
        part.rows -= n;
        head.append(front);
    }
    m_rows -= head.m_rows;
    return head;
}

void LogRecords::append(const Part &part)
{
    m_parts.append(part);
    m_rows += part.rows;
}

void LogRecords::clear()
{
    m_parts.clear();
    m_rows = 0;
}

void LogRecords::swap(LogRecords &other) noexcept
{
    m_parts.swap(other.m_parts);
    std::swap(m_rows, other.m_rows);
}

QList<LogRecord> LogRecords::singleRecords() const
{
    QList<LogRecord> out;
    for (const Part &part : m_parts) {
        if (part.text.isNull())
            out.append(part.record);
    }
    return out;
}

qint64 LogRecords::deliveryCost() const
{
    qint64 bytes = 0;
    for (const Part &part : m_parts) {
        bytes += qint64(sizeof(Part)) + 64 * part.rows + part.to - part.from
                 + 2
                           * (part.record.message.size() + part.record.logger.size()
                              + part.record.thread.size());
    }
    return bytes;
}

// ---------------------------------------------------------------- iteration

LogRecords::const_iterator::const_iterator(const LogRecords *records, qsizetype part)
    : m_records(records)
    , m_part(part)
{
    enterPart();
}

void LogRecords::const_iterator::enterPart()
{
    m_pos = m_end = 0;
    if (m_part >= m_records->m_parts.size())
        return;
    const Part &part = m_records->m_parts.at(m_part);
    if (!part.text.isNull()) {
        m_pos = part.from;
        m_end = lineEnd(part, m_pos);
    }
}

LogRecord LogRecords::const_iterator::operator*() const
{
    const Part &part = m_records->m_parts.at(m_part);
    if (part.text.isNull())
        return part.record;
    LogRecord r = part.record;
    r.message = QString::fromUtf8(part.text.constData() + m_pos, m_end - m_pos);
    return r;
}

LogRecords::const_iterator &LogRecords::const_iterator::operator++()
{
    const Part &part = m_records->m_parts.at(m_part);
    if (!part.text.isNull() && m_end + 1 < part.to) {
        m_pos = m_end + 1;
        m_end = lineEnd(part, m_pos);
        return *this;
    }
    ++m_part;
    enterPart();
    return *this;
}

} // namespace Econtext
