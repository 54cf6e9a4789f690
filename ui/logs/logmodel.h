// LogModel: the rows of one context's log pane, a ring buffer of LogRecords bounded in rows
// and in characters, fed in batches. When full, the oldest rows are removed (one
// beginRemoveRows) before a batch is inserted (one beginInsertRows), as
// qBittorrent's log model does. Colours derive from the palette, so light and
// dark themes both read well. Used by LogPane through LogFilterProxy.
#pragma once

#include "core/records/logrecords.h"

#include <QAbstractTableModel>
#include <QColor>
#include <QPalette>

#include <deque>

namespace Econtext {

class LogModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogModel)
public:
    enum Column { TimeColumn, LevelColumn, LoggerColumn, MessageColumn, ColumnCount };
    enum Role {
        KindRole = Qt::UserRole + 1, // int(LogRecord::Kind)
        LevelRole,                   // int logging level
        LevelColorRole,              // QColor for the row's text, by level and stream
        PlainTextRole,               // the whole row as one line of plain text
        MessageRole,                 // the full message, newlines kept
    };

    explicit LogModel(QObject *parent = nullptr);
    ~LogModel() override;

    int capacity() const { return m_capacity; }
    // Drops the oldest rows at once if the buffer holds more than the new capacity.
    void setCapacity(int rows);
    // At most this many characters of text are kept (one row longer than that alone):
    // memory follows text, not only rows. Takes effect with the next batch.
    qsizetype maxChars() const { return m_maxChars; }
    void setMaxChars(qsizetype chars);

    // Appends one batch; evicts the oldest rows first when the buffer would overflow.
    void appendRecords(const LogRecords &records);
    void appendRecord(const LogRecord &record);
    void clear();

    const LogRecord &record(int row) const { return m_records[std::size_t(row)]; }
    // Records ever dropped to keep the bound, since the last clear().
    qint64 evictedCount() const { return m_evicted; }

    // Recomputes the level colours for this palette (call on palette changes).
    void setPalette(const QPalette &palette);

    static QString levelName(int level);
    static QString kindLevelText(const LogRecord &record);
    static QString formatTime(double time);
    // "time level logger message", one line per record, for copy and save.
    static QString plainText(const LogRecord &record);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant
    headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QColor colorFor(const LogRecord &record) const;
    void evictFront(int count);
    static qsizetype charsOf(const LogRecord &record);

    std::deque<LogRecord> m_records;
    int m_capacity = 100000;
    qsizetype m_maxChars = 16 * 1024 * 1024;
    qsizetype m_chars = 0; // of the rows kept
    qint64 m_evicted = 0;

    struct Colors
    {
        QColor debug, info, warning, error, critical, stdoutText, stderrText, internal;
        QColor stderrBackground;
    } m_colors;
};

} // namespace Econtext
