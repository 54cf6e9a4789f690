#include "ui/hosts/groupconnectdialog.h"

#include "ui/hosts/groupconnectmodel.h"

#include <QCloseEvent>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace Econtext {

GroupConnectDialog::GroupConnectDialog(Broker *broker, const QString &title, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("GroupConnectDialog"));
    setWindowTitle(tr("Connect Group: %1").arg(title));
    setModal(false);
    setWindowModality(Qt::NonModal);

    m_model = new GroupConnectModel(broker, this);

    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("summary"));
    m_progress = new QProgressBar(this);
    m_progress->setTextVisible(true);

    m_view = new QTableView(this);
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setWordWrap(false);
    m_view->setAccessibleName(tr("Hosts being connected"));

    auto *buttons = new QDialogButtonBox(this);
    m_cancelAll = buttons->addButton(tr("&Cancel All"), QDialogButtonBox::ActionRole);
    m_cancelAll->setToolTip(tr("Stop connecting the hosts that are not connected yet."));
    m_retry = buttons->addButton(tr("&Retry Failed"), QDialogButtonBox::ActionRole);
    m_retry->setToolTip(tr("Connect the hosts that failed or were cancelled again."));
    m_close = buttons->addButton(QDialogButtonBox::Close);
    m_cancelAll->setAutoDefault(false);
    m_retry->setAutoDefault(false);
    connect(m_cancelAll, &QPushButton::clicked, m_model, &GroupConnectModel::cancelAll);
    connect(m_retry, &QPushButton::clicked, m_model, &GroupConnectModel::retryFailed);
    connect(m_close, &QPushButton::clicked, this, &QDialog::close);

    connect(m_model, &GroupConnectModel::progressChanged, this, &GroupConnectDialog::updateSummary);
    connect(m_model, &GroupConnectModel::finished, this, [this] {
        updateSummary();
        if (m_deleteWhenFinished)
            deleteLater();
    });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_progress);
    layout->addWidget(m_view, 1);
    layout->addWidget(buttons);
    resize(640, 420);
    updateSummary();
}

GroupConnectDialog::~GroupConnectDialog() = default;

void GroupConnectDialog::addHost(const ConnectOptions &options, const QString &rowTitle)
{
    m_model->addHost(options, rowTitle);
}

void GroupConnectDialog::start()
{
    m_model->start();
    show();
    raise();
}

void GroupConnectDialog::updateSummary()
{
    const int total = m_model->total();
    const int connected = m_model->connectedCount();
    const int failed = m_model->failedCount();
    const int pending = m_model->pendingCount();
    QString text = tr("%1 of %n connected", nullptr, total).arg(connected);
    if (failed > 0)
        text += QLatin1String(", ") + tr("%n failed", nullptr, failed);
    if (pending > 0)
        text += QLatin1String(", ") + tr("%n in progress", nullptr, pending);
    m_summary->setText(text);
    m_progress->setRange(0, qMax(1, total));
    m_progress->setValue(connected + failed);
    m_progress->setFormat(tr("%1 of %2 connected").arg(connected).arg(total));
    m_cancelAll->setEnabled(pending > 0);
    m_retry->setEnabled(failed > 0);
}

void GroupConnectDialog::closeEvent(QCloseEvent *event)
{
    // Connects in flight go on without the panel; it goes away when they are done.
    if (m_model->isFinished()) {
        deleteLater();
    } else {
        m_deleteWhenFinished = true;
    }
    QDialog::closeEvent(event);
}

} // namespace Econtext
