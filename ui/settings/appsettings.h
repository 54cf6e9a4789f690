// AppSettings: the desktop application's preferences and window state, kept in
// QSettings (organisation "Econtext", application "econtext"). Used by main(),
// the main window and the Preferences dialog; a plain value-style wrapper.
#pragma once

#include "core/connect/connectoptions.h"
#include "core/session/session.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace Econtext {

class AppSettings
{
public:
    enum class Language { System, English, German };

    static constexpr int DefaultLogBufferSize = 100000;
    static constexpr int MinLogBufferSize = 1000;
    static constexpr int MaxLogBufferSize = 5000000;

    // The interpreter used for local contexts when none is given ("python3").
    static QString defaultPython();
    static void setDefaultPython(const QString &python);

    // Directories searched first for modules sent to contexts, in order.
    static QStringList modulePathDirectories();
    static void setModulePathDirectories(const QStringList &dirs);

    // Rows kept per log pane before the oldest are dropped.
    static int logBufferSize();
    static void setLogBufferSize(int rows);

    static Language language();
    static void setLanguage(Language language);
    // "de", "en" or empty for the system locale.
    static QString languageCode();

    static bool connectLocalOnStart();
    static void setConnectLocalOnStart(bool on);

    // Lost contexts are connected again after 1 s, 2 s, 4 s … (at most 60 s). Off by default.
    static bool autoReconnect();
    static void setAutoReconnect(bool on);
    static constexpr int FirstReconnectDelayMs = 1000;
    static constexpr int MaxReconnectDelayMs = 60000;
    static constexpr int StableConnectionMs = 60000; // up this long: the delays start over
    // The delay before reconnect attempt number `attempt` (0 for the first).
    static int reconnectDelayMs(int attempt);
    // The above, for Session.
    static ReconnectPolicy reconnectPolicy();

    // The contexts connected at exit are connected again at start (Session::restore()).
    // Off by default.
    static bool restoreSession();
    static void setRestoreSession(bool on);
    static QList<SessionEntry> lastSession();
    // Stores the entries without their secrets (password files are dropped).
    static void setLastSession(const QList<SessionEntry> &entries);

    // Window state of the main window.
    static QByteArray windowGeometry();
    static void setWindowGeometry(const QByteArray &geometry);
    static QByteArray windowState();
    static void setWindowState(const QByteArray &state);
    static QByteArray contextTreeHeaderState();
    static void setContextTreeHeaderState(const QByteArray &state);
    // Names of the contexts whose tabs were open, in tab order, and the current one.
    static QStringList openTabs();
    static void setOpenTabs(const QStringList &names);
    static QString currentTab();
    static void setCurrentTab(const QString &name);
    // Targets typed into the quick-connect field, newest first.
    static QStringList recentTargets();
    static void addRecentTarget(const QString &target);
};

} // namespace Econtext
