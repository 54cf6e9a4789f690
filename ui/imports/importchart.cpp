#include "ui/imports/importchart.h"

#include "ui/imports/importtotals.h"

#include <QDateTime>
#include <QEvent>
#include <QHelpEvent>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <QTimer>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace Econtext {

namespace {

QColor mix(const QColor &a, const QColor &b, double t)
{
    return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t),
                            float(a.greenF() * (1 - t) + b.greenF() * t),
                            float(a.blueF() * (1 - t) + b.blueF() * t));
}

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightnessF() < 0.5;
}

QString axisNumber(double value)
{
    return QLocale().toString(value, 'g', 3);
}

} // namespace

ImportChart::ImportChart(QWidget *parent)
    : QWidget(parent)
    , m_timer(new QTimer(this))
{
    m_timer->setInterval(1000);
    connect(m_timer, &QTimer::timeout, this, qOverload<>(&QWidget::update));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setToolTip(QString()); // tooltips come from event(), per second
}

ImportChart::~ImportChart() = default;

void ImportChart::setSource(const ImportTotals *totals, quint32 contextId)
{
    m_totals = totals;
    m_contextId = contextId;
    update();
}

void ImportChart::setWindowSeconds(int seconds)
{
    m_windowSeconds = std::max(10, seconds);
    update();
}

qint64 ImportChart::endSecond() const
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    return m_totals ? std::max(now, m_totals->lastSecond()) : now;
}

QSize ImportChart::sizeHint() const
{
    return {480, fontMetrics().height() * 8};
}

QSize ImportChart::minimumSizeHint() const
{
    return {200, fontMetrics().height() * 6};
}

double ImportChart::niceCeiling(double value)
{
    if (!(value > 0))
        return 1.0;
    const double magnitude = std::pow(10.0, std::floor(std::log10(value)));
    for (const double m : {1.0, 2.0, 5.0, 10.0}) {
        if (m * magnitude >= value * (1 - 1e-9))
            return m * magnitude;
    }
    return 10.0 * magnitude;
}

QColor ImportChart::roundtripColor() const
{
    return palette().color(QPalette::Highlight);
}

QColor ImportChart::bytesColor() const
{
    return isDark(palette()) ? QColor(0xff, 0xb0, 0x4a) : QColor(0xc0, 0x5a, 0x00);
}

ImportChart::Layout ImportChart::layout() const
{
    const QFontMetrics fm = fontMetrics();
    const int axisWidth = fm.horizontalAdvance(QStringLiteral("00000")) + 8;
    Layout l;
    l.plot = rect().adjusted(axisWidth, fm.height() + 8, -axisWidth, -(fm.height() + 6));
    l.buckets = m_windowSeconds;
    l.firstSecond = endSecond() - m_windowSeconds + 1;
    return l;
}

