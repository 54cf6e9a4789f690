// ModuleAuditModel: every module the master sent to one context — asked for
// ("served") or sent along with another ("related", shown as sent ahead) — with
// its size raw and compressed, the SHA-256 of the source sent, and when. Built
// from ImportEvents, live or from a capture; other outcomes are ignored, since
// nothing was sent for them. Exports as CSV or JSON for audits. Used by AuditPane.
#pragma once

#include "core/records/importevent.h"

#include <QAbstractTableModel>
#include <QSet>

#include <vector>

namespace Econtext {

class ModuleAuditModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ModuleAuditModel)
public:
    enum Column {
        ModuleColumn,
        HowColumn,
        BytesRawColumn,
        BytesCompressedColumn,
        Sha256Column,
        TimeColumn,
        RequestedByColumn,
        PathColumn,
        ColumnCount
    };
    enum Role {
        SortRole = Qt::UserRole + 1, // raw value: QString, qint64 or double
        ExportRole,                  // the cell as exported (unlocalised)
    };

    explicit ModuleAuditModel(QObject *parent = nullptr);
    ~ModuleAuditModel() override;

    // Whether an event stands for a module sent to the context.
    static bool isSent(const ImportEvent &event);

    // Adds the sent modules among the events (one beginInsertRows per batch); the
    // same event given twice is listed once.
    void appendEvents(const ImportEvents &events);
    void clear();

    const ImportEvent &entry(int row) const { return m_entries[std::size_t(row)]; }
    qint64 totalBytesRaw() const { return m_bytesRaw; }
    qint64 totalBytesCompressed() const { return m_bytesCompressed; }

    // Writes the rows of `model` (this model or a proxy over it, in its order):
    // CSV with a header row (RFC 4180), or a JSON array of objects with stable keys.
    static QByteArray toCsv(const QAbstractItemModel &model);
    static QByteArray toJson(const QAbstractItemModel &model);
    // The unlocalised key of a column, as CSV header and JSON key ("module", "sha256"...).
    static QString columnKey(int column);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant
    headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant exportValue(const ImportEvent &e, int column) const;

    std::vector<ImportEvent> m_entries;
    QSet<QString> m_keys;
    qint64 m_bytesRaw = 0;
    qint64 m_bytesCompressed = 0;
};

} // namespace Econtext
