// ImportChart: a small live chart of module traffic over the last two minutes —
// roundtrips per second as bars (left axis) and kilobytes sent per second
// (compressed, as on the wire) as a line (right axis). Painted with QPainter in
// palette colours; reads its data from an ImportTotals and repaints every second
// while visible. Hovering shows the figures of that second. Used by ImportsPane.
#pragma once

#include <QWidget>

class QTimer;

namespace Econtext {

class ImportTotals;

class ImportChart : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImportChart)
public:
    explicit ImportChart(QWidget *parent = nullptr);
    ~ImportChart() override;

    // The totals to draw (not owned) and which context (0 = all).
    void setSource(const ImportTotals *totals, quint32 contextId);
    int windowSeconds() const { return m_windowSeconds; }
    void setWindowSeconds(int seconds);
    // The newest second drawn: the clock, or the newest event if that is later.
    qint64 endSecond() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

    // Rounds up to 1, 2 or 5 times a power of ten (the axis maximum).
    static double niceCeiling(double value);

protected:
    void paintEvent(QPaintEvent *event) override;
    bool event(QEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    struct Layout
    {
        QRect plot;
        qint64 firstSecond = 0;
        int buckets = 0;
    };
    Layout layout() const;
    QColor roundtripColor() const;
    QColor bytesColor() const;

    const ImportTotals *m_totals = nullptr;
    quint32 m_contextId = 0;
    int m_windowSeconds = 120;
    QTimer *m_timer = nullptr;
};

} // namespace Econtext