void ImportChart::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    const QPalette pal = palette();
    const QColor base = pal.color(QPalette::Base);
    const QColor text = pal.color(QPalette::Text);
    const QColor dim = mix(text, base, 0.45);
    const QColor grid = mix(text, base, 0.85);
    p.fillRect(rect(), pal.color(QPalette::Window));

    const Layout l = layout();
    if (l.plot.width() < 20 || l.plot.height() < 10)
        return;
    p.fillRect(l.plot, base);

    QList<ImportBucket> buckets;
    if (m_totals)
        buckets = m_totals->series(m_contextId, l.firstSecond, l.firstSecond + l.buckets - 1);
    qint64 maxRoundtrips = 0;
    qint64 maxBytes = 0;
    for (const ImportBucket &b : std::as_const(buckets)) {
        maxRoundtrips = std::max(maxRoundtrips, b.roundtrips);
        maxBytes = std::max(maxBytes, b.bytesCompressed);
    }
    const double rtScale = niceCeiling(double(maxRoundtrips));
    const double kbScale = niceCeiling(double(maxBytes) / 1024.0);

    // Grid: quarters of the height.
    p.setPen(QPen(grid, 1));
    for (int i = 1; i < 4; ++i) {
        const int y = l.plot.top() + l.plot.height() * i / 4;
        p.drawLine(l.plot.left(), y, l.plot.right(), y);
    }

    const double slot = double(l.plot.width()) / double(l.buckets);
    p.setRenderHint(QPainter::Antialiasing);

    // Roundtrips per second: bars.
    QColor barColor = roundtripColor();
    barColor.setAlphaF(0.75f);
    p.setPen(Qt::NoPen);
    p.setBrush(barColor);
    for (qsizetype i = 0; i < buckets.size(); ++i) {
        const qint64 v = buckets.at(i).roundtrips;
        if (v <= 0)
            continue;
        const double h = double(v) / rtScale * l.plot.height();
        const double x = l.plot.left() + double(i) * slot;
        p.drawRect(QRectF(x + slot * 0.15, l.plot.bottom() + 1 - h, std::max(1.0, slot * 0.7), h));
    }

    // Kilobytes per second: a line.
    QPainterPath path;
    for (qsizetype i = 0; i < buckets.size(); ++i) {
        const double kb = double(buckets.at(i).bytesCompressed) / 1024.0;
        const QPointF pt(l.plot.left() + (double(i) + 0.5) * slot,
                         l.plot.bottom() + 1 - kb / kbScale * l.plot.height());
        if (i == 0)
            path.moveTo(pt);
        else
            path.lineTo(pt);
    }
    p.setBrush(Qt::NoBrush);
    p.setPen(QPen(bytesColor(), 1.6));
    p.drawPath(path);
    p.setRenderHint(QPainter::Antialiasing, false);

    // Frame and axes.
    p.setPen(QPen(dim, 1));
    p.drawRect(l.plot.adjusted(0, 0, -1, -1));

    const QFontMetrics fm = fontMetrics();
    const int th = fm.height();
    p.setPen(roundtripColor());
    const QRect leftAxis(0, l.plot.top(), l.plot.left() - 4, l.plot.height());
    p.drawText(leftAxis, int(Qt::AlignRight | Qt::AlignTop), axisNumber(rtScale));
    p.drawText(leftAxis, int(Qt::AlignRight | Qt::AlignBottom), QStringLiteral("0"));
    p.setPen(bytesColor());
    const QRect rightAxis(
            l.plot.right() + 5, l.plot.top(), width() - l.plot.right() - 5, l.plot.height());
    p.drawText(rightAxis, int(Qt::AlignLeft | Qt::AlignTop), axisNumber(kbScale));
    p.drawText(rightAxis, int(Qt::AlignLeft | Qt::AlignBottom), QStringLiteral("0"));

    // Time axis.
    p.setPen(dim);
    const QRect timeAxis(l.plot.left(), l.plot.bottom() + 3, l.plot.width(), th);
    p.drawText(timeAxis, int(Qt::AlignLeft | Qt::AlignTop), tr("-%1 s").arg(m_windowSeconds));
    p.drawText(
            timeAxis, int(Qt::AlignHCenter | Qt::AlignTop), tr("-%1 s").arg(m_windowSeconds / 2));
    p.drawText(timeAxis, int(Qt::AlignRight | Qt::AlignTop), tr("now"));

    // Legend above the plot.
    const int legendY = 3;
    int x = l.plot.left();
    const int swatch = th * 2 / 3;
    p.fillRect(QRect(x, legendY + (th - swatch) / 2, swatch, swatch), barColor);
    x += swatch + 4;
    p.setPen(text);
    const QString rtLabel = tr("Roundtrips per second");
    p.drawText(QRect(x, legendY, fm.horizontalAdvance(rtLabel) + 2, th), Qt::AlignVCenter, rtLabel);
    x += fm.horizontalAdvance(rtLabel) + 16;
    p.setPen(QPen(bytesColor(), 2));
    p.drawLine(x, legendY + th / 2, x + swatch, legendY + th / 2);
    x += swatch + 4;
    p.setPen(text);
    const QString kbLabel = tr("KB per second sent (compressed)");
    p.drawText(QRect(x, legendY, fm.horizontalAdvance(kbLabel) + 2, th), Qt::AlignVCenter, kbLabel);

    if (maxRoundtrips == 0 && maxBytes == 0) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(l.plot,
                   Qt::AlignCenter,
                   tr("No module traffic in the last %n seconds", nullptr, m_windowSeconds));
    }
}

bool ImportChart::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const Layout l = layout();
        if (!m_totals || !l.plot.contains(help->pos()) || l.plot.width() <= 0) {
            QToolTip::hideText();
            event->ignore();
            return true;
        }
        const auto i = qint64(double(help->pos().x() - l.plot.left()) * l.buckets / l.plot.width());
        const qint64 second = l.firstSecond + i;
        const QList<ImportBucket> b = m_totals->series(m_contextId, second, second);
        const ImportBucket bucket = b.isEmpty() ? ImportBucket{} : b.first();
        const QString when
                = QDateTime::fromSecsSinceEpoch(second).toString(QStringLiteral("HH:mm:ss"));
        QToolTip::showText(
                help->globalPos(),
                tr("%1: %n roundtrip(s), %2 KB sent", nullptr, int(bucket.roundtrips))
                        .arg(when,
                             QLocale().toString(double(bucket.bytesCompressed) / 1024.0, 'f', 1)),
                this);
        return true;
    }
    return QWidget::event(event);
}

void ImportChart::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_timer->start();
}

void ImportChart::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_timer->stop();
}

} // namespace Econtext
