// TimelineChart: paints bootstrap timelines as horizontal bars, one block per
// hop (the context's ancestors first, the context last), one bar per stage from
// the previous stage to this one, and a hatched bar for a stage still awaited.
// Colours come from the palette, so it reads in light and dark themes. Used by
// TimelinePane.
#pragma once

#include "core/broker/context.h"

#include <QList>
#include <QWidget>

namespace Econtext {

// One context's bootstrap as the chart and the table show it.
struct TimelineHop
{
    quint32 contextId = 0;
    QString title;                // "web1 (ssh)"
    QList<BootstrapStage> stages; // in order
    QString waitingFor;           // non-empty while it waits for the next step
    qint64 waitingMs = 0;         // how long it has waited so far
    bool failed = false;          // the bootstrap ended in a failure
};

class TimelineChart : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TimelineChart)
public:
    explicit TimelineChart(QWidget *parent = nullptr);
    ~TimelineChart() override;

    void setHops(const QList<TimelineHop> &hops);
    const QList<TimelineHop> &hops() const { return m_hops; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    int rowHeight() const;
    int rowCount() const;

    QList<TimelineHop> m_hops;
};

} // namespace Econtext
