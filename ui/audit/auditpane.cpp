#include "ui/audit/auditpane.h"

#include "core/broker/context.h"
#include "ui/audit/moduleauditmodel.h"
#include "ui/icons.h"
#include "ui/imports/importeventmodel.h"
#include "ui/widgets/windowplacement.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QSaveFile>
#include <QShortcut>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QStyle>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

namespace Econtext {

AuditPane::AuditPane(QWidget *parent)
    : QWidget(parent)
    , m_model(new ModuleAuditModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
{
    setObjectName(QStringLiteral("auditPane"));
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(ModuleAuditModel::SortRole);
    m_proxy->setFilterKeyColumn(ModuleAuditModel::ModuleColumn);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);

    m_toolBar = new QToolBar(this);
    m_toolBar->setIconSize(QSize(16, 16));
    m_filterEdit = new QLineEdit(m_toolBar);
    m_filterEdit->setObjectName(QStringLiteral("auditFilter"));
    m_filterEdit->setPlaceholderText(tr("Filter modules"));
    m_filterEdit->setClearButtonEnabled(true);
    connect(m_filterEdit, &QLineEdit::textChanged, this, &AuditPane::setFilterText);
    m_toolBar->addWidget(m_filterEdit);
    m_toolBar->addSeparator();
    m_exportAction = new QAction(
            Icons::themed(QStringLiteral("document-save-as"), QIcon()), tr("Export…"), this);
    m_exportAction->setToolTip(tr("Save the modules shown as a CSV or JSON file"));
    connect(m_exportAction, &QAction::triggered, this, &AuditPane::exportWithDialog);
    m_toolBar->addAction(m_exportAction);

    m_totalsLabel = new QLabel(this);
    m_totalsLabel->setObjectName(QStringLiteral("auditTotals"));
    m_totalsLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("auditView"));
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(ModuleAuditModel::TimeColumn, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    // A hash is read and compared, not wrapped: give it its width.
    m_view->setColumnWidth(ModuleAuditModel::Sha256Column,
                           m_view->fontMetrics().horizontalAdvance(QString(64, u'0')) + 24);
    m_view->setColumnWidth(ModuleAuditModel::ModuleColumn,
                           m_view->fontMetrics().horizontalAdvance(QString(28, u'm')));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_toolBar);
    layout->addWidget(m_totalsLabel);
    layout->addWidget(m_view, 1);

    connect(m_model, &QAbstractItemModel::rowsInserted, this, &AuditPane::updateTotals);
    connect(m_model, &QAbstractItemModel::modelReset, this, &AuditPane::updateTotals);
    updateTotals();
}

AuditPane::~AuditPane() = default;

void AuditPane::setContext(Context *context, const ImportEvents &history)
{
    disconnect(m_connection);
    m_context = context;
    m_model->clear();
    m_model->appendEvents(history);
    if (context) {
        // Queued from the broker thread; repeats of `history` are dropped by the model.
        m_connection = connect(context,
                               &Context::importEventsReceived,
                               this,
                               &AuditPane::appendEvents,
                               Qt::QueuedConnection);
    }
}

void AuditPane::setEvents(const ImportEvents &events)
{
    setContext(nullptr, events);
}

void AuditPane::appendEvents(const ImportEvents &events)
{
    m_model->appendEvents(events);
}

void AuditPane::clear()
{
    m_model->clear();
}

void AuditPane::setFilterText(const QString &text)
{
    if (m_filterEdit->text() != text)
        m_filterEdit->setText(text);
    m_proxy->setFilterFixedString(text);
}

QString AuditPane::totalsText() const
{
    return m_totalsLabel->text();
}

void AuditPane::updateTotals()
{
    const QLocale locale;
    const int sent = m_model->rowCount();
    int ahead = 0;
    for (int r = 0; r < sent; ++r) {
        if (m_model->entry(r).outcome == ImportOutcome::Related)
            ++ahead;
    }
    m_totalsLabel->setText(tr("%n module(s) sent, %1 of them ahead; %2 bytes of source, %3 "
                              "bytes compressed",
                              nullptr,
                              sent)
                                   .arg(ahead)
                                   .arg(locale.toString(m_model->totalBytesRaw()),
                                        locale.toString(m_model->totalBytesCompressed())));
}

bool AuditPane::exportToFile(const QString &fileName, QString *errorMessage) const
{
    const bool json = fileName.endsWith(QLatin1String(".json"), Qt::CaseInsensitive);
    QSaveFile file(fileName);
    if (!file.open(QIODevice::WriteOnly)) {
        if (errorMessage)
            *errorMessage = tr("Could not write %1: %2.").arg(fileName, file.errorString());
        return false;
    }
    file.write(json ? ModuleAuditModel::toJson(*m_proxy) : ModuleAuditModel::toCsv(*m_proxy));
    if (!file.commit()) {
        if (errorMessage)
            *errorMessage = tr("Could not write %1: %2.").arg(fileName, file.errorString());
        return false;
    }
    return true;
}

void AuditPane::exportWithDialog()
{
    const QString csvFilter = tr("CSV files (*.csv)");
    const QString jsonFilter = tr("JSON files (*.json)");
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    QString selected = csvFilter;
    QString fileName = QFileDialog::getSaveFileName(this,
                                                    tr("Export Module Audit"),
                                                    dir + QStringLiteral("/module-audit.csv"),
                                                    csvFilter + QStringLiteral(";;") + jsonFilter,
                                                    &selected);
    if (fileName.isEmpty())
        return;
    // The filter decides when the name has no known extension.
    if (!fileName.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive)
        && !fileName.endsWith(QLatin1String(".json"), Qt::CaseInsensitive)) {
        fileName += selected == jsonFilter ? QStringLiteral(".json") : QStringLiteral(".csv");
    }
    QString error;
    if (!exportToFile(fileName, &error))
        QMessageBox::warning(this, tr("Export Module Audit"), error);
}

ImportEvents AuditPane::eventsOf(const ImportEventModel &model, quint32 contextId)
{
    ImportEvents out;
    for (int r = 0; r < model.rowCount(); ++r) {
        const ImportEvent &e = model.event(r);
        if (e.contextId == contextId && ModuleAuditModel::isSent(e))
            out.append(e);
    }
    return out;
}

AuditPane *AuditPane::showForContext(Context *context, const ImportEvents &history, QWidget *parent)
{
    auto *pane = new AuditPane(parent);
    pane->setWindowFlag(Qt::Window);
    pane->setAttribute(Qt::WA_DeleteOnClose);
    pane->setWindowTitle(context ? tr("Module Audit — %1").arg(context->name())
                                 : tr("Module Audit"));
    pane->setContext(context, history);
    // A window of its own closes as a dialog does: a Close button, and Esc.
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, pane);
    const int margin = pane->style()->pixelMetric(QStyle::PM_LayoutRightMargin);
    buttons->setContentsMargins(margin, margin / 2, margin, margin);
    connect(buttons, &QDialogButtonBox::rejected, pane, &QWidget::close);
    pane->layout()->addWidget(buttons);
    auto *escape = new QShortcut(QKeySequence(Qt::Key_Escape), pane);
    connect(escape, &QShortcut::activated, pane, &QWidget::close);
    placeWindow(pane, parent, QSize(1000, 480));
    pane->show();
    return pane;
}

} // namespace Econtext
