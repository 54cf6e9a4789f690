// Prompter: how a connection asks its user something (an unknown host key, a
// passphrase, a password, a keyboard-interactive question) without blocking
// the broker thread. The GUI implements it with dialogs, the CLI on the
// terminal. ask() is called on the broker thread; the implementation answers
// later, from any thread, by calling the reply function exactly once.
#pragma once

#include <QMetaType>
#include <QString>

#include <functional>

namespace Econtext {

struct PromptRequest
{
    enum class Kind {
        UnknownHostKey, // answer: AcceptOnce, AcceptAndSave or Cancel
        Passphrase,     // answer: text (the passphrase of identityFile)
        Password,       // answer: text
        Question,       // keyboard-interactive or sudo; answer: text (echo says if visible)
    };
    Kind kind = Kind::Password;
    quint32 contextId = 0; // the broker's id of the context that asks (0: not known)
    QString contextName;   // e.g. "web1"
    QString target;        // "user@host:port"
    QString keyType;       // host key: "ssh-ed25519"
    QString fingerprint;   // host key: "SHA256:..."
    QString identityFile;  // passphrase: the key file
    QString prompt;        // the server's or sudo's question, as given
    bool echo = false;     // Question: whether the answer may be shown
};

struct PromptAnswer
{
    enum class Decision { Cancel, AcceptOnce, AcceptAndSave, Text };
    Decision decision = Decision::Cancel;
    QString text; // for Text; never logged, cleared by the receiver after use
};

using PromptReply = std::function<void(const PromptAnswer &)>;

class Prompter
{
public:
    virtual ~Prompter() = default;
    // Called on the broker thread; must return at once. reply() may be called from
    // any thread, once; the caller makes sure a late reply after cancellation is harmless.
    virtual void ask(const PromptRequest &request, PromptReply reply) = 0;
};

// Passes questions on to another prompter with the asking context's id filled in.
class ContextPrompter final : public Prompter
{
public:
    ContextPrompter(Prompter *inner, quint32 contextId)
        : m_inner(inner)
        , m_contextId(contextId)
    {}
    void ask(const PromptRequest &request, PromptReply reply) override
    {
        PromptRequest stamped = request;
        stamped.contextId = m_contextId;
        m_inner->ask(stamped, std::move(reply));
    }

private:
    Prompter *m_inner;
    quint32 m_contextId;
};

} // namespace Econtext

Q_DECLARE_METATYPE(Econtext::PromptRequest)
