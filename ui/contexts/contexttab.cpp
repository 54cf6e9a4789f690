#include "ui/contexts/contexttab.h"

#include "ui/console/consolewidget.h"
#include "ui/icons.h"
#include "ui/imports/importspane.h"
#include "ui/logs/logpane.h"
#include "ui/settings/appsettings.h"
#include "ui/stacks/stackspane.h"
#include "ui/timeline/timelinepane.h"

#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace Econtext {

namespace {
// Longer than the core's log batching (~30 ms) and the pane's coalescing (40 ms).
constexpr int kNoteDelayMs = 250;
} // namespace

ContextTab::ContextTab(Context *context, Broker *broker, QWidget *parent)
    : QWidget(parent)
{
    auto *header = new QWidget(this);
    header->setObjectName(QStringLiteral("contextHeader"));
    auto *headerLayout = new QHBoxLayout(header);
    headerLayout->setContentsMargins(8, 6, 8, 6);
    headerLayout->setSpacing(8);

    m_iconLabel = new QLabel(header);
    m_iconLabel->setFixedSize(16, 16);
    headerLayout->addWidget(m_iconLabel);

    m_titleLabel = new QLabel(header);
    m_titleLabel->setTextFormat(Qt::PlainText);
    QFont bold = m_titleLabel->font();
    bold.setBold(true);
    m_titleLabel->setFont(bold);
    headerLayout->addWidget(m_titleLabel);

    m_factsLabel = new QLabel(header);
    m_factsLabel->setTextFormat(Qt::PlainText);
    m_factsLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_factsLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_factsLabel->setForegroundRole(QPalette::PlaceholderText);
    headerLayout->addWidget(m_factsLabel, 1);

    auto *levelLabel = new QLabel(tr("Forward logs from:"), header);
    headerLayout->addWidget(levelLabel);
    m_remoteLevel = new QComboBox(header);
    m_remoteLevel->setToolTip(
            tr("The lowest level of logging records the context sends to this window"));
    m_remoteLevel->addItem(tr("Debug"), 10);
    m_remoteLevel->addItem(tr("Info"), 20);
    m_remoteLevel->addItem(tr("Warning"), 30);
    m_remoteLevel->addItem(tr("Error"), 40);
    m_remoteLevel->addItem(tr("Critical"), 50);
    m_remoteLevel->setCurrentIndex(2);
    levelLabel->setBuddy(m_remoteLevel);
    connect(m_remoteLevel, &QComboBox::activated, this, [this](int index) {
        if (Context *c = m_context.data())
            c->setLogLevel(m_remoteLevel->itemData(index).toInt());
    });
    headerLayout->addWidget(m_remoteLevel);

    m_panes = new QTabWidget(this);
    m_panes->setObjectName(QStringLiteral("contextPanes"));
    m_panes->setDocumentMode(true);
    m_panes->setTabPosition(QTabWidget::South);

    m_logPane = new LogPane(m_panes);
    m_logPane->setCapacity(AppSettings::logBufferSize());
    addPane(m_logPane,
            Icons::themed(QStringLiteral("text-x-generic"),
                          style()->standardIcon(QStyle::SP_FileDialogContentsView)),
            tr("Log"));
    m_timelinePane = new TimelinePane(m_panes);
    addPane(m_timelinePane,
            Icons::themed(QStringLiteral("view-calendar-timeline"),
                          style()->standardIcon(QStyle::SP_FileDialogInfoView)),
            tr("Timeline"));
    m_stacksPane = new StacksPane(m_panes);
    addPane(m_stacksPane,
            Icons::themed(QStringLiteral("view-list-tree"),
                          style()->standardIcon(QStyle::SP_FileDialogListView)),
            tr("Stacks"));
    m_timelinePane->setBroker(broker);
    // Follows the contexts attach() gives it, starting with the first below.
    m_importsPane = new ImportsPane(broker, context ? context->id() : 0, m_panes);
    addPane(m_importsPane,
            Icons::themed(QStringLiteral("network-transmit-receive"),
                          style()->standardIcon(QStyle::SP_ArrowDown)),
            tr("Imports"));
    m_console = new ConsoleWidget(context, m_panes);
    m_console->setObjectName(QStringLiteral("console"));
    addPane(m_console,
            Icons::themed(QStringLiteral("utilities-terminal"),
                          style()->standardIcon(QStyle::SP_ComputerIcon)),
            tr("Console"));
    connect(m_panes, &QTabWidget::currentChanged, this, [this] {
        // A choice of the user's is kept until the next connection.
        if (!m_switchingPane)
            m_userPickedPane = true;
    });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(header);
    auto *line = new QFrame(this);
    line->setFrameShape(QFrame::HLine);
    line->setFrameShadow(QFrame::Sunken);
    layout->addWidget(line);
    layout->addWidget(m_panes, 1);

    attach(context);
}

ContextTab::~ContextTab() = default;

int ContextTab::addPane(QWidget *pane, const QIcon &icon, const QString &title)
{
    const int index = m_panes->addTab(pane, icon, title);
    // A single pane needs no tab bar; it appears once there is a choice.
    m_panes->tabBar()->setVisible(m_panes->count() > 1);
    return index;
}

