#include "core/connect/sshauthenticator.h"

#include "core/connect/prompter.h"

#include <QFile>
#include <QFileInfo>

namespace Econtext {

namespace {

constexpr int MaxPassphraseTries = 3;
constexpr int MaxPasswordTries = 3;
constexpr int MaxKbdRounds = 10;

} // namespace

SshAuthenticator::SshAuthenticator(ssh_session session, Setup setup, Owner &owner)
    : m_session(session)
    , m_setup(std::move(setup))
    , m_owner(owner)
{}

SshAuthenticator::~SshAuthenticator()
{
    clearSecret();
}

void SshAuthenticator::forget()
{
    clearSecret();
    m_key.reset();
}

Result<QByteArray> SshAuthenticator::readPasswordFile(const QString &fileName)
{
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly)) {
        return Error{Error::Connection,
                     tr("Cannot read the password file %1: %2.").arg(fileName, file.errorString())};
    }
    QByteArray line = file.readLine();
    while (line.endsWith('\n') || line.endsWith('\r'))
        line.chop(1);
    return line;
}

void SshAuthenticator::clearSecret()
{
    Libssh::wipe(m_secret);
    m_haveSecret = false;
}

SshAuthenticator::Step SshAuthenticator::refuse(const QString &error)
{
    m_error = error;
    return Step::Failed;
}

QString SshAuthenticator::triedText() const
{
    return m_tried.isEmpty() ? tr("nothing") : m_tried.join(QLatin1String(", "));
}

QString SshAuthenticator::offeredText() const
{
    QStringList offered;
    if (m_offered & SSH_AUTH_METHOD_PUBLICKEY)
        offered << QStringLiteral("publickey");
    if (m_offered & SSH_AUTH_METHOD_INTERACTIVE)
        offered << QStringLiteral("keyboard-interactive");
    if (m_offered & SSH_AUTH_METHOD_PASSWORD)
        offered << QStringLiteral("password");
    if (m_offered & SSH_AUTH_METHOD_HOSTBASED)
        offered << QStringLiteral("hostbased");
    if (m_offered & SSH_AUTH_METHOD_GSSAPI_MIC)
        offered << QStringLiteral("gssapi-with-mic");
    return offered.isEmpty() ? tr("no method") : offered.join(QLatin1String(", "));
}

// Turns a libssh answer into the next step; on refusal, notes deniedNote and moves on to
// the method next.
SshAuthenticator::Step SshAuthenticator::result(int rc, Phase next, const QString &deniedNote)
{
    switch (rc) {
    case SSH_AUTH_AGAIN:
        return Step::Again;
    case SSH_AUTH_SUCCESS:
        qCInfo(lcSsh) << "authenticated to" << m_setup.target;
        clearSecret();
        m_key.reset();
        return Step::Authenticated;
    case SSH_AUTH_PARTIAL:
        // More is needed (several factors): start over with what the server offers now.
        m_offered = ssh_userauth_list(m_session, nullptr);
        noteTried(tr("%1 (partial success)").arg(deniedNote));
        m_phase = Phase::Agent;
        return Step::Progress;
    case SSH_AUTH_ERROR:
        if (Libssh::connectionBroken(m_session))
            return Step::Lost;
        [[fallthrough]];
    default:
        if (!deniedNote.isEmpty())
            noteTried(tr("%1 (refused)").arg(deniedNote));
        m_phase = next;
        return Step::Progress;
    }
}

SshAuthenticator::Step SshAuthenticator::step()
{
    switch (m_phase) {
    case Phase::None: {
        if (!m_owner.enterStage(tr("authentication (none)")))
            return Step::Stopped;
        const int rc = ssh_userauth_none(m_session, nullptr);
        if (rc == SSH_AUTH_DENIED) {
            m_offered = ssh_userauth_list(m_session, nullptr);
            m_phase = Phase::Agent;
            return Step::Progress;
        }
        return result(rc, Phase::Agent, QString());
    }
    case Phase::Agent: {
        if (!(m_offered & SSH_AUTH_METHOD_PUBLICKEY) || !m_setup.settings.useAgent) {
            m_phase = Phase::Keys;
            return Step::Progress;
        }
        m_publicKeyStageShown = true;
        if (!m_owner.enterStage(tr("authentication (publickey)")))
            return Step::Stopped;
        return result(ssh_userauth_agent(m_session, nullptr),
                      Phase::Keys,
                      tr("publickey with the keys of ssh-agent"));
    }
    case Phase::Keys:
        return stepKeys();
    case Phase::KbdInt:
        return stepKbdInt();
    case Phase::Password:
        return stepPassword();
    case Phase::Exhausted:
        break;
    }
    const SshSettings &s = m_setup.settings;
    return refuse(tr("Authentication as %1 on %2 failed: tried %3; the server offers %4.")
                          .arg(s.user,
                               s.host + QLatin1Char(':') + QString::number(s.port),
                               triedText(),
                               offeredText()));
}

void SshAuthenticator::nextKey()
{
    ++m_identityIndex;
    m_keyStep = KeyStep::Begin;
    m_key.reset();
    m_passphraseTries = 0;
    clearSecret();
}

