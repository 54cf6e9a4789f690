// HistoryStore: the commands typed into one console mode of one context, newest
// last, kept in QSettings under a key derived from the context's name (at most
// 500 entries), with Up/Down navigation that remembers the unfinished draft.
// Used by ConsoleWidget, one store per context and mode.
#pragma once

#include <QString>
#include <QStringList>

namespace Econtext {

class HistoryStore
{
public:
    static constexpr int MaxEntries = 500;

    // mode: "shell" or "python". An empty context name keeps the history in memory only.
    HistoryStore(const QString &contextName, const QString &mode);

    // The QSettings key the history of this context and mode lives under.
    static QString settingsKey(const QString &contextName, const QString &mode);

    QStringList entries() const { return m_entries; }
    // Adds a command (blank ones and repeats of the newest are skipped), saves, resets
    // navigation.
    void add(const QString &command);
    void clear();

    // Up: the entry before the current one; `draft` is what the input holds now and is
    // given back by next() past the newest entry. Returns false at the oldest entry.
    bool previous(const QString &draft, QString *out);
    // Down: the entry after the current one, or the draft. False when not navigating.
    bool next(QString *out);
    void resetNavigation();
    bool isNavigating() const { return m_position >= 0; }

private:
    void save() const;

    QString m_key;
    QStringList m_entries;
    QString m_draft;
    int m_position = -1; // index into m_entries while navigating
};

} // namespace Econtext
