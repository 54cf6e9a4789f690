// GuiPrompter: the desktop application's Prompter. The broker thread calls ask(); the
// question is queued to the GUI thread and shown as a dialog that does not block the
// application (window-modal on the dialog parent, opened with open()). Questions are
// shown one at a time in arrival order, so many new hosts do not open a storm of windows.
// The reply function runs on the GUI thread once the user answers; questions still open
// when the prompter is destroyed are answered "cancel".
#pragma once

#include "core/connect/prompter.h"

#include <QObject>
#include <QPointer>
#include <QQueue>
#include <QWidget>

class QDialog;

namespace Econtext {

class GuiPrompter : public QObject, public Prompter
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GuiPrompter)
public:
    // dialogParent: the window the dialogs belong to (may be null: top-level dialogs).
    explicit GuiPrompter(QWidget *dialogParent = nullptr, QObject *parent = nullptr);
    ~GuiPrompter() override;

    void setDialogParent(QWidget *parent);

    // Prompter: thread-safe, returns at once.
    void ask(const PromptRequest &request, PromptReply reply) override;

    // Questions waiting or shown (GUI thread).
    int pendingCount() const;
    QDialog *currentDialog() const { return m_dialog; }
    // Answers every open question with Cancel (e.g. before the broker shuts down).
    void cancelAll();

Q_SIGNALS:
    void promptShown(const Econtext::PromptRequest &request);
    void promptAnswered(const Econtext::PromptRequest &request, bool accepted);

private:
    struct Pending
    {
        PromptRequest request;
        PromptReply reply;
    };

    void enqueue(Pending pending);
    void showNext();
    void finishCurrent(const PromptAnswer &answer);
    QString queueNote() const;

    QPointer<QWidget> m_dialogParent;
    QQueue<Pending> m_queue;
    Pending m_current;
    bool m_busy = false;
    QPointer<QDialog> m_dialog;
};

} // namespace Econtext
