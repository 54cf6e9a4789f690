// econtext: the desktop application. Sets up translations, the Broker and the
// main window, and connects the embedded local context if the user wants it.
#include "core/broker/broker.h"
#include "core/modules/moduleserver.h"
#include "translations/translators.h"
#include "ui/icons.h"
#include "ui/mainwindow.h"
#include "ui/settings/appsettings.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLocale>

using namespace Econtext;

namespace {

// Our translations and Qt's for the language chosen in Preferences (else the system's).
void installLanguage(QApplication &app)
{
    const QString code = AppSettings::languageCode();
    const QLocale locale = code.isEmpty() ? QLocale::system() : QLocale(code);
    QLocale::setDefault(locale);
    installTranslators(&app, locale);
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Econtext"));
    QCoreApplication::setApplicationName(QStringLiteral("econtext"));
    QCoreApplication::setApplicationVersion(QStringLiteral(ECONTEXT_VERSION));
    QGuiApplication::setApplicationDisplayName(QStringLiteral("Econtext"));
    QGuiApplication::setDesktopFileName(QStringLiteral("econtext"));
    QGuiApplication::setWindowIcon(Icons::appIcon());
    installLanguage(app);

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
            "main", "Starts Python interpreters locally and on remote hosts and shows them live."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption noLocal(
            QStringLiteral("no-local"),
            QCoreApplication::translate("main", "Do not connect the local context on start."));
    parser.addOption(noLocal);
    parser.addPositionalArgument(
            QStringLiteral("targets"),
            QCoreApplication::translate("main",
                                        "Targets to connect: local, user@host:port or an "
                                        "alias."),
            QStringLiteral("[targets...]"));
    parser.process(app);

    Broker broker;
    const QStringList dirs = AppSettings::modulePathDirectories();
    for (const QString &dir : dirs)
        broker.moduleServer().addDirectory(dir);

    int status = 0;
    {
        MainWindow window(&broker);
        window.show();
        if (AppSettings::connectLocalOnStart() && !parser.isSet(noLocal))
            window.connectDefaultLocal();
        const QStringList targets = parser.positionalArguments();
        for (const QString &target : targets)
            window.quickConnect(target);
        status = QApplication::exec();
        broker.shutdownAll();
    }
    return status;
}
