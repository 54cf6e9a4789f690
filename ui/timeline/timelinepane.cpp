#include "ui/timeline/timelinepane.h"

#include "core/broker/broker.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QStyle>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace Econtext {

namespace {
constexpr int kMaxHops = 32; // a guard against a parent loop, far above any real chain

bool isConnecting(ContextState state)
{
    return state == ContextState::Connecting || state == ContextState::Bootstrapping;
}
} // namespace

TimelinePane::TimelinePane(QWidget *parent)
    : QWidget(parent)
    , m_timer(new QTimer(this))
{
    setObjectName(QStringLiteral("timelinePane"));

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("timelineStatus"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_cancel = new QPushButton(
            style()->standardIcon(QStyle::SP_DialogCancelButton), tr("&Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("timelineCancel"));
    m_cancel->setToolTip(tr("Stop connecting this context"));
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (Context *context = m_context.data())
            context->disconnectNow();
        Q_EMIT cancelRequested(m_contextId);
    });

    auto *top = new QHBoxLayout;
    top->setContentsMargins(8, 6, 8, 6);
    top->addWidget(m_status, 1);
    top->addWidget(m_cancel, 0, Qt::AlignTop);

    m_chart = new TimelineChart(this);
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(m_chart);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);

    m_table = new QTreeWidget(this);
    m_table->setObjectName(QStringLiteral("timelineTable"));
    m_table->setColumnCount(3);
    m_table->setHeaderLabels({tr("Stage"), tr("At (ms)"), tr("Delta (ms)")});
    m_table->setUniformRowHeights(true);
    m_table->setRootIsDecorated(true);
    m_table->setAlternatingRowColors(true);
    m_table->header()->setStretchLastSection(false);
    m_table->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    const int ch = fontMetrics().averageCharWidth();
    m_table->header()->resizeSection(1, ch * 14);
    m_table->header()->resizeSection(2, ch * 14);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(scroll);
    splitter->addWidget(m_table);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(top);
    layout->addWidget(splitter, 1);

    m_timer->setInterval(1000);
    connect(m_timer, &QTimer::timeout, this, &TimelinePane::refresh);
    refresh();
}

TimelinePane::~TimelinePane() = default;

void TimelinePane::setBroker(Broker *broker)
{
    m_broker = broker;
    refresh();
}

void TimelinePane::attach(Context *context)
{
    for (const QMetaObject::Connection &c : std::as_const(m_connections))
        disconnect(c);
    m_connections.clear();
    m_context = context;
    if (!context) {
        refresh();
        return;
    }
    m_contextId = context->id();
    m_state = context->state();
    m_error.clear();
    m_lastWaitingFor.clear();
    m_cache.remove(m_contextId);
    m_connections.append(connect(context, &Context::stageReached, this, &TimelinePane::refresh));
    m_connections.append(connect(context, &Context::stateChanged, this, &TimelinePane::refresh));
    refresh();
}

void TimelinePane::detach()
{
    refresh();
    for (const QMetaObject::Connection &c : std::as_const(m_connections))
        disconnect(c);
    m_connections.clear();
    m_context = nullptr;
    refresh();
}

TimelineHop TimelinePane::hopFor(quint32 id, Context *context)
{
    if (!context)
        return m_cache.value(id);
    TimelineHop hop;
    hop.contextId = id;
    QString name = context->name();
    if (name.isEmpty())
        name = context->description();
    hop.title = tr("%1 (%2)").arg(name, methodName(context->method()));
    hop.stages = context->timeline();
    const ContextState state = context->state();
    hop.failed = state == ContextState::Failed;
    hop.waitingFor = context->waitingFor();
    const qint64 since = context->waitingSinceMs();
    if (!hop.waitingFor.isEmpty() && since > 0)
        hop.waitingMs = std::max<qint64>(0, QDateTime::currentMSecsSinceEpoch() - since);
    const TimelineHop before = m_cache.value(id);
    if (hop.failed && hop.waitingFor.isEmpty() && !before.waitingFor.isEmpty()) {
        // The core forgets what it waited for once it fails; the chart keeps the stall.
        hop.waitingFor = before.waitingFor;
        hop.waitingMs = before.waitingMs;
    }
    m_cache.insert(id, hop);
    return hop;
}

