// ImportEventModel: the rows of an Imports pane — one per module request or
// import outcome a context reported — as a bounded ring buffer fed in batches.
// When full, the oldest rows are removed (one beginRemoveRows) before a batch is
// inserted (one beginInsertRows), like LogModel. Each column has a SortRole with
// the raw value (numbers stay numbers) and a CsvRole with the unlocalised value.
// Used by ImportsPane through ImportFilterProxy.
#pragma once

#include "core/records/importevent.h"

#include <QAbstractTableModel>
#include <QColor>
#include <QHash>
#include <QIcon>
#include <QPalette>

#include <array>
#include <deque>

class QIODevice;

namespace Econtext {

class ImportEventModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImportEventModel)
public:
    enum Column {
        TimeColumn,
        ContextColumn,
        ModuleColumn,
        OutcomeColumn,
        KindColumn,
        BytesRawColumn,
        BytesCompressedColumn,
        RoundtripColumn,
        RequestedByColumn,
        PathColumn,
        ColumnCount
    };
    enum Role {
        SortRole = Qt::UserRole + 1, // raw value of the cell: double, qint64 or QString
        CsvRole,                     // the cell as written to CSV (unlocalised)
        ContextIdRole,               // quint32
        OutcomeRole,                 // the ImportOutcome
        OutcomeColorRole,            // QColor for the outcome
        ModuleRole,                  // the module's full name
        TimeRole,                    // double, seconds since the epoch
    };

    explicit ImportEventModel(QObject *parent = nullptr);
    ~ImportEventModel() override;

    int capacity() const { return m_capacity; }
    // Drops the oldest rows at once if the buffer holds more than the new capacity.
    void setCapacity(int rows);

    // Appends one batch; evicts the oldest rows first when the buffer would overflow.
    void appendEvents(const ImportEvents &events);
    void clear();

    const ImportEvent &event(int row) const { return m_events[std::size_t(row)]; }
    // Events ever dropped to keep the bound, since the last clear().
    qint64 evictedCount() const { return m_evicted; }

    // The name shown for a context id; unknown ids show as "#id".
    void setContextName(quint32 contextId, const QString &name);
    QString contextName(quint32 contextId) const;

    // Whether the module is a package, when a served or related row told us; -1 if unknown.
    int knownPackage(const QString &module) const;
    // "package", "module", "compiled package", "compiled module", or empty if unknown.
    QString kindText(const ImportEvent &event) const;

    // Recomputes the outcome colours for this palette (call on palette changes).
    void setPalette(const QPalette &palette);
    QColor outcomeColor(ImportOutcome outcome) const;

    // What people read for an outcome, in one place: the translated label (Related ->
    // "sent ahead") and a sentence saying what it means, for tooltips. Menus list
    // allImportOutcomes in order.
    static QString outcomeLabel(ImportOutcome outcome);
    static QString outcomeDescription(ImportOutcome outcome);
    static QString formatTime(double time);

    // Writes the rows of `model` (this model or a proxy over it, in its order) as
    // CSV: a header row, then one line per row, fields quoted when needed (RFC 4180).
    static QByteArray toCsv(const QAbstractItemModel &model);
    static QString csvField(const QString &text);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant
    headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void evictFront(int count);
    QVariant sortValue(const ImportEvent &event, int column) const;
    QString csvValue(const ImportEvent &event, int column) const;

    std::deque<ImportEvent> m_events;
    int m_capacity = 200000;
    qint64 m_evicted = 0;
    QHash<quint32, QString> m_contextNames;
    QHash<QString, bool> m_packages;
    std::array<QColor, allImportOutcomes.size()> m_colors;
    std::array<QIcon, allImportOutcomes.size()> m_icons; // a coloured dot per outcome
};

} // namespace Econtext
