// SshAuthenticator: logs one SSH session in, method by method, in libssh's non-blocking
// mode: "none" first (to learn what the server offers), then ssh-agent, then the key files
// (asking the server about a key's public half before asking for its passphrase), then
// keyboard-interactive and password, with answers from the password file or from the
// person at the Prompter. It notes what it tried, so that a refusal says what was tried and
// what the server offers. Passphrases and passwords are wiped once used.
//
// SshTransport drives it: step() as long as it says Progress, again on socket activity when
// it says Again, and answer() when the question it asked through its Owner is answered.
#pragma once

#include "core/connect/libssh_p.h"
#include "core/connect/sshsettings.h"

#include <QCoreApplication>
#include <QStringList>

namespace Econtext {

struct PromptAnswer;
struct PromptRequest;

class SshAuthenticator
{
    // Its messages are the SSH transport's, in one translation context.
    Q_DECLARE_TR_FUNCTIONS(Econtext::SshTransport)
    Q_DISABLE_COPY_MOVE(SshAuthenticator)
public:
    // What the authenticator needs from the connection that runs it.
    class Owner
    {
    public:
        virtual ~Owner() = default;
        // Shows a stage on the timeline; false when a receiver closed the connection.
        virtual bool enterStage(const QString &stage) = 0;
        // Puts a question to the user; the answer comes back through answer().
        virtual void ask(const PromptRequest &request) = 0;
    };

    struct Setup
    {
        SshSettings settings;
        QString target;       // "user@host:port", for questions
        QString passwordFile; // ConnectOptions::passwordFile
        bool canAsk = false;  // there is a Prompter
    };

    enum class Step {
        Again,         // libssh waits for the server: step() again on socket activity
        Progress,      // moved on: step() again now
        Wait,          // a question is out: answer() comes next
        Authenticated, // logged in
        Failed,        // no method is left, or one cannot go on: errorString() says why
        Lost,          // the connection broke (libssh's error says how)
        Stopped,       // the owner was closed from a stage it showed
    };

    SshAuthenticator(ssh_session session, Setup setup, Owner &owner);
    ~SshAuthenticator();

    Step step();
    // The answer to the last question asked; step() goes on afterwards.
    void answer(const PromptAnswer &answer);
    // Wipes a secret held and lets go of a loaded key (the connection ends).
    void forget();

    QString errorString() const { return m_error; }

private:
    enum class Phase { None, Agent, Keys, KbdInt, Password, Exhausted };
    enum class KeyStep { Begin, Query, Load, Authenticate };

    Step result(int rc, Phase next, const QString &deniedNote);
    Step refuse(const QString &error);
    Step stepKeys();
    Step stepKbdInt();
    Step stepPassword();
    void nextKey();
    void noteTried(const QString &what) { m_tried << what; }
    QString triedText() const;
    QString offeredText() const;
    void clearSecret();
    // The first line of the password file, without its line end.
    static Result<QByteArray> readPasswordFile(const QString &fileName);

    ssh_session m_session;
    Setup m_setup;
    Owner &m_owner;
    QString m_error;

    Phase m_phase = Phase::None;
    int m_offered = 0; // SSH_AUTH_METHOD_* the server offers
    QStringList m_tried;
    int m_identityIndex = 0;
    KeyStep m_keyStep = KeyStep::Begin;
    Libssh::KeyPtr m_key;
    int m_passphraseTries = 0;
    bool m_publicKeyStageShown = false;
    int m_kbdRounds = 0;
    int m_kbdPrompt = -1;
    int m_kbdPrompts = 0;
    bool m_kbdFileUsed = false;
    int m_passwordTries = 0;
    bool m_passwordFromFile = false;
    QByteArray m_secret; // passphrase or password being used; wiped after use
    bool m_haveSecret = false;
};

} // namespace Econtext
