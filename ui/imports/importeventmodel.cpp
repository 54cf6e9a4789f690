#include "ui/imports/importeventmodel.h"

#include <QBrush>
#include <QDateTime>
#include <QGuiApplication>
#include <QIcon>
#include <QLocale>
#include <QPainter>
#include <QPixmap>

#include <algorithm>

namespace Econtext {

namespace {

// The context reports 0 ms for imports it answered itself: only requests have a roundtrip.
double roundtripOf(const ImportEvent &e)
{
    const ImportOutcome o = e.outcome;
    const bool request = o == ImportOutcome::Served || o == ImportOutcome::NotFound
                         || (o == ImportOutcome::Parent && e.module == e.requestedBy)
                         || o == ImportOutcome::Native || o == ImportOutcome::Refused;
    return request ? e.roundtripMs : -1.0;
}

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightnessF() < 0.5;
}

QIcon dotIcon(const QColor &color)
{
    QPixmap pixmap(12, 12);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(color.darker(130));
    painter.setBrush(color);
    painter.drawEllipse(QRectF(1.5, 1.5, 9, 9));
    return QIcon(pixmap);
}

} // namespace

ImportEventModel::ImportEventModel(QObject *parent)
    : QAbstractTableModel(parent)
{
    setPalette(QGuiApplication::palette());
}

ImportEventModel::~ImportEventModel() = default;

void ImportEventModel::setCapacity(int rows)
{
    rows = std::max(1, rows);
    if (rows == m_capacity)
        return;
    m_capacity = rows;
    const int excess = int(m_events.size()) - m_capacity;
    if (excess > 0)
        evictFront(excess);
}

void ImportEventModel::evictFront(int count)
{
    if (count <= 0)
        return;
    beginRemoveRows({}, 0, count - 1);
    m_events.erase(m_events.begin(), m_events.begin() + count);
    m_evicted += count;
    endRemoveRows();
}

void ImportEventModel::appendEvents(const ImportEvents &events)
{
    if (events.isEmpty())
        return;
    for (const ImportEvent &e : events) {
        if (e.wasSent())
            m_packages.insert(e.module, e.isPackage);
    }
    // Only the newest m_capacity events of a huge batch can ever be shown.
    const qsizetype skip = std::max<qsizetype>(0, events.size() - m_capacity);
    const int incoming = int(events.size() - skip);
    m_evicted += skip;

    const int overflow = int(m_events.size()) + incoming - m_capacity;
    if (overflow > 0)
        evictFront(overflow);

    const int first = int(m_events.size());
    beginInsertRows({}, first, first + incoming - 1);
    for (qsizetype i = skip; i < events.size(); ++i)
        m_events.push_back(events.at(i));
    endInsertRows();
}

void ImportEventModel::clear()
{
    beginResetModel();
    m_events.clear();
    m_evicted = 0;
    endResetModel();
}

void ImportEventModel::setContextName(quint32 contextId, const QString &name)
{
    if (m_contextNames.value(contextId) == name)
        return;
    m_contextNames.insert(contextId, name);
    if (!m_events.empty())
        Q_EMIT dataChanged(index(0, ContextColumn),
                           index(rowCount() - 1, ContextColumn),
                           {Qt::DisplayRole, SortRole, CsvRole});
}

QString ImportEventModel::contextName(quint32 contextId) const
{
    const QString name = m_contextNames.value(contextId);
    return name.isEmpty() ? QStringLiteral("#%1").arg(contextId) : name;
}

int ImportEventModel::knownPackage(const QString &module) const
{
    const auto it = m_packages.constFind(module);
    return it == m_packages.constEnd() ? -1 : int(*it);
}

