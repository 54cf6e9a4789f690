// AuditPane and ModuleAuditModel: the modules sent to a context, from a live
// context and from a recorded capture, with the SHA-256 of each module file on
// the master, and exports (CSV, JSON) that parse back to the same rows.
#include "core/broker/broker.h"
#include "core/modules/moduleserver.h"
#include "core/session/sessioncapture.h"
#include "tests/session/samplesession.h"
#include "tests/support/await.h"
#include "tests/support/pythons.h"
#include "ui/audit/auditpane.h"
#include "ui/audit/moduleauditmodel.h"
#include "ui/imports/importeventmodel.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCryptographicHash>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPushButton>
#include <QScreen>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace Econtext;
using Econtext::Test::SampleSession;

namespace {

QByteArray sha256Hex(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex();
}

// RFC 4180: fields separated by commas, quoted when they hold commas, quotes or
// line breaks, quotes doubled inside; records end with CRLF.
QList<QStringList> parseCsv(const QString &text)
{
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == u'"' && i + 1 < text.size() && text.at(i + 1) == u'"') {
                field += u'"';
                ++i;
            } else if (c == u'"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == u'"') {
            quoted = true;
        } else if (c == u',') {
            row << field;
            field.clear();
        } else if (c == u'\r') {
            continue;
        } else if (c == u'\n') {
            row << field;
            rows << row;
            row.clear();
            field.clear();
        } else {
            field += c;
        }
    }
    if (!field.isEmpty() || !row.isEmpty())
        rows << (row << field);
    return rows;
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestAuditPane : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void listsSentModulesFromCapture();
    void exportsCsv();
    void exportsJson();
    void exportFailsClearly();
    void followsLiveContext();
    void ignoresRepeatsAndOtherOutcomes();

private:
    QTemporaryDir m_dir;
    QString m_packageInit;
    QString m_packagePart;
    ImportEvents m_events; // the recorded context's import events
};

void TestAuditPane::initTestCase()
{
    QVERIFY(m_dir.isValid());
    if (Econtext::Test::availableInterpreters().isEmpty())
        QSKIP("No Python interpreter on this machine.");
    SampleSession session(m_dir.path());
    session.run();
    if (QTest::currentTestFailed())
        return;
    m_packageInit = session.packageInit();
    m_packagePart = session.packagePart();
    const Result<SessionCapture> read = SessionCapture::readFile(session.captureFile());
    QVERIFY2(read, qPrintable(read.errorString()));
    m_events = read->context(session.recorded()->id())->imports;
    QVERIFY(!m_events.isEmpty());
}

void TestAuditPane::listsSentModulesFromCapture()
{
    AuditPane pane;
    QAbstractItemModelTester tester(pane.model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester proxyTester(pane.proxy(),
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    pane.setEvents(m_events);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));

    const QString pkg = QLatin1String(SampleSession::packageName);
    QCOMPARE(pane.model()->rowCount(), 2);
    bool sawInit = false, sawPart = false;
    for (int r = 0; r < pane.model()->rowCount(); ++r) {
        const ImportEvent &e = pane.model()->entry(r);
        const auto cell = [&](int column) {
            return pane.model()->index(r, column).data(ModuleAuditModel::ExportRole);
        };
        if (e.module == pkg) {
            sawInit = true;
            QCOMPARE(cell(ModuleAuditModel::HowColumn).toString(), QStringLiteral("served"));
            QCOMPARE(cell(ModuleAuditModel::Sha256Column).toString().toLatin1(),
                     sha256Hex(m_packageInit));
            QCOMPARE(cell(ModuleAuditModel::BytesRawColumn).toLongLong(),
                     QFileInfo(m_packageInit).size());
        } else if (e.module == pkg + QStringLiteral(".part")) {
            sawPart = true;
            QCOMPARE(cell(ModuleAuditModel::HowColumn).toString(), QStringLiteral("sent-ahead"));
            QCOMPARE(pane.model()->index(r, ModuleAuditModel::HowColumn).data().toString(),
                     QStringLiteral("sent ahead"));
            QCOMPARE(cell(ModuleAuditModel::Sha256Column).toString().toLatin1(),
                     sha256Hex(m_packagePart));
            QCOMPARE(cell(ModuleAuditModel::RequestedByColumn).toString(), pkg);
        }
        QVERIFY(cell(ModuleAuditModel::BytesCompressedColumn).toLongLong() > 0);
    }
    QVERIFY(sawInit);
    QVERIFY(sawPart);
    QVERIFY2(pane.totalsText().contains(QStringLiteral("2 module")), qPrintable(pane.totalsText()));

    pane.setFilterText(QStringLiteral("PART"));
    QCOMPARE(pane.proxy()->rowCount(), 1);
    pane.setFilterText(QString());
    QCOMPARE(pane.proxy()->rowCount(), 2);
}

