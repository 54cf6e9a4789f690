// SshConfig: a reader of the OpenSSH client configuration (~/.ssh/config and the files it
// includes) that lists the concrete Host aliases a user can connect to, with the settings
// ssh would use for them. The Hosts sidebar and the Connect dialog's completer use it; the
// ssh transport keeps its own option handling. Match blocks other than "Match all" are
// not evaluated (their settings are ignored), since they depend on the connection.
#pragma once

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

namespace Econtext {

// One concrete alias ("Host web1") and what ssh would use for it.
struct SshHostAlias
{
    QString alias;
    QString hostName;     // HostName, with %h expanded; empty when not set
    QString user;         // empty when not set
    int port = 0;         // 0 when not set
    QString identityFile; // the first IdentityFile, tilde- and %-expanded
    QString proxyJump;    // ProxyJump, for display only
    QString file;         // where the Host line is
    int line = 0;
};

class SshConfig
{
    Q_DECLARE_TR_FUNCTIONS(Econtext::SshConfig)

public:
    SshConfig();

    // ~/.ssh/config of the home directory in use.
    QString defaultPath() const;
    // The home directory for "~", "%d" and relative Include paths (default: QDir::homePath()).
    void setHomePath(const QString &path);
    QString homePath() const;

    // Reads path (default: defaultPath()) and everything it includes. A missing main file
    // is not an error (there is nothing to list); returns false only if it exists and cannot
    // be read. Problems in included files end up in warnings().
    bool load(const QString &path = QString());
    // Parses text as if it were the file fileName (Include paths resolve as for a user config).
    void parse(const QString &text, const QString &fileName = QStringLiteral("<text>"));
    void clear();

    QString errorString() const { return m_error; }
    QStringList warnings() const { return m_warnings; }
    QStringList files() const { return m_files; } // every file read, in order

    // Concrete aliases (no '*', '?' or '!') in the order they first appear.
    QStringList aliases() const;
    // Every alias resolved like ssh does: the first value obtained for each keyword wins.
    QList<SshHostAlias> hosts() const;
    // One alias resolved; works for any host name, not only listed aliases.
    SshHostAlias resolve(const QString &alias) const;
    bool contains(const QString &alias) const;

    // ssh's pattern-list matching: comma or space separated patterns with '*' and '?',
    // '!' negates; a negated match wins. Case-insensitive.
    static bool matchPatternList(const QStringList &patterns, const QString &host);
    static bool matchPattern(QStringView pattern, QStringView host);

private:
    struct Entry
    {
        QList<QStringList> conditions; // all must match (nested Host lines through Include)
        bool never = false;            // under a Match block we do not evaluate
        QString keyword;               // lower case
        QStringList args;
        QString file;
        int line = 0;
    };
    struct Alias
    {
        QString name;
        QString file;
        int line = 0;
    };

    void parseText(const QString &text,
                   const QString &fileName,
                   const QList<QStringList> &outer,
                   bool outerNever,
                   int depth);
    void include(const QStringList &args,
                 const QString &fileName,
                 int lineNo,
                 const QList<QStringList> &conditions,
                 bool never,
                 int depth);
    QStringList expandGlob(const QString &pattern) const;
    QString expandTilde(const QString &path) const;
    QString expandTokens(const QString &value,
                         const QString &alias,
                         const QString &hostName,
                         const QString &user) const;

    QString m_home;
    QList<Entry> m_entries;
    QList<Alias> m_aliases;
    QStringList m_files;
    QStringList m_warnings;
    QString m_error;
};

} // namespace Econtext
