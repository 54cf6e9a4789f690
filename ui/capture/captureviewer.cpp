#include "ui/capture/captureviewer.h"

#include "ui/audit/auditpane.h"
#include "ui/icons.h"
#include "ui/imports/importeventmodel.h"
#include "ui/imports/importspane.h"
#include "ui/logs/logpane.h"
#include "ui/widgets/windowplacement.h"

#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPainter>
#include <QSettings>
#include <QSplitter>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStyledItemDelegate>
#include <QTabWidget>
#include <QTableView>
#include <QTreeView>
#include <QVBoxLayout>

namespace Econtext {

namespace {

enum TimelineColumn { StageColumn, SinceStartColumn, BarColumn, TimelineColumnCount };
constexpr int SortRole = Qt::UserRole + 1;
// Where captures were last opened or recorded.
constexpr char kCaptureDirKey[] = "capture/directory";
constexpr int BarStartRole = Qt::UserRole + 2; // fraction of the bootstrap, 0..1
constexpr int BarEndRole = Qt::UserRole + 3;

// Draws each stage as a bar from its start to the next stage's, on one scale for
// the whole bootstrap, so the slow step stands out.
class StageBarDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter,
               const QStyleOptionViewItem &option,
               const QModelIndex &index) const override
    {
        QStyledItemDelegate::paint(painter, option, QModelIndex());
        const double start = index.data(BarStartRole).toDouble();
        const double end = index.data(BarEndRole).toDouble();
        const QRectF area = QRectF(option.rect).adjusted(4, 4, -4, -4);
        const double x = area.left() + start * area.width();
        const double w = qMax(2.0, (end - start) * area.width());
        painter->save();
        painter->setPen(Qt::NoPen);
        painter->setBrush(option.palette.color(QPalette::Highlight));
        painter->drawRect(QRectF(x, area.top(), w, area.height()));
        painter->restore();
    }
};

QStandardItem *textItem(const QString &text)
{
    auto *item = new QStandardItem(text);
    item->setEditable(false);
    item->setData(text, SortRole);
    return item;
}

QStandardItem *numberItem(const QString &text, const QVariant &sortValue)
{
    auto *item = textItem(text);
    item->setData(sortValue, SortRole);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

QString epochMsText(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("HH:mm:ss.zzz"));
}

QTableView *makeTable(QWidget *parent, const QString &objectName)
{
    auto *view = new QTableView(parent);
    view->setObjectName(objectName);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 6);
    view->horizontalHeader()->setStretchLastSection(true);
    return view;
}

QString callName(const CallRecord &c)
{
    QString name = c.module;
    if (!c.cls.isEmpty())
        name += u'.' + c.cls;
    return name + u'.' + c.func;
}

QString modeText(CallMode mode)
{
    switch (mode) {
    case CallMode::Serial:
        return CaptureViewer::tr("serial");
    case CallMode::Thread:
        return CaptureViewer::tr("thread");
    case CallMode::IoThread:
        return CaptureViewer::tr("I/O thread");
    }
    return QString();
}

} // namespace