SshAuthenticator::Step SshAuthenticator::stepKeys()
{
    const QList<SshIdentity> &identities = m_setup.settings.identities;
    if (!(m_offered & SSH_AUTH_METHOD_PUBLICKEY) || m_identityIndex >= identities.size()) {
        m_phase = Phase::KbdInt;
        return Step::Progress;
    }
    const SshIdentity &id = identities.at(m_identityIndex);
    const auto note = [&](const QString &why) {
        noteTried(tr("publickey with %1 (%2)").arg(id.path, why));
    };

    switch (m_keyStep) {
    case KeyStep::Begin: {
        if (!QFileInfo::exists(id.path)) {
            if (id.explicitlyGiven)
                note(tr("file not found"));
            nextKey();
            return Step::Progress;
        }
        if (!m_publicKeyStageShown) {
            m_publicKeyStageShown = true;
            if (!m_owner.enterStage(tr("authentication (publickey)")))
                return Step::Stopped;
        }
        // With the public half at hand, ask the server first: no passphrase question for
        // a key it would refuse anyway.
        ssh_key pub = nullptr;
        const QByteArray pubPath = QFile::encodeName(id.path + QLatin1String(".pub"));
        if (QFileInfo::exists(id.path + QLatin1String(".pub"))
            && ssh_pki_import_pubkey_file(pubPath.constData(), &pub) == SSH_OK) {
            m_key.reset(pub);
            m_keyStep = KeyStep::Query;
        } else {
            m_keyStep = KeyStep::Load;
        }
        return Step::Progress;
    }
    case KeyStep::Query: {
        const int rc = ssh_userauth_try_publickey(m_session, nullptr, m_key.get());
        if (rc == SSH_AUTH_AGAIN)
            return Step::Again;
        if (rc == SSH_AUTH_SUCCESS) {
            m_key.reset();
            m_keyStep = KeyStep::Load;
            return Step::Progress;
        }
        if (rc == SSH_AUTH_ERROR && Libssh::connectionBroken(m_session))
            return Step::Lost;
        note(tr("refused"));
        nextKey();
        return Step::Progress;
    }
    case KeyStep::Load: {
        // An empty passphrase first: with none, OpenSSL would ask on the terminal itself.
        const QByteArray path = QFile::encodeName(id.path);
        ssh_key key = nullptr;
        const int rc = ssh_pki_import_privkey_file(
                path.constData(), m_haveSecret ? m_secret.constData() : "", nullptr, nullptr, &key);
        const bool hadSecret = m_haveSecret;
        clearSecret();
        if (rc == SSH_OK) {
            m_key.reset(key);
            m_keyStep = KeyStep::Authenticate;
            return Step::Progress;
        }
        if (rc == SSH_EOF) {
            note(tr("cannot be read"));
            nextKey();
            return Step::Progress;
        }
        if (hadSecret && m_passphraseTries >= MaxPassphraseTries) {
            note(tr("wrong passphrase"));
            nextKey();
            return Step::Progress;
        }
        if (!m_setup.canAsk) {
            note(hadSecret ? tr("wrong passphrase") : tr("needs a passphrase"));
            nextKey();
            return Step::Progress;
        }
        ++m_passphraseTries;
        PromptRequest request;
        request.kind = PromptRequest::Kind::Passphrase;
        request.identityFile = id.path;
        request.prompt = hadSecret ? tr("Wrong passphrase. Passphrase for %1:").arg(id.path)
                                   : tr("Passphrase for %1:").arg(id.path);
        m_owner.ask(request);
        return Step::Wait;
    }
    case KeyStep::Authenticate: {
        const int rc = ssh_userauth_publickey(m_session, nullptr, m_key.get());
        if (rc == SSH_AUTH_AGAIN)
            return Step::Again;
        if (rc == SSH_AUTH_SUCCESS || rc == SSH_AUTH_PARTIAL || rc == SSH_AUTH_ERROR) {
            const QString what = tr("publickey with %1").arg(id.path);
            const Step step = result(rc, Phase::Keys, what);
            nextKey();
            return step;
        }
        note(tr("refused"));
        nextKey();
        return Step::Progress;
    }
    }
    return Step::Progress;
}

