// econtext-cli: the command-line master. Wiring only; the work is in CliSession.
#include "app/cli/clibench.h"
#include "app/cli/clioptions.h"
#include "app/cli/clisession.h"
#include "translations/translators.h"

#include <QCoreApplication>
#include <QLocale>
#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <unistd.h>

namespace {

int s_signalPipe[2] = {-1, -1};

void onSigint(int)
{
    const char c = 1;
    [[maybe_unused]] const ssize_t n = ::write(s_signalPipe[1], &c, 1);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("econtext-cli"));
    QCoreApplication::setOrganizationName(QStringLiteral("Econtext"));
    QCoreApplication::setApplicationVersion(QStringLiteral(ECONTEXT_VERSION));
    // Messages in the user's language (LANG / LC_MESSAGES): ours, and Qt's own (the option
    // errors and help headings of QCommandLineParser).
    Econtext::installTranslators(&app, QLocale());

    const auto parsed = Econtext::Cli::parseArguments(app.arguments().mid(1));
    if (!parsed) {
        std::fprintf(stderr, "econtext-cli: %s\n", qPrintable(parsed.errorString()));
        return 2;
    }
    if (parsed->command == QLatin1String("help")) {
        std::fputs(qPrintable(parsed->helpText), stdout);
        return 0;
    }
    if (parsed->command == QLatin1String("version")) {
        std::printf("econtext-cli %s\n", ECONTEXT_VERSION);
        return 0;
    }

    if (parsed->command == QLatin1String("bench"))
        return Econtext::Cli::runBenchmark(*parsed);

    Econtext::Cli::CliSession session(*parsed);

    // Ctrl+C interrupts the remote commands first; a second one disconnects.
    if (::pipe(s_signalPipe) == 0) {
        auto *notifier = new QSocketNotifier(s_signalPipe[0], QSocketNotifier::Read, &app);
        QObject::connect(notifier, &QSocketNotifier::activated, &session, [&session] {
            char buf[16];
            [[maybe_unused]] const ssize_t n = ::read(s_signalPipe[0], buf, sizeof buf);
            session.interrupt();
        });
        struct sigaction sa = {};
        sa.sa_handler = onSigint;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGINT, &sa, nullptr);
    }
    return session.exec();
}
