#include "ui/console/consolewidget.h"

#include "core/broker/corecalls.h"
#include "core/broker/stopladder.h"
#include "core/util/textsanitize.h"
#include "ui/console/historystore.h"
#include "ui/icons.h"
#include "ui/widgets/fixedfont.h"

#include <QAbstractItemView>
#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QClipboard>
#include <QCompleter>
#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QLoggingCategory>
#include <QMenu>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSettings>
#include <QStringListModel>
#include <QTextBlock>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

#include <algorithm>
#include <csignal>

Q_LOGGING_CATEGORY(lcConsole, "econtext.console", QtWarningMsg)

namespace Econtext {

namespace {

const QString kSession = QStringLiteral("default");
// How long the console's housekeeping calls (interrupts, the shell's directory, completion)
// may take before they fail.
constexpr int kHousekeepingTimeoutMs = 30000;
const QString kBlockCountKey = QStringLiteral("console/maximumBlockCount");
constexpr int kDrainIntervalMs = 30;
// Time one drain tick may spend inserting text, and the bounds of the chunk it inserts.
constexpr qint64 kDrainTargetMs = 15;
constexpr qsizetype kMinDrainChunk = 2 * 1024;
constexpr qsizetype kMaxDrainChunk = 512 * 1024;
// Queued output beyond this is dropped from the front: the view keeps only its last
// maximumBlockCount lines anyway.
constexpr qsizetype kMaxPending = 8 * 1024 * 1024;
constexpr int kMaxInputLines = 8;
constexpr int kCallFailed = -1000;

// Calls fn(result) on the owner's thread once the future finishes, unless the owner is gone.
template<typename F>
void whenFinished(QObject *owner, const QFuture<CallResult> &future, F fn)
{
    auto *watcher = new QFutureWatcher<CallResult>(owner);
    QObject::connect(watcher, &QFutureWatcherBase::finished, owner, [watcher, fn]() {
        const QFuture<CallResult> f = watcher->future();
        watcher->deleteLater();
        if (f.resultCount() > 0)
            fn(f.result());
        else
            fn(CallResult(
                    makeError(Error::Disconnected, ConsoleWidget::tr("The call was abandoned."))));
    });
    watcher->setFuture(future);
}

bool isIdentifierChar(QChar c)
{
    return c.isLetterOrNumber() || c == u'_' || c == u'.';
}

} // namespace

int ConsoleWidget::maximumBlockCount()
{
    const int lines = QSettings().value(kBlockCountKey, DefaultMaximumBlockCount).toInt();
    return std::clamp(lines, 1000, 1000000);
}

void ConsoleWidget::setMaximumBlockCount(int lines)
{
    QSettings().setValue(kBlockCountKey, std::clamp(lines, 1000, 1000000));
}

ConsoleWidget::ConsoleWidget(Context *context, QWidget *parent)
    : QWidget(parent)
    , m_outDecoder(QStringDecoder::Utf8)
    , m_errDecoder(QStringDecoder::Utf8)
{
    buildUi();
    updateFormats();
    if (context)
        attach(context);
    else
        detach();
    setMode(Mode::Shell);
}

ConsoleWidget::~ConsoleWidget()
{
    // Like a terminal window that closes: the running command gets SIGHUP.
    if (m_shellChannel && m_context) {
        (void)core().interrupt(m_shellChannel->handle(), SIGHUP, kHousekeepingTimeoutMs);
    }
}

void ConsoleWidget::buildUi()
{
    const QFont fixed = fixedFont();

    m_toolBar = new QToolBar(this);
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_toolBar->setIconSize(QSize(16, 16));

    auto *modes = new QActionGroup(this);
    m_shellAction = m_toolBar->addAction(tr("Shell"));
    m_shellAction->setCheckable(true);
    m_shellAction->setToolTip(tr("Run shell commands in the context"));
    m_pythonAction = m_toolBar->addAction(tr("Python"));
    m_pythonAction->setCheckable(true);
    m_pythonAction->setToolTip(tr("Run Python in a persistent namespace inside the context"));
    modes->addAction(m_shellAction);
    modes->addAction(m_pythonAction);
    connect(m_shellAction, &QAction::triggered, this, [this] { setMode(Mode::Shell); });
    connect(m_pythonAction, &QAction::triggered, this, [this] { setMode(Mode::Python); });
    m_toolBar->addSeparator();

    m_interruptAction
            = m_toolBar->addAction(Icons::actionIcon(QStringLiteral("shutdown")), tr("Interrupt"));
    m_interruptAction->setToolTip(tr("Interrupt the running command or Python code (Ctrl+C)"));
    connect(m_interruptAction, &QAction::triggered, this, &ConsoleWidget::interrupt);

    m_clearAction = m_toolBar->addAction(Icons::actionIcon(QStringLiteral("clear")), tr("Clear"));
    m_clearAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    m_clearAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_clearAction->setToolTip(tr("Clear the output (Ctrl+L)"));
    connect(m_clearAction, &QAction::triggered, this, &ConsoleWidget::clearOutput);
    addAction(m_clearAction);

    m_copyAction = m_toolBar->addAction(
            Icons::themed(QStringLiteral("edit-copy"), Icons::actionIcon(QStringLiteral("copy"))),
            tr("Copy"));
    m_copyAction->setToolTip(tr("Copy the selection, or all output when nothing is selected"));
    connect(m_copyAction, &QAction::triggered, this, &ConsoleWidget::copy);

    auto *spacer = new QWidget(m_toolBar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_toolBar->addWidget(spacer);
    m_statusLabel = new QLabel(m_toolBar);
    m_statusLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_toolBar->addWidget(m_statusLabel);

    m_output = new QPlainTextEdit(this);
    m_output->setReadOnly(true);
    m_output->setUndoRedoEnabled(false);
    m_output->setFont(fixed);
    m_output->setMaximumBlockCount(maximumBlockCount());
    m_output->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_output->setContextMenuPolicy(Qt::CustomContextMenu);
    m_output->installEventFilter(this);
    connect(m_output, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        std::unique_ptr<QMenu> menu(m_output->createStandardContextMenu(pos));
        menu->addSeparator();
        menu->addAction(m_clearAction);
        menu->exec(m_output->viewport()->mapToGlobal(pos));
    });

    m_prompt = new QLabel(this);
    m_prompt->setFont(fixed);
    m_prompt->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_prompt->setTextFormat(Qt::PlainText);
    m_prompt->setContentsMargins(0, 4, 0, 0);

    m_input = new QPlainTextEdit(this);
    m_input->setFont(fixed);
    m_input->setTabChangesFocus(false);
    m_input->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_input->setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    m_input->installEventFilter(this);
    connect(m_input->document(), &QTextDocument::blockCountChanged, this, [this] {
        updateInputHeight();
        updatePrompt();
    });

    m_completionModel = new QStringListModel(this);
    m_completer = new QCompleter(m_completionModel, this);
    m_completer->setWidget(m_input);
    m_completer->setCompletionMode(QCompleter::PopupCompletion);
    m_completer->setCaseSensitivity(Qt::CaseSensitive);
    connect(m_completer,
            qOverload<const QString &>(&QCompleter::activated),
            this,
            &ConsoleWidget::insertCompletion);

    m_drainTimer = new QTimer(this);
    m_drainTimer->setInterval(kDrainIntervalMs);
    connect(m_drainTimer, &QTimer::timeout, this, &ConsoleWidget::drainOutput);

    auto *inputRow = new QHBoxLayout;
    inputRow->setContentsMargins(4, 0, 0, 0);
    inputRow->setSpacing(4);
    inputRow->addWidget(m_prompt, 0, Qt::AlignTop);
    inputRow->addWidget(m_input, 1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_toolBar);
    layout->addWidget(m_output, 1);
    layout->addLayout(inputRow);

    setFocusProxy(m_input);
    updateInputHeight();
}

// ------------------------------------------------------------------ context

void ConsoleWidget::attach(Context *context)
{
    for (const auto &c : std::as_const(m_contextConnections))
        disconnect(c);
    m_contextConnections.clear();
    m_context = context;
    m_detached = context == nullptr;
    const QString name = context ? context->name() : QString();
    if (!m_history[0] || name != m_historyName) {
        m_historyName = name;
        m_history[int(Mode::Shell)] = std::make_unique<HistoryStore>(name, QStringLiteral("shell"));
        m_history[int(Mode::Python)]
                = std::make_unique<HistoryStore>(name, QStringLiteral("python"));
    }
    if (!context) {
        m_state = ContextState::Disconnected;
        updateInputState();
        return;
    }
    m_contextConnections.append(connect(
            context,
            &Context::stateChanged,
            this,
            [this](ContextState state, const QString &reason) {
                onStateChanged(state);
                if ((state == ContextState::Disconnected || state == ContextState::Failed)
                    && !reason.isEmpty()) {
                    appendOutput(tr("The context is %1: %2").arg(contextStateName(state), reason),
                                 OutputKind::Note);
                }
            }));
    m_contextConnections.append(connect(context, &QObject::destroyed, this, [this] { detach(); }));
    onStateChanged(context->state());
}

void ConsoleWidget::detach()
{
    for (const auto &c : std::as_const(m_contextConnections))
        disconnect(c);
    m_contextConnections.clear();
    m_context.clear();
    m_detached = true;
    m_state = ContextState::Disconnected;
    if (!m_history[0]) {
        m_history[int(Mode::Shell)]
                = std::make_unique<HistoryStore>(QString(), QStringLiteral("shell"));
        m_history[int(Mode::Python)]
                = std::make_unique<HistoryStore>(QString(), QStringLiteral("python"));
    }
    updateInputState();
}

void ConsoleWidget::onStateChanged(ContextState state)
{
    m_state = state;
    updateInputState();
    if (state == ContextState::Connected)
        refreshShellDirectory();
}

void ConsoleWidget::updateInputState()
{
    const bool connected = m_context && !m_detached && m_state == ContextState::Connected;
    m_input->setEnabled(connected);
    m_interruptAction->setEnabled(isShellRunning() || m_pythonRunning);
    if (!connected) {
        m_input->setPlaceholderText(
                m_context && !m_detached
                        ? tr("The console is unavailable while the context is %1.")
                                  .arg(contextStateName(m_state).toLower())
                        : tr("The console is unavailable: there is no connected context."));
    } else if (m_mode == Mode::Shell) {
        m_input->setPlaceholderText(
                tr("Shell command — Enter runs, Shift+Enter adds a line, Ctrl+C interrupts"));
    } else {
        m_input->setPlaceholderText(
                tr("Python — Enter runs, Shift+Enter adds a line, Tab completes"));
    }
    updatePrompt();
}

// ------------------------------------------------------------------ modes and prompt

void ConsoleWidget::setMode(Mode mode)
{
    if (mode != m_mode) {
        m_drafts[int(m_mode)] = m_input->toPlainText();
        m_history[int(m_mode)]->resetNavigation();
        m_mode = mode;
        m_input->setPlainText(m_drafts[int(mode)]);
        m_input->moveCursor(QTextCursor::End);
    }
    m_completer->popup()->hide();
    (mode == Mode::Shell ? m_shellAction : m_pythonAction)->setChecked(true);
    updateInputState();
}

QString ConsoleWidget::promptText() const
{
    if (m_mode == Mode::Python)
        return m_input->document()->blockCount() > 1 ? QStringLiteral("...")
                                                     : QStringLiteral(">>>");
    return m_cwd.isEmpty() ? QStringLiteral("$") : m_cwd + QStringLiteral(" $");
}

void ConsoleWidget::updatePrompt()
{
    const QString text = promptText();
    // Long directories keep their tail, the part that says where one is.
    const int maxWidth = std::max(120, width() / 3);
    const QString shown = m_prompt->fontMetrics().elidedText(text, Qt::ElideLeft, maxWidth);
    m_prompt->setText(shown);
    m_prompt->setToolTip(shown == text ? QString() : text);
}

void ConsoleWidget::updateInputHeight()
{
    const int lines = std::clamp(m_input->document()->blockCount(), 1, kMaxInputLines);
    const int margins = int(2 * m_input->document()->documentMargin()) + 2 * m_input->frameWidth()
                        + m_input->contentsMargins().top() + m_input->contentsMargins().bottom();
    m_input->setFixedHeight(lines * m_input->fontMetrics().lineSpacing() + margins + 2);
}

bool ConsoleWidget::canExecute() const
{
    if (!m_context || m_detached || m_state != ContextState::Connected)
        return false;
    return m_mode == Mode::Shell ? !isShellRunning() : !m_pythonRunning;
}

HistoryStore *ConsoleWidget::history(Mode mode) const
{
    return m_history[int(mode)].get();
}

void ConsoleWidget::showStatus(const QString &text)
{
    m_statusLabel->setText(text);
}

// ------------------------------------------------------------------ running

bool ConsoleWidget::execute(const QString &text)
{
    if (!m_context || m_detached || m_state != ContextState::Connected) {
        showStatus(tr("The context is not connected."));
        return false;
    }
    if (!canExecute()) {
        showStatus(m_mode == Mode::Shell
                           ? tr("A command is still running; press Ctrl+C to interrupt it.")
                           : tr("Python code is still running; wait for it to finish."));
        return false;
    }
    m_history[int(m_mode)]->add(text);
    QString echo;
    if (m_mode == Mode::Python) {
        const QStringList lines = text.split(u'\n');
        for (int i = 0; i < lines.size(); ++i)
            echo += (i == 0 ? QStringLiteral(">>> ") : QStringLiteral("... ")) + lines.at(i)
                    + u'\n';
    } else {
        echo = QStringLiteral("$ ") + text + u'\n';
    }
    ensureLineStart();
    appendOutput(echo, OutputKind::Input);
    if (text.trimmed().isEmpty())
        return true;
    if (m_mode == Mode::Shell)
        startShell(text);
    else
        startPython(text);
    return true;
}

void ConsoleWidget::startShell(const QString &command)
{
    m_shellChannel = m_context->openChannel();
    const quint32 handle = m_shellChannel->handle();
    m_outDecoder.resetState();
    m_errDecoder.resetState();
    connect(m_shellChannel.get(), &Channel::messageReceived, this, &ConsoleWidget::onShellData);
    m_interruptCount = 0;
    m_shellTimer.start();
    qCDebug(lcConsole) << "shell" << command << "on handle" << handle;
    const auto future = core().shell(command, handle, kSession);
    whenFinished(this, future, [this](const CallResult &r) { finishShell(r); });
    showStatus(tr("Running… (Ctrl+C interrupts)"));
    updateInputState();
}

void ConsoleWidget::onShellData(const Wire::Value &value)
{
    const std::optional<CommandOutput> output = CoreCalls::commandOutput(value);
    if (!output)
        return;
    const bool err = output->stream == CommandOutput::Stream::Stderr;
    QString text = err ? m_errDecoder.decode(output->bytes) : m_outDecoder.decode(output->bytes);
    appendOutput(text, err ? OutputKind::Stderr : OutputKind::Stdout);
}

void ConsoleWidget::finishShell(const CallResult &result)
{
    const qint64 ms = m_shellTimer.elapsed();
    int status = kCallFailed;
    QString line;
    if (result) {
        status = int(result->toInt());
        line = status >= 0 ? tr("exit %1 · %2").arg(status).arg(formatDuration(ms))
                           : tr("%1 · %2").arg(StopLadder::endedBy(-status), formatDuration(ms));
    } else {
        ensureLineStart();
        appendOutput(result.errorString() + u'\n', OutputKind::Stderr);
        line = tr("failed · %1").arg(formatDuration(ms));
    }
    ensureLineStart();
    appendOutput(line + u'\n', OutputKind::Status);
    m_lastStatus = line;
    showStatus(line);
    m_shellChannel.reset();
    updateInputState();
    refreshShellDirectory();
    Q_EMIT commandFinished(Mode::Shell, status, ms);
}

// The console's housekeeping (interrupts, the shell's directory) runs on the context's
// I/O thread (CoreCalls picks it): it answers even while the main thread is busy with a command.
CoreCalls ConsoleWidget::core() const
{
    return CoreCalls(m_context.data());
}

void ConsoleWidget::refreshShellDirectory()
{
    if (!m_context || m_state != ContextState::Connected)
        return;
    const auto future = core().shellDirectory(kSession, kHousekeepingTimeoutMs);
    whenFinished(this, future, [this](const CallResult &r) {
        if (!r) {
            qCDebug(lcConsole) << "shell_cwd failed:" << r.errorString();
            return;
        }
        const QString cwd = r->toString();
        if (cwd == m_cwd)
            return;
        m_cwd = cwd;
        updatePrompt();
        Q_EMIT shellDirectoryChanged(cwd);
    });
}

void ConsoleWidget::interrupt()
{
    if (m_pythonRunning && m_context) {
        interruptPython();
        return;
    }
    if (!isShellRunning() || !m_context)
        return;
    // Repeated presses escalate, for commands that ignore SIGINT.
    const int sig = StopLadder::signalAt(m_interruptCount);
    ++m_interruptCount;
    const auto future = core().interrupt(m_shellChannel->handle(), sig, kHousekeepingTimeoutMs);
    showStatus(tr("Sent %1…").arg(StopLadder::signalName(sig)));
    whenFinished(this, future, [this](const CallResult &r) {
        if (!r)
            showStatus(tr("Could not interrupt the command: %1").arg(r.errorString()));
    });
}

void ConsoleWidget::interruptPython()
{
    // KeyboardInterrupt is raised in the console code only (also inside a sleep or a wait);
    // the context itself keeps running.
    const auto future = core().interruptRepl(kSession, kHousekeepingTimeoutMs);
    m_pythonInterruptSent = true;
    showStatus(tr("Sent KeyboardInterrupt…"));
    whenFinished(this, future, [this](const CallResult &r) {
        if (!r)
            showStatus(tr("Could not interrupt the Python code: %1").arg(r.errorString()));
        else if (!r->toBool() && m_pythonRunning)
            showStatus(tr("The Python code has not started yet: the context's main thread is "
                          "busy with another call."));
    });
}

void ConsoleWidget::startPython(const QString &source)
{
    m_pythonRunning = true;
    m_pythonInterruptSent = false;
    updateInputState();
    m_pythonTimer.start();
    const auto future = core().repl(source, kSession);
    whenFinished(this, future, [this](const CallResult &r) { finishPython(r); });
    showStatus(tr("Running… (Ctrl+C interrupts)"));
}

void ConsoleWidget::finishPython(const CallResult &result)
{
    const qint64 ms = m_pythonTimer.elapsed();
    m_pythonRunning = false;
    int status = kCallFailed;
    QString line;
    if (result) {
        const ReplOutput repl = CoreCalls::replOutput(*result);
        if (!repl.output.isEmpty())
            appendOutput(repl.output, OutputKind::Stdout);
        if (repl.raised) {
            ensureLineStart();
            appendOutput(repl.error, OutputKind::Stderr);
        }
        status = repl.raised ? 1 : 0;
        const bool interrupted
                = m_pythonInterruptSent
                  && repl.error.trimmed().endsWith(QLatin1String("KeyboardInterrupt"));
        line = status == 0   ? tr("ok · %1").arg(formatDuration(ms))
               : interrupted ? tr("interrupted · %1").arg(formatDuration(ms))
                             : tr("exception · %1").arg(formatDuration(ms));
    } else {
        ensureLineStart();
        appendOutput(result.errorString() + u'\n', OutputKind::Stderr);
        line = tr("failed · %1").arg(formatDuration(ms));
    }
    ensureLineStart();
    appendOutput(line + u'\n', OutputKind::Status);
    m_lastStatus = line;
    showStatus(line);
    updateInputState();
    Q_EMIT commandFinished(Mode::Python, status, ms);
}

// ------------------------------------------------------------------ completion

void ConsoleWidget::completeAtCursor()
{
    if (m_mode != Mode::Python || !m_context || m_state != ContextState::Connected)
        return;
    const QTextCursor cursor = m_input->textCursor();
    const QString line = cursor.block().text().left(cursor.positionInBlock());
    qsizetype start = line.size();
    while (start > 0 && isIdentifierChar(line.at(start - 1)))
        --start;
    const QString prefix = line.mid(start);
    if (prefix.isEmpty())
        return;
    const int revision = m_input->document()->revision();
    const int position = cursor.position();
    // A thread of its own: completion must answer while a long statement runs.
    const auto future = core().complete(prefix, kSession, kHousekeepingTimeoutMs);
    whenFinished(this, future, [this, prefix, revision, position](const CallResult &r) {
        if (!r) {
            showStatus(tr("Completion failed: %1").arg(r.errorString()));
            return;
        }
        // The user typed on meanwhile: these names no longer fit.
        if (m_input->document()->revision() != revision
            || m_input->textCursor().position() != position)
            return;
        applyCompletions(prefix, CoreCalls::completions(*r));
    });
}

void ConsoleWidget::applyCompletions(const QString &prefix, const QStringList &names)
{
    Q_EMIT completionsReady(names);
    if (names.isEmpty()) {
        showStatus(tr("No completions for “%1”.").arg(prefix));
        return;
    }
    m_completionPrefix = prefix;
    if (names.size() == 1) {
        insertCompletion(names.constFirst());
        return;
    }
    QString common = names.constFirst();
    for (const QString &n : names) {
        qsizetype i = 0;
        while (i < common.size() && i < n.size() && common.at(i) == n.at(i))
            ++i;
        common.truncate(i);
    }
    if (common.size() > prefix.size()) {
        insertCompletion(common);
        m_completionPrefix = common;
    }
    m_completionModel->setStringList(names);
    m_completer->setCompletionPrefix(m_completionPrefix);
    QRect rect = m_input->cursorRect();
    rect.setWidth(m_completer->popup()->sizeHintForColumn(0)
                  + m_completer->popup()->verticalScrollBar()->sizeHint().width());
    m_completer->complete(rect);
    showStatus(tr("%n completion(s)", nullptr, int(names.size())));
}

void ConsoleWidget::insertCompletion(const QString &completion)
{
    QTextCursor cursor = m_input->textCursor();
    cursor.movePosition(QTextCursor::Left, QTextCursor::KeepAnchor, int(m_completionPrefix.size()));
    if (cursor.selectedText() != m_completionPrefix)
        cursor.clearSelection();
    cursor.insertText(completion);
    m_input->setTextCursor(cursor);
    m_completionPrefix = completion;
}

// ------------------------------------------------------------------ keys

bool ConsoleWidget::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_input && event->type() == QEvent::ShortcutOverride) {
        auto *key = static_cast<QKeyEvent *>(event);
        if ((key->modifiers() & Qt::ControlModifier)
            && (key->key() == Qt::Key_C || key->key() == Qt::Key_L)) {
            event->accept();
            return true;
        }
    }
    if (watched == m_input && event->type() == QEvent::KeyPress)
        return handleKey(static_cast<QKeyEvent *>(event));
    return QWidget::eventFilter(watched, event);
}