SshAuthenticator::Step SshAuthenticator::stepKbdInt()
{
    if (!(m_offered & SSH_AUTH_METHOD_INTERACTIVE)
        || (!m_setup.canAsk && m_setup.passwordFile.isEmpty())) {
        m_phase = Phase::Password;
        return Step::Progress;
    }
    if (!m_owner.enterStage(tr("authentication (keyboard-interactive)")))
        return Step::Stopped;
    // Answer the server's questions one by one; each may go through the prompter.
    while (m_kbdPrompt >= 0 && m_kbdPrompt < m_kbdPrompts) {
        char echo = 0;
        const char *text = ssh_userauth_kbdint_getprompt(
                m_session, static_cast<unsigned int>(m_kbdPrompt), &echo);
        const QString prompt = QString::fromUtf8(text ? text : "");
        if (!echo && !m_kbdFileUsed && !m_setup.passwordFile.isEmpty()
            && prompt.contains(QLatin1String("assword"), Qt::CaseInsensitive)) {
            m_kbdFileUsed = true;
            Result<QByteArray> line = readPasswordFile(m_setup.passwordFile);
            if (!line)
                return refuse(line.errorString());
            ssh_userauth_kbdint_setanswer(
                    m_session, static_cast<unsigned int>(m_kbdPrompt), line->constData());
            Libssh::wipe(*line);
            ++m_kbdPrompt;
            continue;
        }
        if (!m_setup.canAsk) {
            noteTried(tr("keyboard-interactive (no answer for \"%1\")").arg(prompt.trimmed()));
            m_kbdPrompt = -1;
            m_phase = Phase::Password;
            return Step::Progress;
        }
        PromptRequest request;
        request.kind = PromptRequest::Kind::Question;
        request.prompt = prompt;
        request.echo = echo != 0;
        m_owner.ask(request);
        return Step::Wait;
    }
    m_kbdPrompt = -1;
    const int rc = ssh_userauth_kbdint(m_session, nullptr, nullptr);
    if (rc == SSH_AUTH_INFO) {
        if (++m_kbdRounds > MaxKbdRounds) {
            noteTried(tr("keyboard-interactive (too many questions)"));
            m_phase = Phase::Password;
            return Step::Progress;
        }
        m_kbdPrompts = ssh_userauth_kbdint_getnprompts(m_session);
        m_kbdPrompt = 0;
        return Step::Progress;
    }
    return result(rc, Phase::Password, QStringLiteral("keyboard-interactive"));
}

SshAuthenticator::Step SshAuthenticator::stepPassword()
{
    if (!(m_offered & SSH_AUTH_METHOD_PASSWORD)) {
        m_phase = Phase::Exhausted;
        return Step::Progress;
    }
    if (!m_owner.enterStage(tr("authentication (password)")))
        return Step::Stopped;
    if (!m_haveSecret) {
        if (!m_setup.passwordFile.isEmpty() && m_passwordTries == 0) {
            Result<QByteArray> line = readPasswordFile(m_setup.passwordFile);
            if (!line)
                return refuse(line.errorString());
            m_secret = std::move(*line);
            m_haveSecret = true;
            m_passwordFromFile = true;
            ++m_passwordTries;
        } else if (m_setup.canAsk && m_passwordTries < MaxPasswordTries) {
            PromptRequest request;
            request.kind = PromptRequest::Kind::Password;
            request.prompt = m_passwordTries > 0
                                     ? tr("Permission denied, please try again. Password for %1:")
                                               .arg(m_setup.target)
                                     : tr("Password for %1:").arg(m_setup.target);
            ++m_passwordTries;
            m_passwordFromFile = false;
            m_owner.ask(request);
            return Step::Wait;
        } else {
            if (m_passwordTries == 0)
                noteTried(tr("password (no password given)"));
            m_phase = Phase::Exhausted;
            return Step::Progress;
        }
    }
    const int rc = ssh_userauth_password(m_session, nullptr, m_secret.constData());
    if (rc == SSH_AUTH_AGAIN)
        return Step::Again;
    clearSecret();
    if (rc == SSH_AUTH_DENIED) {
        if (m_passwordFromFile)
            noteTried(tr("password from %1 (refused)").arg(m_setup.passwordFile));
        if (!m_passwordFromFile && m_passwordTries >= MaxPasswordTries)
            noteTried(tr("password (refused %n times)", nullptr, m_passwordTries));
        if (m_setup.canAsk && m_passwordTries < MaxPasswordTries)
            return Step::Progress; // ask (again)
        m_phase = Phase::Exhausted;
        return Step::Progress;
    }
    return result(rc, Phase::Exhausted, QStringLiteral("password"));
}

void SshAuthenticator::answer(const PromptAnswer &answer)
{
    const bool text = answer.decision == PromptAnswer::Decision::Text;
    switch (m_phase) {
    case Phase::Keys:
        if (text) {
            m_secret = answer.text.toUtf8();
            m_haveSecret = true;
            m_keyStep = KeyStep::Load;
        } else {
            noteTried(tr("publickey with %1 (passphrase not given)")
                              .arg(m_setup.settings.identities.value(m_identityIndex).path));
            nextKey();
        }
        break;
    case Phase::KbdInt:
        if (text) {
            QByteArray reply = answer.text.toUtf8();
            ssh_userauth_kbdint_setanswer(
                    m_session, static_cast<unsigned int>(m_kbdPrompt), reply.constData());
            Libssh::wipe(reply);
            ++m_kbdPrompt;
        } else {
            noteTried(tr("keyboard-interactive (cancelled)"));
            m_kbdPrompt = -1;
            m_phase = Phase::Password;
        }
        break;
    case Phase::Password:
        if (text) {
            m_secret = answer.text.toUtf8();
            m_haveSecret = true;
        } else {
            noteTried(tr("password (cancelled)"));
            m_phase = Phase::Exhausted;
        }
        break;
    default:
        break;
    }
}

} // namespace Econtext
