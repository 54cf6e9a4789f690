#include "core/broker/relaytransport.h"

#include "core/connect/prompter.h"

#include <QFile>
#include <QFuture>

namespace Econtext {

namespace {

QString shellQuote(const QString &s)
{
    if (!s.isEmpty() && std::all_of(s.begin(), s.end(), [](QChar c) {
            return c.isLetterOrNumber() || QStringLiteral("@%+=:,./-_").contains(c);
        }))
        return s;
    QString out = s;
    out.replace(u'\'', QStringLiteral("'\\''"));
    return u'\'' + out + u'\'';
}

} // namespace

RelayTransport::RelayTransport(RelayHandler *parent,
                               const ConnectOptions &options,
                               Prompter *prompter)
    : m_parent(parent)
    , m_options(options)
    , m_prompter(prompter)
{}

RelayTransport::~RelayTransport()
{
    if (m_parent && m_handle && !m_done)
        m_parent->close(m_handle);
}

QString RelayTransport::parentName() const
{
    return m_parent ? m_parent->contextName() : QString();
}

QString RelayTransport::sudoPromptMarker()
{
    return QStringLiteral("[econtext-sudo] password:");
}

QString RelayTransport::description() const
{
    const QString parent = m_parent ? m_parent->contextName() : tr("a lost parent");
    switch (m_options.method) {
    case ConnectMethod::Sudo:
        return tr("sudo to %1 on %2")
                .arg(m_options.user.isEmpty() ? QStringLiteral("root") : m_options.user, parent);
    case ConnectMethod::Ssh:
        return tr("%1 via %2").arg(m_options.host, parent);
    case ConnectMethod::Local:
        break;
    }
    return tr("%1 on %2").arg(m_options.python.isEmpty() ? tr("python") : m_options.python, parent);
}

QStringList RelayTransport::commandFor(const ConnectOptions &o,
                                       const QStringList &pythonArgv,
                                       const QString &parentExecutable)
{
    QStringList argv = pythonArgv;
    if (argv.value(0).isEmpty() && o.method != ConnectMethod::Ssh)
        argv[0] = parentExecutable.isEmpty() ? QStringLiteral("python3") : parentExecutable;
    if (o.method == ConnectMethod::Sudo) {
        return QStringList{QStringLiteral("sudo"),
                           QStringLiteral("-S"),
                           QStringLiteral("-p"),
                           sudoPromptMarker(),
                           QStringLiteral("-u"),
                           o.user.isEmpty() ? QStringLiteral("root") : o.user,
                           QStringLiteral("-H"),
                           QStringLiteral("--")}
               + argv;
    }
    if (o.method == ConnectMethod::Ssh) {
        QStringList ssh{QStringLiteral("ssh"),
                        QStringLiteral("-T"),
                        QStringLiteral("-o"),
                        QStringLiteral("BatchMode=yes"),
                        QStringLiteral("-o"),
                        QStringLiteral("ServerAliveInterval=15"),
                        QStringLiteral("-o"),
                        QStringLiteral("ConnectTimeout=%1").arg(qMax(1, o.connectTimeoutMs / 1000)),
                        QStringLiteral("-o"),
                        o.acceptNewHostKey ? QStringLiteral("StrictHostKeyChecking=accept-new")
                                           : QStringLiteral("StrictHostKeyChecking=yes")};
        if (o.port > 0)
            ssh << QStringLiteral("-p") << QString::number(o.port);
        if (!o.user.isEmpty())
            ssh << QStringLiteral("-l") << o.user;
        if (!o.identityFile.isEmpty())
            ssh << QStringLiteral("-i") << o.identityFile;
        if (!o.knownHostsFile.isEmpty())
            ssh << QStringLiteral("-o") << QStringLiteral("UserKnownHostsFile=") + o.knownHostsFile;
        QString remote;
        const QString stage = argv.mid(1).join(u' ').isEmpty() ? QString() : [&] {
            QStringList q;
            for (const QString &a : argv.mid(1))
                q << shellQuote(a);
            return q.join(u' ');
        }();
        if (argv.value(0).isEmpty()) {
            remote = QStringLiteral("if command -v python3 >/dev/null 2>&1; then exec python3 %1; "
                                    "elif command -v python >/dev/null 2>&1; then exec python %1; "
                                    "else echo \"econtext: neither python3 nor python was found on "
                                    "$(hostname)\" >&2; exit 127; fi")
                             .arg(stage);
        } else {
            remote = shellQuote(argv[0]) + u' ' + stage;
        }
        ssh << QStringLiteral("--") << o.host << remote;
        return ssh;
    }
    return argv;
}

void RelayTransport::start(const QStringList &argv)
{
    if (!m_parent || !m_parent->isUp()) {
        finish(tr("the parent context is not connected"));
        return;
    }
    m_handle = m_parent->open(this);
    const QStringList command = commandFor(m_options, argv, m_parent->executable());
    Q_EMIT stageReached(tr("spawn through %1").arg(m_parent->contextName()));
    m_parent->spawn(m_handle, command, m_options.connectTimeoutMs)
            .then(this, [this](const CallResult &r) {
                if (m_done)
                    return;
                if (!r) {
                    finish(tr("%1 could not start the command: %2")
                                   .arg(parentName(), r.errorString()));
                    return;
                }
                m_running = true;
                Q_EMIT started();
            });
}

void RelayTransport::framesStarted(const QByteArray &key)
{
    if (!m_parent || !m_parent->isUp() || m_done)
        return;
    m_parent->startFrames(m_handle, key);
}

void RelayTransport::tunnelOutput(const QByteArray &data)
{
    Q_EMIT dataReceived(data);
}

void RelayTransport::tunnelEnded(const QString &reason)
{
    finish(reason);
}

void RelayTransport::tunnelAnswered(const ParentAnswer &answer)
{
    if (m_servedByParent)
        m_servedByParent(answer);
}

void RelayTransport::tunnelSideOutput(const QByteArray &data)
{
    m_stderrLine += data;
    const QByteArray marker = sudoPromptMarker().toUtf8();
    const qsizetype at = m_stderrLine.indexOf(marker);
    if (at >= 0) {
        const QByteArray before = m_stderrLine.left(at);
        m_stderrLine.remove(0, at + marker.size());
        if (!before.trimmed().isEmpty())
            Q_EMIT sideOutputReceived(before);
        askSudoPassword(QString::fromUtf8(before.trimmed()));
        return;
    }
    // Keep an unfinished line back only while it could still become the prompt.
    const qsizetype nl = m_stderrLine.lastIndexOf('\n');
    if (nl >= 0) {
        Q_EMIT sideOutputReceived(m_stderrLine.left(nl + 1));
        m_stderrLine.remove(0, nl + 1);
    }
    if (m_stderrLine.size() > marker.size()
        && !marker.startsWith(m_stderrLine.left(marker.size()))) {
        Q_EMIT sideOutputReceived(m_stderrLine);
        m_stderrLine.clear();
    }
}

void RelayTransport::askSudoPassword(const QString &previous)
{
    if (++m_passwordTries > 3) {
        kill();
        return;
    }
    Q_EMIT stageReached(tr("sudo password"));
    const auto answer = [this](const PromptAnswer &a) {
        if (m_done)
            return;
        if (a.decision != PromptAnswer::Decision::Text) {
            kill();
            finish(tr("sudo needs a password and none was given"));
            return;
        }
        QByteArray secret = a.text.toUtf8();
        write(secret + '\n');
        secret.fill('\0');
    };
    if (!m_options.passwordFile.isEmpty() && m_passwordTries == 1) {
        QFile f(m_options.passwordFile);
        if (f.open(QIODevice::ReadOnly)) {
            PromptAnswer a;
            a.decision = PromptAnswer::Decision::Text;
            a.text = QString::fromUtf8(f.readLine()).remove(u'\n').remove(u'\r');
            answer(a);
            return;
        }
    }
    if (!m_prompter) {
        kill();
        finish(tr("sudo asks for a password, and there is no way to ask for it (use a password "
                  "file)"));
        return;
    }
    PromptRequest request;
    request.kind = PromptRequest::Kind::Password;
    request.target = description();
    request.prompt
            = previous.isEmpty() ? tr("Password for sudo on %1:").arg(parentName()) : previous;
    QPointer<RelayTransport> self(this);
    m_prompter->ask(request, [self, answer](const PromptAnswer &a) {
        QMetaObject::invokeMethod(
                self.data(),
                [self, answer, a] {
                    if (self)
                        answer(a);
                },
                Qt::QueuedConnection);
    });
}

void RelayTransport::write(const QByteArray &data)
{
    if (m_parent && m_handle && !m_done)
        m_parent->write(m_handle, data);
}

void RelayTransport::close()
{
    if (m_parent && m_handle && !m_done)
        m_parent->closeInput(m_handle);
}

void RelayTransport::kill()
{
    if (m_parent && m_handle && !m_done && m_parent->isUp())
        m_parent->kill(m_handle);
    finish(tr("killed by the master"));
}

void RelayTransport::parentClosed(const QString &reason)
{
    finish(tr("the parent context %1 went away (%2)").arg(parentName(), reason));
}

void RelayTransport::finish(const QString &reason)
{
    if (m_done)
        return;
    m_done = true;
    if (!m_stderrLine.isEmpty())
        Q_EMIT sideOutputReceived(std::exchange(m_stderrLine, {}));
    if (m_parent && m_handle)
        m_parent->close(m_handle);
    if (!m_running && !reason.isEmpty())
        Q_EMIT failed(reason);
    else
        Q_EMIT closed(reason);
}

} // namespace Econtext
