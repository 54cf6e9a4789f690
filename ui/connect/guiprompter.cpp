#include "ui/connect/guiprompter.h"

#include "ui/connect/hostkeydialog.h"
#include "ui/connect/passworddialog.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcPrompter, "econtext.prompter", QtWarningMsg)

namespace Econtext {

GuiPrompter::GuiPrompter(QWidget *dialogParent, QObject *parent)
    : QObject(parent)
    , m_dialogParent(dialogParent)
{}

GuiPrompter::~GuiPrompter()
{
    cancelAll();
}

void GuiPrompter::setDialogParent(QWidget *parent)
{
    m_dialogParent = parent;
}

void GuiPrompter::ask(const PromptRequest &request, PromptReply reply)
{
    // Any thread: hand the question to the GUI thread and return at once.
    QMetaObject::invokeMethod(
            this,
            [this, pending = Pending{request, std::move(reply)}]() mutable {
                enqueue(std::move(pending));
            },
            Qt::QueuedConnection);
}

int GuiPrompter::pendingCount() const
{
    return int(m_queue.size()) + (m_busy ? 1 : 0);
}

void GuiPrompter::enqueue(Pending pending)
{
    m_queue.enqueue(std::move(pending));
    if (!m_busy)
        showNext();
    else if (m_dialog) {
        if (auto *d = qobject_cast<HostKeyDialog *>(m_dialog))
            d->setQueueNote(queueNote());
        else if (auto *p = qobject_cast<PasswordDialog *>(m_dialog))
            p->setQueueNote(queueNote());
    }
}

QString GuiPrompter::queueNote() const
{
    if (m_queue.isEmpty())
        return {};
    return tr("%n more question(s) waiting.", nullptr, int(m_queue.size()));
}

void GuiPrompter::showNext()
{
    if (m_busy || m_queue.isEmpty())
        return;
    m_current = m_queue.dequeue();
    m_busy = true;
    const PromptRequest &request = m_current.request;
    qCDebug(lcPrompter) << "asking" << int(request.kind) << "for" << request.contextName;

    QWidget *parent = m_dialogParent.data();
    if (request.kind == PromptRequest::Kind::UnknownHostKey) {
        auto *dialog = new HostKeyDialog(request, parent);
        dialog->setQueueNote(queueNote());
        connect(dialog, &QDialog::finished, this, [this, dialog](int) {
            PromptAnswer answer;
            answer.decision = dialog->decision();
            finishCurrent(answer);
        });
        m_dialog = dialog;
    } else {
        auto *dialog = new PasswordDialog(request, parent);
        dialog->setQueueNote(queueNote());
        connect(dialog, &QDialog::finished, this, [this, dialog](int result) {
            PromptAnswer answer;
            const QString text = dialog->takeText();
            if (result == QDialog::Accepted) {
                answer.decision = PromptAnswer::Decision::Text;
                answer.text = text;
            }
            finishCurrent(answer);
        });
        m_dialog = dialog;
    }
    m_dialog->setAttribute(Qt::WA_DeleteOnClose);
    // Window-modal at most: the rest of the application (other windows, the logs, other
    // contexts) keeps working while a question is open.
    m_dialog->setWindowModality(parent ? Qt::WindowModal : Qt::NonModal);
    Q_EMIT promptShown(request);
    m_dialog->open();
    m_dialog->raise();
    m_dialog->activateWindow();
}

void GuiPrompter::finishCurrent(const PromptAnswer &answer)
{
    if (!m_busy)
        return;
    Pending done = std::move(m_current);
    m_current = {};
    m_busy = false;
    m_dialog = nullptr;
    if (done.reply)
        done.reply(answer);
    Q_EMIT promptAnswered(done.request, answer.decision != PromptAnswer::Decision::Cancel);
    showNext();
}

void GuiPrompter::cancelAll()
{
    QQueue<Pending> queue;
    queue.swap(m_queue);
    if (m_dialog) {
        QDialog *dialog = m_dialog;
        dialog->disconnect(this);
        dialog->close();
    }
    if (m_busy) {
        m_busy = false;
        m_dialog = nullptr;
        if (m_current.reply)
            m_current.reply(PromptAnswer{});
        m_current = {};
    }
    for (Pending &p : queue) {
        if (p.reply)
            p.reply(PromptAnswer{});
    }
}

} // namespace Econtext
