#include "ui/connect/guiprompter.h"

#include "core/broker/broker.h"
#include "ui/connect/hostkeydialog.h"
#include "ui/connect/passworddialog.h"

#include <QLoggingCategory>
#include <QRegularExpression>

Q_LOGGING_CATEGORY(lcPrompter, "econtext.prompter", QtWarningMsg)

namespace Econtext {

namespace {

// Whether a question came from the context called name (described as description). The
// broker makes names unique by appending "-2", "-3", ... while the transport asks with the
// name it was given, so "web" also stands for "web-2".
bool belongsTo(const PromptRequest &request, const QString &name, const QString &description)
{
    if (!request.contextName.isEmpty()) {
        if (request.contextName == name)
            return true;
        static const QRegularExpression suffix(QStringLiteral("^-\\d+$"));
        return name.startsWith(request.contextName)
               && suffix.match(QStringView(name).mid(request.contextName.size())).hasMatch();
    }
    return !description.isEmpty() && request.target == description;
}

} // namespace

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

void GuiPrompter::setBroker(Broker *broker)
{
    if (m_broker)
        m_broker->disconnect(this);
    m_broker = broker;
    m_contexts.clear();
    if (!broker)
        return;
    connect(broker, &Broker::contextAdded, this, &GuiPrompter::watchContext);
    connect(broker, &Broker::contextRemoved, this, &GuiPrompter::onContextGone);
    const QList<Context *> contexts = broker->contexts();
    for (Context *c : contexts)
        watchContext(c);
}

void GuiPrompter::watchContext(Context *context)
{
    if (!context)
        return;
    const quint32 id = context->id();
    const ContextState state = context->state();
    if (state == ContextState::Failed || state == ContextState::Disconnected)
        return;
    m_contexts.insert(id, {context->name(), context->description()});
    // Emitted on the broker thread; handled here, queued.
    connect(context, &Context::stateChanged, this, [this, id](ContextState s, const QString &) {
        if (s == ContextState::Failed || s == ContextState::Disconnected)
            onContextGone(id);
    });
}

void GuiPrompter::onContextGone(quint32 contextId)
{
    const auto it = m_contexts.constFind(contextId);
    if (it == m_contexts.constEnd())
        return;
    const QString name = it->first;
    const QString description = it->second;
    m_contexts.erase(it);
    // A question another live context could also have asked stays: better asked once too
    // often than dropped for a connection that still waits for it.
    const auto ambiguous = [this](const PromptRequest &request) {
        for (auto c = m_contexts.cbegin(); c != m_contexts.cend(); ++c) {
            if (belongsTo(request, c->first, c->second))
                return true;
        }
        return false;
    };
    QList<quint64> drop;
    // Questions that say which context asks are matched by id; the name is a fallback
    // (prompters of other brokers, dropQuestionsFor()).
    const auto collect = [&](const Pending &p) {
        if (!p.id)
            return;
        const bool mine
                = contextId != 0 && p.request.contextId != 0
                          ? p.request.contextId == contextId
                          : belongsTo(p.request, name, description) && !ambiguous(p.request);
        if (mine)
            drop << p.id;
    };
    for (const Pending &p : std::as_const(m_hostKeys))
        collect(p);
    for (const Pending &p : std::as_const(m_texts))
        collect(p);
    collect(m_currentText);
    if (drop.isEmpty())
        return;
    qCDebug(lcPrompter) << "context" << name << "went away; dropping" << drop.size()
                        << "question(s)";
    const auto dropOne = [this](quint64 id) {
        Pending p;
        if (m_currentText.id == id) {
            p = std::move(m_currentText);
            m_currentText = {};
            if (QDialog *dialog = m_dialog) {
                dialog->disconnect(this);
                m_dialog = nullptr;
                dialog->close();
            }
        } else {
            for (QList<Pending> *list : {&m_hostKeys, &m_texts}) {
                for (qsizetype i = 0; i < list->size(); ++i) {
                    if (list->at(i).id == id) {
                        p = list->takeAt(i);
                        break;
                    }
                }
            }
            if (m_hostKeyDialog)
                m_hostKeyDialog->removeQuestion(id);
        }
        if (!p.id)
            return;
        if (p.reply)
            p.reply(PromptAnswer{});
        Q_EMIT promptDropped(p.request);
    };
    for (const quint64 id : std::as_const(drop))
        dropOne(id);
    updateQueueNote();
    showNext();
}

int GuiPrompter::dropQuestionsFor(const QString &contextName, const QString &target)
{
    // Reuses the broker path with a context that is known under this name for a moment.
    constexpr quint32 adHoc = 0;
    const auto saved = m_contexts.take(adHoc);
    const int before = pendingCount();
    m_contexts.insert(adHoc, {contextName, target});
    onContextGone(adHoc);
    if (!saved.first.isEmpty() || !saved.second.isEmpty())
        m_contexts.insert(adHoc, saved);
    return before - pendingCount();
}

void GuiPrompter::ask(const PromptRequest &request, PromptReply reply)
{
    // Any thread: hand the question to the GUI thread and return at once.
    QMetaObject::invokeMethod(
            this,
            [this, pending = Pending{0, request, std::move(reply)}]() mutable {
                pending.id = m_nextId++;
                enqueue(std::move(pending));
            },
            Qt::QueuedConnection);
}

int GuiPrompter::pendingCount() const
{
    return int(m_hostKeys.size() + m_texts.size()) + (m_currentText.id ? 1 : 0);
}

int GuiPrompter::pendingHostKeyCount() const
{
    return int(m_hostKeys.size());
}

void GuiPrompter::enqueue(Pending pending)
{
    if (pending.request.kind == PromptRequest::Kind::UnknownHostKey) {
        m_hostKeys.append(pending);
        // The open host key dialog takes the new question as one more row.
        if (m_hostKeyDialog) {
            m_hostKeyDialog->addQuestion(pending.id, pending.request);
            Q_EMIT promptShown(pending.request);
        }
    } else {
        m_texts.append(std::move(pending));
    }
    if (!m_dialog)
        showNext();
    else
        updateQueueNote();
}

QString GuiPrompter::queueNote() const
{
    // Questions waiting behind the dialog on screen.
    const int waiting = int(m_texts.size()) + (m_hostKeyDialog ? 0 : int(m_hostKeys.size()));
    if (waiting == 0)
        return {};
    return tr("%n more question(s) waiting.", nullptr, waiting);
}

void GuiPrompter::updateQueueNote()
{
    if (m_hostKeyDialog)
        m_hostKeyDialog->setQueueNote(queueNote());
    else if (auto *p = qobject_cast<PasswordDialog *>(m_dialog))
        p->setQueueNote(queueNote());
}

void GuiPrompter::showNext()
{
    if (m_dialog)
        return;
    if (m_hostKeys.isEmpty() && m_texts.isEmpty())
        return;
    // Arrival order between the two kinds; all host keys then come together.
    const bool hostKeysFirst = !m_hostKeys.isEmpty()
                               && (m_texts.isEmpty() || m_hostKeys.first().id < m_texts.first().id);
    if (hostKeysFirst)
        showHostKeys();
    else
        showText(m_texts.takeFirst());
}

void GuiPrompter::showHostKeys()
{
    QWidget *parent = m_dialogParent.data();
    auto *dialog = new HostKeyDialog(parent);
    for (const Pending &p : std::as_const(m_hostKeys))
        dialog->addQuestion(p.id, p.request);
    qCDebug(lcPrompter) << "asking about" << m_hostKeys.size() << "host key(s)";
    connect(dialog, &HostKeyDialog::questionAnswered, this, &GuiPrompter::onHostKeyAnswered);
    connect(dialog, &QDialog::finished, this, [this](int) { onDialogGone(); });
    m_hostKeyDialog = dialog;
    m_dialog = dialog;
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // Window-modal at most: the rest of the application (other windows, the logs, other
    // contexts) keeps working while a question is open.
    dialog->setWindowModality(parent ? Qt::WindowModal : Qt::NonModal);
    updateQueueNote();
    for (const Pending &p : std::as_const(m_hostKeys))
        Q_EMIT promptShown(p.request);
    dialog->open();
    dialog->raise();
    dialog->activateWindow();
}

void GuiPrompter::showText(Pending pending)
{
    m_currentText = std::move(pending);
    const PromptRequest request = m_currentText.request;
    qCDebug(lcPrompter) << "asking" << int(request.kind) << "for" << request.contextName;
    QWidget *parent = m_dialogParent.data();
    auto *dialog = new PasswordDialog(request, parent);
    connect(dialog, &QDialog::finished, this, [this, dialog](int result) {
        PromptAnswer a;
        const QString text = dialog->takeText();
        if (result == QDialog::Accepted) {
            a.decision = PromptAnswer::Decision::Text;
            a.text = text;
        }
        Pending done = std::move(m_currentText);
        m_currentText = {};
        answer(std::move(done), a);
        onDialogGone();
    });
    m_dialog = dialog;
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowModality(parent ? Qt::WindowModal : Qt::NonModal);
    updateQueueNote();
    Q_EMIT promptShown(request);
    dialog->open();
    dialog->raise();
    dialog->activateWindow();
}

void GuiPrompter::onHostKeyAnswered(quint64 id, PromptAnswer::Decision decision)
{
    for (qsizetype i = 0; i < m_hostKeys.size(); ++i) {
        if (m_hostKeys.at(i).id == id) {
            Pending p = m_hostKeys.takeAt(i);
            PromptAnswer a;
            a.decision = decision;
            answer(std::move(p), a);
            return;
        }
    }
}

void GuiPrompter::answer(Pending pending, const PromptAnswer &a)
{
    if (pending.reply)
        pending.reply(a);
    Q_EMIT promptAnswered(pending.request, a.decision != PromptAnswer::Decision::Cancel);
}

void GuiPrompter::onDialogGone()
{
    m_dialog = nullptr;
    m_hostKeyDialog = nullptr;
    showNext();
}

void GuiPrompter::cancelAll()
{
    QList<Pending> all;
    all.swap(m_hostKeys);
    all.append(std::move(m_texts));
    m_texts.clear();
    if (m_currentText.id) {
        all.prepend(std::move(m_currentText));
        m_currentText = {};
    }
    if (QDialog *dialog = m_dialog) {
        dialog->disconnect(this);
        m_dialog = nullptr;
        m_hostKeyDialog = nullptr;
        dialog->close();
    }
    for (Pending &p : all) {
        if (p.reply)
            p.reply(PromptAnswer{});
    }
}

} // namespace Econtext
