// HostKeyDialog: asks whether to trust a server whose host key is not known yet, showing
// the key type and SHA256 fingerprint ("Accept once", "Accept and save", "Cancel").
// GuiPrompter shows it; it never blocks (open(), then finished()). A changed host key is
// never a question: showChangedKeyRefusal() explains the refusal.
#pragma once

#include "core/connect/prompter.h"

#include <QDialog>

class QLabel;
class QMessageBox;
class QPushButton;

namespace Econtext {

class HostKeyDialog : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HostKeyDialog)
public:
    explicit HostKeyDialog(const PromptRequest &request, QWidget *parent = nullptr);
    ~HostKeyDialog() override;

    // What the user chose; Cancel until a button is pressed (or when closed).
    PromptAnswer::Decision decision() const { return m_decision; }
    void setQueueNote(const QString &note); // e.g. "2 more questions are waiting."

    QPushButton *acceptOnceButton() const { return m_acceptOnce; }
    QPushButton *acceptAndSaveButton() const { return m_acceptSave; }
    QPushButton *cancelButton() const { return m_cancel; }

    // Shows (without blocking) why a connection was refused because the server's key
    // differs from the saved one; details is the transport's message. Returns the box,
    // which deletes itself when closed.
    static QMessageBox *showChangedKeyRefusal(QWidget *parent, const QString &details);
    // Whether a context's failure reason is a changed host key refusal.
    static bool isChangedKeyRefusal(const QString &reason);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void choose(PromptAnswer::Decision decision);

    PromptAnswer::Decision m_decision = PromptAnswer::Decision::Cancel;
    QLabel *m_queueNote = nullptr;
    QPushButton *m_acceptOnce = nullptr;
    QPushButton *m_acceptSave = nullptr;
    QPushButton *m_cancel = nullptr;
};

} // namespace Econtext
