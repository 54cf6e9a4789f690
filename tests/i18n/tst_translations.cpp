// Keeps the German catalogue complete and working: every message of
// translations/econtext_de.ts is translated with the same placeholders,
// accelerators and surrounding whitespace, every context is one that tr()
// asks for at runtime, and the compiled catalogue embedded at :/i18n (the
// econtext_i18n library both programs link) answers with those translations.

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QLibraryInfo>
#include <QLocale>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

#include "translations/translators.h"

#include <algorithm>

namespace Econtext {
namespace {

struct TsMessage
{
    QString context;
    QString source;
    QString comment;
    QStringList translations; // one entry, or one per numerus form
    QString type;             // the <translation type="..."> attribute
    bool numerus = false;
    qint64 line = 0;

    QString where() const
    {
        return QStringLiteral("line %1, context %2, source \"%3\"").arg(line).arg(context, source);
    }
};

struct TsFile
{
    QString language;
    QList<TsMessage> messages;
    QString error;
};

TsFile readTs(const QString &path)
{
    TsFile ts;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        ts.error = QStringLiteral("Cannot open %1: %2").arg(path, file.errorString());
        return ts;
    }
    QXmlStreamReader xml(&file);
    QString context;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        if (xml.name() == QLatin1String("TS")) {
            ts.language = xml.attributes().value(QLatin1String("language")).toString();
        } else if (xml.name() == QLatin1String("name")) {
            context = xml.readElementText();
        } else if (xml.name() == QLatin1String("message")) {
            TsMessage message;
            message.context = context;
            message.line = xml.lineNumber();
            message.numerus
                    = xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
            while (xml.readNextStartElement()) {
                if (xml.name() == QLatin1String("source")) {
                    message.source = xml.readElementText();
                } else if (xml.name() == QLatin1String("comment")) {
                    message.comment = xml.readElementText();
                } else if (xml.name() == QLatin1String("translation")) {
                    message.type = xml.attributes().value(QLatin1String("type")).toString();
                    if (message.numerus) {
                        while (xml.readNextStartElement()) {
                            if (xml.name() == QLatin1String("numerusform"))
                                message.translations.append(xml.readElementText());
                            else
                                xml.skipCurrentElement();
                        }
                    } else {
                        message.translations.append(xml.readElementText());
                    }
                } else {
                    xml.skipCurrentElement();
                }
            }
            ts.messages.append(message);
        }
    }
    if (xml.hasError())
        ts.error = QStringLiteral("%1:%2: %3")
                           .arg(path)
                           .arg(xml.lineNumber())
                           .arg(xml.errorString());
    return ts;
}

// The argument numbers a string uses: %1..%99, also in the %L1 form.
QList<int> placeholders(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("%L?([0-9]{1,2})"));
    QSet<int> found;
    for (const QRegularExpressionMatch &m : re.globalMatch(text)) {
        const int n = m.captured(1).toInt();
        if (n > 0)
            found.insert(n);
    }
    QList<int> sorted(found.cbegin(), found.cend());
    std::sort(sorted.begin(), sorted.end());
    return sorted;
}

bool usesCount(const QString &text)
{
    return text.contains(QLatin1String("%n")) || text.contains(QLatin1String("%Ln"));
}

// Keyboard accelerators: '&' before a letter or digit, "&&" being a literal ampersand.
int acceleratorCount(const QString &text)
{
    int count = 0;
    for (qsizetype i = 0; i + 1 < text.size(); ++i) {
        if (text.at(i) != QLatin1Char('&'))
            continue;
        if (text.at(i + 1) == QLatin1Char('&')) {
            ++i;
            continue;
        }
        if (text.at(i + 1).isLetterOrNumber())
            ++count;
    }
    return count;
}

QString leadingSpace(const QString &text)
{
    qsizetype i = 0;
    while (i < text.size() && text.at(i).isSpace())
        ++i;
    return text.left(i);
}

QString trailingSpace(const QString &text)
{
    qsizetype i = text.size();
    while (i > 0 && text.at(i - 1).isSpace())
        --i;
    return text.mid(i);
}

QString visible(QString text)
{
    return text.replace(QLatin1Char('\n'), QLatin1String("\\n"));
}

} // namespace

class TestTranslations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void everyMessageIsTranslated();
    void placeholdersMatch();
    void numerusMessagesHaveBothForms();
    void acceleratorsAndWhitespaceKept();
    void contextsAreRuntimeContexts();
    void compiledCatalogueIsEmbedded();
    void knownMessagesTranslateAtRuntime_data();
    void knownMessagesTranslateAtRuntime();
    void upToDateWithSources();
    void qtsOwnStringsInGerman();
    void cleanupTestCase();