void ContextTab::attach(Context *context)
{
    for (const QMetaObject::Connection &c : std::as_const(m_connections))
        disconnect(c);
    m_connections.clear();
    m_context = context;
    if (!context) {
        updateHeader();
        return;
    }
    const bool reattach = m_contextId != 0 && m_contextId != context->id();
    m_contextId = context->id();
    m_name = context->name();
    if (m_name.isEmpty())
        m_name = context->description();
    m_description = context->description();
    m_method = methodName(context->method());
    m_facts = context->facts();
    m_reason.clear();
    m_userPickedPane = false;
    if (reattach)
        addNote(tr("Reconnecting to %1.").arg(m_description.isEmpty() ? m_name : m_description));
    m_timelinePane->attach(context);
    m_stacksPane->attach(context);
    m_importsPane->attach(context);
    if (m_console->context() != context)
        m_console->attach(context);

    m_connections.append(
            connect(context, &Context::logRecordsReceived, m_logPane, &LogPane::appendRecords));
    m_connections.append(
            connect(context, &Context::stateChanged, this, &ContextTab::onStateChanged));
    m_connections.append(
            connect(context, &Context::factsReceived, this, &ContextTab::onFactsReceived));

    // Signals from the broker thread may have gone out before we listened.
    m_state = ContextState::Connecting;
    const ContextState now = context->state();
    if (now != m_state)
        onStateChanged(now, context->errorString());
    followState();
    updateHeader();
}

void ContextTab::dumpStacks()
{
    showPaneAutomatically(m_stacksPane);
    m_stacksPane->dump();
}

void ContextTab::showPaneAutomatically(QWidget *pane)
{
    if (m_panes->currentWidget() == pane)
        return;
    m_switchingPane = true;
    m_panes->setCurrentWidget(pane);
    m_switchingPane = false;
}

void ContextTab::followState()
{
    if (m_userPickedPane)
        return;
    switch (m_state) {
    case ContextState::Connecting:
    case ContextState::Bootstrapping:
    case ContextState::Failed:
        showPaneAutomatically(m_timelinePane);
        break;
    case ContextState::Connected:
        if (m_panes->currentWidget() == m_timelinePane)
            showPaneAutomatically(m_logPane);
        break;
    case ContextState::Disconnected:
        break;
    }
}

void ContextTab::detach()
{
    if (m_context) {
        const ContextState now = m_context->state();
        if (now != m_state)
            onStateChanged(now, m_context->errorString());
    }
    for (const QMetaObject::Connection &c : std::as_const(m_connections))
        disconnect(c);
    m_connections.clear();
    m_context = nullptr;
    m_timelinePane->detach();
    m_stacksPane->detach();
    m_console->detach();
    if (m_state != ContextState::Failed && m_state != ContextState::Disconnected)
        onStateChanged(ContextState::Disconnected, tr("The context was removed."));
    updateHeader();
}

void ContextTab::setForwardLevel(int level)
{
    int best = 0;
    for (int i = 0; i < m_remoteLevel->count(); ++i) {
        if (m_remoteLevel->itemData(i).toInt() <= level)
            best = i;
    }
    m_remoteLevel->setCurrentIndex(best);
}

void ContextTab::addNote(const QString &message, int level)
{
    LogRecord record;
    record.contextId = m_contextId;
    record.kind = LogRecord::Kind::Internal;
    record.time = double(QDateTime::currentMSecsSinceEpoch()) / 1000.0;
    record.level = level;
    record.logger = QStringLiteral("econtext");
    record.message = message;
    m_logPane->appendRecords({record});
}

void ContextTab::onStateChanged(ContextState state, const QString &reason)
{
    if (state == m_state && reason == m_reason)
        return;
    m_state = state;
    m_reason = reason;
    switch (state) {
    case ContextState::Failed:
    case ContextState::Disconnected:
        // The core may log the reason itself (its record can arrive a batch later):
        // note it here only if it did not.
        QTimer::singleShot(kNoteDelayMs, this, [this, state, reason] {
            if (m_state != state)
                return;
            if (!reason.isEmpty() && m_logPane->hasRecent(LogRecord::Kind::Internal, reason))
                return;
            if (state == ContextState::Failed)
                addNote(reason.isEmpty() ? tr("The connection failed.")
                                         : tr("The connection failed: %1").arg(reason),
                        40);
            else
                addNote(reason.isEmpty() ? tr("Disconnected.") : tr("Disconnected: %1").arg(reason),
                        30);
        });
        break;
    case ContextState::Connected:
        if (m_context && m_facts.pythonVersion.isEmpty())
            m_facts = m_context->facts();
        break;
    case ContextState::Connecting:
    case ContextState::Bootstrapping:
        break;
    }
    followState();
    updateHeader();
}

void ContextTab::onFactsReceived(const ContextFacts &facts)
{
    m_facts = facts;
    updateHeader();
}

void ContextTab::updateHeader()
{
    m_iconLabel->setPixmap(Icons::stateIcon(m_state).pixmap(16, 16));
    m_iconLabel->setToolTip(contextStateName(m_state));
    m_titleLabel->setText(m_name);

    QStringList parts;
    parts.append(contextStateName(m_state));
    if (!m_method.isEmpty())
        parts.append(m_method);
    if (!m_facts.pythonVersion.isEmpty())
        parts.append(tr("Python %1").arg(m_facts.pythonVersion));
    if (!m_facts.user.isEmpty() || !m_facts.host.isEmpty())
        parts.append(m_facts.user + QLatin1Char('@') + m_facts.host);
    if (m_facts.pid > 0)
        parts.append(tr("pid %1").arg(m_facts.pid));
    if (!m_reason.isEmpty()
        && (m_state == ContextState::Failed || m_state == ContextState::Disconnected))
        parts.append(m_reason);
    const QString text = parts.join(QStringLiteral(" · "));
    m_factsLabel->setText(text);
    m_factsLabel->setToolTip(text);
    m_remoteLevel->setEnabled(m_context && m_state == ContextState::Connected);
    Q_EMIT titleChanged();
}

} // namespace Econtext
