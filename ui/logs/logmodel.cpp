#include "ui/logs/logmodel.h"

#include <QBrush>
#include <QDateTime>
#include <QFont>
#include <QGuiApplication>

#include <algorithm>
#include <iterator>

namespace Econtext {

namespace {

// Mixes two colours; t = 0 gives a, t = 1 gives b.
QColor mix(const QColor &a, const QColor &b, double t)
{
    return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t),
                            float(a.greenF() * (1 - t) + b.greenF() * t),
                            float(a.blueF() * (1 - t) + b.blueF() * t));
}

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightnessF() < 0.5;
}

} // namespace

LogModel::LogModel(QObject *parent)
    : QAbstractTableModel(parent)
{
    setPalette(QGuiApplication::palette());
}

LogModel::~LogModel() = default;

void LogModel::setCapacity(int rows)
{
    rows = std::max(1, rows);
    if (rows == m_capacity)
        return;
    m_capacity = rows;
    const int excess = int(m_records.size()) - m_capacity;
    if (excess > 0)
        evictFront(excess);
}

void LogModel::setMaxChars(qsizetype chars)
{
    m_maxChars = std::max<qsizetype>(1, chars);
}

qsizetype LogModel::charsOf(const LogRecord &record)
{
    return record.message.size() + record.logger.size() + record.thread.size();
}

void LogModel::evictFront(int count)
{
    if (count <= 0)
        return;
    beginRemoveRows({}, 0, count - 1);
    for (auto it = m_records.begin(); it != m_records.begin() + count; ++it)
        m_chars -= charsOf(*it);
    m_records.erase(m_records.begin(), m_records.begin() + count);
    m_evicted += count;
    endRemoveRows();
}

void LogModel::appendRecords(const LogRecords &records)
{
    if (records.isEmpty())
        return;
    // Only the newest rows that fit (m_capacity rows, m_maxChars characters) can ever be
    // shown: only they are made into rows, one at a time, the oldest dropped as newer come.
    const LogRecords newest = records.size() > m_capacity ? records.last(m_capacity) : records;
    m_evicted += records.size() - newest.size();
    std::deque<LogRecord> incoming;
    qsizetype chars = 0;
    for (const LogRecord &r : newest) {
        chars += charsOf(r);
        incoming.push_back(r);
        while (incoming.size() > 1 && chars > m_maxChars) {
            chars -= charsOf(incoming.front());
            incoming.pop_front();
            ++m_evicted;
        }
    }

    // Room for them: the oldest rows go first.
    const int rows = int(m_records.size());
    int overflow = std::max(0, rows + int(incoming.size()) - m_capacity);
    qsizetype kept = m_chars;
    for (int i = 0; i < overflow; ++i)
        kept -= charsOf(m_records[std::size_t(i)]);
    while (overflow < rows && kept + chars > m_maxChars)
        kept -= charsOf(m_records[std::size_t(overflow++)]);
    evictFront(overflow);

    const int first = int(m_records.size());
    beginInsertRows({}, first, first + int(incoming.size()) - 1);
    std::move(incoming.begin(), incoming.end(), std::back_inserter(m_records));
    m_chars += chars;
    endInsertRows();
}

void LogModel::appendRecord(const LogRecord &record)
{
    appendRecords(LogRecords{record});
}

void LogModel::clear()
{
    beginResetModel();
    m_records.clear();
    m_chars = 0;
    m_evicted = 0;
    endResetModel();
}

void LogModel::setPalette(const QPalette &palette)
{
    const bool dark = isDark(palette);
    const QColor text = palette.color(QPalette::Text);
    const QColor base = palette.color(QPalette::Base);
    m_colors.info = text;
    m_colors.stdoutText = text;
    m_colors.debug = mix(text, base, 0.45);
    m_colors.warning = dark ? QColor(0xff, 0xc0, 0x4d) : QColor(0xa6, 0x5e, 0x00);
    m_colors.error = dark ? QColor(0xff, 0x7b, 0x72) : QColor(0xc0, 0x1c, 0x28);
    m_colors.critical = dark ? QColor(0xff, 0x5c, 0x5c) : QColor(0x9b, 0x00, 0x0e);
    m_colors.stderrText = dark ? QColor(0xf0, 0x8c, 0xd9) : QColor(0x9c, 0x27, 0x80);
    m_colors.internal = palette.color(QPalette::Link);
    m_colors.stderrBackground = mix(base, m_colors.stderrText, dark ? 0.10 : 0.06);
    if (!m_records.empty())
        Q_EMIT dataChanged(index(0, 0),
                           index(rowCount() - 1, ColumnCount - 1),
                           {Qt::ForegroundRole, Qt::BackgroundRole, LevelColorRole});
}

