// CaptureViewer offscreen over a real recorded session (tests/session/samplesession.h):
// the context tree with states and errors, and for the selected context the
// timeline, log, imports, calls, facts and audit rows of the capture; foreign
// and cut files.
#include "core/session/sessioncapture.h"
#include "tests/session/samplesession.h"
#include "ui/audit/auditpane.h"
#include "ui/audit/moduleauditmodel.h"
#include "ui/capture/captureviewer.h"
#include "ui/capture/sessionrecordingcontrol.h"
#include "ui/imports/importeventmodel.h"
#include "ui/imports/importfilterproxy.h"
#include "ui/imports/importspane.h"
#include "ui/logs/logmodel.h"
#include "ui/logs/logpane.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QFile>
#include <QFileInfo>
#include <QMainWindow>
#include <QSettings>
#include <QStandardItemModel>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeView>

#include <memory>

using namespace Econtext;
using Econtext::Test::SampleSession;

class TestCaptureViewer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void showsContextTree();
    void showsSelectedContext();
    void switchesContext();
    void refusesForeignFile();
    void cutFileSaysSo();
    void recordingControl();
    void dialogsStartInADirectoryThatExists();

private:
    QStandardItem *rowOf(const CaptureViewer &viewer, const QString &name) const;

    QTemporaryDir m_dir;
    QString m_file;
    SessionCapture m_capture;
    quint32 m_recordedId = 0;
    quint32 m_failedId = 0;
};

void TestCaptureViewer::initTestCase()
{
    QVERIFY(m_dir.isValid());
    if (Econtext::Test::availableInterpreters().isEmpty())
        QSKIP("No Python interpreter on this machine.");
    SampleSession session(m_dir.path());
    session.run();
    if (QTest::currentTestFailed())
        return;
    m_file = session.captureFile();
    m_recordedId = session.recorded()->id();
    m_failedId = session.failed()->id();
    Result<SessionCapture> read = SessionCapture::readFile(m_file);
    QVERIFY2(read, qPrintable(read.errorString()));
    m_capture = *read;
}

QStandardItem *TestCaptureViewer::rowOf(const CaptureViewer &viewer, const QString &name) const
{
    const QList<QStandardItem *> items
            = viewer.contextModel()->findItems(name, Qt::MatchExactly | Qt::MatchRecursive);
    return items.isEmpty() ? nullptr : items.first();
}

