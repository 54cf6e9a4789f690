// The bootstrap timeline, end to end: the stages of a real local context in
// order in the chart and the table, painted in a light and a dark palette; a
// bootstrap that stalls (an "interpreter" that is a shell script sleeping) named
// live in the pane and in the tree, and ended by Cancel.
#include "core/broker/broker.h"
#include "ui/contexts/contexttab.h"
#include "ui/contexts/contexttreemodel.h"
#include "ui/mainwindow.h"
#include "ui/timeline/timelinechart.h"
#include "ui/timeline/timelinepane.h"

#include <QAction>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QPushButton>
#include <QSettings>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <QTreeWidget>

using namespace Econtext;

namespace {

bool hasPixelOf(const QImage &image, const QColor &color)
{
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            if (image.pixelColor(x, y).rgb() == color.rgb())
                return true;
        }
    }
    return false;
}

QPalette darkPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, QColor(0x20, 0x20, 0x24));
    p.setColor(QPalette::WindowText, QColor(0xee, 0xee, 0xee));
    p.setColor(QPalette::Base, QColor(0x18, 0x18, 0x1c));
    p.setColor(QPalette::Text, QColor(0xee, 0xee, 0xee));
    p.setColor(QPalette::Highlight, QColor(0x3d, 0x8e, 0xe0));
    p.setColor(QPalette::PlaceholderText, QColor(0x99, 0x99, 0x99));
    return p;
}

} // namespace

class TestTimelineView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void showsTheStagesOfALocalContext();
    void namesAStalledBootstrapLiveAndCancels();

private:
    QTemporaryDir m_dir;
};

void TestTimelineView::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.path());
    QCoreApplication::setOrganizationName(QStringLiteral("EcontextTest"));
    QCoreApplication::setApplicationName(QStringLiteral("econtext-timeline-test"));
}

void TestTimelineView::showsTheStagesOfALocalContext()
{
    if (!QFileInfo(QStringLiteral("/usr/bin/python3")).isExecutable())
        QSKIP("No /usr/bin/python3 on this machine.");
    Broker broker;
    ConnectOptions options;
    options.name = QStringLiteral("timeline-local");
    options.python = QStringLiteral("/usr/bin/python3");
    Context *context = broker.connectContext(options);
    QVERIFY(context);

    TimelinePane pane;
    pane.setBroker(&broker);
    pane.attach(context);
    pane.resize(700, 500);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));

    QTRY_VERIFY_WITH_TIMEOUT(pane.statusText().startsWith(QStringLiteral("Connected")), 30000);
    const QList<BootstrapStage> stages = context->timeline();
    QVERIFY2(stages.size() >= 3, "a real bootstrap has several stages");

    // The chart: one hop, every stage in order, times never going back.
    QTRY_COMPARE(pane.chart()->hops().size(), 1);
    const TimelineHop hop = pane.chart()->hops().constFirst();
    QCOMPARE(hop.stages.size(), stages.size());
    for (qsizetype i = 0; i < stages.size(); ++i) {
        QCOMPARE(hop.stages.at(i).name, stages.at(i).name);
        if (i > 0)
            QVERIFY(hop.stages.at(i).msSinceStart >= hop.stages.at(i - 1).msSinceStart);
    }
    QVERIFY(hop.waitingFor.isEmpty());
    QVERIFY(!pane.cancelButton()->isVisible());

    // The table: the hop with its stages as children, in the same order.
    QTreeWidget *table = pane.table();
    QCOMPARE(table->topLevelItemCount(), 1);
    QTreeWidgetItem *top = table->topLevelItem(0);
    QVERIFY(top->text(0).contains(QStringLiteral("timeline-local")));
    QCOMPARE(top->childCount(), int(stages.size()));
    for (int i = 0; i < top->childCount(); ++i)
        QCOMPARE(top->child(i)->text(0), stages.at(i).name);

    // Bars in the highlight colour on the base colour, in a light and in a dark palette.
    for (const QPalette &palette : {QPalette(Qt::white), darkPalette()}) {
        pane.chart()->setPalette(palette);
        const QPalette effective = pane.chart()->palette();
        const QImage image = pane.chart()->grab().toImage();
        QVERIFY(!image.isNull());
        QVERIFY(hasPixelOf(image, effective.color(QPalette::Highlight)));
        QVERIFY(hasPixelOf(image, effective.color(QPalette::Base)));
        QVERIFY(effective.color(QPalette::Text) != effective.color(QPalette::Base));
    }

    context->shutdown();
    QTRY_VERIFY_WITH_TIMEOUT(context->state() == ContextState::Disconnected
                                     || context->state() == ContextState::Failed,
                             15000);
}