bool ConsoleWidget::handleKey(QKeyEvent *event)
{
    if (m_completer->popup()->isVisible()) {
        switch (event->key()) {
        case Qt::Key_Enter:
        case Qt::Key_Return:
        case Qt::Key_Escape:
        case Qt::Key_Tab:
        case Qt::Key_Backtab:
            event->ignore();
            return true; // the completer's popup takes these
        default:
            break;
        }
    }
    const Qt::KeyboardModifiers mods = event->modifiers() & ~Qt::KeypadModifier;
    const bool ctrl = mods & Qt::ControlModifier;
    switch (event->key()) {
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (mods & Qt::ShiftModifier)
            insertNewline();
        else
            enterPressed();
        return true;
    case Qt::Key_C:
        if (!ctrl)
            break;
        if ((isShellRunning() || m_pythonRunning)
            && (m_mode == Mode::Shell || !m_input->textCursor().hasSelection()))
            interrupt();
        else
            copy();
        return true;
    case Qt::Key_L:
        if (!ctrl)
            break;
        clearOutput();
        return true;
    case Qt::Key_Up:
        if (mods == Qt::NoModifier && m_input->textCursor().blockNumber() == 0) {
            QString text;
            if (m_history[int(m_mode)]->previous(m_input->toPlainText(), &text)) {
                m_input->setPlainText(text);
                m_input->moveCursor(QTextCursor::End);
            }
            return true;
        }
        break;
    case Qt::Key_Down:
        if (mods == Qt::NoModifier
            && m_input->textCursor().blockNumber() == m_input->document()->blockCount() - 1) {
            QString text;
            if (m_history[int(m_mode)]->next(&text)) {
                m_input->setPlainText(text);
                m_input->moveCursor(QTextCursor::End);
            }
            return true;
        }
        break;
    case Qt::Key_Tab: {
        if (mods != Qt::NoModifier)
            break;
        const QTextCursor cursor = m_input->textCursor();
        const QString before = cursor.block().text().left(cursor.positionInBlock());
        if (m_mode == Mode::Python && !before.trimmed().isEmpty())
            completeAtCursor();
        else if (m_mode == Mode::Python)
            m_input->insertPlainText(QStringLiteral("    "));
        return true; // Tab never leaves the input
    }
    default:
        break;
    }
    return false;
}