void TestCaptureViewer::showsContextTree()
{
    CaptureViewer viewer;
    QAbstractItemModelTester tester(viewer.contextModel(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QString error;
    QVERIFY2(viewer.openFile(m_file, &error), qPrintable(error));
    viewer.show();
    QVERIFY(QTest::qWaitForWindowExposed(&viewer));
    QCOMPARE(viewer.windowTitle(), QStringLiteral("Capture — session.jsonl"));

    // Every recorded context is a row (all were connected from the master: top level).
    QCOMPARE(viewer.contextModel()->rowCount(), 3);
    for (const CapturedContext &c : std::as_const(m_capture.contexts)) {
        QStandardItem *item = rowOf(viewer, c.name);
        QVERIFY2(item, qPrintable(c.name));
        QCOMPARE(item->data(CaptureViewer::ContextIdRole).toUInt(), c.id);
        const int row = item->row();
        QCOMPARE(viewer.contextModel()->item(row, CaptureViewer::StateColumn)->text(),
                 contextStateName(c.state()));
        QCOMPARE(viewer.contextModel()->item(row, CaptureViewer::MethodColumn)->text(),
                 c.methodText());
    }
    QStandardItem *failed = rowOf(viewer, QStringLiteral("unreachable"));
    QVERIFY(failed);
    const QString reason
            = viewer.contextModel()->item(failed->row(), CaptureViewer::ErrorColumn)->text();
    QVERIFY(!reason.isEmpty());
    QCOMPARE(reason, m_capture.context(m_failedId)->stateReason());
    QVERIFY(viewer.summaryText().contains(QStringLiteral("3 context")));
}

void TestCaptureViewer::showsSelectedContext()
{
    CaptureViewer viewer;
    QString error;
    QVERIFY2(viewer.openFile(m_file, &error), qPrintable(error));
    viewer.show();
    QVERIFY(QTest::qWaitForWindowExposed(&viewer));

    // Selecting through the tree, as a person would.
    QStandardItem *item = rowOf(viewer, QStringLiteral("recorded"));
    QVERIFY(item);
    viewer.contextView()->setCurrentIndex(item->index());
    QCOMPARE(viewer.selectedContextId(), m_recordedId);
    const CapturedContext &rec = *m_capture.context(m_recordedId);

    // Timeline: one row per stage with its time.
    QAbstractItemModel *timeline = viewer.timelineView()->model();
    QCOMPARE(timeline->rowCount(), int(rec.stages.size()));
    for (int r = 0; r < timeline->rowCount(); ++r) {
        QCOMPARE(timeline->index(r, 0).data().toString(), rec.stages.at(r).name);
        QCOMPARE(timeline->index(r, 1).data(Qt::UserRole + 1).toLongLong(),
                 rec.stages.at(r).msSinceStart);
    }

    // Log: the recorded records, in order.
    LogModel *logs = viewer.logPane()->model();
    QCOMPARE(logs->rowCount(), int(rec.logs.size()));
    bool sawWarning = false;
    for (int r = 0; r < logs->rowCount(); ++r) {
        QCOMPARE(logs->record(r).message, rec.logs.at(r).message);
        QCOMPARE(logs->record(r).time, rec.logs.at(r).time);
        sawWarning |= logs->record(r).message == QLatin1String("captured warning");
    }
    QVERIFY(sawWarning);

    // Imports: every recorded event, the package served.
    ImportEventModel *imports = viewer.importsPane()->model();
    QCOMPARE(imports->rowCount(), int(rec.imports.size()));
    QCOMPARE(viewer.importsPane()->proxy()->rowCount(), int(rec.imports.size()));
    bool sawServed = false;
    for (int r = 0; r < imports->rowCount(); ++r) {
        QCOMPARE(imports->event(r).module, rec.imports.at(r).module);
        sawServed |= imports->event(r).module == QLatin1String(SampleSession::packageName)
                     && imports->event(r).outcome == ImportOutcome::Served;
    }
    QVERIFY(sawServed);
    QCOMPARE(viewer.tabs()->indexOf(viewer.importsPane()), 2);

    // Calls: one row each, the failing one with its error.
    QAbstractItemModel *calls = viewer.callsView()->model();
    QCOMPARE(calls->rowCount(), int(rec.calls.size()));
    int errors = 0;
    for (int r = 0; r < calls->rowCount(); ++r) {
        QCOMPARE(calls->index(r, 0).data().toString(),
                 rec.calls.at(r).module + u'.' + rec.calls.at(r).func);
        if (!rec.calls.at(r).ok) {
            QCOMPARE(calls->index(r, 4).data().toString(), rec.calls.at(r).error);
            ++errors;
        } else {
            QCOMPARE(calls->index(r, 4).data().toString(), QStringLiteral("OK"));
        }
    }
    QCOMPARE(errors, 1);

    // Facts: the interpreter's, from the hello.
    QAbstractItemModel *facts = viewer.factsView()->model();
    bool sawVersion = false, sawPid = false;
    for (int r = 0; r < facts->rowCount(); ++r) {
        const QString value = facts->index(r, 1).data().toString();
        sawVersion |= value == rec.facts.pythonVersion;
        sawPid |= value == QString::number(rec.facts.pid);
    }
    QVERIFY(sawVersion);
    QVERIFY(sawPid);

    // Module audit: the package and the module sent ahead with it.
    QCOMPARE(viewer.auditPane()->model()->rowCount(), 2);
}

void TestCaptureViewer::switchesContext()
{
    CaptureViewer viewer;
    QString error;
    QVERIFY2(viewer.openFile(m_file, &error), qPrintable(error));
    QVERIFY(viewer.selectContext(m_recordedId));
    QVERIFY(viewer.logPane()->model()->rowCount() > 0);
    QVERIFY(viewer.selectContext(m_failedId));
    const CapturedContext &failed = *m_capture.context(m_failedId);
    QCOMPARE(viewer.logPane()->model()->rowCount(), int(failed.logs.size()));
    QCOMPARE(viewer.importsPane()->model()->rowCount(), 0);
    QCOMPARE(viewer.callsView()->model()->rowCount(), 0);
    QCOMPARE(viewer.auditPane()->model()->rowCount(), 0);
    QVERIFY(!viewer.selectContext(9999));
    QCOMPARE(viewer.selectedContextId(), m_failedId);
}

void TestCaptureViewer::refusesForeignFile()
{
    const QString path = m_dir.filePath(QStringLiteral("notes.txt"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("just some notes\n");
    f.close();
    QString error;
    QCOMPARE(CaptureViewer::openCapture(path, nullptr, &error), nullptr);
    QVERIFY2(error.contains(QStringLiteral("is not an Econtext session capture")),
             qPrintable(error));
}

void TestCaptureViewer::cutFileSaysSo()
{
    QFile in(m_file);
    QVERIFY(in.open(QIODevice::ReadOnly));
    const QByteArray data = in.readAll();
    const QString path = m_dir.filePath(QStringLiteral("cut.jsonl"));
    QFile out(path);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(data.left(data.size() - 4));
    out.close();
    CaptureViewer viewer;
    QString error;
    QVERIFY2(viewer.openFile(path, &error), qPrintable(error));
    QVERIFY2(viewer.summaryText().contains(QStringLiteral("cut off")),
             qPrintable(viewer.summaryText()));
    QCOMPARE(viewer.contextModel()->rowCount(), 3);
}

void TestCaptureViewer::recordingControl()
{
    Broker broker;
    QMainWindow window;
    SessionRecordingControl control(&broker, &window);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(control.recordAction()->isEnabled());
    QVERIFY(!control.stopAction()->isEnabled());
    // The REC indicator lives in the status bar, shown only while recording.
    QToolButton *rec
            = window.statusBar()->findChild<QToolButton *>(QStringLiteral("recordingIndicator"));
    QVERIFY(rec);
    QVERIFY(!rec->isVisible());
    QString error;
    QVERIFY(!control.startRecording(m_dir.filePath(QStringLiteral("no/dir/x.jsonl")), &error));
    QVERIFY(!error.isEmpty());
    const QString path = m_dir.filePath(QStringLiteral("control.jsonl"));
    QVERIFY2(control.startRecording(path, &error), qPrintable(error));
    QVERIFY(!control.recordAction()->isEnabled());
    QVERIFY(control.stopAction()->isEnabled());
    QVERIFY(rec->isVisible());
    QVERIFY(rec->toolTip().contains(QLatin1String("control.jsonl")));
    control.stopAction()->trigger();
    QVERIFY(control.recordAction()->isEnabled());
    QVERIFY(!control.stopAction()->isEnabled());
    QVERIFY(!rec->isVisible());
    // Clicking the indicator stops a recording too.
    QVERIFY2(control.startRecording(m_dir.filePath(QStringLiteral("again.jsonl")), &error),
             qPrintable(error));
    QVERIFY(rec->isVisible());
    rec->click();
    QVERIFY(!control.stopAction()->isEnabled());
    QVERIFY(!rec->isVisible());
    const Result<SessionCapture> read = SessionCapture::readFile(path);
    QVERIFY2(read, qPrintable(read.errorString()));
    QVERIFY(read->complete);
}

void TestCaptureViewer::dialogsStartInADirectoryThatExists()
{
    // A directory that is gone (or ~/Documents that never was) must not become the file
    // name the Open dialog offers: the dialogs start in one that exists.
    QTemporaryDir settings;
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settings.path());
    auto gone = std::make_unique<QTemporaryDir>();
    const QString goneDir = gone->path();
    CaptureViewer::rememberCaptureDirectory(goneDir + QStringLiteral("/x.jsonl"));
    QCOMPARE(CaptureViewer::captureDirectory(), goneDir);
    gone.reset();
    QVERIFY(QFileInfo(CaptureViewer::captureDirectory()).isDir());
    QVERIFY(CaptureViewer::captureDirectory() != goneDir);
}

QTEST_MAIN(TestCaptureViewer)
#include "tst_captureviewer.moc"