void TestAuditPane::exportsCsv()
{
    AuditPane pane;
    pane.setEvents(m_events);
    const QString path = m_dir.filePath(QStringLiteral("audit.csv"));
    QString error;
    QVERIFY2(pane.exportToFile(path, &error), qPrintable(error));
    const QList<QStringList> rows = parseCsv(QString::fromUtf8(readAll(path)));
    QCOMPARE(rows.size(), 1 + pane.proxy()->rowCount());
    QStringList header;
    for (int c = 0; c < ModuleAuditModel::ColumnCount; ++c)
        header << ModuleAuditModel::columnKey(c);
    QCOMPARE(rows.first(), header);
    for (int r = 0; r < pane.proxy()->rowCount(); ++r) {
        const QStringList &row = rows.at(r + 1);
        QCOMPARE(row.size(), int(ModuleAuditModel::ColumnCount));
        for (int c = 0; c < ModuleAuditModel::ColumnCount; ++c) {
            QCOMPARE(row.at(c),
                     pane.proxy()->index(r, c).data(ModuleAuditModel::ExportRole).toString());
        }
        // The hash in the file is the hash of the module file on the master.
        const QString module = row.at(ModuleAuditModel::ModuleColumn);
        const QString file
                = module.endsWith(QLatin1String(".part")) ? m_packagePart : m_packageInit;
        QCOMPARE(row.at(ModuleAuditModel::Sha256Column).toLatin1(), sha256Hex(file));
        QCOMPARE(row.at(ModuleAuditModel::BytesRawColumn).toLongLong(), QFileInfo(file).size());
    }
}

void TestAuditPane::exportsJson()
{
    AuditPane pane;
    pane.setEvents(m_events);
    const QString path = m_dir.filePath(QStringLiteral("audit.json"));
    QString error;
    QVERIFY2(pane.exportToFile(path, &error), qPrintable(error));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(readAll(path), &parseError);
    QVERIFY2(doc.isArray(), qPrintable(parseError.errorString()));
    const QJsonArray rows = doc.array();
    QCOMPARE(rows.size(), pane.proxy()->rowCount());
    for (int r = 0; r < rows.size(); ++r) {
        const QJsonObject o = rows.at(r).toObject();
        QCOMPARE(o.value(QLatin1String("module")).toString(),
                 pane.model()
                         ->entry(pane.proxy()->mapToSource(pane.proxy()->index(r, 0)).row())
                         .module);
        const QString file
                = o.value(QLatin1String("module")).toString().endsWith(QLatin1String(".part"))
                          ? m_packagePart
                          : m_packageInit;
        QCOMPARE(o.value(QLatin1String("sha256")).toString().toLatin1(), sha256Hex(file));
        QCOMPARE(o.value(QLatin1String("bytesRaw")).toInteger(), QFileInfo(file).size());
        QVERIFY(o.value(QLatin1String("bytesCompressed")).toInteger() > 0);
    }
}

void TestAuditPane::exportFailsClearly()
{
    AuditPane pane;
    pane.setEvents(m_events);
    QString error;
    const QString path = m_dir.filePath(QStringLiteral("no/such/dir/audit.csv"));
    QVERIFY(!pane.exportToFile(path, &error));
    QVERIFY2(error.startsWith(QStringLiteral("Could not write ")), qPrintable(error));
}

