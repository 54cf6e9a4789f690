#include "ui/imports/importspane.h"

#include "ui/widgets/emptystatetableview.h"

#include "core/broker/broker.h"
#include "core/modules/moduleserver.h"
#include "ui/icons.h"
#include "ui/imports/importchart.h"
#include "ui/imports/importeventmodel.h"
#include "ui/imports/importfilterproxy.h"

#include <QAction>
#include <QComboBox>
#include <QDateTime>
#include <QEvent>
#include <QFileDialog>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QLoggingCategory>
#include <QMenu>
#include <QMessageBox>
#include <QPainter>
#include <QSaveFile>
#include <QScrollBar>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableView>
#include <QTextBrowser>
#include <QTextDocument>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

Q_LOGGING_CATEGORY(lcImports, "econtext.ui.imports", QtWarningMsg)

namespace Econtext {

namespace {
// Typing in the filter re-filters up to the whole buffer: wait for a pause.
constexpr int kFilterDelayMs = 150;
// Totals and chart follow the rows at most this often.
constexpr int kTotalsDelayMs = 200;
// Modules sent for one request carry the same request name and nearly the same time.
constexpr double kSameRequestSeconds = 1.0;

QString escaped(const QString &text)
{
    return text.toHtmlEscaped();
}

QString dataSize(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

} // namespace

ImportsPane::ImportsPane(Broker *broker, quint32 contextId, QWidget *parent)
    : QWidget(parent)
    , m_broker(broker)
    , m_contextId(contextId)
    , m_global(contextId == 0)
    , m_model(new ImportEventModel(this))
    , m_proxy(new ImportFilterProxy(this))
{
    setObjectName(isGlobal() ? QStringLiteral("globalImportsPane") : QStringLiteral("importsPane"));
    m_model->setPalette(palette());
    // One context's pane holds the events of the contexts it followed, no others: it needs
    // no filter by context.
    m_proxy->setSourceModel(m_model);

    m_filterTimer = new QTimer(this);
    m_filterTimer->setSingleShot(true);
    m_filterTimer->setInterval(kFilterDelayMs);
    connect(m_filterTimer, &QTimer::timeout, this, [this] {
        m_proxy->setFilterText(m_filterEdit->text());
    });

    m_totalsTimer = new QTimer(this);
    m_totalsTimer->setSingleShot(true);
    m_totalsTimer->setInterval(kTotalsDelayMs);
    connect(m_totalsTimer, &QTimer::timeout, this, &ImportsPane::updateTotals);

    buildToolBar();
    buildBody();

    if (m_broker) {
        if (isGlobal()) {
            const QList<Context *> contexts = m_broker->contexts();
            for (Context *c : contexts)
                addContext(c);
            connect(m_broker, &Broker::contextAdded, this, &ImportsPane::addContext);
        } else if (Context *c = m_broker->context(contextId)) {
            attach(c);
        }
    }
    updateTotals();
    updateDetails();
}

ImportsPane::~ImportsPane() = default;

void ImportsPane::buildToolBar()
{
    m_toolBar = new QToolBar(this);
    m_toolBar->setIconSize(QSize(16, 16));
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);

    m_outcomeMenu = new QMenu(this);
    for (const ImportOutcome outcome : allImportOutcomes) {
        QAction *a = m_outcomeMenu->addAction(ImportEventModel::outcomeLabel(outcome));
        a->setCheckable(true);
        a->setChecked(true);
        a->setData(QVariant::fromValue(outcome));
        a->setToolTip(ImportEventModel::outcomeDescription(outcome));
        connect(a, &QAction::toggled, this, [this, outcome](bool on) {
            m_proxy->setOutcomeAccepted(outcome, on);
            updateOutcomeButton();
        });
        m_outcomeActions.append(a);
    }
    m_outcomeMenu->addSeparator();
    m_outcomeMenu->addAction(tr("Show All Outcomes"), this, [this] {
        for (QAction *a : std::as_const(m_outcomeActions)) {
            const QSignalBlocker block(a);
            a->setChecked(true);
        }
        m_proxy->clearOutcomeFilter();
        updateOutcomeButton();
    });
    m_outcomeMenu->setToolTipsVisible(true);
    m_outcomeButton = new QToolButton(m_toolBar);
    m_outcomeButton->setObjectName(QStringLiteral("outcomeFilter"));
    m_outcomeButton->setMenu(m_outcomeMenu);
    m_outcomeButton->setPopupMode(QToolButton::InstantPopup);
    m_outcomeButton->setToolTip(tr("Choose which outcomes the table shows"));
    m_toolBar->addWidget(m_outcomeButton);
    updateOutcomeButton();