void ImportEventModel::setPalette(const QPalette &palette)
{
    const bool dark = isDark(palette);
    const auto pick = [dark](QColor onDark, QColor onLight) {
        return dark ? onDark : onLight;
    };
    const auto set = [this](ImportOutcome outcome, const QColor &color) {
        m_colors[std::size_t(outcome)] = color;
        m_icons[std::size_t(outcome)] = dotIcon(color);
    };
    set(ImportOutcome::Served, pick(QColor(0x6c, 0xb6, 0xff), QColor(0x1a, 0x5f, 0xb4)));
    set(ImportOutcome::Related, pick(QColor(0xc2, 0x9b, 0xff), QColor(0x81, 0x3d, 0x9c)));
    set(ImportOutcome::Parent, pick(QColor(0x9a, 0xe6, 0xc4), QColor(0x1f, 0x6e, 0x55)));
    set(ImportOutcome::Cached, pick(QColor(0x7e, 0xe7, 0x87), QColor(0x26, 0x8a, 0x3e)));
    set(ImportOutcome::Negative, pick(QColor(0x56, 0xd4, 0xc8), QColor(0x00, 0x7a, 0x73)));
    set(ImportOutcome::Local, palette.color(QPalette::PlaceholderText));
    set(ImportOutcome::NotFound, pick(QColor(0xff, 0xc0, 0x4d), QColor(0xa6, 0x5e, 0x00)));
    set(ImportOutcome::Native, pick(QColor(0xff, 0x9e, 0x64), QColor(0xb3, 0x47, 0x00)));
    set(ImportOutcome::Refused, pick(QColor(0xff, 0x7b, 0x72), QColor(0xc0, 0x1c, 0x28)));
    if (!m_events.empty())
        Q_EMIT dataChanged(index(0, OutcomeColumn),
                           index(rowCount() - 1, OutcomeColumn),
                           {Qt::ForegroundRole, Qt::DecorationRole, OutcomeColorRole});
}

QColor ImportEventModel::outcomeColor(ImportOutcome outcome) const
{
    return m_colors[std::size_t(outcome)];
}

QString ImportEventModel::outcomeLabel(ImportOutcome outcome)
{
    switch (outcome) {
    case ImportOutcome::Served:
        return tr("served");
    case ImportOutcome::Related:
        return tr("sent ahead");
    case ImportOutcome::Parent:
        return tr("parent cache");
    case ImportOutcome::Cached:
        return tr("cache hit");
    case ImportOutcome::Negative:
        return tr("negative-cache hit");
    case ImportOutcome::Local:
        return tr("imported locally");
    case ImportOutcome::NotFound:
        return tr("not found");
    case ImportOutcome::Native:
        return tr("cannot be served");
    case ImportOutcome::Refused:
        return tr("refused");
    }
    return {};
}

QString ImportEventModel::outcomeDescription(ImportOutcome outcome)
{
    switch (outcome) {
    case ImportOutcome::Served:
        return tr("The context asked for this module and the master sent it.");
    case ImportOutcome::Related:
        return tr("The master sent this module ahead, together with another requested module.");
    case ImportOutcome::Parent:
        return tr("The parent context sent this module from what it relayed to an earlier child: "
                  "no roundtrip to the master.");
    case ImportOutcome::Cached:
        return tr("The context imported a module that was sent ahead: a roundtrip avoided.");
    case ImportOutcome::Negative:
        return tr("The context already knew the master does not have this module: a roundtrip "
                  "avoided.");
    case ImportOutcome::Local:
        return tr("The context imported this module from its own disk.");
    case ImportOutcome::NotFound:
        return tr("The master does not have this module either.");
    case ImportOutcome::Native:
        return tr("The module is a compiled extension, which the master cannot send.");
    case ImportOutcome::Refused:
        return tr("The master refused to send this module.");
    }
    return {};
}

QString ImportEventModel::formatTime(double time)
{
    return QDateTime::fromMSecsSinceEpoch(qint64(time * 1000.0))
            .toString(QStringLiteral("HH:mm:ss.zzz"));
}

QString ImportEventModel::kindText(const ImportEvent &event) const
{
    int package = -1;
    if (event.wasSent())
        package = event.isPackage ? 1 : 0;
    else
        package = knownPackage(event.module);
    if (package < 0)
        return {};
    if (event.compiled)
        return package ? tr("compiled package") : tr("compiled module");
    return package ? tr("package") : tr("module");
}

QVariant ImportEventModel::sortValue(const ImportEvent &e, int column) const
{
    switch (column) {
    case TimeColumn:
        return e.time;
    case ContextColumn:
        return contextName(e.contextId);
    case ModuleColumn:
        return e.module;
    case OutcomeColumn:
        return outcomeLabel(e.outcome);
    case KindColumn:
        return kindText(e);
    case BytesRawColumn:
        return e.bytesRaw;
    case BytesCompressedColumn:
        return e.bytesCompressed;
    case RoundtripColumn:
        return roundtripOf(e);
    case RequestedByColumn:
        return e.requestedBy;
    case PathColumn:
        return e.path;
    default:
        return {};
    }
}

