#include "ui/stacks/stackspane.h"

#include "core/broker/corecalls.h"
#include "ui/widgets/fixedfont.h"

#include <QApplication>
#include <QClipboard>
#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QStyle>
#include <QTextBlock>
#include <QTextCursor>
#include <QTimer>
#include <QVBoxLayout>

namespace Econtext {

namespace {
// Dumps of hundreds of threads are long; keep a few of them.
constexpr int kMaxBlocks = 50000;
} // namespace

StacksPane::StacksPane(QWidget *parent)
    : QWidget(parent)
    , m_tick(new QTimer(this))
{
    setObjectName(QStringLiteral("stacksPane"));

    m_statusLabel = new QLabel(this);
    m_statusLabel->setObjectName(QStringLiteral("stacksStatus"));
    m_statusLabel->setTextFormat(Qt::PlainText);
    m_statusLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);

    m_refresh = new QPushButton(
            style()->standardIcon(QStyle::SP_BrowserReload), tr("&Refresh"), this);
    m_refresh->setObjectName(QStringLiteral("stacksRefresh"));
    m_refresh->setToolTip(
            tr("Ask the context for the stacks of all its threads (answered by its I/O thread, "
               "even while a call blocks)"));
    connect(m_refresh, &QPushButton::clicked, this, &StacksPane::dump);

    m_cancel = new QPushButton(
            style()->standardIcon(QStyle::SP_DialogCancelButton), tr("&Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("stacksCancel"));
    m_cancel->setToolTip(tr("Stop waiting for the stacks"));
    connect(m_cancel, &QPushButton::clicked, this, &StacksPane::cancel);

    m_copy = new QPushButton(
            style()->standardIcon(QStyle::SP_FileDialogDetailedView), tr("C&opy"), this);
    m_copy->setObjectName(QStringLiteral("stacksCopy"));
    m_copy->setToolTip(tr("Copy the latest stacks to the clipboard"));
    connect(m_copy, &QPushButton::clicked, this, [this] {
        if (!m_lastDump.isEmpty())
            QApplication::clipboard()->setText(m_lastDump);
    });

    auto *top = new QHBoxLayout;
    top->setContentsMargins(8, 6, 8, 6);
    top->addWidget(m_statusLabel, 1);
    top->addWidget(m_refresh);
    top->addWidget(m_cancel);
    top->addWidget(m_copy);

    m_view = new QPlainTextEdit(this);
    m_view->setObjectName(QStringLiteral("stacksView"));
    m_view->setReadOnly(true);
    m_view->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_view->setFont(fixedFont());
    m_view->setMaximumBlockCount(kMaxBlocks);
    m_view->setPlaceholderText(
            tr("Press Refresh (or Context ▸ Dump Stacks) to see what every thread of the "
               "context is doing."));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(top);
    layout->addWidget(m_view, 1);

    m_tick->setInterval(1000);
    connect(m_tick, &QTimer::timeout, this, &StacksPane::updateStatus);
    updateStatus();
    updateButtons();
}

StacksPane::~StacksPane()
{
    cancel();
}

void StacksPane::attach(Context *context)
{
    cancel();
    disconnect(m_stateConnection);
    m_context = context;
    if (context)
        m_stateConnection
                = connect(context, &Context::stateChanged, this, &StacksPane::updateButtons);
    m_status.clear();
    updateStatus();
    updateButtons();
}

void StacksPane::detach()
{
    cancel();
    disconnect(m_stateConnection);
    m_context = nullptr;
    updateStatus();
    updateButtons();
}

bool StacksPane::isBusy() const
{
    return m_watcher != nullptr;
}

void StacksPane::dump()
{
    Context *context = m_context.data();
    if (!context || m_watcher)
        return;
    m_watcher = new QFutureWatcher<CallResult>(this);
    connect(m_watcher, &QFutureWatcherBase::finished, this, &StacksPane::onFinished);
    m_waiting.start();
    // The I/O thread answers even while the main thread is stuck in a long call.
    m_watcher->setFuture(CoreCalls(context).dumpStacks(DumpTimeoutMs));
    m_status.clear();
    m_tick->start();
    updateStatus();
    updateButtons();
}

void StacksPane::cancel()
{
    if (!m_watcher)
        return;
    // The call is left to finish or time out in the core; its answer is dropped.
    m_watcher->disconnect(this);
    m_watcher->deleteLater();
    m_watcher = nullptr;
    m_tick->stop();
    m_status = tr("Stopped waiting for the stacks.");
    updateStatus();
    updateButtons();
}

void StacksPane::onFinished()
{
    QFutureWatcher<CallResult> *watcher = m_watcher;
    m_watcher = nullptr;
    m_tick->stop();
    if (!watcher)
        return;
    watcher->deleteLater();
    const qint64 tookMs = m_waiting.elapsed();
    const QDateTime now = QDateTime::currentDateTime();
    const QString when = QLocale().toString(now.time(), QStringLiteral("HH:mm:ss.zzz"));
    const CallResult result
            = watcher->future().resultCount() > 0
                      ? watcher->future().result()
                      : CallResult(Error{Error::Disconnected, tr("The call was dropped.")});
    QString error;
    QString text;
    if (result) {
        text = result->toString();
        m_lastDump = text;
        m_status = tr("Stacks at %1 (answered in %2 ms).").arg(when).arg(tookMs);
        // Each dump under its own time stamp, newest at the bottom.
        const QString header = QStringLiteral("──── %1 ────").arg(now.toString(Qt::ISODateWithMs));
        m_view->appendPlainText(header);
        m_view->appendPlainText(text.trimmed());
        m_view->appendPlainText(QString());
        // Show the start of the new dump.
        const int line = m_view->document()->blockCount()
                         - int(text.trimmed().count(QLatin1Char('\n'))) - 3;
        QTextCursor cursor(m_view->document()->findBlockByNumber(std::max(0, line)));
        m_view->setTextCursor(cursor);
        m_view->verticalScrollBar()->setValue(m_view->verticalScrollBar()->maximum());
        m_view->ensureCursorVisible();
    } else {
        error = result.errorString();
        m_status = tr("Could not get the stacks at %1: %2").arg(when, error);
    }
    updateStatus();
    updateButtons();
    Q_EMIT dumped(text, error);
}

void StacksPane::updateStatus()
{
    QString status = m_status;
    if (m_watcher)
        status = tr("Waiting for the stacks for %n s…", nullptr, int(m_waiting.elapsed() / 1000));
    else if (status.isEmpty())
        status = m_context ? tr("No stacks taken yet.") : tr("The context is gone.");
    m_statusLabel->setText(status);
    m_statusLabel->setToolTip(status);
}

void StacksPane::updateButtons()
{
    const bool live = m_context && m_context->state() == ContextState::Connected;
    m_refresh->setEnabled(live && !m_watcher);
    m_cancel->setVisible(m_watcher != nullptr);
    m_copy->setEnabled(!m_lastDump.isEmpty());
}

QString StacksPane::text() const
{
    return m_view->toPlainText();
}

QString StacksPane::statusText() const
{
    return m_statusLabel->text();
}

} // namespace Econtext