void ConsoleWidget::enterPressed()
{
    if (!canExecute()) {
        execute(QString()); // says why in the status line
        return;
    }
    const QString text = m_input->toPlainText();
    if (execute(text)) {
        m_input->clear();
        m_drafts[int(m_mode)].clear();
    }
}

void ConsoleWidget::insertNewline()
{
    QTextCursor cursor = m_input->textCursor();
    const QString line = cursor.block().text();
    QString indent;
    for (const QChar c : line) {
        if (c != u' ' && c != u'\t')
            break;
        indent += c;
    }
    if (m_mode == Mode::Python && line.left(cursor.positionInBlock()).trimmed().endsWith(u':'))
        indent += QStringLiteral("    ");
    cursor.insertText(u'\n' + indent);
    m_input->setTextCursor(cursor);
}

// ------------------------------------------------------------------ output

QString ConsoleWidget::cleanText(QString text)
{
    text.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    text.replace(u'\r', u'\n');
    return sanitizeForTerminal(text);
}

void ConsoleWidget::appendOutput(const QString &raw, OutputKind kind)
{
    if (raw.isEmpty())
        return;
    const QString text = kind == OutputKind::Input ? raw : cleanText(raw);
    if (text.isEmpty())
        return;
    if (!m_pending.isEmpty() && m_pending.constLast().kind == kind)
        m_pending.last().text += text;
    else
        m_pending.append({text, kind});
    m_pendingChars += text.size();
    m_pendingLines += text.count(u'\n');
    m_queuedAtLineStart = text.endsWith(u'\n');
    if (m_pendingChars > kMaxPending)
        trimPending();
    if (!m_drainTimer->isActive())
        m_drainTimer->start();
}

