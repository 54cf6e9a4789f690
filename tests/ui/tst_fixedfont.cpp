// The fixed font on a machine whose "monospace" is not monospaced: this test makes such a
// machine for itself (a fontconfig configuration that maps "monospace" to DejaVu Sans,
// set before the application starts), so its result does not depend on the fonts that
// happen to be installed. fixedFont() must still give every fixed-width view (log pane,
// console, stacks, fingerprints, multi-run output) a font whose characters line up, and
// keep a font that already does.
#include "core/broker/broker.h"
#include "tests/support/monospace.h"
#include "ui/connect/hostkeydialog.h"
#include "ui/console/consolewidget.h"
#include "ui/logs/logpane.h"
#include "ui/multirun/multirundialog.h"
#include "ui/stacks/stackspane.h"
#include "ui/widgets/fixedfont.h"

#include <QApplication>
#include <QFile>
#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSettings>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace Econtext;

namespace {

const QString Proportional = QStringLiteral("DejaVu Sans");

// A fontconfig configuration: the machine's own, with "monospace" answered by a
// proportional family first.
bool writeFontconfig(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return false;
    f.write("<?xml version=\"1.0\"?>\n"
            "<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n"
            "<fontconfig>\n"
            "  <include ignore_missing=\"no\">/etc/fonts/fonts.conf</include>\n"
            "  <match target=\"pattern\">\n"
            "    <test qual=\"any\" name=\"family\"><string>monospace</string></test>\n"
            "    <edit name=\"family\" mode=\"prepend\" binding=\"strong\"><string>"
            + Proportional.toUtf8()
            + "</string></edit>\n"
              "  </match>\n"
              "</fontconfig>\n");
    return f.flush();
}

} // namespace

class TestFixedFont : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void proportionalMonospaceIsReplaced();
    void monospacedChoiceIsKept();
    void viewsLineUp();

private:
    QTemporaryDir m_settingsDir;
};

void TestFixedFont::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    QCoreApplication::setOrganizationName(QStringLiteral("EcontextTest"));
    QCoreApplication::setApplicationName(QStringLiteral("econtext-fixedfont-test"));

    if (!QFontDatabase::families().contains(Proportional))
        QSKIP("DejaVu Sans is not installed (fonts-dejavu-core): cannot make the machine.");
    // The machine this test made: the system's fixed font does not line up.
    const QFont system = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    QCOMPARE(QFontInfo(system).family(), Proportional);
    QVERIFY(!Test::unequalAdvances(system, Test::printableAscii()).isEmpty());
}

void TestFixedFont::proportionalMonospaceIsReplaced()
{
    const QFont system = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    const QFont fixed = fixedFont();
    qInfo("fixed font: %s %g pt (the system's: %s)",
          qPrintable(QFontInfo(fixed).family()),
          fixed.pointSizeF(),
          qPrintable(QFontInfo(system).family()));
    const QString unequal = Test::unequalAdvances(fixed, Test::printableAscii());
    QVERIFY2(unequal.isEmpty(), qPrintable(unequal));
    QVERIFY(QFontInfo(fixed).family() != Proportional);
    QCOMPARE(fixed.pointSizeF(), system.pointSizeF());
    QVERIFY(hasEqualAdvances(fixed));
    QVERIFY(!hasEqualAdvances(system));
}

void TestFixedFont::monospacedChoiceIsKept()
{
    QFont mono(QStringLiteral("DejaVu Sans Mono"), 11);
    if (QFontInfo(mono).family() != mono.family())
        QSKIP("DejaVu Sans Mono is not installed (fonts-dejavu-core).");
    mono.setBold(true);
    const QFont kept = monospacedFont(mono);
    QCOMPARE(QFontInfo(kept).family(), mono.family());
    QCOMPARE(kept.pointSize(), 11);
    QVERIFY(kept.bold());
}

void TestFixedFont::viewsLineUp()
{
    const QString text = Test::printableAscii();
    const auto check = [&text](const char *what, const QFont &font) {
        const QString unequal = Test::unequalAdvances(font, text);
        if (!unequal.isEmpty())
            qWarning("%s: %s", what, qPrintable(unequal));
        return unequal.isEmpty();
    };
    LogPane log;
    QVERIFY(check("log pane", log.view()->font()));
    StacksPane stacks;
    QVERIFY(check("stacks", stacks.findChild<QPlainTextEdit *>()->font()));
    ConsoleWidget console(nullptr);
    QVERIFY(check("console output", console.outputView()->font()));
    QVERIFY(check("console input", console.inputEdit()->font()));
    HostKeyDialog hostKeys;
    QVERIFY(check("fingerprint",
                  hostKeys.findChild<QLabel *>(QStringLiteral("fingerprint"))->font()));
    Broker broker;
    MultiRunDialog multiRun(&broker);
    const QList<QPlainTextEdit *> edits = multiRun.findChildren<QPlainTextEdit *>();
    QVERIFY(!edits.isEmpty());
    for (QPlainTextEdit *edit : edits)
        QVERIFY(check("multi-run", edit->font()));
}

int main(int argc, char **argv)
{
    // Before the application starts: fontconfig reads its configuration once.
    QTemporaryDir fonts;
    const QString config = fonts.filePath(QStringLiteral("fonts.conf"));
    if (!fonts.isValid() || !writeFontconfig(config)) {
        qCritical("cannot write a fontconfig configuration in %s", qPrintable(fonts.path()));
        return 1;
    }
    qputenv("FONTCONFIG_FILE", QFile::encodeName(config));
    QApplication app(argc, argv);
    app.setAttribute(Qt::AA_Use96Dpi, true);
    TestFixedFont test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_fixedfont.moc"
