#include "ui/audit/moduleauditmodel.h"

#include "ui/imports/importeventmodel.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

namespace Econtext {

namespace {

// What tells one sending apart from another: a live pane may be given the same
// events twice (history, then the live batch that overlapped it).
QString eventKey(const ImportEvent &e)
{
    return QString::number(e.contextId) + u'\n' + e.module + u'\n' + importOutcomeKeyword(e.outcome)
           + u'\n' + QString::number(e.time, 'g', 17) + u'\n' + e.sha256;
}

QString isoTime(double time)
{
    return QDateTime::fromMSecsSinceEpoch(qint64(time * 1000.0), Qt::UTC)
            .toString(Qt::ISODateWithMs);
}

} // namespace

ModuleAuditModel::ModuleAuditModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

ModuleAuditModel::~ModuleAuditModel() = default;

bool ModuleAuditModel::isSent(const ImportEvent &event)
{
    return event.wasSent();
}

void ModuleAuditModel::appendEvents(const ImportEvents &events)
{
    ImportEvents sent;
    for (const ImportEvent &e : events) {
        if (!isSent(e))
            continue;
        const QString key = eventKey(e);
        if (m_keys.contains(key))
            continue;
        m_keys.insert(key);
        sent.append(e);
    }
    if (sent.isEmpty())
        return;
    const int first = int(m_entries.size());
    beginInsertRows({}, first, first + int(sent.size()) - 1);
    for (const ImportEvent &e : std::as_const(sent)) {
        m_entries.push_back(e);
        m_bytesRaw += e.bytesRaw;
        m_bytesCompressed += e.bytesCompressed;
    }
    endInsertRows();
}

void ModuleAuditModel::clear()
{
    beginResetModel();
    m_entries.clear();
    m_keys.clear();
    m_bytesRaw = 0;
    m_bytesCompressed = 0;
    endResetModel();
}

QString ModuleAuditModel::columnKey(int column)
{
    switch (column) {
    case ModuleColumn:
        return QStringLiteral("module");
    case HowColumn:
        return QStringLiteral("how");
    case BytesRawColumn:
        return QStringLiteral("bytesRaw");
    case BytesCompressedColumn:
        return QStringLiteral("bytesCompressed");
    case Sha256Column:
        return QStringLiteral("sha256");
    case TimeColumn:
        return QStringLiteral("time");
    case RequestedByColumn:
        return QStringLiteral("requestedBy");
    case PathColumn:
        return QStringLiteral("path");
    default:
        return QString();
    }
}

int ModuleAuditModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int ModuleAuditModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ModuleAuditModel::exportValue(const ImportEvent &e, int column) const
{
    switch (column) {
    case ModuleColumn:
        return e.module;
    case HowColumn:
        // Unlocalised keywords, so exports compare across languages.
        return e.outcome == ImportOutcome::Related ? QStringLiteral("sent-ahead")
                                                   : QStringLiteral("served");
    case BytesRawColumn:
        return e.bytesRaw;
    case BytesCompressedColumn:
        return e.bytesCompressed;
    case Sha256Column:
        return e.sha256;
    case TimeColumn:
        return isoTime(e.time);
    case RequestedByColumn:
        return e.requestedBy;
    case PathColumn:
        return e.path;
    default:
        return {};
    }
}

QVariant ModuleAuditModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_entries.size()))
        return {};
    const ImportEvent &e = m_entries[std::size_t(index.row())];
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case HowColumn:
            return ImportEventModel::outcomeLabel(e.outcome);
        case BytesRawColumn:
            return QLocale().toString(e.bytesRaw);
        case BytesCompressedColumn:
            return QLocale().toString(e.bytesCompressed);
        case TimeColumn:
            return ImportEventModel::formatTime(e.time);
        default:
            return exportValue(e, column);
        }
    case Qt::ToolTipRole:
        if (column == Sha256Column)
            return tr("SHA-256 of the source sent: %1").arg(e.sha256);
        if (column == HowColumn) {
            return e.outcome == ImportOutcome::Related
                           ? tr("Sent along with %1, before the context asked for it.")
                                     .arg(e.requestedBy)
                           : tr("Sent because the context asked for it.");
        }
        if (column == PathColumn)
            return e.path;
        return {};
    case Qt::TextAlignmentRole:
        if (column == BytesRawColumn || column == BytesCompressedColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case SortRole:
        if (column == TimeColumn)
            return e.time;
        return exportValue(e, column);
    case ExportRole:
        return exportValue(e, column);
    default:
        return {};
    }
}

QVariant ModuleAuditModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case ModuleColumn:
        return tr("Module");
    case HowColumn:
        return tr("How");
    case BytesRawColumn:
        return tr("Bytes");
    case BytesCompressedColumn:
        return tr("Compressed");
    case Sha256Column:
        return tr("SHA-256");
    case TimeColumn:
        return tr("Time");
    case RequestedByColumn:
        return tr("Requested by");
    case PathColumn:
        return tr("Path on the master");
    default:
        return {};
    }
}

QByteArray ModuleAuditModel::toCsv(const QAbstractItemModel &model)
{
    QStringList header;
    for (int c = 0; c < ColumnCount; ++c)
        header << columnKey(c);
    QString out = header.join(u',') + QStringLiteral("\r\n");
    for (int r = 0; r < model.rowCount(); ++r) {
        QStringList fields;
        for (int c = 0; c < ColumnCount; ++c)
            fields << ImportEventModel::csvField(model.index(r, c).data(ExportRole).toString());
        out += fields.join(u',') + QStringLiteral("\r\n");
    }
    return out.toUtf8();
}

QByteArray ModuleAuditModel::toJson(const QAbstractItemModel &model)
{
    QJsonArray rows;
    for (int r = 0; r < model.rowCount(); ++r) {
        QJsonObject o;
        for (int c = 0; c < ColumnCount; ++c)
            o.insert(columnKey(c), QJsonValue::fromVariant(model.index(r, c).data(ExportRole)));
        rows.append(o);
    }
    return QJsonDocument(rows).toJson(QJsonDocument::Indented);
}

} // namespace Econtext