void ConsoleWidget::trimPending()
{
    // The view keeps only its last maximumBlockCount lines: queued lines beyond that
    // would be inserted only to be dropped again, which is what makes a flood slow.
    qsizetype dropLines = std::max<qsizetype>(0, m_pendingLines - m_output->maximumBlockCount());
    qsizetype dropChars = std::max<qsizetype>(0, m_pendingChars - kMaxPending);
    while ((dropLines > 0 || dropChars > 0) && m_pending.size() > 1) {
        const Chunk &first = m_pending.constFirst();
        const qsizetype lines = first.text.count(u'\n');
        if (lines > dropLines && first.text.size() > dropChars)
            break;
        dropLines = std::max<qsizetype>(0, dropLines - lines);
        dropChars = std::max<qsizetype>(0, dropChars - first.text.size());
        m_pendingLines -= lines;
        m_pendingChars -= first.text.size();
        m_pending.removeFirst();
    }
    if (m_pending.isEmpty() || (dropLines == 0 && dropChars == 0))
        return;
    Chunk &first = m_pending.first();
    qsizetype cut = 0;
    for (qsizetype n = 0; n < dropLines && cut < first.text.size(); ++n) {
        const qsizetype nl = first.text.indexOf(u'\n', cut);
        if (nl < 0)
            break;
        cut = nl + 1;
    }
    cut = std::min(first.text.size(), std::max(cut, dropChars));
    m_pendingLines -= QStringView(first.text).left(cut).count(u'\n');
    m_pendingChars -= cut;
    first.text.remove(0, cut);
    if (first.text.isEmpty())
        m_pending.removeFirst();
}