    if (isGlobal()) {
        m_contextCombo = new QComboBox(m_toolBar);
        m_contextCombo->setObjectName(QStringLiteral("contextFilter"));
        m_contextCombo->setToolTip(tr("Show the imports of one context"));
        m_contextCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
        m_contextCombo->addItem(tr("All contexts"), 0U);
        connect(m_contextCombo, &QComboBox::currentIndexChanged, this, [this](int index) {
            m_proxy->setContextFilter(m_contextCombo->itemData(index).toUInt());
            m_chart->setSource(&m_totals, shownContextId());
            updateTotals();
        });
        m_toolBar->addWidget(m_contextCombo);
    }

    m_filterEdit = new QLineEdit(m_toolBar);
    m_filterEdit->setObjectName(QStringLiteral("importFilter"));
    m_filterEdit->setPlaceholderText(tr("Filter modules"));
    m_filterEdit->setClearButtonEnabled(true);
    m_filterEdit->setMaximumWidth(fontMetrics().horizontalAdvance(QLatin1Char('m')) * 28);
    connect(m_filterEdit, &QLineEdit::textChanged, m_filterTimer, qOverload<>(&QTimer::start));
    m_toolBar->addWidget(m_filterEdit);

    QAction *find = new QAction(tr("Find"), this);
    find->setShortcut(QKeySequence::Find);
    find->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(find, &QAction::triggered, this, [this] {
        m_filterEdit->setFocus(Qt::ShortcutFocusReason);
        m_filterEdit->selectAll();
    });
    addAction(find);

    m_toolBar->addSeparator();
    m_exportAction = new QAction(
            Icons::themed(QStringLiteral("document-save-as"), QIcon()), tr("Export CSV…"), this);
    m_exportAction->setToolTip(tr("Save the rows the filter shows as a CSV file"));
    connect(m_exportAction, &QAction::triggered, this, &ImportsPane::exportWithDialog);
    m_toolBar->addAction(m_exportAction);

