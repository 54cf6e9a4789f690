// GuiPrompter: the desktop application's Prompter. The broker thread calls ask(); the
// question is queued to the GUI thread and shown without blocking the application
// (window-modal on the dialog parent at most, opened with open()). There is one queue and
// one dialog at a time: every pending host key question is listed in a single
// HostKeyDialog (rows are added while it is open), so fifty new hosts ask once;
// passwords, passphrases and other questions come one at a time in arrival order. When a
// context fails or disconnects before its question is answered, the question is dropped
// (answered "cancel") instead of being asked for nothing. The reply function runs on the
// GUI thread once the user answers; questions still open when the prompter is destroyed
// are answered "cancel".
#pragma once

#include "core/connect/prompter.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QWidget>

class QDialog;

namespace Econtext {

class Broker;
class Context;
class HostKeyDialog;

class GuiPrompter : public QObject, public Prompter
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GuiPrompter)
public:
    // dialogParent: the window the dialogs belong to (may be null: top-level dialogs).
    explicit GuiPrompter(QWidget *dialogParent = nullptr, QObject *parent = nullptr);
    ~GuiPrompter() override;

    void setDialogParent(QWidget *parent);
    // Watches the broker's contexts so that the questions of a context that failed or
    // disconnected are dropped from the queue. May be null.
    void setBroker(Broker *broker);

    // Prompter: thread-safe, returns at once.
    void ask(const PromptRequest &request, PromptReply reply) override;

    // Questions waiting or shown (GUI thread).
    int pendingCount() const;
    int pendingHostKeyCount() const;
    QDialog *currentDialog() const { return m_dialog; }
    // Answers every open question with Cancel (e.g. before the broker shuts down).
    void cancelAll();
    // Drops (answers Cancel) the questions of the context with this name, or, for
    // questions without a context name, this target. Returns how many were dropped.
    int dropQuestionsFor(const QString &contextName, const QString &target = QString());

Q_SIGNALS:
    void promptShown(const Econtext::PromptRequest &request);
    void promptAnswered(const Econtext::PromptRequest &request, bool accepted);
    void promptDropped(const Econtext::PromptRequest &request);

private:
    struct Pending
    {
        quint64 id = 0;
        PromptRequest request;
        PromptReply reply;
    };

    void enqueue(Pending pending);
    void showNext();
    void showHostKeys();
    void showText(Pending pending);
    void answer(Pending pending, const PromptAnswer &answer);
    void onHostKeyAnswered(quint64 id, PromptAnswer::Decision decision);
    void onDialogGone();
    void watchContext(Context *context);
    void onContextGone(quint32 contextId);
    void updateQueueNote();
    QString queueNote() const;

    QPointer<QWidget> m_dialogParent;
    QPointer<Broker> m_broker;
    quint64 m_nextId = 1;
    QList<Pending> m_hostKeys; // every unanswered host key question (shown or waiting)
    QList<Pending> m_texts;    // password, passphrase and other questions not shown yet
    Pending m_currentText;     // the text question on screen (id 0: none)
    QPointer<QDialog> m_dialog;
    QPointer<HostKeyDialog> m_hostKeyDialog;
    QHash<quint32, QPair<QString, QString>> m_contexts; // id -> name, description
};

} // namespace Econtext
