// MultiRunDialog: "Run on Several Contexts…" — pick connected contexts, type one
// shell command or Python expression, run it on all of them in parallel, and
// read the results: a row per context or per group of contexts whose outcome
// and output agree, with the full output of the selected row below. Non-modal;
// the main window opens it from the Context menu. Uses MultiRunner and
// MultiRunModel.
#pragma once

#include "core/broker/context.h"
#include "ui/multirun/multirunner.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QListWidgetItem;
class QPlainTextEdit;
class QPushButton;
class QTreeView;

namespace Econtext {

class Broker;
class MultiRunModel;

class MultiRunDialog : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MultiRunDialog)
public:
    explicit MultiRunDialog(Broker *broker, QWidget *parent = nullptr);
    ~MultiRunDialog() override;

    // Checks these contexts (by id) and unchecks the others.
    void setCheckedContexts(const QList<quint32> &ids);
    QList<quint32> checkedContexts() const;
    void setKind(MultiRunner::Kind kind);
    MultiRunner::Kind kind() const;
    void setCommand(const QString &command);
    void setGrouped(bool grouped);

    // Runs the command on the checked contexts; false (with a message) when there is
    // nothing to run or nothing to run on.
    bool run();
    void stop();

    MultiRunModel *model() const { return m_model; }
    MultiRunner *runner() const { return m_runner; }
    QTreeView *resultsView() const { return m_results; }
    QPlainTextEdit *outputView() const { return m_output; }
    QListWidget *contextList() const { return m_contexts; }
    QString summaryText() const;

private:
    void refreshContexts();
    void watchContext(Context *context);
    void setAllChecked(bool checked);
    void updateButtons();
    void updateSummary();
    void showSelectedOutput();
    void copyOutput();

    Broker *m_broker;
    MultiRunModel *m_model = nullptr;
    MultiRunner *m_runner = nullptr;

    QListWidget *m_contexts = nullptr;
    QComboBox *m_kindCombo = nullptr;
    QLineEdit *m_command = nullptr;
    QPushButton *m_runButton = nullptr;
    QPushButton *m_stopButton = nullptr;
    QCheckBox *m_groupCheck = nullptr;
    QTreeView *m_results = nullptr;
    QLabel *m_outputTitle = nullptr;
    QPlainTextEdit *m_output = nullptr;
    QPushButton *m_copyButton = nullptr;
    QLabel *m_summary = nullptr;
};

} // namespace Econtext