    m_clearAction = new QAction(Icons::actionIcon(QStringLiteral("clear")), tr("Clear"), this);
    m_clearAction->setToolTip(tr("Remove every row and restart the totals"));
    connect(m_clearAction, &QAction::triggered, this, &ImportsPane::clear);
    m_toolBar->addAction(m_clearAction);
}

void ImportsPane::buildBody()
{
    m_totalsLabel = new QLabel(this);
    m_totalsLabel->setObjectName(QStringLiteral("importTotals"));
    m_totalsLabel->setTextFormat(Qt::RichText);
    m_totalsLabel->setWordWrap(true);
    m_totalsLabel->setContentsMargins(6, 2, 6, 2);
    m_totalsLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_chart = new ImportChart(this);
    m_chart->setObjectName(QStringLiteral("importChart"));
    m_chart->setSource(&m_totals, 0); // one context's pane: all it holds

    auto *view = new EmptyStateTableView(this);
    view->setEmptyText(isGlobal() ? tr("No imports yet. Modules that contexts import through the "
                                       "master appear here.")
                                  : tr("No imports yet. Modules this context imports through the "
                                       "master appear here."));
    m_view = view;
    m_view->setObjectName(QStringLiteral("importTable"));
    m_view->setModel(m_proxy);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setShowGrid(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_view->horizontalHeader()->setHighlightSections(false);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setSortIndicator(ImportEventModel::TimeColumn, Qt::AscendingOrder);
    m_view->setSortingEnabled(true);
    m_view->setColumnHidden(ImportEventModel::ContextColumn, !isGlobal());
    const QFontMetrics fm = fontMetrics();
    const auto setWidth = [&](int column, const QString &sample) {
        m_view->setColumnWidth(column, fm.horizontalAdvance(sample) + 24);
    };
    setWidth(ImportEventModel::TimeColumn, QStringLiteral("00:00:00.000"));
    setWidth(ImportEventModel::ContextColumn, QStringLiteral("local.example-host"));
    setWidth(ImportEventModel::ModuleColumn, QStringLiteral("package.subpackage.module"));
    setWidth(ImportEventModel::OutcomeColumn, QStringLiteral("negative-cache hit"));
    setWidth(ImportEventModel::KindColumn, ImportEventModel::tr("compiled package"));
    setWidth(ImportEventModel::BytesRawColumn, QStringLiteral("1,000,000"));
    setWidth(ImportEventModel::BytesCompressedColumn, QStringLiteral("1,000,000"));
    setWidth(ImportEventModel::RoundtripColumn, QStringLiteral("1,000.0 ms"));
    setWidth(ImportEventModel::RequestedByColumn, QStringLiteral("package.subpackage"));
    connect(m_view->selectionModel(),
            &QItemSelectionModel::currentRowChanged,
            this,
            &ImportsPane::updateDetails);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &ImportsPane::updateDetails);

    m_details = new QTextBrowser(this);
    m_details->setObjectName(QStringLiteral("importDetails"));
    m_details->setOpenLinks(false);
    m_details->setMinimumWidth(fm.horizontalAdvance(QLatin1Char('m')) * 22);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_view);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_toolBar);
    layout->addWidget(m_totalsLabel);
    layout->addWidget(m_chart);
    layout->addWidget(splitter, 1);
}

void ImportsPane::attach(Context *context)
{
    if (isGlobal() || !context || context == m_context)
        return;
    if (m_context)
        disconnect(m_context, nullptr, this, nullptr);
    m_context = context;
    m_contextId = context->id();
    addContext(context);
    updateTotals();
}

void ImportsPane::addContext(Context *context)
{
    if (!context || m_followed.contains(context->id()))
        return;
    if (!isGlobal() && context->id() != m_contextId)
        return;
    m_followed.append(context->id());
    m_model->setContextName(context->id(), context->name());
    connect(context, &Context::importEventsReceived, this, &ImportsPane::appendEvents);
    if (m_contextCombo) {
        m_contextCombo->addItem(Icons::stateIcon(context->state()), context->name(), context->id());
        const quint32 id = context->id();
        connect(context, &Context::stateChanged, this, [this, id](ContextState state) {
            const int index = m_contextCombo->findData(id);
            if (index >= 0)
                m_contextCombo->setItemIcon(index, Icons::stateIcon(state));
        });
    }
    qCDebug(lcImports) << "imports pane" << m_contextId << "follows context" << context->id();
}

void ImportsPane::appendEvents(const ImportEvents &events)
{
    if (events.isEmpty())
        return;
    const bool follow = isAtBottom();
    m_totals.addEvents(events);
    m_model->appendEvents(events);
    if (follow)
        m_view->scrollToBottom();
    // Many contexts can deliver many batches a second: redraw the totals a few times a second.
    if (!m_totalsTimer->isActive())
        m_totalsTimer->start();
}

bool ImportsPane::isAtBottom() const
{
    const QScrollBar *bar = m_view->verticalScrollBar();
    return bar->value() >= bar->maximum();
}

quint32 ImportsPane::shownContextId() const
{
    if (!isGlobal())
        return m_contextId;
    return m_proxy->contextFilter();
}