QColor LogModel::colorFor(const LogRecord &record) const
{
    switch (record.kind) {
    case LogRecord::Kind::Stdout:
        return m_colors.stdoutText;
    case LogRecord::Kind::Stderr:
        return m_colors.stderrText;
    case LogRecord::Kind::Internal:
        if (record.level >= 40)
            return m_colors.error;
        if (record.level >= 30)
            return m_colors.warning;
        return m_colors.internal;
    case LogRecord::Kind::Log:
        break;
    }
    if (record.level >= 50)
        return m_colors.critical;
    if (record.level >= 40)
        return m_colors.error;
    if (record.level >= 30)
        return m_colors.warning;
    if (record.level >= 20)
        return m_colors.info;
    return m_colors.debug;
}

QString LogModel::levelName(int level)
{
    switch (level) {
    case 50:
        return QStringLiteral("CRITICAL");
    case 40:
        return QStringLiteral("ERROR");
    case 30:
        return QStringLiteral("WARNING");
    case 20:
        return QStringLiteral("INFO");
    case 10:
        return QStringLiteral("DEBUG");
    case 0:
        return QStringLiteral("NOTSET");
    default:
        return QStringLiteral("Level %1").arg(level);
    }
}

QString LogModel::kindLevelText(const LogRecord &record)
{
    switch (record.kind) {
    case LogRecord::Kind::Stdout:
        return QStringLiteral("stdout");
    case LogRecord::Kind::Stderr:
        return QStringLiteral("stderr");
    case LogRecord::Kind::Internal:
    case LogRecord::Kind::Log:
        break;
    }
    return levelName(record.level);
}

QString LogModel::formatTime(double time)
{
    const auto ms = qint64(time * 1000.0);
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("HH:mm:ss.zzz"));
}

QString LogModel::plainText(const LogRecord &record)
{
    QString logger = record.logger;
    if (logger.isEmpty() && record.kind == LogRecord::Kind::Internal)
        logger = QStringLiteral("econtext");
    return formatTime(record.time) + QLatin1Char('\t') + kindLevelText(record) + QLatin1Char('\t')
           + logger + QLatin1Char('\t') + record.message;
}

int LogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_records.size());
}

int LogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LogModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_records.size()))
        return {};
    const LogRecord &r = m_records[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return formatTime(r.time);
        case LevelColumn:
            return kindLevelText(r);
        case LoggerColumn:
            if (r.logger.isEmpty() && r.kind == LogRecord::Kind::Internal)
                return QStringLiteral("econtext");
            return r.logger;
        case MessageColumn: {
            // Rows have one height: a multi-line record shows its lines joined.
            if (!r.message.contains(QLatin1Char('\n')))
                return r.message;
            QString m = r.message;
            while (m.endsWith(QLatin1Char('\n')))
                m.chop(1);
            m.replace(QLatin1Char('\n'), QStringLiteral(" \u21b5 "));
            return m;
        }
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == TimeColumn)
            return QDateTime::fromMSecsSinceEpoch(qint64(r.time * 1000.0))
                    .toString(Qt::ISODateWithMs);
        if (index.column() == MessageColumn && r.message.contains(QLatin1Char('\n')))
            return r.message;
        if (index.column() == LoggerColumn && !r.thread.isEmpty())
            return tr("Thread: %1").arg(r.thread);
        break;
    case Qt::ForegroundRole:
        return QBrush(colorFor(r));
    case LevelColorRole:
        return colorFor(r);
    case Qt::BackgroundRole:
        if (r.kind == LogRecord::Kind::Stderr)
            return QBrush(m_colors.stderrBackground);
        break;
    case Qt::FontRole:
        if ((r.kind == LogRecord::Kind::Log && r.level >= 50)
            || (r.kind == LogRecord::Kind::Internal && r.level >= 40)) {
            QFont f;
            f.setBold(true);
            return f;
        }
        if (r.kind == LogRecord::Kind::Internal) {
            QFont f;
            f.setItalic(true);
            return f;
        }
        break;
    case KindRole:
        return int(r.kind);
    case LevelRole:
        return r.level;
    case PlainTextRole:
        return plainText(r);
    case MessageRole:
        return r.message;
    default:
        break;
    }
    return {};
}

QVariant LogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case LevelColumn:
        return tr("Level");
    case LoggerColumn:
        return tr("Logger");
    case MessageColumn:
        return tr("Message");
    default:
        return {};
    }
}

} // namespace Econtext
