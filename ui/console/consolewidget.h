// ConsoleWidget: the interactive console of one context, a page of its
// ContextTab. Two modes share one output pane:
//  - Shell: each command runs through the core's shell() on its own thread in
//    the context, stdout/stderr stream live over a channel, Ctrl+C signals the
//    command's process group, the working directory and environment persist.
//  - Python: the core's repl() in a persistent namespace; expressions print
//    their repr, exceptions show the remote traceback, Tab completes names.
// Output is queued and drained in chunks on a timer into a capped
// QPlainTextEdit, so a flood never takes the event loop. History is kept per
// context and mode (HistoryStore). Input is disabled while the context is not
// connected; attach() follows a reconnected Context.
#pragma once

#include "core/broker/context.h"

#include <QColor>
#include <QElapsedTimer>
#include <QPointer>
#include <QStringDecoder>
#include <QTextCharFormat>
#include <QWidget>

#include <memory>

class QAction;
class QCompleter;
class QLabel;
class QPlainTextEdit;
class QStringListModel;
class QTimer;
class QToolBar;

namespace Econtext {

class CoreCalls;
class HistoryStore;

class ConsoleWidget : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConsoleWidget)
public:
    enum class Mode { Shell, Python };
    Q_ENUM(Mode)
    enum class OutputKind { Stdout, Stderr, Input, Status, Note };

    static constexpr int DefaultMaximumBlockCount = 20000;
    // Lines kept in the output pane (QSettings "console/maximumBlockCount").
    static int maximumBlockCount();
    static void setMaximumBlockCount(int lines);

    // The context may be null (a page without a context yet); see attach().
    explicit ConsoleWidget(Context *context, QWidget *parent = nullptr);
    ~ConsoleWidget() override;

    Context *context() const { return m_context.data(); }
    // Follows another Context (a reconnect); output and history are kept.
    void attach(Context *context);
    // The broker let go of the context: input is disabled, output stays.
    void detach();

    Mode mode() const { return m_mode; }
    void setMode(Mode mode);

    QPlainTextEdit *outputView() const { return m_output; }
    QPlainTextEdit *inputEdit() const { return m_input; }
    QAction *interruptAction() const { return m_interruptAction; }
    QLabel *promptLabel() const { return m_prompt; }
    QString promptText() const;
    // The working directory of the shell session, as last reported by the context.
    QString shellDirectory() const { return m_cwd; }

    bool isShellRunning() const { return bool(m_shellChannel); }
    bool isPythonRunning() const { return m_pythonRunning; }
    // Whether Enter in the current mode would start a command now.
    bool canExecute() const;

    // Runs the text in the current mode as if typed and entered (it joins the history).
    // False (with a note in the status line) when the mode is busy or the context is
    // not connected.
    bool execute(const QString &text);
    // Ctrl+C: interrupts the running shell command (SIGINT, then SIGTERM, then SIGKILL on
    // repeated presses).
    void interrupt();
    // Tab: completes the name before the input's cursor (Python mode).
    void completeAtCursor();

    // Output, queued or shown.
    QString outputText();
    // Moves all queued output into the view now.
    void flushOutput();
    qsizetype pendingOutputSize() const { return m_pendingChars; }
    void clearOutput();
    // Copies the selection of the input or output, or all output when nothing is selected.
    void copy();

    QColor errorColor() const;
    QColor statusColor() const;
    HistoryStore *history(Mode mode) const;
    QString lastStatus() const { return m_lastStatus; }

Q_SIGNALS:
    // A command finished: for Shell the exit status (negative: killed by that signal),
    // for Python 0, or 1 when it raised; -1000 when the call itself failed.
    void commandFinished(Econtext::ConsoleWidget::Mode mode, int status, qint64 elapsedMs);
    void completionsReady(const QStringList &completions);
    void shellDirectoryChanged(const QString &directory);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    struct Chunk
    {
        QString text;
        OutputKind kind;
    };

    void buildUi();
    void onStateChanged(ContextState state);
    void updateInputState();
    void updatePrompt();
    void updateInputHeight();
    void updateFormats();
    void startShell(const QString &command);
    void startPython(const QString &source);
    void interruptPython();
    CoreCalls core() const;
    void onShellData(const Wire::Value &value);
    void finishShell(const CallResult &result);
    void finishPython(const CallResult &result);
    void refreshShellDirectory();
    void applyCompletions(const QString &prefix, const QStringList &names);
    void insertCompletion(const QString &completion);
    void enterPressed();
    void insertNewline();
    bool handleKey(QKeyEvent *event);
    void showStatus(const QString &text);
    void appendOutput(const QString &text, OutputKind kind);
    void ensureLineStart();
    void trimPending();
    void drainOutput();
    const QTextCharFormat &formatFor(OutputKind kind) const;
    static QString cleanText(QString text);
    static QString formatDuration(qint64 ms);

    QPointer<Context> m_context;
    QList<QMetaObject::Connection> m_contextConnections;
    ContextState m_state = ContextState::Disconnected;
    bool m_detached = false;
    Mode m_mode = Mode::Shell;
    QString m_drafts[2];
    std::unique_ptr<HistoryStore> m_history[2];
    QString m_historyName; // context name the histories belong to

    QToolBar *m_toolBar = nullptr;
    QAction *m_shellAction = nullptr;
    QAction *m_pythonAction = nullptr;
    QAction *m_interruptAction = nullptr;
    QAction *m_clearAction = nullptr;
    QAction *m_copyAction = nullptr;
    QLabel *m_statusLabel = nullptr;
    QPlainTextEdit *m_output = nullptr;
    QLabel *m_prompt = nullptr;
    QPlainTextEdit *m_input = nullptr;
    QCompleter *m_completer = nullptr;
    QStringListModel *m_completionModel = nullptr;
    QString m_completionPrefix;
    QTimer *m_drainTimer = nullptr;

    QList<Chunk> m_pending;
    qsizetype m_pendingChars = 0;
    qsizetype m_pendingLines = 0;
    qsizetype m_drainBudget = 16 * 1024; // characters per drain tick, adapted to the time taken
    bool m_queuedAtLineStart = true;
    QTextCharFormat m_formats[5];

    // The running shell command.
    std::shared_ptr<Channel> m_shellChannel;
    QElapsedTimer m_shellTimer;
    int m_interruptCount = 0;
    QStringDecoder m_outDecoder;
    QStringDecoder m_errDecoder;
    QString m_cwd;

    bool m_pythonRunning = false;
    QElapsedTimer m_pythonTimer;
    bool m_pythonInterruptSent = false;
    QString m_lastStatus;
};

} // namespace Econtext