ImportCounts ImportsPane::shownCounts() const
{
    // One context's pane: every context it followed (a reconnect adds one).
    return m_totals.counts(isGlobal() ? m_proxy->contextFilter() : 0);
}

void ImportsPane::setFilterText(const QString &text)
{
    m_filterEdit->setText(text);
    m_filterTimer->stop();
    m_proxy->setFilterText(text);
}

void ImportsPane::setOutcomeAccepted(ImportOutcome outcome, bool accepted)
{
    for (QAction *a : std::as_const(m_outcomeActions)) {
        if (a->data().value<ImportOutcome>() == outcome)
            a->setChecked(accepted); // toggled() updates the proxy
    }
}

void ImportsPane::setContextFilter(quint32 contextId)
{
    if (!m_contextCombo)
        return;
    const int index = m_contextCombo->findData(contextId);
    if (index >= 0)
        m_contextCombo->setCurrentIndex(index);
}

void ImportsPane::clear()
{
    m_model->clear();
    m_totals.clear();
    updateTotals();
    updateDetails();
}

void ImportsPane::updateOutcomeButton()
{
    int shown = 0;
    for (const QAction *a : std::as_const(m_outcomeActions))
        shown += a->isChecked() ? 1 : 0;
    if (shown == int(m_outcomeActions.size()))
        m_outcomeButton->setText(tr("All outcomes"));
    else
        m_outcomeButton->setText(tr("%n outcome(s)", nullptr, shown));
}

QString ImportsPane::totalsHtml() const
{
    const ImportCounts c = shownCounts();
    const QLocale locale;
    QStringList parts;
    parts << tr("Imports: <b>%1</b>").arg(locale.toString(c.imports))
          << tr("Roundtrips: <b>%1</b>").arg(locale.toString(c.roundtrips))
          << tr("Modules sent: <b>%1</b> (%2 ahead)")
                     .arg(locale.toString(c.modulesSent), locale.toString(c.relatedSent))
          << tr("Cache hits: <b>%1</b> (+%2 negative)")
                     .arg(locale.toString(c.cacheHits), locale.toString(c.negativeHits))
          << tr("Roundtrips avoided: <b>%1</b>").arg(locale.toString(c.roundtripsAvoided()));
    if (c.parentHits > 0)
        parts << tr("Answered by a parent context: <b>%1</b> (%n module(s))",
                    nullptr,
                    int(c.parentModules))
                         .arg(locale.toString(c.parentHits));
    parts << tr("Bytes: <b>%1</b> (%2 compressed)")
                     .arg(dataSize(c.bytesRaw), dataSize(c.bytesCompressed));
    if (c.roundtripsMeasured > 0)
        parts << tr("Average roundtrip: <b>%1 ms</b>")
                         .arg(locale.toString(c.averageRoundtripMs(), 'f', 1));
    return parts.join(QStringLiteral(" &nbsp;·&nbsp; "));
}

void ImportsPane::updateTotals()
{
    m_totalsTimer->stop();
    m_totalsLabel->setText(totalsHtml());
    if (m_broker) {
        const QLocale locale;
        Modules::ModuleStats s;
        if (isGlobal() && shownContextId() == 0) {
            s = m_broker->moduleServer().totals();
        } else {
            const QList<quint32> ids = isGlobal() ? QList<quint32>{shownContextId()} : m_followed;
            for (quint32 id : ids)
                s += m_broker->moduleServer().stats(id);
        }
        m_totalsLabel->setToolTip(
                tr("As the module server counts them: %1 requests, %2 modules sent (%3 ahead), "
                   "%4 cache hits, %5 not found, %6 sent (%7 compressed).")
                        .arg(locale.toString(s.requests),
                             locale.toString(s.modulesSent),
                             locale.toString(s.relatedSent),
                             locale.toString(s.cacheHits),
                             locale.toString(s.notFound),
                             dataSize(s.bytesRaw),
                             dataSize(s.bytesCompressed)));
    }
    m_chart->update();
    Q_EMIT totalsChanged();
}

