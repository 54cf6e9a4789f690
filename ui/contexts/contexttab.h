// ContextTab: the main window's page for one context — a header with its
// state and facts, and a tab widget of panes (Log, Timeline, Stacks, Imports, Console).
// It outlives its Context so a failure stays readable, and a reconnect attaches the new
// Context to the same page: attach() hands it to every pane, so all of them follow the
// context the person knows, whatever Context stands for it now.
#pragma once

#include "core/broker/context.h"

#include <QPointer>
#include <QWidget>

class QComboBox;
class QLabel;
class QTabWidget;

namespace Econtext {

class Broker;
class ConsoleWidget;
class ImportsPane;
class LogPane;
class StacksPane;
class TimelinePane;

class ContextTab : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ContextTab)
public:
    // broker: where the Timeline looks up the contexts this one is reached through and
    // the Imports pane its module figures (may be null).
    ContextTab(Context *context, Broker *broker, QWidget *parent = nullptr);
    ~ContextTab() override;

    quint32 contextId() const { return m_contextId; }
    Context *context() const { return m_context.data(); }
    QString contextName() const { return m_name; }
    ContextState state() const { return m_state; }
    // Why it failed or disconnected (empty otherwise).
    QString reason() const { return m_reason; }
    // Follows another Context from now on (a reconnect), in every pane; what they show of
    // the one before is kept.
    void attach(Context *context);
    // The broker let go of the context; the page stays with what it showed.
    void detach();

    LogPane *logPane() const { return m_logPane; }
    // The bootstrap timeline (shown by itself while the context connects or after it
    // failed) and the thread stacks of the context.
    TimelinePane *timelinePane() const { return m_timelinePane; }
    StacksPane *stacksPane() const { return m_stacksPane; }
    ImportsPane *importsPane() const { return m_importsPane; }
    ConsoleWidget *console() const { return m_console; }
    // Shows the Stacks pane and asks the context for its stacks.
    void dumpStacks();
    QTabWidget *panes() const { return m_panes; }

    // Shows the level the context forwards logging records from (as connected with).
    void setForwardLevel(int level);

    // Adds one of our own notes to the log (kind Internal).
    void addNote(const QString &message, int level = 20);

Q_SIGNALS:
    // Name, state or reason changed: the main window updates the tab's title and icon.
    void titleChanged();

private:
    void onStateChanged(ContextState state, const QString &reason);
    void onFactsReceived(const ContextFacts &facts);
    void updateHeader();
    // Shows the Timeline while connecting or failed, and the Log again once up,
    // unless the user picked a pane.
    void followState();
    void showPaneAutomatically(QWidget *pane);
    int addPane(QWidget *pane, const QIcon &icon, const QString &title);

    QPointer<Context> m_context;
    quint32 m_contextId = 0;
    QString m_name;
    QString m_description;
    QString m_method;
    ContextState m_state = ContextState::Connecting;
    QString m_reason;
    ContextFacts m_facts;
    QList<QMetaObject::Connection> m_connections;

    QLabel *m_iconLabel = nullptr;
    QLabel *m_titleLabel = nullptr;
    QLabel *m_factsLabel = nullptr;
    QComboBox *m_remoteLevel = nullptr;
    QTabWidget *m_panes = nullptr;
    LogPane *m_logPane = nullptr;
    TimelinePane *m_timelinePane = nullptr;
    StacksPane *m_stacksPane = nullptr;
    ImportsPane *m_importsPane = nullptr;
    ConsoleWidget *m_console = nullptr;
    bool m_userPickedPane = false;
    bool m_switchingPane = false;
};

} // namespace Econtext
