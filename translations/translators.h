// Installs the translations both programs use for a locale: Econtext's own catalogue
// (embedded at :/i18n) and Qt's (qtbase_<lang>.qm from Qt's translations directory, Debian's
// qt6-translations-l10n): the standard buttons, the file dialog, QCommandLineParser's
// option errors.
#pragma once

#include <QLocale>
#include <QObject>

namespace Econtext {

struct InstalledTranslations
{
    bool own = false; // econtext_<lang> was found and installed
    bool qt = false;  // qtbase_<lang> was found and installed
};

// The translators live as children of owner (usually the application object).
InstalledTranslations installTranslators(QObject *owner, const QLocale &locale);

} // namespace Econtext
