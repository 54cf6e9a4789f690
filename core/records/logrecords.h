// Log rows: what a context logs and prints (remote logging, stdout, stderr) and the master's
// own notes about it. The broker hands them to the GUI and CLI in batches (LogRecords);
// session captures keep them. Neutral: broker, modules, session and views all use it.
#pragma once

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>

#include <initializer_list>
#include <iterator>

namespace Econtext {

struct LogRecord
{
    enum class Kind { Log, Stdout, Stderr, Internal };
    quint32 contextId = 0;
    Kind kind = Kind::Log;
    double time = 0; // seconds since the epoch, as the remote saw it
    int level = 20;  // logging level (stdout 20, stderr 30, internal as given)
    QString logger;  // logger name; empty for output
    QString thread;
    QString message; // one line for output; may hold newlines for log records
};

// A batch of log rows, as the broker hands them over and the log pane keeps them. Records
// that came one by one are kept as they are; lines of output that came together (one frame)
// stay the frame's bytes, split and decoded only when a row is read. A frame of a million
// tiny lines costs its bytes, not a million strings: rows are LogRecords made on demand
// (at(), iteration), so reading all rows costs time in proportion to their bytes.
class LogRecords
{
public:
    LogRecords() = default;
    LogRecords(std::initializer_list<LogRecord> records);

    void append(const LogRecord &record);
    void append(const LogRecords &other);
    // Lines of output: text from byte `from` on, separated by '\n' (a last piece without
    // one is a line too), decoded as UTF-8 when read; every other field as in `fields`.
    // text is shared, not copied.
    void appendLines(const LogRecord &fields, const QByteArray &text, qsizetype from = 0);
    LogRecords &operator+=(const LogRecords &other);
    LogRecords &operator<<(const LogRecord &record);

    qsizetype size() const { return m_rows; }
    qsizetype count() const { return m_rows; }
    bool isEmpty() const { return m_rows == 0; }
    LogRecord at(qsizetype row) const;
    LogRecord constFirst() const { return at(0); }
    LogRecord constLast() const { return at(m_rows - 1); }
    // The newest n rows; the oldest n rows, taken out; dropping the oldest n rows.
    LogRecords last(qsizetype n) const;
    LogRecords takeFirst(qsizetype n);
    void removeFirst(qsizetype n = 1);
    void clear();
    void reserve(qsizetype records) { m_parts.reserve(records); }
    void swap(LogRecords &other) noexcept;
    // The records that came one by one (logging records, notes), without lines of output.
    QList<LogRecord> singleRecords() const;
    // What handing these rows to a consumer costs, in bytes: their text, 64 bytes for each
    // row (consumers make each a record) and the batch's own bookkeeping. Back-pressure
    // counts this.
    qint64 deliveryCost() const;

    class const_iterator
    {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = LogRecord;
        using difference_type = qsizetype;
        using pointer = void;
        using reference = LogRecord;

        LogRecord operator*() const;
        const_iterator &operator++();
        bool operator==(const const_iterator &other) const
        {
            return m_part == other.m_part && m_pos == other.m_pos;
        }
        bool operator!=(const const_iterator &other) const { return !(*this == other); }

    private:
        friend class LogRecords;
        const_iterator(const LogRecords *records, qsizetype part);
        void enterPart();

        const LogRecords *m_records = nullptr;
        qsizetype m_part = 0;
        qsizetype m_pos = 0; // the line's first byte in a part of lines
        qsizetype m_end = 0; // its end (its '\n' or the part's end)
    };
    const_iterator begin() const { return const_iterator(this, 0); }
    const_iterator end() const { return const_iterator(this, m_parts.size()); }

private:
    // One record (text null, rows 1), or lines: text[from, to) with `rows` lines.
    struct Part
    {
        LogRecord record;
        QByteArray text;
        qsizetype from = 0;
        qsizetype to = 0;
        qsizetype rows = 1;
    };
    void append(const Part &part);
    // Where line `index` of a part of lines starts, scanning from the nearer end.
    static qsizetype lineStart(const Part &part, qsizetype index);
    static qsizetype lineEnd(const Part &part, qsizetype pos);

    QList<Part> m_parts;
    qsizetype m_rows = 0;
};

} // namespace Econtext

Q_DECLARE_METATYPE(Econtext::LogRecord)
Q_DECLARE_METATYPE(Econtext::LogRecords)