void ConsoleWidget::ensureLineStart()
{
    if (!m_queuedAtLineStart)
        appendOutput(QStringLiteral("\n"), OutputKind::Stdout);
}

void ConsoleWidget::drainOutput()
{
    trimPending();
    if (m_pending.isEmpty()) {
        m_drainTimer->stop();
        return;
    }
    QElapsedTimer spent;
    spent.start();
    QScrollBar *bar = m_output->verticalScrollBar();
    const bool atBottom = bar->value() >= bar->maximum() - 2;
    QTextCursor cursor(m_output->document());
    cursor.movePosition(QTextCursor::End);
    cursor.beginEditBlock();
    qsizetype budget = m_drainBudget;
    while (!m_pending.isEmpty() && budget > 0) {
        Chunk &chunk = m_pending.first();
        if (chunk.text.size() <= budget) {
            cursor.insertText(chunk.text, formatFor(chunk.kind));
            budget -= chunk.text.size();
            m_pendingChars -= chunk.text.size();
            m_pendingLines -= chunk.text.count(u'\n');
            m_pending.removeFirst();
            continue;
        }
        // Cut at a line end when there is one, so a line is not split between two formats.
        qsizetype cut = chunk.text.lastIndexOf(u'\n', budget - 1);
        cut = cut < 0 ? budget : cut + 1;
        const QStringView part = QStringView(chunk.text).left(cut);
        cursor.insertText(part.toString(), formatFor(chunk.kind));
        m_pendingLines -= part.count(u'\n');
        chunk.text.remove(0, cut);
        m_pendingChars -= cut;
        budget = 0;
    }
    cursor.endEditBlock();
    if (atBottom)
        bar->setValue(bar->maximum());
    const qint64 ms = spent.elapsed();
    // A text document costs per line, and lines vary: size the next chunk to keep a
    // tick short enough that input and painting stay fluid.
    if (budget == 0) {
        if (ms < kDrainTargetMs / 2)
            m_drainBudget = std::min(m_drainBudget * 2, kMaxDrainChunk);
        else if (ms > kDrainTargetMs)
            m_drainBudget = std::max(m_drainBudget / 2, kMinDrainChunk);
    }
    qCDebug(lcConsole) << "drained in" << ms << "ms; next chunk" << m_drainBudget << "chars;"
                       << m_pendingChars << "chars," << m_pendingLines << "lines left";
    if (m_pending.isEmpty())
        m_drainTimer->stop();
}

