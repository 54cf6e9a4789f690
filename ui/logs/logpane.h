// LogPane: one context's live log — remote logging records, stdout, stderr and
// our own notes — in a table with uniform rows. Records arrive in batches and
// are coalesced once more on a short timer, so a flood never takes the event
// loop; the view follows the tail only while the user is at the bottom.
// Toolbar: level, stdout/stderr, text filter with highlighting, follow,
// pause, clear, copy and save. Used by ContextTab.
#pragma once

#include "core/records/logrecords.h"

#include <QWidget>

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;
class QTimer;
class QToolBar;
class QToolButton;

namespace Econtext {

class LogFilterProxy;
class LogHighlightDelegate;
class LogModel;

class LogPane : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogPane)
public:
    explicit LogPane(QWidget *parent = nullptr);
    ~LogPane() override;

    LogModel *model() const { return m_model; }
    LogFilterProxy *proxy() const { return m_proxy; }
    QTableView *view() const { return m_view; }

    // Queues records; they reach the model within one coalescing interval.
    void appendRecords(const LogRecords &records);
    // Moves queued records into the model now (unless paused).
    void flush();
    int pendingCount() const { return int(m_pending.size()); }

    // Whether one of the last `lookback` records (queued or shown) is of this kind and
    // contains the text.
    bool hasRecent(LogRecord::Kind kind, const QString &text, int lookback = 50) const;

    void setCapacity(int rows);
    bool isPaused() const;
    void setPaused(bool paused);
    bool followsTail() const;
    void setFollowTail(bool follow);
    void setMinimumLevel(int level);
    void setFilterText(const QString &text);

    void clear();
    void copySelection() const;
    // Writes the rows the filter shows as plain text; false with a message on failure.
    bool saveToFile(const QString &fileName, QString *errorMessage) const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void buildToolBar();
    void buildView();
    void applyFilterText();
    void saveWithDialog();
    void updateStatus();
    bool isAtBottom() const;
    void showContextMenu(const QPoint &pos);

    LogModel *m_model = nullptr;
    LogFilterProxy *m_proxy = nullptr;
    LogHighlightDelegate *m_delegate = nullptr;
    QTableView *m_view = nullptr;
    QToolBar *m_toolBar = nullptr;
    QComboBox *m_levelCombo = nullptr;
    QLineEdit *m_filterEdit = nullptr;
    QLabel *m_statusLabel = nullptr;
    QAction *m_stdoutAction = nullptr;
    QAction *m_stderrAction = nullptr;
    QAction *m_followAction = nullptr;
    QAction *m_pauseAction = nullptr;
    QAction *m_clearAction = nullptr;
    QAction *m_copyAction = nullptr;
    QAction *m_saveAction = nullptr;
    QAction *m_findAction = nullptr;
    QTimer *m_flushTimer = nullptr;
    QTimer *m_filterTimer = nullptr;
    LogRecords m_pending;
    qint64 m_droppedWhilePaused = 0;
    // Whether the view was at the bottom before the latest change, i.e. following.
    bool m_stickToBottom = true;
};

} // namespace Econtext