QString ImportsPane::totalsText() const
{
    QTextDocument doc;
    doc.setHtml(totalsHtml());
    return doc.toPlainText();
}

void ImportsPane::selectRow(int proxyRow)
{
    if (proxyRow < 0 || proxyRow >= m_proxy->rowCount())
        return;
    const QModelIndex index = m_proxy->index(proxyRow, 0);
    m_view->selectionModel()->setCurrentIndex(
            index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(index);
    updateDetails();
}

void ImportsPane::updateDetails()
{
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    if (!current.isValid()) {
        m_details->setHtml(QStringLiteral("<p style=\"color:%1\">%2</p>")
                                   .arg(palette().color(QPalette::PlaceholderText).name(),
                                        escaped(tr("Select a row to see where the module came "
                                                   "from and what was sent with it."))));
        return;
    }
    m_details->setHtml(detailsHtml(m_proxy->mapToSource(current).row()));
}

QString ImportsPane::detailsText() const
{
    return m_details->toPlainText();
}

QString ImportsPane::detailsHtml(int sourceRow) const
{
    const ImportEvent &e = m_model->event(sourceRow);
    const QLocale locale;
    QString html;
    const auto row = [&html](const QString &label, const QString &valueHtml) {
        html += QStringLiteral("<tr><td style=\"padding-right:8px\"><b>%1</b></td><td>%2</td></tr>")
                        .arg(escaped(label), valueHtml);
    };
    html += QStringLiteral("<h3>%1</h3>").arg(escaped(e.module));
    html += QStringLiteral("<p><span style=\"color:%1\"><b>%2</b></span> — %3</p>")
                    .arg(m_model->outcomeColor(e.outcome).name(),
                         escaped(ImportEventModel::outcomeLabel(e.outcome)),
                         escaped(ImportEventModel::outcomeDescription(e.outcome)));
    html += QStringLiteral("<table>");
    row(tr("Context"), escaped(m_model->contextName(e.contextId)));
    row(tr("Time"),
        escaped(QDateTime::fromMSecsSinceEpoch(qint64(e.time * 1000.0))
                        .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"))));
    const int package = e.wasSent() ? int(e.isPackage) : m_model->knownPackage(e.module);
    if (const QString kind = m_model->kindText(e); !kind.isEmpty())
        row(tr("Kind"), escaped(kind));
    row(tr("Path on the master"),
        e.path.isEmpty() ? escaped(tr("none"))
                         : QStringLiteral("<tt>%1</tt>").arg(escaped(e.path)));
    if (e.bytesRaw > 0 || e.bytesCompressed > 0) {
        const QString ratio
                = e.bytesRaw > 0 ? locale.toString(
                          100.0 * double(e.bytesCompressed) / double(e.bytesRaw), 'f', 0)
                                 : QStringLiteral("0");
        if (e.compiled) {
            row(tr("Size"),
                escaped(tr("%1 bytes of source, sent as %2 bytes of code compiled here for "
                           "the context's Python release (compressed)")
                                .arg(locale.toString(e.bytesRaw),
                                     locale.toString(e.bytesCompressed))));
        } else {
            row(tr("Size"),
                escaped(tr("%1 bytes, %2 compressed (%3%)")
                                .arg(locale.toString(e.bytesRaw),
                                     locale.toString(e.bytesCompressed),
                                     ratio)));
        }
    }
    if (e.roundtripMs >= 0 && ImportTotals::isRoundtrip(e.outcome))
        row(tr("Roundtrip"), escaped(tr("%1 ms").arg(locale.toString(e.roundtripMs, 'f', 1))));

    // Which request caused it to be sent.
    QString cause;
    if (e.outcome == ImportOutcome::Served)
        cause = tr("The context asked for it.");
    else if (e.outcome == ImportOutcome::Related && !e.requestedBy.isEmpty())
        cause = tr("Sent ahead with the request for %1.").arg(e.requestedBy);
    const int rows = m_model->rowCount();
    QStringList sameRequest;
    QStringList children;
    QString earlierSend;
    const QString prefix = e.module + QLatin1Char('.');
    for (int r = 0; r < rows; ++r) {
        if (r == sourceRow)
            continue;
        const ImportEvent &o = m_model->event(r);
        if (o.contextId != e.contextId)
            continue;
        const bool sent = o.wasSent();
        if (!e.requestedBy.isEmpty() && sent && o.requestedBy == e.requestedBy
            && std::abs(o.time - e.time) <= kSameRequestSeconds && !sameRequest.contains(o.module))
            sameRequest.append(o.module);
        if (package == 1 && o.module.startsWith(prefix) && !children.contains(o.module))
            children.append(o.module);
        // A cache hit: the module came earlier, sent ahead with some request.
        if (e.outcome == ImportOutcome::Cached && o.module == e.module && sent
            && o.time <= e.time + kSameRequestSeconds)
            earlierSend = o.requestedBy;
    }
    if (e.outcome == ImportOutcome::Cached) {
        cause = earlierSend.isEmpty()
                        ? tr("Sent ahead earlier, with a request no longer in the table.")
                        : tr("Sent ahead earlier with the request for %1.").arg(earlierSend);
    }
    if (e.outcome == ImportOutcome::Negative) {
        const QString parent = e.module.section(QLatin1Char('.'), 0, -2);
        if (!parent.isEmpty())
            cause = tr("The package %1, as the master sent it, has no submodule %2.")
                            .arg(parent, e.module.section(QLatin1Char('.'), -1));
    }
    if (!cause.isEmpty())
        row(tr("Caused by"), escaped(cause));
    if (!e.requestedBy.isEmpty())
        row(tr("Requested by"), QStringLiteral("<tt>%1</tt>").arg(escaped(e.requestedBy)));
    html += QStringLiteral("</table>");

    const auto list = [&html](const QString &title, QStringList items) {
        if (items.isEmpty())
            return;
        items.sort();
        html += QStringLiteral("<p><b>%1</b></p><ul>").arg(escaped(title));
        for (const QString &item : std::as_const(items))
            html += QStringLiteral("<li><tt>%1</tt></li>").arg(escaped(item));
        html += QStringLiteral("</ul>");
    };
    list(tr("Sent with the same request"), sameRequest);
    if (package == 1) {
        if (children.isEmpty())
            html += QStringLiteral("<p>%1</p>")
                            .arg(escaped(tr("No submodules of this package have been imported "
                                            "yet.")));
        else
            list(tr("Submodules seen in this context"), children);
    }
    return html;
}

bool ImportsPane::exportCsv(const QString &fileName, QString *errorMessage) const
{
    QSaveFile file(fileName);
    if (!file.open(QIODevice::WriteOnly)) {
        if (errorMessage)
            *errorMessage = tr("Could not write %1: %2.").arg(fileName, file.errorString());
        return false;
    }
    file.write(ImportEventModel::toCsv(*m_proxy));
    if (!file.commit()) {
        if (errorMessage)
            *errorMessage = tr("Could not write %1: %2.").arg(fileName, file.errorString());
        return false;
    }
    return true;
}

void ImportsPane::exportWithDialog()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString fileName = QFileDialog::getSaveFileName(this,
                                                          tr("Export Imports"),
                                                          dir + QStringLiteral("/imports.csv"),
                                                          tr("CSV files (*.csv);;All files (*)"));
    if (fileName.isEmpty())
        return;
    QString error;
    if (!exportCsv(fileName, &error))
        QMessageBox::warning(this, tr("Export Imports"), error);
}

void ImportsPane::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        m_model->setPalette(palette());
        updateDetails();
    }
}

} // namespace Econtext
