// A real recorded session for the capture tests (tests/session and tests/ui): a
// context that existed before the recording, one connected during it that makes
// calls (one failing), logs remotely, prints, imports a package served from a
// --module-path directory (with a module sent ahead), then shuts down, and an ssh
// context with a password file that fails to connect. Everything the contexts
// report is also collected live, in the test's thread, for comparison.
#pragma once

#include "core/broker/broker.h"
#include "core/modules/moduleserver.h"
#include "core/session/sessionrecorder.h"
#include "tests/support/await.h"
#include "tests/support/pythons.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QTest>

#include <atomic>
#include <memory>

namespace Econtext::Test {

struct LiveCollected
{
    QList<std::pair<ContextState, QString>> states;
    LogRecords logs;
    ImportEvents imports;
    QList<CallRecord> calls;
    QList<ContextFacts> facts;
};

class SampleSession
{
public:
    // Files of the module-path directory: the package is served, its "part" sent ahead.
    static constexpr const char *packageName = "eccapture_pkg";

    explicit SampleSession(const QString &dir)
        : m_dir(dir)
    {}

    QString captureFile() const { return m_dir + QStringLiteral("/session.jsonl"); }
    QString modulesDir() const { return m_dir + QStringLiteral("/modules"); }
    QString packageInit() const
    {
        return modulesDir() + u'/' + QLatin1String(packageName) + QStringLiteral("/__init__.py");
    }
    QString packagePart() const
    {
        return modulesDir() + u'/' + QLatin1String(packageName) + QStringLiteral("/part.py");
    }
    // The secret given as ConnectOptions::passwordFile and as a call argument: must not
    // appear anywhere in the capture.
    static QString passwordFileSecret() { return QStringLiteral("/tmp/pw-secret-7f3a9"); }
    static QString argumentSecret() { return QStringLiteral("arg-secret-51c2"); }

    Broker *broker() const { return m_broker.get(); }
    SessionRecorder *recorder() const { return m_recorder.get(); }
    Context *existing() const { return m_existing; }
    Context *recorded() const { return m_recorded; }
    Context *failed() const { return m_failed; }
    const LiveCollected &live(quint32 id) const { return m_live[id]; }
    QString python() const { return m_python; }