private:
    QString m_sourceDir;
    TsFile m_ts;
    QTranslator m_translator;
    bool m_translatorLoaded = false;
};

void TestTranslations::initTestCase()
{
    m_sourceDir = qEnvironmentVariable("ECONTEXT_SOURCE_DIR");
    QVERIFY2(!m_sourceDir.isEmpty(),
             "ECONTEXT_SOURCE_DIR is not set; run the test through ctest or set it to the "
             "repository root.");
    const QString path = QDir(m_sourceDir).filePath(QStringLiteral("translations/econtext_de.ts"));
    m_ts = readTs(path);
    QVERIFY2(m_ts.error.isEmpty(), qPrintable(m_ts.error));
    QCOMPARE(m_ts.language, QStringLiteral("de_DE"));
    QVERIFY2(!m_ts.messages.isEmpty(), qPrintable(path + QStringLiteral(" holds no message.")));

    m_translatorLoaded = m_translator.load(QLocale(QLocale::German),
                                           QStringLiteral("econtext"),
                                           QStringLiteral("_"),
                                           QStringLiteral(":/i18n"));
    if (m_translatorLoaded)
        QCoreApplication::installTranslator(&m_translator);
}

void TestTranslations::everyMessageIsTranslated()
{
    QStringList problems;
    for (const TsMessage &m : std::as_const(m_ts.messages)) {
        if (m.type == QLatin1String("unfinished") || m.type == QLatin1String("vanished")
            || m.type == QLatin1String("obsolete")) {
            problems.append(QStringLiteral("%1: marked %2").arg(m.where(), m.type));
            continue;
        }
        if (m.translations.isEmpty()) {
            problems.append(m.where() + QStringLiteral(": no translation"));
            continue;
        }
        for (const QString &t : m.translations) {
            if (t.trimmed().isEmpty())
                problems.append(m.where() + QStringLiteral(": empty translation"));
        }
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
}

void TestTranslations::placeholdersMatch()
{
    QStringList problems;
    for (const TsMessage &m : std::as_const(m_ts.messages)) {
        const QList<int> expected = placeholders(m.source);
        for (const QString &t : m.translations) {
            const QList<int> got = placeholders(t);
            if (got != expected) {
                QStringList e, g;
                for (int n : expected)
                    e.append(QString::number(n));
                for (int n : got)
                    g.append(QString::number(n));
                problems.append(QStringLiteral("%1: placeholders {%2} became {%3} in \"%4\"")
                                        .arg(m.where(),
                                             e.join(QLatin1Char(',')),
                                             g.join(QLatin1Char(',')),
                                             t));
            }
        }
        // Without %n in the plural form the count never shows.
        if (m.numerus && usesCount(m.source) && !m.translations.isEmpty()
            && !usesCount(m.translations.constLast()))
            problems.append(m.where() + QStringLiteral(": the plural form lacks %n"));
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
}

void TestTranslations::numerusMessagesHaveBothForms()
{
    QStringList problems;
    int numerus = 0;
    for (const TsMessage &m : std::as_const(m_ts.messages)) {
        if (!m.numerus)
            continue;
        ++numerus;
        // German has two forms: one, and everything else.
        if (m.translations.size() != 2)
            problems.append(QStringLiteral("%1: %2 forms instead of 2")
                                    .arg(m.where())
                                    .arg(m.translations.size()));
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    qInfo("%d plural messages have both German forms.", numerus);
}

void TestTranslations::acceleratorsAndWhitespaceKept()
{
    QStringList problems;
    for (const TsMessage &m : std::as_const(m_ts.messages)) {
        // Rich text carries entities such as &nbsp;, not accelerators.
        const bool richText = m.source.contains(QLatin1Char('<'));
        const int accelerators = richText ? 0 : acceleratorCount(m.source);
        for (const QString &t : m.translations) {
            if (!richText && acceleratorCount(t) != accelerators)
                problems.append(QStringLiteral("%1: %2 accelerator(s) in the source, %3 in \"%4\"")
                                        .arg(m.where())
                                        .arg(accelerators)
                                        .arg(acceleratorCount(t))
                                        .arg(t));
            if (leadingSpace(t) != leadingSpace(m.source)
                || trailingSpace(t) != trailingSpace(m.source))
                problems.append(QStringLiteral("%1: leading/trailing whitespace differs in \"%2\"")
                                        .arg(m.where(), visible(t)));
            if (t.count(QLatin1Char('\n')) == 0 && m.source.count(QLatin1Char('\n')) > 0)
                problems.append(QStringLiteral("%1: the line breaks were lost").arg(m.where()));
        }
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
}

// lupdate files a message under the class it believes the tr() call belongs to;
// if that is not the name tr() passes at runtime, the translation is never used.
// Runtime contexts are the literal ones (QCoreApplication::translate("X", ...),
// Q_DECLARE_TR_FUNCTIONS(X)) and the namespace-qualified names of Q_OBJECT classes.
void TestTranslations::contextsAreRuntimeContexts()
{
    QSet<QString> literal;
    QHash<QString, QStringList> qobjectFiles; // class name -> texts of the files declaring it
    static const QRegularExpression translateRe(
            QStringLiteral(R"re(QCoreApplication::translate\(\s*"([^"]+)")re"));
    static const QRegularExpression declareRe(
            QStringLiteral(R"re(Q_DECLARE_TR_FUNCTIONS\(\s*([A-Za-z_:][A-Za-z0-9_:]*)\s*\))re"));
    static const QRegularExpression qobjectRe(QStringLiteral(
            R"re(\b(?:class|struct)\s+(?:[A-Z_]+_EXPORT\s+)?([A-Za-z_][A-Za-z0-9_]*)[^;{]*\{\s*Q_OBJECT\b)re"));
    for (const QString &area :
         {QStringLiteral("core"), QStringLiteral("ui"), QStringLiteral("app")}) {
        QDirIterator it(QDir(m_sourceDir).filePath(area),
                        {QStringLiteral("*.h"), QStringLiteral("*.cpp")},
                        QDir::Files,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile file(it.next());
            if (!file.open(QIODevice::ReadOnly))
                continue;
            const QString text = QString::fromUtf8(file.readAll());
            for (const QRegularExpressionMatch &m : translateRe.globalMatch(text))
                literal.insert(m.captured(1));
            for (const QRegularExpressionMatch &m : declareRe.globalMatch(text))
                literal.insert(m.captured(1));
            for (const QRegularExpressionMatch &m : qobjectRe.globalMatch(text))
                qobjectFiles[m.captured(1)].append(text);
        }
    }
    QVERIFY2(!literal.isEmpty() && !qobjectFiles.isEmpty(),
             "Found no tr() context in core/, ui/ and app/; is ECONTEXT_SOURCE_DIR right?");

    // "Econtext::Cli::Foo" is a runtime context if Foo is a Q_OBJECT class declared in
    // a file that opens namespace Econtext::Cli (in one line or nested).
    const auto isQObjectContext = [&](const QString &context) {
        const qsizetype cut = context.lastIndexOf(QLatin1String("::"));
        if (cut < 0)
            return false;
        const QString className = context.mid(cut + 2);
        const QStringList spaces = context.left(cut).split(QLatin1String("::"));
        for (const QString &text : qobjectFiles.value(className)) {
            if (text.contains(QLatin1String("namespace ") + context.left(cut)))
                return true;
            qsizetype from = 0;
            bool nested = true;
            for (const QString &space : spaces) {
                from = text.indexOf(QLatin1String("namespace ") + space, from);
                if (from < 0) {
                    nested = false;
                    break;
                }
            }
            if (nested)
                return true;
        }
        return false;
    };

    QStringList problems;
    QSet<QString> seen;
    for (const TsMessage &m : std::as_const(m_ts.messages)) {
        if (seen.contains(m.context))
            continue;
        seen.insert(m.context);
        if (!literal.contains(m.context) && !isQObjectContext(m.context))
            problems.append(QStringLiteral("context \"%1\" (first message line %2, \"%3\") is no "
                                           "context tr() uses at runtime; the tr() call around it "
                                           "needs a class with Q_OBJECT or Q_DECLARE_TR_FUNCTIONS "
                                           "that lupdate can see")
                                    .arg(m.context)
                                    .arg(m.line)
                                    .arg(m.source));
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    qInfo("%lld contexts checked against the sources.", static_cast<long long>(seen.size()));
}

// The catalogue linked into this test (econtext_i18n, the same library both programs
// link) must answer every message of the .ts with its translation.
void TestTranslations::compiledCatalogueIsEmbedded()
{
    QVERIFY2(QFile::exists(QStringLiteral(":/i18n/econtext_de.qm")),
             "The German catalogue is not embedded at :/i18n/econtext_de.qm.");
    QVERIFY2(m_translatorLoaded, "QTranslator cannot load econtext_de from :/i18n.");
    QCOMPARE(m_translator.language(), QStringLiteral("de_DE"));

    QStringList problems;
    for (const TsMessage &m : std::as_const(m_ts.messages)) {
        if (m.translations.isEmpty())
            continue;
        const QByteArray context = m.context.toUtf8();
        const QByteArray source = m.source.toUtf8();
        const QByteArray comment = m.comment.toUtf8();
        const char *disambiguation = comment.isEmpty() ? nullptr : comment.constData();
        const QList<int> counts = m.numerus ? QList<int>{1, 2} : QList<int>{-1};
        for (qsizetype i = 0; i < counts.size() && i < m.translations.size(); ++i) {
            const QString got = m_translator.translate(
                    context.constData(), source.constData(), disambiguation, counts.at(i));
            if (got != m.translations.at(i))
                problems.append(QStringLiteral("%1: the compiled catalogue says \"%2\"; rebuild "
                                               "econtext_i18n")
                                        .arg(m.where(), visible(got)));
        }
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
}

// Lookups exactly as the code makes them, so a context that lupdate got wrong shows.
void TestTranslations::knownMessagesTranslateAtRuntime_data()
{
    QTest::addColumn<QString>("context");
    QTest::addColumn<QString>("source");
    QTest::addColumn<int>("count");
    QTest::addColumn<QString>("expected");

    QTest::newRow("context state")
            << QStringLiteral("Econtext::Context") << QStringLiteral("Connected") << -1
            << QStringLiteral("Verbunden");
    QTest::newRow("main window menu")
            << QStringLiteral("Econtext::MainWindow") << QStringLiteral("&Disconnect") << -1
            << QStringLiteral("&Trennen");
    QTest::newRow("ssh stage") << QStringLiteral("Econtext::SshTransport")
                               << QStringLiteral("key exchange") << -1
                               << QStringLiteral("Schlüsselaustausch");
    QTest::newRow("host key dialog")
            << QStringLiteral("Econtext::HostKeyDialog") << QStringLiteral("Unknown Host Key") << -1
            << QStringLiteral("Unbekannter Host-Schlüssel");
    QTest::newRow("cli option") << QStringLiteral("EcontextCli")
                                << QStringLiteral("The port must be a number from 1 to 65535.")
                                << -1
                                << QStringLiteral("Der Port muss eine Zahl von 1 bis 65535 sein.");
    QTest::newRow("target grammar")
            << QStringLiteral("Econtext::Target")
            << QStringLiteral("'%1' is not a valid target: %2. Examples: %3.") << -1
            << QStringLiteral("„%1“ ist kein gültiges Ziel: %2. Beispiele: %3.");
    QTest::newRow("cli prompt") << QStringLiteral("EcontextCli")
                                << QStringLiteral("Password for %1: ") << -1
                                << QStringLiteral("Passwort für %1: ");
    QTest::newRow("pickle") << QStringLiteral("Econtext")
                            << QStringLiteral("The pickle opens too many MARKs.") << -1
                            << QStringLiteral("Die Pickle-Daten öffnen zu viele MARKs.");
    QTest::newRow("frame") << QStringLiteral("Econtext")
                           << QStringLiteral("The stream speaks frame version %1, but this "
                                             "program speaks version %2; update one side.")
                           << -1
                           << QStringLiteral("Der Stream spricht Frame-Version %1, dieses "
                                             "Programm aber Version %2; aktualisieren Sie eine "
                                             "Seite.");
    QTest::newRow("plural one") << QStringLiteral("Econtext::HostsModel")
                                << QStringLiteral("%n host(s)") << 1 << QStringLiteral("1 Host");
    QTest::newRow("plural many") << QStringLiteral("Econtext::HostsModel")
                                 << QStringLiteral("%n host(s)") << 3 << QStringLiteral("3 Hosts");
}

void TestTranslations::knownMessagesTranslateAtRuntime()
{
    QFETCH(QString, context);
    QFETCH(QString, source);
    QFETCH(int, count);
    QFETCH(QString, expected);
    QVERIFY2(m_translatorLoaded, "QTranslator cannot load econtext_de from :/i18n.");

    const QByteArray c = context.toUtf8();
    const QByteArray s = source.toUtf8();
    const QString got = QCoreApplication::translate(c.constData(), s.constData(), nullptr, count);
    QVERIFY2(got != source || source.contains(QLatin1String("%n")),
             qPrintable(QStringLiteral("\"%1\" in context %2 comes back untranslated; the .ts "
                                       "files it under another context")
                                .arg(source, context)));
    QCOMPARE(got, expected);
}

// lupdate over the current sources (through the project file CMake writes) must
// find nothing new and nothing gone: otherwise the .ts is out of date.
void TestTranslations::qtsOwnStringsInGerman()
{
    // What both programs install: ours and Qt's own catalogue, so the standard buttons, the
    // file dialog and QCommandLineParser's errors are German too, not English beside German.
    QObject owner; // the translators go with it
    const InstalledTranslations installed
            = installTranslators(&owner, QLocale(QLocale::German, QLocale::Germany));
    QVERIFY(installed.own);
    QVERIFY2(installed.qt,
             qPrintable(QStringLiteral("no qtbase_de.qm in %1: install qt6-translations-l10n "
                                       "(scripts/install-deps.sh)")
                                .arg(QLibraryInfo::path(QLibraryInfo::TranslationsPath))));
    QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), QStringLiteral("Abbrechen"));
    QCOMPARE(QCoreApplication::translate("QCommandLineParser", "Unknown option '%1'."),
             QStringLiteral("Unbekannte Option '%1'."));
}

void TestTranslations::upToDateWithSources()
{
    const QString lupdate = QStringLiteral("/usr/lib/qt6/bin/lupdate");
    if (!QFileInfo::exists(lupdate))
        QSKIP("lupdate is not installed (qt6-l10n-tools)");
    // CMake describes the sources at configure time; Qt's script turns that into the
    // project lupdate reads (the build does the same in econtext_i18n_lupdate).
    const QString description
            = qEnvironmentVariable("ECONTEXT_BINARY_DIR")
              + QStringLiteral("/translations/.lupdate/econtext_i18n_project.cmake");
    QVERIFY2(QFileInfo::exists(description), qPrintable(description));
    QTemporaryDir work;
    const QString project = work.filePath(QStringLiteral("project.json"));
    QProcess generate;
    generate.start(QStringLiteral(ECONTEXT_CMAKE_COMMAND),
                   {QStringLiteral("-DIN_FILE=") + description,
                    QStringLiteral("-DOUT_FILE=") + project,
                    QStringLiteral("-P"),
                    QStringLiteral(ECONTEXT_LUPDATE_PROJECT_SCRIPT)});
    QVERIFY(generate.waitForFinished(60000));
    QVERIFY2(generate.exitCode() == 0 && QFileInfo::exists(project),
             generate.readAllStandardError().constData());
    QTemporaryDir dir;
    const QString source = qEnvironmentVariable("ECONTEXT_SOURCE_DIR")
                           + QStringLiteral("/translations/econtext_de.ts");
    const QString copy = dir.filePath(QStringLiteral("econtext_de.ts"));
    QVERIFY(QFile::copy(source, copy));
    QFile::setPermissions(copy, QFile::ReadOwner | QFile::WriteOwner);
    QProcess p;
    p.start(lupdate,
            {QStringLiteral("-silent"),
             QStringLiteral("-no-obsolete"),
             QStringLiteral("-locations"),
             QStringLiteral("none"),
             QStringLiteral("-project"),
             project,
             QStringLiteral("-ts"),
             copy});
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitCode(), 0);
    QFile before(source), after(copy);
    QVERIFY(before.open(QIODevice::ReadOnly) && after.open(QIODevice::ReadOnly));
    const QByteArray was = before.readAll(), now = after.readAll();
    QVERIFY2(!now.contains("type=\"unfinished\""),
             "translations/econtext_de.ts is out of date with the sources: run "
             "`cmake --build build --target econtext_i18n_lupdate` and translate the new strings");
    QCOMPARE(now.count("<message"), was.count("<message"));
}

void TestTranslations::cleanupTestCase()
{
    int numerus = 0;
    for (const TsMessage &m : std::as_const(m_ts.messages))
        numerus += m.numerus ? 1 : 0;
    qInfo("Checked %lld messages (%d with plural forms) of translations/econtext_de.ts.",
          static_cast<long long>(m_ts.messages.size()),
          numerus);
    if (m_translatorLoaded)
        QCoreApplication::removeTranslator(&m_translator);
}

} // namespace Econtext

QTEST_GUILESS_MAIN(Econtext::TestTranslations)
#include "tst_translations.moc"