CaptureViewer::CaptureViewer(QWidget *parent)
    : QMainWindow(parent)
    , m_contextModel(new QStandardItemModel(this))
    , m_timelineModel(new QStandardItemModel(this))
    , m_callsModel(new QStandardItemModel(this))
    , m_factsModel(new QStandardItemModel(this))
{
    setObjectName(QStringLiteral("captureViewer"));
    setWindowTitle(tr("Capture"));
    setWindowIcon(Icons::appIcon());

    m_contextModel->setHorizontalHeaderLabels(
            {tr("Context"), tr("State"), tr("Method"), tr("Error")});
    m_treeView = new QTreeView(this);
    m_treeView->setObjectName(QStringLiteral("captureContexts"));
    m_treeView->setModel(m_contextModel);
    m_treeView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_treeView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_treeView->setUniformRowHeights(true);
    connect(m_treeView->selectionModel(),
            &QItemSelectionModel::currentRowChanged,
            this,
            [this](const QModelIndex &current) {
                if (current.isValid())
                    selectContext(current.siblingAtColumn(NameColumn).data(ContextIdRole).toUInt());
            });

    auto *right = new QWidget(this);
    m_headerLabel = new QLabel(right);
    m_headerLabel->setObjectName(QStringLiteral("captureContextHeader"));
    m_headerLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_headerLabel->setWordWrap(true);
    m_headerLabel->setContentsMargins(6, 4, 6, 4);
    m_tabs = new QTabWidget(right);
    m_tabs->setObjectName(QStringLiteral("captureTabs"));
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_headerLabel);
    rightLayout->addWidget(m_tabs, 1);

    m_timelineModel->setHorizontalHeaderLabels({tr("Stage"), tr("Since start"), QString()});
    m_timelineView = makeTable(m_tabs, QStringLiteral("captureTimeline"));
    m_timelineView->setModel(m_timelineModel);
    m_timelineView->setItemDelegateForColumn(BarColumn, new StageBarDelegate(m_timelineView));
    m_timelineView->setColumnWidth(
            StageColumn, m_timelineView->fontMetrics().horizontalAdvance(QString(24, u'm')));
    m_tabs->addTab(m_timelineView, tr("Timeline"));

    m_logPane = new LogPane(m_tabs);
    m_tabs->addTab(m_logPane, tr("Log"));

    m_importsPane = new ImportsPane(nullptr, 0, m_tabs);
    m_importsTabIndex = m_tabs->addTab(m_importsPane, tr("Imports"));

    m_callsModel->setHorizontalHeaderLabels(
            {tr("Function"), tr("Mode"), tr("Started"), tr("Duration (ms)"), tr("Result")});
    m_callsModel->setSortRole(SortRole);
    m_callsView = makeTable(m_tabs, QStringLiteral("captureCalls"));
    m_callsView->setModel(m_callsModel);
    m_callsView->setSortingEnabled(true);
    m_callsView->setColumnWidth(0, m_callsView->fontMetrics().horizontalAdvance(QString(28, u'm')));
    m_tabs->addTab(m_callsView, tr("Calls"));

    m_factsModel->setHorizontalHeaderLabels({tr("Fact"), tr("Value")});
    m_factsView = makeTable(m_tabs, QStringLiteral("captureFacts"));
    m_factsView->setModel(m_factsModel);
    m_factsView->setColumnWidth(0, m_factsView->fontMetrics().horizontalAdvance(QString(18, u'm')));
    m_tabs->addTab(m_factsView, tr("Facts"));

    m_auditPane = new AuditPane(m_tabs);
    m_tabs->addTab(m_auditPane, tr("Module Audit"));

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_treeView);
    splitter->addWidget(right);
    splitter->setStretchFactor(1, 3);
    setCentralWidget(splitter);

    m_summaryLabel = new QLabel(this);
    m_summaryLabel->setObjectName(QStringLiteral("captureSummary"));
    statusBar()->addWidget(m_summaryLabel, 1);
    resize(1200, 720);
}

CaptureViewer::~CaptureViewer() = default;

bool CaptureViewer::openFile(const QString &fileName, QString *errorMessage)
{
    Result<SessionCapture> read = SessionCapture::readFile(fileName);
    if (!read) {
        if (errorMessage)
            *errorMessage = read.errorString();
        return false;
    }
    setCapture(std::move(read).value(), fileName);
    return true;
}

void CaptureViewer::setCapture(const SessionCapture &capture, const QString &fileName)
{
    m_capture = capture;
    m_fileName = fileName;
    setWindowTitle(tr("Capture — %1").arg(QFileInfo(fileName).fileName()));
    setWindowFilePath(fileName);

    const QLocale locale;
    QString summary
            = tr("Recorded %1 by %2, %3 s, %n context(s)", nullptr, int(capture.contexts.size()))
                      .arg(locale.toString(QDateTime::fromMSecsSinceEpoch(capture.startedMs),
                                           QLocale::ShortFormat),
                           capture.app.isEmpty() ? tr("an unknown application") : capture.app,
                           locale.toString(double(capture.durationMs) / 1000.0, 'f', 1));
    if (capture.truncated)
        summary += tr("; the last line was cut off (the recording did not finish)");
    else if (!capture.complete)
        summary += tr("; the recording did not finish");
    m_summaryLabel->setText(summary);

    buildContextTree();
    clearContextViews();
    m_selectedId = 0;
    if (!capture.contexts.isEmpty())
        selectContext(capture.contexts.first().id);
}

QString CaptureViewer::summaryText() const
{
    return m_summaryLabel->text();
}