void ConsoleWidget::flushOutput()
{
    while (!m_pending.isEmpty())
        drainOutput();
}

QString ConsoleWidget::outputText()
{
    flushOutput();
    return m_output->toPlainText();
}

void ConsoleWidget::clearOutput()
{
    m_pending.clear();
    m_pendingChars = 0;
    m_pendingLines = 0;
    m_queuedAtLineStart = true;
    m_drainTimer->stop();
    m_output->clear();
}

void ConsoleWidget::copy()
{
    QString text;
    if (m_input->textCursor().hasSelection())
        text = m_input->textCursor().selectedText();
    else if (m_output->textCursor().hasSelection())
        text = m_output->textCursor().selectedText();
    else
        text = outputText();
    text.replace(QChar::ParagraphSeparator, u'\n');
    text.replace(QChar::LineSeparator, u'\n');
    QApplication::clipboard()->setText(text);
}

// ------------------------------------------------------------------ looks

QColor ConsoleWidget::errorColor() const
{
    const bool dark = palette().color(QPalette::Base).lightness() < 128;
    return dark ? QColor(0xff, 0x7b, 0x72) : QColor(0xc0, 0x1c, 0x28);
}

QColor ConsoleWidget::statusColor() const
{
    return palette().color(QPalette::PlaceholderText);
}

void ConsoleWidget::updateFormats()
{
    for (auto &f : m_formats)
        f = QTextCharFormat();
    m_formats[int(OutputKind::Stderr)].setForeground(errorColor());
    m_formats[int(OutputKind::Input)].setFontWeight(QFont::Bold);
    m_formats[int(OutputKind::Status)].setForeground(statusColor());
    m_formats[int(OutputKind::Note)].setForeground(statusColor());
    m_formats[int(OutputKind::Note)].setFontItalic(true);
}

const QTextCharFormat &ConsoleWidget::formatFor(OutputKind kind) const
{
    return m_formats[int(kind)];
}

void ConsoleWidget::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        updateFormats();
    QWidget::changeEvent(event);
}

QString ConsoleWidget::formatDuration(qint64 ms)
{
    const QLocale locale;
    if (ms < 60000)
        return tr("%1 s").arg(locale.toString(double(ms) / 1000.0, 'f', ms < 10000 ? 2 : 1));
    return tr("%1 min %2 s").arg(ms / 60000).arg((ms / 1000) % 60, 2, 10, QLatin1Char('0'));
}

} // namespace Econtext
