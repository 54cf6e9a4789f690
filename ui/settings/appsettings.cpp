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
