// TimelinePane: a context tab's "Timeline" page — the bootstrap of the context
// and of every context it is reached through (hop by hop), as a bar chart and
// a table, a live "Waiting for … for N s" line while it connects, the error
// and the stage it stalled in after a failure, and a Cancel button. Keeps what
// it showed after the context is gone. Used by ContextTab.
#pragma once

#include "core/broker/context.h"
#include "ui/timeline/timelinechart.h"

#include <QHash>
#include <QPointer>
#include <QWidget>

class QLabel;
class QPushButton;
class QTimer;
class QTreeWidget;

namespace Econtext {

class Broker;

class TimelinePane : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TimelinePane)
public:
    explicit TimelinePane(QWidget *parent = nullptr);
    ~TimelinePane() override;

    // Where the ancestors of a context are looked up (may be null: then only the
    // context's own timeline is shown).
    void setBroker(Broker *broker);
    // Follows a context from now on (a reconnect attaches the new one).
    void attach(Context *context);
    // The context is gone: keep what was shown.
    void detach();

    // Re-reads the timelines now (a timer does it each second while connecting).
    void refresh();

    // The line above the chart: "Waiting for the first stage to start for 3 s", the
    // error after a failure, or the total once connected.
    QString statusText() const;
    QPushButton *cancelButton() const { return m_cancel; }
    TimelineChart *chart() const { return m_chart; }
    QTreeWidget *table() const { return m_table; }

Q_SIGNALS:
    // The user pressed Cancel (the pane has already called disconnectNow()).
    void cancelRequested(quint32 contextId);

private:
    TimelineHop hopFor(quint32 id, Context *context);
    void rebuildTable(const QList<TimelineHop> &hops);
    void updateTimer();

    QPointer<Broker> m_broker;
    QPointer<Context> m_context;
    quint32 m_contextId = 0;
    ContextState m_state = ContextState::Connecting;
    QString m_error;
    QString m_lastWaitingFor;            // kept after a failure, when the core has cleared it
    QHash<quint32, TimelineHop> m_cache; // last seen, by context id
    QList<quint32> m_chain;              // root ancestor first, this context last
    QList<QMetaObject::Connection> m_connections;
    QString m_tableKey; // what the table shows, to rebuild it only when it changes

    QLabel *m_status = nullptr;
    QPushButton *m_cancel = nullptr;
    TimelineChart *m_chart = nullptr;
    QTreeWidget *m_table = nullptr;
    QTimer *m_timer = nullptr;
};

} // namespace Econtext
