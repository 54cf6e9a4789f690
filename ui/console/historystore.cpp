#include "ui/console/historystore.h"

#include <QSettings>
#include <QUrl>

namespace Econtext {

HistoryStore::HistoryStore(const QString &contextName, const QString &mode)
    : m_key(contextName.isEmpty() ? QString() : settingsKey(contextName, mode))
{
    if (!m_key.isEmpty())
        m_entries = QSettings().value(m_key).toStringList();
    while (m_entries.size() > MaxEntries)
        m_entries.removeFirst();
}

QString HistoryStore::settingsKey(const QString &contextName, const QString &mode)
{
    // Context names may hold '/', '@' or ':' ("ssh:root@web1/sudo"); QSettings treats '/'
    // as a group separator, so the name is percent-encoded into one key segment.
    const QString name = QString::fromLatin1(QUrl::toPercentEncoding(contextName));
    return QStringLiteral("console/history/%1/%2").arg(name, mode);
}

void HistoryStore::add(const QString &command)
{
    resetNavigation();
    if (command.trimmed().isEmpty())
        return;
    if (!m_entries.isEmpty() && m_entries.constLast() == command)
        return;
    m_entries.append(command);
    while (m_entries.size() > MaxEntries)
        m_entries.removeFirst();
    save();
}

void HistoryStore::clear()
{
    resetNavigation();
    m_entries.clear();
    save();
}

bool HistoryStore::previous(const QString &draft, QString *out)
{
    if (m_entries.isEmpty())
        return false;
    if (m_position < 0) {
        m_draft = draft;
        m_position = int(m_entries.size());
    }
    if (m_position == 0)
        return false;
    --m_position;
    *out = m_entries.at(m_position);
    return true;
}

bool HistoryStore::next(QString *out)
{
    if (m_position < 0)
        return false;
    ++m_position;
    if (m_position >= m_entries.size()) {
        *out = m_draft;
        resetNavigation();
        return true;
    }
    *out = m_entries.at(m_position);
    return true;
}

void HistoryStore::resetNavigation()
{
    m_position = -1;
    m_draft.clear();
}

void HistoryStore::save() const
{
    if (m_key.isEmpty())
        return;
    QSettings settings;
    if (m_entries.isEmpty())
        settings.remove(m_key);
    else
        settings.setValue(m_key, m_entries);
}

} // namespace Econtext
