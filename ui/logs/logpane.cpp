#include "ui/logs/logpane.h"

#include "ui/widgets/emptystatetableview.h"

#include "ui/icons.h"
#include "ui/logs/logfilterproxy.h"
#include "ui/logs/loghighlightdelegate.h"
#include "ui/logs/logmodel.h"
#include "ui/widgets/fixedfont.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QEvent>
#include <QFileDialog>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QPainter>
#include <QSaveFile>
#include <QScrollBar>
#include <QStandardPaths>
#include <QStyle>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace Econtext {

namespace {
// How long records wait to be inserted together; ~25 view updates a second at most.
constexpr int kFlushIntervalMs = 40;
// Typing in the filter re-filters up to the whole buffer: wait for a pause.
constexpr int kFilterDelayMs = 150;

} // namespace

LogPane::LogPane(QWidget *parent)
    : QWidget(parent)
    , m_model(new LogModel(this))
    , m_proxy(new LogFilterProxy(this))
    , m_delegate(new LogHighlightDelegate(this))
{
    m_proxy->setSourceModel(m_model);
    m_model->setPalette(palette());

    m_flushTimer = new QTimer(this);
    m_flushTimer->setSingleShot(true);
    m_flushTimer->setInterval(kFlushIntervalMs);
    connect(m_flushTimer, &QTimer::timeout, this, &LogPane::flush);

    m_filterTimer = new QTimer(this);
    m_filterTimer->setSingleShot(true);
    m_filterTimer->setInterval(kFilterDelayMs);
    connect(m_filterTimer, &QTimer::timeout, this, &LogPane::applyFilterText);

    buildView();
    buildToolBar();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_toolBar);
    layout->addWidget(m_view, 1);

    updateStatus();
}

LogPane::~LogPane()
{
    // ~QWidget hides the children after this destructor has run, which moves the
    // scroll bar and would call the lambdas above on a LogPane that is gone.
    disconnect(m_view->verticalScrollBar(), nullptr, this, nullptr);
    disconnect(m_proxy, nullptr, this, nullptr);
}

void LogPane::buildView()
{
    auto *view = new EmptyStateTableView(this);
    // The hint reads as prose: the pane's font, fully resolved so the mono view font
    // does not override it.
    QFont prose = font();
    prose.setResolveMask(QFont::AllPropertiesResolved);
    view->setEmptyFont(prose);
    m_view = view;
    m_view->setModel(m_proxy);
    m_view->setObjectName(QStringLiteral("logView"));
    m_view->setFrameShape(QFrame::NoFrame);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setShowGrid(false);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->setCornerButtonEnabled(false);
    m_view->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_view->setVerticalScrollMode(QAbstractItemView::ScrollPerItem);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->setItemDelegateForColumn(LogModel::LoggerColumn, m_delegate);
    m_view->setItemDelegateForColumn(LogModel::MessageColumn, m_delegate);

    QFont mono = fixedFont();
    mono.setPointSizeF(std::max(mono.pointSizeF(), font().pointSizeF() - 0.5));
    m_view->setFont(mono);
    const QFontMetrics fm(mono);

    // One fixed row height: the view never measures rows, whatever the buffer holds.
    QHeaderView *vh = m_view->verticalHeader();
    vh->setVisible(false);
    vh->setSectionResizeMode(QHeaderView::Fixed);
    vh->setMinimumSectionSize(1);
    vh->setDefaultSectionSize(fm.height() + 4);

    QHeaderView *hh = m_view->horizontalHeader();
    hh->setHighlightSections(false);
    hh->setStretchLastSection(true);
    hh->setSectionResizeMode(QHeaderView::Interactive);
    hh->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    const int pad = fm.averageCharWidth() * 2;
    hh->resizeSection(LogModel::TimeColumn,
                      fm.horizontalAdvance(QStringLiteral("00:00:00.000")) + pad);
    hh->resizeSection(LogModel::LevelColumn,
                      fm.horizontalAdvance(QStringLiteral("CRITICAL")) + pad);
    hh->resizeSection(LogModel::LoggerColumn, fm.averageCharWidth() * 18 + pad);

    connect(m_view, &QWidget::customContextMenuRequested, this, &LogPane::showContextMenu);

    // Keep the rows the user is reading in place while old ones are dropped at the top.
    connect(m_proxy,
            &QAbstractItemModel::rowsRemoved,
            this,
            [this](const QModelIndex &parent, int first, int last) {
                if (parent.isValid() || first != 0 || isAtBottom())
                    return;
                QScrollBar *sb = m_view->verticalScrollBar();
                sb->setValue(std::max(0, sb->value() - (last - first + 1)));
            });
    connect(m_view->verticalScrollBar(), &QScrollBar::valueChanged, this, [this] {
        m_stickToBottom = isAtBottom();
    });
}