    // Runs the whole script; QVERIFY failures return early (check QTest::currentTestFailed()).
    void run()
    {
        const QList<Interpreter> pythons = availableInterpreters();
        QVERIFY2(!pythons.isEmpty(), "no Python interpreter (check before run())");
        m_python = pythons.first().path;

        writeFile(packageInit(),
                  "import logging\nfrom . import part\n"
                  "logging.getLogger('eccapture').warning('package loaded')\n");
        writeFile(packagePart(), "VALUE = 'part value'\n");

        m_broker = std::make_unique<Broker>();
        m_broker->moduleServer().setReferencePython(QString());
        m_broker->moduleServer().addDirectory(modulesDir());

        // A context that is up before the recording starts.
        ConnectOptions before;
        before.python = m_python;
        before.name = QStringLiteral("before");
        m_existing = m_broker->connectContext(before);
        QString why;
        QVERIFY2(waitConnected(m_existing, &why), qPrintable(why));
        // The report of this call is emitted on the broker thread just after its result:
        // wait for it, so that it cannot reach the recorder started below.
        auto reported = std::make_shared<std::atomic<bool>>(false);
        const QMetaObject::Connection early = QObject::connect(
                m_existing,
                &Context::callFinished,
                m_existing,
                [reported](const CallRecord &) { *reported = true; },
                Qt::DirectConnection);
        QVERIFY(evalRepr(m_existing, QStringLiteral("1 + 1")) == QStringLiteral("2"));
        QTRY_VERIFY(reported->load());
        QObject::disconnect(early);

        m_recorder = std::make_unique<SessionRecorder>(m_broker.get());
        m_recorder->setStatsInterval(100);
        const Result<void> started = m_recorder->start(captureFile());
        QVERIFY2(started, qPrintable(started.errorString()));

        // Connected after the recorder's own handler, but still before the context starts.
        QObject::connect(m_broker.get(), &Broker::contextAdded, &m_receiver, [this](Context *c) {
            follow(c);
        });
        follow(m_existing); // from now on only

        ConnectOptions opts;
        opts.python = m_python;
        opts.name = QStringLiteral("recorded");
        opts.logLevel = 10;
        m_recorded = m_broker->connectContext(opts);
        QVERIFY2(waitConnected(m_recorded, &why), qPrintable(why));

        QCOMPARE(evalRepr(m_recorded, QStringLiteral("6 * 7")), QStringLiteral("42"));
        const QString failing = evalRepr(m_recorded, QStringLiteral("1 // 0"));
        QVERIFY2(failing.contains(QStringLiteral("ZeroDivisionError")), qPrintable(failing));
        QCOMPARE(evalRepr(m_recorded, QStringLiteral("len('%1')").arg(argumentSecret())),
                 QString::number(argumentSecret().size()));
        evalRepr(m_recorded,
                 QStringLiteral("__import__('logging').getLogger('x').warning('captured %s', "
                                "'warning')"));
        evalRepr(m_recorded, QStringLiteral("__import__('sys').stdout.write('printed line\\n')"));
        QCOMPARE(evalRepr(m_recorded,
                          QStringLiteral("__import__('%1').part.VALUE")
                                  .arg(QLatin1String(packageName))),
                 QStringLiteral("'part value'"));
        QCOMPARE(evalRepr(m_existing, QStringLiteral("3 * 3")), QStringLiteral("9"));

        // An ssh context that cannot connect: its options hold a password file.
        ConnectOptions ssh;
        ssh.method = ConnectMethod::Ssh;
        ssh.name = QStringLiteral("unreachable");
        ssh.host = QStringLiteral("127.0.0.1");
        ssh.port = 1;
        ssh.user = QStringLiteral("nobody");
        ssh.passwordFile = passwordFileSecret();
        ssh.identityFile = passwordFileSecret() + QStringLiteral("-key");
        ssh.connectTimeoutMs = 5000;
        m_failed = m_broker->connectContext(ssh);
        QVERIFY(waitForState(m_failed, {ContextState::Failed, ContextState::Disconnected}));

        const auto sawLog = [this](const QString &text) {
            for (const LogRecord &r : std::as_const(m_live[m_recorded->id()].logs)) {
                if (r.message.contains(text))
                    return true;
            }
            return false;
        };
        const auto sawImport = [this](const QString &module, ImportOutcome outcome) {
            for (const ImportEvent &e : std::as_const(m_live[m_recorded->id()].imports)) {
                if (e.module == module && e.outcome == outcome)
                    return true;
            }
            return false;
        };
        const QString pkg = QLatin1String(packageName);
        QTRY_VERIFY_WITH_TIMEOUT(sawLog(QStringLiteral("captured warning")), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(sawLog(QStringLiteral("package loaded")), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(sawLog(QStringLiteral("printed line")), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(sawImport(pkg, ImportOutcome::Served), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(sawImport(pkg + QStringLiteral(".part"), ImportOutcome::Related),
                                 10000);
        QTRY_VERIFY_WITH_TIMEOUT(m_live[m_recorded->id()].calls.size() >= 6, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(m_live[m_existing->id()].calls.size() >= 1, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(!m_live[m_failed->id()].states.isEmpty()
                                         && m_live[m_failed->id()].states.last().first
                                                    == m_failed->state(),
                                 10000);

        m_recorded->shutdown();
        QVERIFY(waitForState(m_recorded, {ContextState::Disconnected, ContextState::Failed}));
        QTRY_VERIFY_WITH_TIMEOUT(!m_live[m_recorded->id()].states.isEmpty()
                                         && m_live[m_recorded->id()].states.last().first
                                                    == m_recorded->state(),
                                 10000);
        // Everything queued to this thread has reached the recorder too (it was
        // connected first, so its copy of each signal was posted first).
        QCoreApplication::processEvents();
        m_recorder->stop();
        QVERIFY(!m_recorder->isRecording());
        // For looking at a real capture: ECONTEXT_KEEP_CAPTURE=/some/file.jsonl
        const QString keep = qEnvironmentVariable("ECONTEXT_KEEP_CAPTURE");
        if (!keep.isEmpty()) {
            QFile::remove(keep);
            QFile::copy(captureFile(), keep);
        }
    }

private:
    static void writeFile(const QString &path, const QByteArray &content)
    {
        QDir().mkpath(QFileInfo(path).path());
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
    }

    void follow(Context *c)
    {
        const quint32 id = c->id();
        QObject::connect(c,
                         &Context::stateChanged,
                         &m_receiver,
                         [this, id](ContextState s, const QString &reason) {
                             m_live[id].states.append({s, reason});
                         });
        QObject::connect(c,
                         &Context::factsReceived,
                         &m_receiver,
                         [this, id](const ContextFacts &f) { m_live[id].facts.append(f); });
        QObject::connect(c,
                         &Context::logRecordsReceived,
                         &m_receiver,
                         [this, id](const LogRecords &r) { m_live[id].logs += r; });
        QObject::connect(c,
                         &Context::importEventsReceived,
                         &m_receiver,
                         [this, id](const ImportEvents &e) { m_live[id].imports += e; });
        QObject::connect(c, &Context::callFinished, &m_receiver, [this, id](const CallRecord &r) {
            m_live[id].calls.append(r);
        });
    }

    // Declared so that the recorder goes first, then the broker, then the receiver
    // and what it collects.
    QString m_dir;
    QString m_python;
    mutable QHash<quint32, LiveCollected> m_live;
    QObject m_receiver;
    std::unique_ptr<Broker> m_broker;
    std::unique_ptr<SessionRecorder> m_recorder;
    Context *m_existing = nullptr;
    Context *m_recorded = nullptr;
    Context *m_failed = nullptr;
};

} // namespace Econtext::Test