QString ImportEventModel::csvValue(const ImportEvent &e, int column) const
{
    switch (column) {
    case TimeColumn:
        return QDateTime::fromMSecsSinceEpoch(qint64(e.time * 1000.0)).toString(Qt::ISODateWithMs);
    case OutcomeColumn:
        return importOutcomeKeyword(e.outcome);
    case BytesRawColumn:
        return QString::number(e.bytesRaw);
    case BytesCompressedColumn:
        return QString::number(e.bytesCompressed);
    case RoundtripColumn:
        return roundtripOf(e) < 0 ? QString() : QString::number(e.roundtripMs, 'f', 3);
    default:
        return sortValue(e, column).toString();
    }
}

QString ImportEventModel::csvField(const QString &text)
{
    const bool quote = text.contains(QLatin1Char(',')) || text.contains(QLatin1Char('"'))
                       || text.contains(QLatin1Char('\n')) || text.contains(QLatin1Char('\r'))
                       || text.startsWith(QLatin1Char(' ')) || text.endsWith(QLatin1Char(' '));
    if (!quote)
        return text;
    QString escaped = text;
    escaped.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + escaped + QLatin1Char('"');
}

QByteArray ImportEventModel::toCsv(const QAbstractItemModel &model)
{
    QString out;
    const int columns = model.columnCount();
    QStringList fields;
    fields.reserve(columns);
    for (int c = 0; c < columns; ++c)
        fields.append(csvField(model.headerData(c, Qt::Horizontal, Qt::DisplayRole).toString()));
    out += fields.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    const int rows = model.rowCount();
    for (int r = 0; r < rows; ++r) {
        fields.clear();
        for (int c = 0; c < columns; ++c)
            fields.append(csvField(model.index(r, c).data(CsvRole).toString()));
        out += fields.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    }
    return out.toUtf8();
}

int ImportEventModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

int ImportEventModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ImportEventModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_events.size()))
        return {};
    const ImportEvent &e = m_events[std::size_t(index.row())];
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case TimeColumn:
            return formatTime(e.time);
        case BytesRawColumn:
        case BytesCompressedColumn: {
            const qint64 bytes = column == BytesRawColumn ? e.bytesRaw : e.bytesCompressed;
            if (bytes <= 0 && !e.wasSent())
                return QString();
            return QLocale().toString(bytes);
        }
        case RoundtripColumn:
            if (roundtripOf(e) < 0)
                return QString();
            return tr("%1 ms").arg(QLocale().toString(e.roundtripMs, 'f', 1));
        default:
            return sortValue(e, column);
        }
    case Qt::TextAlignmentRole:
        if (column == BytesRawColumn || column == BytesCompressedColumn
            || column == RoundtripColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case Qt::ToolTipRole:
        switch (column) {
        case TimeColumn:
            return QDateTime::fromMSecsSinceEpoch(qint64(e.time * 1000.0))
                    .toString(Qt::ISODateWithMs);
        case OutcomeColumn:
            return outcomeDescription(e.outcome);
        case ModuleColumn:
        case PathColumn:
            if (!e.path.isEmpty())
                return e.path;
            break;
        default:
            break;
        }
        break;
    case Qt::ForegroundRole:
        if (column == OutcomeColumn)
            return QBrush(outcomeColor(e.outcome));
        break;
    case Qt::DecorationRole:
        if (column == OutcomeColumn)
            return m_icons[std::size_t(e.outcome)];
        break;
    case SortRole:
        return sortValue(e, column);
    case CsvRole:
        return csvValue(e, column);
    case ContextIdRole:
        return e.contextId;
    case OutcomeRole:
        return QVariant::fromValue(e.outcome);
    case OutcomeColorRole:
        return outcomeColor(e.outcome);
    case ModuleRole:
        return e.module;
    case TimeRole:
        return e.time;
    default:
        break;
    }
    return {};
}

QVariant ImportEventModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case ContextColumn:
        return tr("Context");
    case ModuleColumn:
        return tr("Module");
    case OutcomeColumn:
        return tr("Outcome");
    case KindColumn:
        return tr("Kind");
    case BytesRawColumn:
        return tr("Bytes");
    case BytesCompressedColumn:
        return tr("Compressed");
    case RoundtripColumn:
        return tr("Roundtrip");
    case RequestedByColumn:
        return tr("Requested by");
    case PathColumn:
        return tr("Path on master");
    default:
        return {};
    }
}

} // namespace Econtext