void LogPane::buildToolBar()
{
    m_toolBar = new QToolBar(tr("Log"), this);
    m_toolBar->setIconSize(QSize(16, 16));
    m_toolBar->setToolButtonStyle(Qt::ToolButtonIconOnly);

    m_levelCombo = new QComboBox(m_toolBar);
    m_levelCombo->setToolTip(tr("Show logging records at or above this level"));
    m_levelCombo->addItem(tr("All levels"), 0);
    m_levelCombo->addItem(tr("Debug"), 10);
    m_levelCombo->addItem(tr("Info"), 20);
    m_levelCombo->addItem(tr("Warning"), 30);
    m_levelCombo->addItem(tr("Error"), 40);
    m_levelCombo->addItem(tr("Critical"), 50);
    m_levelCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(m_levelCombo, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_proxy->setMinimumLevel(m_levelCombo->itemData(index).toInt());
        updateStatus();
    });
    m_toolBar->addWidget(m_levelCombo);

    m_stdoutAction = m_toolBar->addAction(tr("stdout"));
    m_stdoutAction->setCheckable(true);
    m_stdoutAction->setChecked(true);
    m_stdoutAction->setToolTip(tr("Show the context's standard output"));
    connect(m_stdoutAction, &QAction::toggled, this, [this](bool on) {
        m_proxy->setShowStdout(on);
        updateStatus();
    });
    m_stderrAction = m_toolBar->addAction(tr("stderr"));
    m_stderrAction->setCheckable(true);
    m_stderrAction->setChecked(true);
    m_stderrAction->setToolTip(tr("Show the context's standard error"));
    connect(m_stderrAction, &QAction::toggled, this, [this](bool on) {
        m_proxy->setShowStderr(on);
        updateStatus();
    });
    // Text buttons: show the words, not an empty icon.
    for (QAction *a : {m_stdoutAction, m_stderrAction}) {
        if (auto *button = qobject_cast<QToolButton *>(m_toolBar->widgetForAction(a)))
            button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    }

    m_filterEdit = new QLineEdit(m_toolBar);
    m_filterEdit->setObjectName(QStringLiteral("logFilter"));
    m_filterEdit->setPlaceholderText(tr("Filter messages"));
    m_filterEdit->setClearButtonEnabled(true);
    m_filterEdit->setToolTip(tr("Show only lines whose message or logger contains this text"));
    m_filterEdit->setMinimumWidth(fontMetrics().averageCharWidth() * 24);
    m_filterEdit->setMaximumWidth(fontMetrics().averageCharWidth() * 48);
    connect(m_filterEdit, &QLineEdit::textChanged, m_filterTimer, qOverload<>(&QTimer::start));
    connect(m_filterEdit, &QLineEdit::returnPressed, this, &LogPane::applyFilterText);
    m_toolBar->addSeparator();
    m_toolBar->addWidget(m_filterEdit);
    m_toolBar->addSeparator();

    m_followAction
            = m_toolBar->addAction(Icons::actionIcon(QStringLiteral("follow")), tr("Follow Tail"));
    m_followAction->setCheckable(true);
    m_followAction->setChecked(true);
    m_followAction->setToolTip(
            tr("Keep the newest line in view while the view is scrolled to the bottom"));
    connect(m_followAction, &QAction::toggled, this, [this](bool on) {
        if (on)
            m_view->scrollToBottom();
    });

    m_pauseAction = m_toolBar->addAction(Icons::actionIcon(QStringLiteral("pause")), tr("Pause"));
    m_pauseAction->setCheckable(true);
    m_pauseAction->setToolTip(tr("Hold new lines back until resumed"));
    connect(m_pauseAction, &QAction::toggled, this, [this](bool paused) {
        if (!paused)
            flush();
        updateStatus();
    });

    m_clearAction = m_toolBar->addAction(Icons::actionIcon(QStringLiteral("clear")), tr("Clear"));
    m_clearAction->setToolTip(tr("Remove every line from this log"));
    connect(m_clearAction, &QAction::triggered, this, &LogPane::clear);

    m_copyAction = new QAction(
            Icons::themed(QStringLiteral("edit-copy"), Icons::actionIcon(QStringLiteral("copy"))),
            tr("Copy"),
            this);
    m_copyAction->setShortcut(QKeySequence::Copy);
    m_copyAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_copyAction->setToolTip(tr("Copy the selected lines as text"));
    connect(m_copyAction, &QAction::triggered, this, &LogPane::copySelection);
    m_view->addAction(m_copyAction);
    m_toolBar->addAction(m_copyAction);

    m_saveAction = new QAction(Icons::themed(QStringLiteral("document-save-as"),
                                             style()->standardIcon(QStyle::SP_DialogSaveButton)),
                               tr("Save Log As…"),
                               this);
    m_saveAction->setShortcut(QKeySequence::Save);
    m_saveAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_saveAction->setToolTip(tr("Save the shown lines to a text file"));
    connect(m_saveAction, &QAction::triggered, this, &LogPane::saveWithDialog);
    addAction(m_saveAction);
    m_toolBar->addAction(m_saveAction);

    m_findAction = new QAction(tr("Find"), this);
    m_findAction->setShortcut(QKeySequence::Find);
    m_findAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_findAction, &QAction::triggered, this, [this] {
        m_filterEdit->setFocus(Qt::ShortcutFocusReason);
        m_filterEdit->selectAll();
    });
    addAction(m_findAction);

    auto *spacer = new QWidget(m_toolBar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_toolBar->addWidget(spacer);
    m_statusLabel = new QLabel(m_toolBar);
    m_statusLabel->setObjectName(QStringLiteral("logStatus"));
    m_statusLabel->setContentsMargins(6, 0, 6, 0);
    m_toolBar->addWidget(m_statusLabel);
}