void CaptureViewer::buildContextTree()
{
    m_contextModel->removeRows(0, m_contextModel->rowCount());
    QHash<quint32, QStandardItem *> items;
    // Parents are recorded before their children; a parent the capture lacks puts
    // the child at the top level rather than hiding it.
    for (const CapturedContext &c : std::as_const(m_capture.contexts)) {
        const ContextState state = c.state();
        auto *name = textItem(c.name);
        name->setData(c.id, ContextIdRole);
        name->setIcon(Icons::stateIcon(state));
        name->setToolTip(c.description);
        auto *stateItem = textItem(contextStateName(state));
        auto *method = textItem(c.methodText());
        method->setToolTip(c.description);
        const bool error = state == ContextState::Failed;
        auto *errorItem = textItem(error || state == ContextState::Disconnected ? c.stateReason()
                                                                                : QString());
        errorItem->setToolTip(errorItem->text());
        const QList<QStandardItem *> row{name, stateItem, method, errorItem};
        QStandardItem *parent = items.value(c.parentId, nullptr);
        if (parent)
            parent->appendRow(row);
        else
            m_contextModel->appendRow(row);
        items.insert(c.id, name);
    }
    m_treeView->expandAll();
    for (int c = 0; c < ContextColumnCount - 1; ++c)
        m_treeView->resizeColumnToContents(c);
}

bool CaptureViewer::selectContext(quint32 id)
{
    const CapturedContext *context = m_capture.context(id);
    if (!context)
        return false;
    if (id == m_selectedId)
        return true;
    m_selectedId = id;
    const QModelIndexList found = m_contextModel->match(m_contextModel->index(0, NameColumn),
                                                        ContextIdRole,
                                                        id,
                                                        1,
                                                        Qt::MatchExactly | Qt::MatchRecursive);
    if (!found.isEmpty() && m_treeView->currentIndex().siblingAtColumn(NameColumn) != found.first())
        m_treeView->setCurrentIndex(found.first());
    showContext(*context);
    return true;
}

void CaptureViewer::clearContextViews()
{
    m_headerLabel->clear();
    m_timelineModel->removeRows(0, m_timelineModel->rowCount());
    m_callsModel->removeRows(0, m_callsModel->rowCount());
    m_factsModel->removeRows(0, m_factsModel->rowCount());
    m_logPane->clear();
    m_importsPane->clear();
    m_auditPane->clear();
}

void CaptureViewer::showContext(const CapturedContext &context)
{
    clearContextViews();
    const ContextState state = context.state();
    QString header = tr("<b>%1</b> — %2 (%3): %4")
                             .arg(context.name.toHtmlEscaped(),
                                  context.description.toHtmlEscaped(),
                                  context.methodText().toHtmlEscaped(),
                                  contextStateName(state));
    if (!context.stateReason().isEmpty())
        header += QStringLiteral(" — ") + context.stateReason().toHtmlEscaped();
    m_headerLabel->setText(header);

    fillTimeline(context);
    m_logPane->appendRecords(context.logs);
    m_logPane->flush();
    replaceImportsPane(context);
    fillCalls(context);
    fillFacts(context);
    m_auditPane->setEvents(context.imports);
}

void CaptureViewer::replaceImportsPane(const CapturedContext &context)
{
    // An ImportsPane shows one context id for its whole life: a fresh one per selection.
    auto *pane = new ImportsPane(nullptr, context.id, m_tabs);
    pane->model()->setContextName(context.id, context.name);
    pane->appendEvents(context.imports);
    const bool current = m_tabs->currentIndex() == m_importsTabIndex;
    m_tabs->removeTab(m_importsTabIndex);
    m_tabs->insertTab(m_importsTabIndex, pane, tr("Imports"));
    if (current)
        m_tabs->setCurrentIndex(m_importsTabIndex);
    m_importsPane->deleteLater();
    m_importsPane = pane;
}

void CaptureViewer::fillTimeline(const CapturedContext &context)
{
    const QLocale locale;
    const qint64 total = context.stages.isEmpty() ? 0 : context.stages.last().msSinceStart;
    for (qsizetype i = 0; i < context.stages.size(); ++i) {
        const BootstrapStage &s = context.stages.at(i);
        const qint64 next = i + 1 < context.stages.size() ? context.stages.at(i + 1).msSinceStart
                                                          : s.msSinceStart;
        auto *bar = textItem(QString());
        bar->setData(total > 0 ? double(s.msSinceStart) / double(total) : 0.0, BarStartRole);
        bar->setData(total > 0 ? double(next) / double(total) : 0.0, BarEndRole);
        bar->setToolTip(
                tr("%1 ms until the next stage").arg(locale.toString(next - s.msSinceStart)));
        m_timelineModel->appendRow(
                {textItem(s.name),
                 numberItem(tr("%1 ms").arg(locale.toString(s.msSinceStart)), s.msSinceStart),
                 bar});
    }
}

