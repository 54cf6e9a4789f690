// GroupConnectDialog: the non-modal progress panel of a group connect ("Connect Group" on a
// folder, a tag or a selection of the Hosts sidebar). It shows how many of the hosts are
// connected and how many failed, one row per host with its state and error, and offers
// Cancel All and Retry Failed. Closing it while hosts are still connecting only hides it:
// the connects go on, and it deletes itself once they are done.
#pragma once

#include "core/broker/broker.h"
#include "core/connect/connectoptions.h"

#include <QDialog>

class QLabel;
class QProgressBar;
class QPushButton;
class QTableView;

namespace Econtext {

class GroupConnectModel;

class GroupConnectDialog : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GroupConnectDialog)
public:
    // title: what is being connected, e.g. the folder's or tag's name.
    GroupConnectDialog(Broker *broker, const QString &title, QWidget *parent = nullptr);
    ~GroupConnectDialog() override;

    void addHost(const ConnectOptions &options, const QString &rowTitle = QString());
    // Starts connecting and shows the panel.
    void start();

    GroupConnectModel *model() const { return m_model; }
    QProgressBar *progressBar() const { return m_progress; }
    QLabel *summaryLabel() const { return m_summary; }
    QTableView *view() const { return m_view; }
    QPushButton *cancelAllButton() const { return m_cancelAll; }
    QPushButton *retryButton() const { return m_retry; }

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void updateSummary();

    GroupConnectModel *m_model = nullptr;
    QLabel *m_summary = nullptr;
    QProgressBar *m_progress = nullptr;
    QTableView *m_view = nullptr;
    QPushButton *m_cancelAll = nullptr;
    QPushButton *m_retry = nullptr;
    QPushButton *m_close = nullptr;
    bool m_deleteWhenFinished = false;
};

} // namespace Econtext