void TimelinePane::refresh()
{
    Context *context = m_context.data();
    if (context) {
        m_state = context->state();
        m_error = context->errorString();
        const QString waiting = context->waitingFor();
        if (!waiting.isEmpty())
            m_lastWaitingFor = waiting;
    }

    QList<TimelineHop> hops;
    if (m_contextId) {
        // The chain from this context up to the master, then shown root first.
        if (context) {
            QList<quint32> chain{m_contextId};
            hops.append(hopFor(m_contextId, context));
            quint32 parentId = context->parentId();
            while (parentId != 0 && chain.size() < kMaxHops && !chain.contains(parentId)) {
                Context *parent = m_broker ? m_broker->context(parentId) : nullptr;
                if (!parent && !m_cache.contains(parentId))
                    break;
                chain.append(parentId);
                hops.append(hopFor(parentId, parent));
                parentId = parent ? parent->parentId() : 0;
            }
            std::reverse(chain.begin(), chain.end());
            std::reverse(hops.begin(), hops.end());
            m_chain = chain;
        } else {
            for (quint32 id : std::as_const(m_chain))
                hops.append(m_cache.value(id));
        }
    }
    m_chart->setHops(hops);
    rebuildTable(hops);

    const QLocale locale;
    QString status;
    const TimelineHop own = m_cache.value(m_contextId);
    const QString lastStage = own.stages.isEmpty() ? QString() : own.stages.constLast().name;
    switch (m_state) {
    case ContextState::Connecting:
    case ContextState::Bootstrapping:
        if (!own.waitingFor.isEmpty()) {
            const int seconds = int(own.waitingMs / 1000);
            status = tr("Waiting for %1 for %n s.", nullptr, seconds).arg(own.waitingFor);
        } else {
            status = tr("Connecting…");
        }
        break;
    case ContextState::Failed: {
        const QString error = m_error.isEmpty() ? tr("The connection failed.") : m_error;
        if (!lastStage.isEmpty() && !m_lastWaitingFor.isEmpty())
            status = tr("Failed after \"%1\" while waiting for %2: %3")
                             .arg(lastStage, m_lastWaitingFor, error);
        else if (!lastStage.isEmpty())
            status = tr("Failed after \"%1\": %2").arg(lastStage, error);
        else
            status = tr("Failed before the first stage: %1").arg(error);
        break;
    }
    case ContextState::Connected:
        status = own.stages.isEmpty()
                         ? tr("Connected.")
                         : tr("Connected in %1 ms.")
                                   .arg(locale.toString(own.stages.constLast().msSinceStart));
        break;
    case ContextState::Disconnected:
        status = m_error.isEmpty() ? tr("Disconnected.") : tr("Disconnected: %1").arg(m_error);
        break;
    }
    if (!m_contextId)
        status.clear();
    m_status->setText(status);
    QPalette statusPalette = palette();
    if (m_state == ContextState::Failed) {
        // A red that stays readable on light and dark windows.
        const bool dark = statusPalette.color(QPalette::Window).lightness() < 128;
        statusPalette.setColor(QPalette::WindowText,
                               dark ? QColor(0xf0, 0x70, 0x70) : QColor(0xc0, 0x1c, 0x28));
    }
    m_status->setPalette(statusPalette);
    const bool connecting = context && isConnecting(m_state);
    m_cancel->setVisible(connecting);
    m_cancel->setEnabled(connecting);
    updateTimer();
}

void TimelinePane::updateTimer()
{
    const bool live = m_context && isConnecting(m_state);
    if (live && !m_timer->isActive())
        m_timer->start();
    else if (!live)
        m_timer->stop();
}

void TimelinePane::rebuildTable(const QList<TimelineHop> &hops)
{
    QString key;
    for (const TimelineHop &hop : hops) {
        key += QString::number(hop.contextId) + u':' + QString::number(hop.stages.size()) + u':'
               + hop.waitingFor + u':' + QString::number(hop.waitingMs / 1000) + u':'
               + (hop.failed ? u'F' : u'-') + u';';
    }
    if (key == m_tableKey)
        return;
    m_tableKey = key;

    const QLocale locale;
    m_table->clear();
    QFont bold = m_table->font();
    bold.setBold(true);
    for (const TimelineHop &hop : hops) {
        auto *top = new QTreeWidgetItem(m_table);
        top->setText(0, hop.title);
        top->setFont(0, bold);
        const qint64 total = hop.stages.isEmpty() ? 0 : hop.stages.constLast().msSinceStart;
        top->setText(1, locale.toString(total));
        top->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
        qint64 previous = 0;
        for (const BootstrapStage &stage : hop.stages) {
            auto *item = new QTreeWidgetItem(top);
            item->setText(0, stage.name);
            item->setText(1, locale.toString(stage.msSinceStart));
            item->setText(2, QStringLiteral("+") + locale.toString(stage.msSinceStart - previous));
            item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
            item->setTextAlignment(2, Qt::AlignRight | Qt::AlignVCenter);
            previous = stage.msSinceStart;
        }
        if (!hop.waitingFor.isEmpty()) {
            auto *item = new QTreeWidgetItem(top);
            item->setText(0,
                          hop.failed ? tr("stalled waiting for %1").arg(hop.waitingFor)
                                     : tr("waiting for %1").arg(hop.waitingFor));
            item->setText(2, tr("+%n s", nullptr, int(hop.waitingMs / 1000)));
            item->setTextAlignment(2, Qt::AlignRight | Qt::AlignVCenter);
            item->setForeground(0, m_table->palette().brush(QPalette::PlaceholderText));
        }
    }
    m_table->expandAll();
}

QString TimelinePane::statusText() const
{
    return m_status->text();
}

} // namespace Econtext
