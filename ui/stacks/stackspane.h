// StacksPane: a context tab's "Stacks" page — the Python stacks of every thread
// of the context, asked for with CoreCalls::dumpStacks on the context's I/O
// thread (so it answers while the main thread is stuck in a call), shown in a
// monospace view, each dump timestamped, with Refresh, Copy and Cancel. Used
// by ContextTab; the main window's "Dump Stacks" action calls dump().
#pragma once

#include "core/broker/context.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QPointer>
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTimer;

namespace Econtext {

class StacksPane : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StacksPane)
public:
    static constexpr int DumpTimeoutMs = 20000;

    explicit StacksPane(QWidget *parent = nullptr);
    ~StacksPane() override;

    void attach(Context *context);
    void detach();

    // Asks the context for its stacks now (a dump already under way is kept).
    void dump();
    // Stops waiting for the dump under way; its answer, if any, is dropped.
    void cancel();
    bool isBusy() const;

    QString text() const; // everything shown
    QString lastDump() const { return m_lastDump; }
    QString statusText() const; // "Stacks at 12:00:01 (25 ms)", "Waiting … 3 s", an error
    QPushButton *refreshButton() const { return m_refresh; }
    QPushButton *copyButton() const { return m_copy; }
    QPushButton *cancelButton() const { return m_cancel; }

Q_SIGNALS:
    // A dump arrived (or failed: error is set).
    void dumped(const QString &text, const QString &error);

private:
    void onFinished();
    void updateStatus();
    void updateButtons();

    QPointer<Context> m_context;
    QMetaObject::Connection m_stateConnection;
    QFutureWatcher<CallResult> *m_watcher = nullptr;
    QElapsedTimer m_waiting;
    QString m_lastDump;
    QString m_status;

    QLabel *m_statusLabel = nullptr;
    QPushButton *m_refresh = nullptr;
    QPushButton *m_copy = nullptr;
    QPushButton *m_cancel = nullptr;
    QPlainTextEdit *m_view = nullptr;
    QTimer *m_tick = nullptr;
};

} // namespace Econtext