void LogPane::appendRecords(const LogRecords &records)
{
    if (records.isEmpty())
        return;
    m_pending.append(records);
    // While paused, keep no more than the buffer could show anyway: rows, and text (a
    // character kept costs two bytes; rows in waiting about their bytes).
    const qsizetype excess = m_pending.size() - m_model->capacity();
    if (excess > 0) {
        m_pending.removeFirst(excess);
        m_droppedWhilePaused += excess;
    }
    while (m_pending.size() > 1 && m_pending.deliveryCost() > 2 * m_model->maxChars()) {
        const qsizetype half = m_pending.size() / 2;
        m_pending.removeFirst(half);
        m_droppedWhilePaused += half;
    }
    if (isPaused()) {
        updateStatus();
        return;
    }
    if (!m_flushTimer->isActive())
        m_flushTimer->start();
}

void LogPane::flush()
{
    m_flushTimer->stop();
    if (m_pending.isEmpty() || isPaused())
        return;
    const bool follow = m_followAction->isChecked() && isAtBottom();
    LogRecords batch;
    batch.swap(m_pending);
    m_droppedWhilePaused = 0;
    m_model->appendRecords(batch);
    if (follow)
        m_view->scrollToBottom();
    updateStatus();
}

bool LogPane::hasRecent(LogRecord::Kind kind, const QString &text, int lookback) const
{
    const auto matches = [&](const LogRecord &r) {
        return r.kind == kind && r.message.contains(text);
    };
    const LogRecords recent = m_pending.last(lookback);
    for (const LogRecord &r : recent) {
        if (matches(r))
            return true;
    }
    lookback -= int(recent.size());
    for (int row = m_model->rowCount() - 1; row >= 0 && lookback > 0; --row, --lookback) {
        if (matches(m_model->record(row)))
            return true;
    }
    return false;
}

bool LogPane::isAtBottom() const
{
    const QScrollBar *sb = m_view->verticalScrollBar();
    return sb->value() >= sb->maximum();
}

void LogPane::setCapacity(int rows)
{
    m_model->setCapacity(rows);
    updateStatus();
}

bool LogPane::isPaused() const
{
    return m_pauseAction->isChecked();
}

void LogPane::setPaused(bool paused)
{
    m_pauseAction->setChecked(paused);
}

bool LogPane::followsTail() const
{
    return m_followAction->isChecked();
}

void LogPane::setFollowTail(bool follow)
{
    m_followAction->setChecked(follow);
}