void CaptureViewer::fillCalls(const CapturedContext &context)
{
    const QLocale locale;
    for (const CallRecord &c : context.calls) {
        auto *result = textItem(c.ok ? tr("OK") : c.error);
        result->setToolTip(c.ok ? QString() : c.error);
        if (!c.ok)
            result->setIcon(Icons::stateIcon(ContextState::Failed));
        m_callsModel->appendRow({textItem(callName(c)),
                                 textItem(modeText(c.mode)),
                                 numberItem(epochMsText(c.startedMs), c.startedMs),
                                 numberItem(locale.toString(c.durationMs, 'f', 1), c.durationMs),
                                 result});
    }
}

void CaptureViewer::fillFacts(const CapturedContext &context)
{
    const QLocale locale;
    const auto add = [this](const QString &fact, const QString &value) {
        m_factsModel->appendRow({textItem(fact), textItem(value)});
    };
    add(tr("Name"), context.name);
    add(tr("Method"), context.methodText());
    add(tr("Target"), context.description);
    add(tr("State"), contextStateName(context.state()));
    if (!context.stateReason().isEmpty())
        add(tr("Reason"), context.stateReason());
    if (context.hasFacts) {
        const ContextFacts &f = context.facts;
        add(tr("Python"), f.pythonVersion);
        add(tr("Python (full)"), f.pythonFull);
        add(tr("Process id"), QString::number(f.pid));
        add(tr("User"), f.user);
        add(tr("Host"), f.host);
        add(tr("Platform"), f.platform);
        add(tr("Executable"), f.executable);
        add(tr("Pickle protocol"), QString::number(f.pickleProtocol));
    }
    if (!context.stats.isEmpty()) {
        const ContextStats &s = context.stats.last().stats;
        add(tr("Messages in / out"),
            tr("%1 / %2").arg(locale.toString(s.messagesIn), locale.toString(s.messagesOut)));
        add(tr("Bytes in / out"),
            tr("%1 / %2").arg(locale.toString(s.bytesIn), locale.toString(s.bytesOut)));
        add(tr("Calls in flight"), locale.toString(s.callsInFlight));
    }
    for (const CapturedState &s : context.states) {
        QString value = contextStateName(s.state);
        if (!s.reason.isEmpty())
            value += QStringLiteral(" — ") + s.reason;
        const QString when = locale.toString(double(s.t) / 1000.0, 'f', 3);
        add(s.snapshot ? tr("State when recording began (+%1 s)").arg(when)
                       : tr("State at +%1 s").arg(when),
            value);
    }
}

QString CaptureViewer::captureDirectory()
{
    // A directory that exists: a missing one (no ~/Documents) would become the dialog's
    // file name, "Documents", instead of its folder.
    const QStringList candidates{
            QSettings().value(QLatin1String(kCaptureDirKey)).toString(),
            QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation),
            QDir::homePath(),
    };
    for (const QString &dir : candidates) {
        if (!dir.isEmpty() && QFileInfo(dir).isDir())
            return dir;
    }
    return QDir::currentPath();
}

void CaptureViewer::rememberCaptureDirectory(const QString &fileName)
{
    QSettings().setValue(QLatin1String(kCaptureDirKey), QFileInfo(fileName).absolutePath());
}

CaptureViewer *
CaptureViewer::openCapture(const QString &fileName, QWidget *parent, QString *errorMessage)
{
    auto viewer = std::make_unique<CaptureViewer>(parent);
    if (!viewer->openFile(fileName, errorMessage))
        return nullptr;
    viewer->setAttribute(Qt::WA_DeleteOnClose);
    placeWindow(viewer.get(), parent, QSize(1200, 720));
    viewer->show();
    return viewer.release();
}

CaptureViewer *CaptureViewer::openWithDialog(QWidget *parent)
{
    const QString fileName
            = QFileDialog::getOpenFileName(parent,
                                           tr("Open Capture"),
                                           captureDirectory(),
                                           tr("Session captures (*.jsonl);;All files (*)"));
    if (fileName.isEmpty())
        return nullptr;
    rememberCaptureDirectory(fileName);
    QString error;
    CaptureViewer *viewer = openCapture(fileName, parent, &error);
    if (!viewer)
        QMessageBox::warning(parent, tr("Open Capture"), error);
    return viewer;
}

} // namespace Econtext
