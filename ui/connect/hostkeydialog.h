// HostKeyDialog: asks whether to trust servers whose host keys are not known yet. One
// dialog lists every pending question (host, context, key type, SHA256 fingerprint), each
// row with Accept and Reject, plus Accept All and Reject All, so that fifty new hosts ask
// once instead of opening fifty windows. "Save accepted keys in known_hosts" decides
// between accepting once and accepting and saving. GuiPrompter owns the queue and adds rows
// while the dialog is open; it never blocks (open(), then questionAnswered()). A changed
// host key is never a question: showChangedKeyRefusal() explains the refusal.
#pragma once

#include "core/connect/prompter.h"

#include <QDialog>

class QCheckBox;
class QLabel;
class QMessageBox;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace Econtext {

class HostKeyDialog : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HostKeyDialog)
public:
    enum Column { HostColumn, ContextColumn, KeyTypeColumn, FingerprintColumn, ActionColumn };

    explicit HostKeyDialog(QWidget *parent = nullptr);
    ~HostKeyDialog() override;

    // Adds a row; id is the caller's key for the question.
    void addQuestion(quint64 id, const PromptRequest &request);
    // Takes a question away without answering it (its connection went away).
    bool removeQuestion(quint64 id);
    int questionCount() const;
    QList<quint64> questionIds() const;

    // Answers one row, or all of them. The dialog closes when no question is left.
    void answer(quint64 id, bool accept);
    void acceptAll();
    void rejectAll();

    void setQueueNote(const QString &note); // e.g. "2 more questions are waiting."
    QString heading() const;                // "The authenticity of 20 servers ..."

    QTreeWidget *table() const { return m_table; }
    QPushButton *acceptAllButton() const { return m_acceptAll; }
    QPushButton *rejectAllButton() const { return m_rejectAll; }
    QCheckBox *saveCheckBox() const { return m_save; }
    // The Accept / Reject button of a row (null if there is no such row).
    QPushButton *rowButton(quint64 id, bool accept) const;

    // Shows (without blocking) why a connection was refused because the server's key
    // differs from the saved one; details is the transport's message. Returns the box,
    // which deletes itself when closed.
    static QMessageBox *showChangedKeyRefusal(QWidget *parent, const QString &details);
    // Whether a context's failure reason is a changed host key refusal.
    static bool isChangedKeyRefusal(const QString &reason);

Q_SIGNALS:
    // decision: AcceptOnce, AcceptAndSave or Cancel.
    void questionAnswered(quint64 id, Econtext::PromptAnswer::Decision decision);

protected:
    void reject() override; // Escape / close: every open question is rejected

private:
    QTreeWidgetItem *itemFor(quint64 id) const;
    void updateDetails();
    void finishIfEmpty();

    QTreeWidget *m_table = nullptr;
    QLabel *m_heading = nullptr;
    QLabel *m_fingerprint = nullptr;
    QLabel *m_queueNote = nullptr;
    QCheckBox *m_save = nullptr;
    QPushButton *m_acceptAll = nullptr;
    QPushButton *m_rejectAll = nullptr;
    bool m_finishing = false;
};

} // namespace Econtext