void LogPane::setMinimumLevel(int level)
{
    const int index = m_levelCombo->findData(level);
    if (index >= 0)
        m_levelCombo->setCurrentIndex(index);
    else
        m_proxy->setMinimumLevel(level);
}

void LogPane::setFilterText(const QString &text)
{
    m_filterEdit->setText(text);
    applyFilterText();
}

void LogPane::applyFilterText()
{
    m_filterTimer->stop();
    const QString text = m_filterEdit->text();
    m_delegate->setHighlight(text);
    m_proxy->setFilterText(text);
    m_view->viewport()->update();
    if (m_followAction->isChecked())
        m_view->scrollToBottom();
    updateStatus();
}

void LogPane::clear()
{
    m_pending.clear();
    m_droppedWhilePaused = 0;
    m_model->clear();
    updateStatus();
}

void LogPane::copySelection() const
{
    QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return;
    std::sort(rows.begin(), rows.end(), [](const QModelIndex &a, const QModelIndex &b) {
        return a.row() < b.row();
    });
    QStringList lines;
    lines.reserve(rows.size());
    for (const QModelIndex &index : std::as_const(rows))
        lines.append(index.data(LogModel::PlainTextRole).toString());
    QApplication::clipboard()->setText(lines.join(QLatin1Char('\n')) + QLatin1Char('\n'));
}

bool LogPane::saveToFile(const QString &fileName, QString *errorMessage) const
{
    QSaveFile file(fileName);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text)) {
        if (errorMessage)
            *errorMessage = tr("Could not write %1: %2.").arg(fileName, file.errorString());
        return false;
    }
    const int rows = m_proxy->rowCount();
    for (int row = 0; row < rows; ++row) {
        const QString line = m_proxy->index(row, 0).data(LogModel::PlainTextRole).toString();
        file.write(line.toUtf8());
        file.write("\n", 1);
    }
    if (!file.commit()) {
        if (errorMessage)
            *errorMessage = tr("Could not write %1: %2.").arg(fileName, file.errorString());
        return false;
    }
    return true;
}

void LogPane::saveWithDialog()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString fileName
            = QFileDialog::getSaveFileName(this,
                                           tr("Save Log"),
                                           dir + QStringLiteral("/econtext.log"),
                                           tr("Log files (*.log *.txt);;All files (*)"));
    if (fileName.isEmpty())
        return;
    QString error;
    if (!saveToFile(fileName, &error))
        QMessageBox::warning(this, tr("Save Log"), error);
}

void LogPane::updateStatus()
{
    const QLocale locale;
    const int total = m_model->rowCount();
    const int shown = m_proxy->rowCount();
    QString text
            = m_proxy->isFiltering()
                      ? tr("Lines: %1 of %2").arg(locale.toString(shown), locale.toString(total))
                      : tr("Lines: %1").arg(locale.toString(total));
    if (isPaused() && !m_pending.isEmpty())
        text = tr("Paused, %1 new").arg(locale.toString(m_pending.size())) + QStringLiteral(" · ")
               + text;
    m_statusLabel->setText(text);
    auto *view = static_cast<EmptyStateTableView *>(m_view);
    const QString empty = total > 0 ? tr("No line matches the filter.")
                                    : tr("Nothing logged yet. The context's logging records, "
                                         "standard output and standard error appear here.");
    view->setEmptyText(empty);
    m_statusLabel->setToolTip(m_model->evictedCount() > 0
                                      ? tr("%1 older lines were dropped to keep the last %2.")
                                                .arg(locale.toString(m_model->evictedCount()),
                                                     locale.toString(m_model->capacity()))
                                      : QString());
}

void LogPane::showContextMenu(const QPoint &pos)
{
    QMenu menu(this);
    menu.addAction(m_copyAction);
    QAction *selectAll = menu.addAction(tr("Select All"), m_view, &QAbstractItemView::selectAll);
    selectAll->setShortcut(QKeySequence::SelectAll);
    menu.addSeparator();
    menu.addAction(m_followAction);
    menu.addAction(m_pauseAction);
    menu.addSeparator();
    menu.addAction(m_clearAction);
    menu.addAction(m_saveAction);
    m_copyAction->setEnabled(m_view->selectionModel()->hasSelection());
    menu.exec(m_view->viewport()->mapToGlobal(pos));
    m_copyAction->setEnabled(true);
}

void LogPane::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        m_model->setPalette(palette());
    QWidget::changeEvent(event);
}

} // namespace Econtext
