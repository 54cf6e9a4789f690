#include "ui/timeline/timelinechart.h"

#include <QEvent>
#include <QLocale>
#include <QPaintEvent>
#include <QPainter>

#include <algorithm>

namespace Econtext {

namespace {
constexpr int kMargin = 8;
constexpr int kMaxLabelChars = 28;

// A red that stays readable on light and dark backgrounds.
QColor failureColor(const QPalette &palette)
{
    const bool dark = palette.color(QPalette::Base).lightness() < 128;
    return dark ? QColor(0xf0, 0x70, 0x70) : QColor(0xc0, 0x1c, 0x28);
}

qint64 hopTotalMs(const TimelineHop &hop)
{
    qint64 last = hop.stages.isEmpty() ? 0 : hop.stages.constLast().msSinceStart;
    if (!hop.waitingFor.isEmpty())
        last += std::max<qint64>(0, hop.waitingMs);
    return std::max<qint64>(1, last);
}
} // namespace

TimelineChart::TimelineChart(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("timelineChart"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

TimelineChart::~TimelineChart() = default;

void TimelineChart::setHops(const QList<TimelineHop> &hops)
{
    const bool resize = rowCount() != [&hops] {
        int n = 0;
        for (const TimelineHop &hop : hops)
            n += 1 + int(hop.stages.size()) + (hop.waitingFor.isEmpty() ? 0 : 1);
        return n;
    }();
    m_hops = hops;
    if (resize)
        updateGeometry();
    update();
}

int TimelineChart::rowHeight() const
{
    return fontMetrics().height() + 6;
}

int TimelineChart::rowCount() const
{
    int n = 0;
    for (const TimelineHop &hop : m_hops)
        n += 1 + int(hop.stages.size()) + (hop.waitingFor.isEmpty() ? 0 : 1);
    return n;
}

QSize TimelineChart::sizeHint() const
{
    const int rows = std::max(1, rowCount());
    return {fontMetrics().averageCharWidth() * 80,
            rows * rowHeight() + 2 * kMargin + int(m_hops.size()) * 4};
}

QSize TimelineChart::minimumSizeHint() const
{
    return {fontMetrics().averageCharWidth() * 40, sizeHint().height()};
}

void TimelineChart::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange)
        update();
    QWidget::changeEvent(event);
}

void TimelineChart::paintEvent(QPaintEvent *event)
{
    QPainter p(this);
    const QPalette &pal = palette();
    p.fillRect(event->rect(), pal.color(QPalette::Base));

    if (m_hops.isEmpty()) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(rect().adjusted(kMargin, kMargin, -kMargin, -kMargin),
                   Qt::AlignLeft | Qt::AlignTop,
                   tr("No bootstrap stages yet."));
        return;
    }

    const QFontMetrics fm = fontMetrics();
    const int ch = fm.averageCharWidth();
    const int rh = rowHeight();
    int labelWidth = fm.horizontalAdvance(tr("waiting"));
    for (const TimelineHop &hop : m_hops) {
        for (const BootstrapStage &stage : hop.stages)
            labelWidth = std::max(labelWidth, fm.horizontalAdvance(stage.name));
    }
    labelWidth = std::min(labelWidth, ch * kMaxLabelChars) + 3 * ch;
    const QLocale locale;
    const int valueWidth = fm.horizontalAdvance(QStringLiteral("999,999 ms (+99,999)")) + ch;
    const int barLeft = kMargin + labelWidth;
    const int barWidth = std::max(ch * 8, width() - barLeft - valueWidth - kMargin);

    const QColor text = pal.color(QPalette::Text);
    const QColor dim = pal.color(QPalette::PlaceholderText);
    const QColor bar = pal.color(QPalette::Highlight);
    const QColor failed = failureColor(pal);
    QFont bold = font();
    bold.setBold(true);

    int y = kMargin;
    for (const TimelineHop &hop : m_hops) {
        const qint64 total = hopTotalMs(hop);
        auto xFor = [&](qint64 ms) {
            return barLeft
                   + int(double(std::clamp<qint64>(ms, 0, total)) * barWidth / double(total));
        };
        // Header: the hop's name and how long it took (or has taken so far).
        p.setFont(bold);
        p.setPen(hop.failed ? failed : text);
        const QString totalText = tr("%1 ms").arg(locale.toString(total));
        p.drawText(QRect(kMargin, y, width() - 2 * kMargin, rh),
                   Qt::AlignLeft | Qt::AlignVCenter,
                   fm.elidedText(hop.title + QStringLiteral(" — ") + totalText,
                                 Qt::ElideRight,
                                 width() - 2 * kMargin));
        p.setFont(font());
        y += rh;

        qint64 previous = 0;
        for (qsizetype i = 0; i < hop.stages.size(); ++i) {
            const BootstrapStage &stage = hop.stages.at(i);
            const qint64 delta = stage.msSinceStart - previous;
            p.setPen(text);
            p.drawText(QRect(kMargin + ch, y, labelWidth - ch, rh),
                       Qt::AlignLeft | Qt::AlignVCenter,
                       fm.elidedText(stage.name, Qt::ElideRight, labelWidth - ch));
            const int x0 = xFor(previous);
            const int x1 = std::max(x0 + 2, xFor(stage.msSinceStart));
            const bool last = i == hop.stages.size() - 1;
            p.fillRect(QRect(x0, y + 3, x1 - x0, rh - 6),
                       hop.failed && last && hop.waitingFor.isEmpty() ? failed : bar);
            p.setPen(text);
            p.drawText(QRect(barLeft + barWidth + ch, y, valueWidth, rh),
                       Qt::AlignLeft | Qt::AlignVCenter,
                       tr("%1 ms (+%2)")
                               .arg(locale.toString(stage.msSinceStart), locale.toString(delta)));
            previous = stage.msSinceStart;
            y += rh;
        }
        if (!hop.waitingFor.isEmpty()) {
            // The step still awaited: a hatched bar that grows each second.
            p.setPen(hop.failed ? failed : dim);
            p.drawText(QRect(kMargin + ch, y, labelWidth - 2 * ch, rh),
                       Qt::AlignLeft | Qt::AlignVCenter,
                       tr("waiting"));
            const int x0 = xFor(previous);
            const int x1 = std::max(x0 + 2, xFor(total));
            const QColor hatch = hop.failed ? failed : bar;
            p.fillRect(QRect(x0, y + 3, x1 - x0, rh - 6), QBrush(hatch, Qt::BDiagPattern));
            p.setPen(hatch);
            p.drawRect(QRect(x0, y + 3, x1 - x0 - 1, rh - 7));
            p.setPen(hop.failed ? failed : dim);
            p.drawText(QRect(barLeft + barWidth + ch, y, valueWidth, rh),
                       Qt::AlignLeft | Qt::AlignVCenter,
                       tr("+%1 s").arg(hop.waitingMs / 1000));
            y += rh;
        }
        // A thin rule between hops.
        p.setPen(pal.color(QPalette::Mid));
        p.drawLine(kMargin, y + 1, width() - kMargin, y + 1);
        y += 4;
    }
}

} // namespace Econtext
