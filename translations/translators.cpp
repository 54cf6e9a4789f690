#include "translations/translators.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

namespace Econtext {
namespace {

bool install(QObject *owner, const QLocale &locale, const QString &name, const QString &dir)
{
    auto *translator = new QTranslator(owner);
    if (translator->load(locale, name, QStringLiteral("_"), dir)
        && QCoreApplication::installTranslator(translator))
        return true;
    delete translator;
    return false;
}

} // namespace

InstalledTranslations installTranslators(QObject *owner, const QLocale &locale)
{
    InstalledTranslations installed;
    installed.own = install(owner, locale, QStringLiteral("econtext"), QStringLiteral(":/i18n"));
    installed.qt = install(owner,
                           locale,
                           QStringLiteral("qtbase"),
                           QLibraryInfo::path(QLibraryInfo::TranslationsPath));
    return installed;
}

} // namespace Econtext