void TestAuditPane::followsLiveContext()
{
    // A context of its own, audited while it imports from a --module-path directory.
    Broker broker;
    broker.moduleServer().setReferencePython(QString());
    broker.moduleServer().addDirectory(QFileInfo(QFileInfo(m_packageInit).path()).path());
    ConnectOptions options;
    options.python = Econtext::Test::availableInterpreters().first().path;
    Context *ctx = broker.connectContext(options);
    QString why;
    QVERIFY2(Econtext::Test::waitConnected(ctx, &why), qPrintable(why));

    AuditPane *pane = AuditPane::showForContext(ctx, {}, nullptr);
    QPointer<AuditPane> guard(pane);
    QVERIFY(pane->windowTitle().contains(ctx->name()));
    QCOMPARE(pane->model()->rowCount(), 0);
    QCOMPARE(Econtext::Test::evalRepr(ctx,
                                      QStringLiteral("__import__('%1').part.VALUE")
                                              .arg(QLatin1String(SampleSession::packageName))),
             QStringLiteral("'part value'"));
    QTRY_COMPARE_WITH_TIMEOUT(pane->model()->rowCount(), 2, 10000);
    for (int r = 0; r < 2; ++r) {
        const ImportEvent &e = pane->model()->entry(r);
        const QString file
                = e.module.endsWith(QLatin1String(".part")) ? m_packagePart : m_packageInit;
        QCOMPARE(e.sha256.toLatin1(), sha256Hex(file));
    }

    // The history a main window passes in (from its Imports view) is not listed twice.
    ImportEventModel imports;
    ImportEvents all;
    for (int r = 0; r < 2; ++r)
        all << pane->model()->entry(r);
    imports.appendEvents(all);
    const ImportEvents history = AuditPane::eventsOf(imports, ctx->id());
    QCOMPARE(history.size(), 2);
    QCOMPARE(AuditPane::eventsOf(imports, ctx->id() + 100).size(), 0);
    pane->setContext(ctx, history);
    pane->appendEvents(history);
    QCOMPARE(pane->model()->rowCount(), 2);

    // A window of its own: wholly on the screen, and it closes as a dialog does (Esc, Close),
    // deleted on close.
    QVERIFY(pane->isWindow());
    QVERIFY(QTest::qWaitForWindowExposed(pane));
    const QRect free = pane->screen()->availableGeometry();
    const QRect frame = pane->frameGeometry();
    QVERIFY2(free.contains(frame),
             qPrintable(QStringLiteral("window %1,%2 %3x%4 outside the screen's %5x%6")
                                .arg(frame.x())
                                .arg(frame.y())
                                .arg(frame.width())
                                .arg(frame.height())
                                .arg(free.width())
                                .arg(free.height())));
    auto *buttons = pane->findChild<QDialogButtonBox *>();
    QVERIFY(buttons && buttons->button(QDialogButtonBox::Close));
    QTest::keyClick(pane->view(), Qt::Key_Escape);
    QTRY_VERIFY(guard.isNull());

    AuditPane *second = AuditPane::showForContext(ctx, {}, nullptr);
    QPointer<AuditPane> secondGuard(second);
    second->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Close)->click();
    QTRY_VERIFY(secondGuard.isNull());
}

void TestAuditPane::ignoresRepeatsAndOtherOutcomes()
{
    ModuleAuditModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    ImportEvents events = m_events;
    ImportEvent local;
    local.contextId = 1;
    local.module = QStringLiteral("json");
    local.outcome = ImportOutcome::Local;
    ImportEvent notFound = local;
    notFound.module = QStringLiteral("nowhere");
    notFound.outcome = ImportOutcome::NotFound;
    events << local << notFound;
    model.appendEvents(events);
    QCOMPARE(model.rowCount(), 2);
    model.appendEvents(m_events);
    QCOMPARE(model.rowCount(), 2);
    qint64 raw = 0;
    for (const ImportEvent &e : std::as_const(m_events)) {
        if (ModuleAuditModel::isSent(e))
            raw += e.bytesRaw;
    }
    QCOMPARE(model.totalBytesRaw(), raw);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.totalBytesRaw(), 0);
}

QTEST_MAIN(TestAuditPane)
#include "tst_auditpane.moc"
