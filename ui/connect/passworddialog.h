// PasswordDialog: asks for a key passphrase, a password or the answer to a
// keyboard-interactive (or sudo) question. Shown by GuiPrompter without blocking; the
// typed text is taken out of the widget with takeText() once it has been handed on.
#pragma once

#include "core/connect/prompter.h"

#include <QDialog>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace Econtext {

class PasswordDialog : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PasswordDialog)
public:
    explicit PasswordDialog(const PromptRequest &request, QWidget *parent = nullptr);
    ~PasswordDialog() override;

    // Returns the typed text and clears it from the widget (and its undo history).
    QString takeText();
    void setQueueNote(const QString &note);

    QLineEdit *lineEdit() const { return m_edit; }
    QDialogButtonBox *buttons() const { return m_buttons; }

protected:
    void showEvent(QShowEvent *event) override;

private:
    QLabel *m_queueNote = nullptr;
    QLineEdit *m_edit = nullptr;
    QCheckBox *m_show = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace Econtext