void TestTimelineView::namesAStalledBootstrapLiveAndCancels()
{
    // An "interpreter" that never runs the first stage.
    const QString script = m_dir.filePath(QStringLiteral("stalling-python"));
    {
        QFile file(script);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("#!/bin/sh\nsleep 60\n");
    }
    QVERIFY(QFile::setPermissions(script, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));

    Broker broker;
    MainWindow window(&broker);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    ConnectOptions options;
    options.name = QStringLiteral("stalling");
    options.python = script;
    options.bootstrapTimeoutMs = 120000; // our Cancel ends it, not the timeout
    Context *context = window.connectWith(options);
    QVERIFY(context);
    const quint32 id = context->id();
    ContextTab *tab = window.tabFor(id);
    QVERIFY(tab);

    // Shown by itself while connecting.
    TimelinePane *pane = tab->timelinePane();
    QCOMPARE(tab->panes()->currentWidget(), pane);
    QTRY_VERIFY_WITH_TIMEOUT(
            pane->statusText().contains(QStringLiteral("the first stage to start")), 15000);
    QVERIFY(pane->statusText().startsWith(QStringLiteral("Waiting for")));
    // Live: the seconds go up.
    const QString first = pane->statusText();
    QTRY_VERIFY_WITH_TIMEOUT(pane->statusText() != first, 5000);
    QVERIFY(pane->statusText().contains(QStringLiteral("the first stage to start")));
    QCOMPARE(pane->chart()->hops().size(), 1);
    QCOMPARE(pane->chart()->hops().constFirst().waitingFor,
             QStringLiteral("the first stage to start"));

    // The tree says it too.
    const QModelIndex state = window.contextModel()->indexForId(id, ContextTreeModel::StateColumn);
    QTRY_VERIFY(state.data(ContextTreeModel::WaitingRole)
                        .toString()
                        .contains(QStringLiteral("waiting for the first stage to start")));
    QVERIFY(state.data(Qt::ToolTipRole).toString().contains(QStringLiteral("waiting for")));

    // Cancel is offered in the pane and in the Context menu.
    window.contextView()->setCurrentIndex(window.contextModel()->indexForId(id));
    auto *cancelAction = window.findChild<QAction *>(QStringLiteral("cancelConnectAction"));
    QVERIFY(cancelAction);
    QTRY_VERIFY(cancelAction->isEnabled());
    QVERIFY(pane->cancelButton()->isVisible());
    QTest::mouseClick(pane->cancelButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(context->state() == ContextState::Failed
                                     || context->state() == ContextState::Disconnected,
                             10000);
    // After the failure the pane says where it stalled, and offers no Cancel.
    QTRY_VERIFY(pane->statusText().startsWith(QStringLiteral("Failed")));
    QVERIFY2(pane->statusText().contains(QStringLiteral("the first stage to start")),
             qPrintable(pane->statusText()));
    QTRY_VERIFY(!pane->cancelButton()->isVisible());
    QTRY_VERIFY(!cancelAction->isEnabled());
    QCOMPARE(tab->panes()->currentWidget(), pane);
}

QTEST_MAIN(TestTimelineView)
#include "tst_timelineview.moc"
