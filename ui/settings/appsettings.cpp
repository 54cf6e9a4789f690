#include "ui/settings/appsettings.h"

#include <QSettings>

#include <algorithm>

namespace Econtext {

namespace {
const QString kDefaultPython = QStringLiteral("general/defaultPython");
const QString kModulePath = QStringLiteral("general/modulePath");
const QString kLogBuffer = QStringLiteral("logs/bufferSize");
const QString kLanguage = QStringLiteral("general/language");
const QString kConnectLocal = QStringLiteral("general/connectLocalOnStart");
const QString kAutoReconnect = QStringLiteral("general/autoReconnect");
const QString kRestoreSession = QStringLiteral("general/restoreSession");
const QString kLastSession = QStringLiteral("session/contexts");
const QString kGeometry = QStringLiteral("mainWindow/geometry");
const QString kState = QStringLiteral("mainWindow/state");
const QString kTreeHeader = QStringLiteral("mainWindow/contextTreeHeader");
const QString kOpenTabs = QStringLiteral("session/openTabs");
const QString kCurrentTab = QStringLiteral("session/currentTab");
const QString kRecentTargets = QStringLiteral("session/recentTargets");
constexpr int kMaxRecentTargets = 20;
} // namespace

QString AppSettings::defaultPython()
{
    const QString python = QSettings().value(kDefaultPython).toString().trimmed();
    return python.isEmpty() ? QStringLiteral("python3") : python;
}

void AppSettings::setDefaultPython(const QString &python)
{
    QSettings().setValue(kDefaultPython, python.trimmed());
}

QStringList AppSettings::modulePathDirectories()
{
    return QSettings().value(kModulePath).toStringList();
}

void AppSettings::setModulePathDirectories(const QStringList &dirs)
{
    QSettings().setValue(kModulePath, dirs);
}

int AppSettings::logBufferSize()
{
    bool ok = false;
    const int rows = QSettings().value(kLogBuffer, DefaultLogBufferSize).toInt(&ok);
    if (!ok)
        return DefaultLogBufferSize;
    return std::clamp(rows, MinLogBufferSize, MaxLogBufferSize);
}

void AppSettings::setLogBufferSize(int rows)
{
    QSettings().setValue(kLogBuffer, std::clamp(rows, MinLogBufferSize, MaxLogBufferSize));
}

AppSettings::Language AppSettings::language()
{
    const QString code = QSettings().value(kLanguage).toString();
    if (code == QLatin1String("en"))
        return Language::English;
    if (code == QLatin1String("de"))
        return Language::German;
    return Language::System;
}

void AppSettings::setLanguage(Language language)
{
    QString code;
    switch (language) {
    case Language::English:
        code = QStringLiteral("en");
        break;
    case Language::German:
        code = QStringLiteral("de");
        break;
    case Language::System:
        break;
    }
    QSettings().setValue(kLanguage, code);
}

QString AppSettings::languageCode()
{
    switch (language()) {
    case Language::English:
        return QStringLiteral("en");
    case Language::German:
        return QStringLiteral("de");
    case Language::System:
        break;
    }
    return {};
}

bool AppSettings::connectLocalOnStart()
{
    return QSettings().value(kConnectLocal, true).toBool();
}

void AppSettings::setConnectLocalOnStart(bool on)
{
    QSettings().setValue(kConnectLocal, on);
}

bool AppSettings::autoReconnect()
{
    return QSettings().value(kAutoReconnect, false).toBool();
}

void AppSettings::setAutoReconnect(bool on)
{
    QSettings().setValue(kAutoReconnect, on);
}

int AppSettings::reconnectDelayMs(int attempt)
{
    return reconnectPolicy().delayMs(attempt);
}

ReconnectPolicy AppSettings::reconnectPolicy()
{
    ReconnectPolicy policy;
    policy.automatic = autoReconnect();
    policy.firstDelayMs = FirstReconnectDelayMs;
    policy.maxDelayMs = MaxReconnectDelayMs;
    policy.stableMs = StableConnectionMs;
    return policy;
}

bool AppSettings::restoreSession()
{
    return QSettings().value(kRestoreSession, false).toBool();
}

void AppSettings::setRestoreSession(bool on)
{
    QSettings().setValue(kRestoreSession, on);
}

QList<SessionEntry> AppSettings::lastSession()
{
    QSettings settings;
    QList<SessionEntry> entries;
    const int n = settings.beginReadArray(kLastSession);
    // Where each entry of the file went in entries (-1: left out).
    QList<int> kept(n, -1);
    for (int i = 0; i < n; ++i) {
        settings.setArrayIndex(i);
        SessionEntry e;
        ConnectOptions &o = e.options;
        const QString method = settings.value(QStringLiteral("method")).toString();
        if (const std::optional<ConnectMethod> known = methodFromName(method))
            o.method = *known;
        else if (!method.isEmpty())
            continue; // a method of a later version: left out, and so are its children
        o.name = settings.value(QStringLiteral("name")).toString();
        o.python = settings.value(QStringLiteral("python")).toString();
        o.host = settings.value(QStringLiteral("host")).toString();
        o.user = settings.value(QStringLiteral("user")).toString();
        o.port = settings.value(QStringLiteral("port"), 0).toInt();
        o.identityFile = settings.value(QStringLiteral("identityFile")).toString();
        o.knownHostsFile = settings.value(QStringLiteral("knownHostsFile")).toString();
        // A host key is accepted by a person, never by a restored session.
        o.acceptNewHostKey = false;
        o.connectTimeoutMs
                = settings.value(QStringLiteral("connectTimeoutMs"), o.connectTimeoutMs).toInt();
        o.bootstrapTimeoutMs
                = settings.value(QStringLiteral("bootstrapTimeoutMs"), o.bootstrapTimeoutMs)
                          .toInt();
        o.logLevel = settings.value(QStringLiteral("logLevel"), o.logLevel).toInt();
        const int parent = settings.value(QStringLiteral("parent"), -1).toInt();
        // Parents come first; anything else is a damaged entry and stands alone.
        if (parent >= 0 && parent < i) {
            e.parentIndex = kept.at(parent);
            if (e.parentIndex < 0)
                continue;
        }
        kept[i] = int(entries.size());
        entries.append(e);
    }
    settings.endArray();
    return entries;
}

void AppSettings::setLastSession(const QList<SessionEntry> &entries)
{
    QSettings settings;
    settings.remove(kLastSession);
    settings.beginWriteArray(kLastSession, int(entries.size()));
    for (int i = 0; i < entries.size(); ++i) {
        settings.setArrayIndex(i);
        const ConnectOptions &o = entries.at(i).options;
        // No password, password file or other secret is ever written.
        settings.setValue(QStringLiteral("method"), methodName(o.method));
        settings.setValue(QStringLiteral("name"), o.name);
        settings.setValue(QStringLiteral("python"), o.python);
        settings.setValue(QStringLiteral("host"), o.host);
        settings.setValue(QStringLiteral("user"), o.user);
        settings.setValue(QStringLiteral("port"), o.port);
        settings.setValue(QStringLiteral("identityFile"), o.identityFile);
        settings.setValue(QStringLiteral("knownHostsFile"), o.knownHostsFile);
        settings.setValue(QStringLiteral("connectTimeoutMs"), o.connectTimeoutMs);
        settings.setValue(QStringLiteral("bootstrapTimeoutMs"), o.bootstrapTimeoutMs);
        settings.setValue(QStringLiteral("logLevel"), o.logLevel);
        settings.setValue(QStringLiteral("parent"), entries.at(i).parentIndex);
    }
    settings.endArray();
}

QByteArray AppSettings::windowGeometry()
{
    return QSettings().value(kGeometry).toByteArray();
}

void AppSettings::setWindowGeometry(const QByteArray &geometry)
{
    QSettings().setValue(kGeometry, geometry);
}

QByteArray AppSettings::windowState()
{
    return QSettings().value(kState).toByteArray();
}

void AppSettings::setWindowState(const QByteArray &state)
{
    QSettings().setValue(kState, state);
}

QByteArray AppSettings::contextTreeHeaderState()
{
    return QSettings().value(kTreeHeader).toByteArray();
}

void AppSettings::setContextTreeHeaderState(const QByteArray &state)
{
    QSettings().setValue(kTreeHeader, state);
}

QStringList AppSettings::openTabs()
{
    return QSettings().value(kOpenTabs).toStringList();
}

void AppSettings::setOpenTabs(const QStringList &names)
{
    QSettings().setValue(kOpenTabs, names);
}

QString AppSettings::currentTab()
{
    return QSettings().value(kCurrentTab).toString();
}

void AppSettings::setCurrentTab(const QString &name)
{
    QSettings().setValue(kCurrentTab, name);
}

QStringList AppSettings::recentTargets()
{
    return QSettings().value(kRecentTargets).toStringList();
}

void AppSettings::addRecentTarget(const QString &target)
{
    const QString t = target.trimmed();
    if (t.isEmpty())
        return;
    QStringList list = recentTargets();
    list.removeAll(t);
    list.prepend(t);
    while (list.size() > kMaxRecentTargets)
        list.removeLast();
    QSettings().setValue(kRecentTargets, list);
}

} // namespace Econtext
