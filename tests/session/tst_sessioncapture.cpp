// SessionRecorder and SessionCapture end to end: a real session (contexts before
// and during the recording, calls, a failing call, remote logging, stdout, a
// module served from a --module-path directory with one sent ahead, a failed ssh
// context with a password file) is recorded, read back and compared field by
// field with what the contexts reported live; truncated, damaged and foreign
// files are handled as documented in docs/capture-format.md.
#include "core/session/sessioncapture.h"
#include "core/session/sessionrecorder.h"
#include "tests/session/samplesession.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Econtext;
using Econtext::Test::SampleSession;

namespace {

void compareLog(const LogRecord &a, const LogRecord &b)
{
    QCOMPARE(a.contextId, b.contextId);
    QCOMPARE(int(a.kind), int(b.kind));
    QCOMPARE(a.time, b.time);
    QCOMPARE(a.level, b.level);
    QCOMPARE(a.logger, b.logger);
    QCOMPARE(a.thread, b.thread);
    QCOMPARE(a.message, b.message);
}

void compareImport(const ImportEvent &a, const ImportEvent &b)
{
    QCOMPARE(a.contextId, b.contextId);
    QCOMPARE(a.time, b.time);
    QCOMPARE(a.module, b.module);
    QCOMPARE(a.outcome, b.outcome);
    QCOMPARE(a.requestedBy, b.requestedBy);
    QCOMPARE(a.path, b.path);
    QCOMPARE(a.isPackage, b.isPackage);
    QCOMPARE(a.compiled, b.compiled);
    QCOMPARE(a.bytesRaw, b.bytesRaw);
    QCOMPARE(a.bytesCompressed, b.bytesCompressed);
    QCOMPARE(a.roundtripMs, b.roundtripMs);
    QCOMPARE(a.sha256, b.sha256);
}

void compareCall(const CallRecord &a, const CallRecord &b)
{
    QCOMPARE(a.contextId, b.contextId);
    QCOMPARE(a.module, b.module);
    QCOMPARE(a.cls, b.cls);
    QCOMPARE(a.func, b.func);
    QCOMPARE(int(a.mode), int(b.mode));
    QCOMPARE(a.startedMs, b.startedMs);
    QCOMPARE(a.durationMs, b.durationMs);
    QCOMPARE(a.ok, b.ok);
    QCOMPARE(a.error, b.error);
}

void compareFacts(const ContextFacts &a, const ContextFacts &b)
{
    QCOMPARE(a.pythonVersion, b.pythonVersion);
    QCOMPARE(a.pythonFull, b.pythonFull);
    QCOMPARE(a.pid, b.pid);
    QCOMPARE(a.user, b.user);
    QCOMPARE(a.host, b.host);
    QCOMPARE(a.platform, b.platform);
    QCOMPARE(a.executable, b.executable);
    QCOMPARE(a.pickleProtocol, b.pickleProtocol);
}

void compareStages(const QList<BootstrapStage> &a, const QList<BootstrapStage> &b)
{
    QCOMPARE(a.size(), b.size());
    for (qsizetype i = 0; i < a.size(); ++i) {
        QCOMPARE(a.at(i).name, b.at(i).name);
        QCOMPARE(a.at(i).msSinceStart, b.at(i).msSinceStart);
    }
}

QByteArray sha256Hex(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex();
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestSessionCapture : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void recordsWhatContextsReport();
    void truncatedLastLine_data();
    void truncatedLastLine();
    void damagedMiddleLineRefused();
    void methodsDecodedAtTheEdge();
    void refusesForeignFiles_data();
    void refusesForeignFiles();
    void missingFile();
    void startErrors();

private:
    QTemporaryDir m_dir;
    QByteArray m_recorded; // the capture of recordsWhatContextsReport()
};

void TestSessionCapture::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

void TestSessionCapture::recordsWhatContextsReport()
{
    if (Econtext::Test::availableInterpreters().isEmpty())
        QSKIP("No Python interpreter on this machine.");
    SampleSession session(m_dir.path());
    session.run();
    if (QTest::currentTestFailed())
        return;
    m_recorded = readAll(session.captureFile());
    QVERIFY(!m_recorded.isEmpty());

    // The header is the first line, as documented.
    const QJsonObject header
            = QJsonDocument::fromJson(m_recorded.left(m_recorded.indexOf('\n'))).object();
    QCOMPARE(header.value(QLatin1String("format")).toString(), QStringLiteral("econtext-capture"));
    QCOMPARE(header.value(QLatin1String("version")).toInt(), 1);
    QVERIFY(header.value(QLatin1String("startedMs")).toInteger() > 0);
    QVERIFY(header.contains(QLatin1String("app")));

    // No secret reaches the file: neither connection options nor call arguments.
    QVERIFY(!m_recorded.contains(SampleSession::passwordFileSecret().toUtf8()));
    QVERIFY(!m_recorded.contains(SampleSession::argumentSecret().toUtf8()));

    const Result<SessionCapture> read = SessionCapture::readFile(session.captureFile());
    QVERIFY2(read, qPrintable(read.errorString()));
    const SessionCapture &capture = *read;
    QCOMPARE(capture.version, 1);
    QVERIFY(capture.complete);
    QVERIFY(!capture.truncated);
    QCOMPARE(capture.startedMs, header.value(QLatin1String("startedMs")).toInteger());
    QCOMPARE(capture.contexts.size(), 3);

    // The context that was already up: its state, facts and timeline at the start.
    Context *existing = session.existing();
    const CapturedContext *before = capture.context(existing->id());
    QVERIFY(before);
    QVERIFY(before->existing);
    QCOMPARE(before->name, existing->name());
    QVERIFY(before->method == existing->method());
    QCOMPARE(before->description, existing->description());
    QVERIFY(!before->states.isEmpty());
    QVERIFY(before->states.first().snapshot);
    QCOMPARE(int(before->states.first().state), int(ContextState::Connected));
    QVERIFY(before->hasFacts);
    compareFacts(before->facts, existing->facts());
    compareStages(before->stages, existing->timeline());
    const auto &beforeLive = session.live(existing->id());
    QCOMPARE(before->calls.size(), beforeLive.calls.size());
    for (qsizetype i = 0; i < before->calls.size(); ++i)
        compareCall(before->calls.at(i), beforeLive.calls.at(i));

    // The context connected during the recording: everything it reported, in order.
    Context *ctx = session.recorded();
    const CapturedContext *rec = capture.context(ctx->id());
    QVERIFY(rec);
    QVERIFY(!rec->existing);
    QCOMPARE(rec->parentId, ctx->parentId());
    QCOMPARE(rec->name, QStringLiteral("recorded"));
    QCOMPARE(rec->methodText(), QStringLiteral("local"));
    QCOMPARE(rec->description, ctx->description());
    const auto &live = session.live(ctx->id());

    QCOMPARE(rec->states.size(), live.states.size());
    for (qsizetype i = 0; i < rec->states.size(); ++i) {
        QCOMPARE(int(rec->states.at(i).state), int(live.states.at(i).first));
        QCOMPARE(rec->states.at(i).reason, live.states.at(i).second);
        QVERIFY(!rec->states.at(i).snapshot);
    }
    QCOMPARE(int(rec->state()), int(ctx->state()));

    QVERIFY(rec->hasFacts);
    QCOMPARE(live.facts.size(), 1);
    compareFacts(rec->facts, live.facts.first());
    compareStages(rec->stages, ctx->timeline());
    QVERIFY(rec->stages.size() >= 3);

    QCOMPARE(rec->logs.size(), live.logs.size());
    for (qsizetype i = 0; i < rec->logs.size(); ++i) {
        compareLog(rec->logs.at(i), live.logs.at(i));
        if (QTest::currentTestFailed())
            return;
    }
    bool sawWarning = false;
    for (const LogRecord &r : rec->logs) {
        if (r.logger == QLatin1String("x") && r.level == 30
            && r.message == QLatin1String("captured warning"))
            sawWarning = true;
    }
    QVERIFY(sawWarning);

    QCOMPARE(rec->imports.size(), live.imports.size());
    for (qsizetype i = 0; i < rec->imports.size(); ++i) {
        compareImport(rec->imports.at(i), live.imports.at(i));
        if (QTest::currentTestFailed())
            return;
    }
    // The SHA-256 recorded is that of the module files on the master.
    const QString pkg = QLatin1String(SampleSession::packageName);
    int checked = 0;
    for (const ImportEvent &e : rec->imports) {
        if (e.module == pkg && e.outcome == ImportOutcome::Served) {
            QCOMPARE(e.sha256.toLatin1(), sha256Hex(session.packageInit()));
            ++checked;
        }
        if (e.module == pkg + QStringLiteral(".part") && e.outcome == ImportOutcome::Related) {
            QCOMPARE(e.sha256.toLatin1(), sha256Hex(session.packagePart()));
            QCOMPARE(e.requestedBy, pkg);
            ++checked;
        }
    }
    QCOMPARE(checked, 2);

    QCOMPARE(rec->calls.size(), live.calls.size());
    int failedCalls = 0;
    for (qsizetype i = 0; i < rec->calls.size(); ++i) {
        compareCall(rec->calls.at(i), live.calls.at(i));
        if (QTest::currentTestFailed())
            return;
        if (!rec->calls.at(i).ok) {
            ++failedCalls;
            QVERIFY(!rec->calls.at(i).error.isEmpty());
            QVERIFY2(rec->calls.at(i).error.contains(QStringLiteral("ZeroDivisionError")),
                     qPrintable(rec->calls.at(i).error));
        }
    }
    QCOMPARE(failedCalls, 1);
    QCOMPARE(rec->calls.first().func, QStringLiteral("eval_repr"));

    // Stats snapshots: at least the last one, counting what went each way.
    QVERIFY(!rec->stats.isEmpty());
    const ContextStats last = rec->stats.last().stats;
    QVERIFY(last.messagesIn > 0);
    QVERIFY(last.messagesOut > 0);
    QVERIFY(last.bytesIn > 0);
    QVERIFY(last.bytesOut > 0);
    for (qsizetype i = 1; i < rec->stats.size(); ++i)
        QVERIFY(rec->stats.at(i).t >= rec->stats.at(i - 1).t);

    // Events are in file order, and their indexes point into the lists.
    QVERIFY(!rec->events.isEmpty());
    QCOMPARE(int(rec->events.first().type), int(CapturedEvent::Type::Added));
    qsizetype logEvents = 0;
    for (qsizetype i = 0; i < rec->events.size(); ++i) {
        if (i > 0)
            QVERIFY(rec->events.at(i).t >= rec->events.at(i - 1).t);
        if (rec->events.at(i).type == CapturedEvent::Type::Log) {
            QCOMPARE(rec->events.at(i).index, int(logEvents));
            ++logEvents;
        }
    }
    QCOMPARE(logEvents, rec->logs.size());

    // The ssh context that failed: its state and reason, and only method and description.
    Context *failed = session.failed();
    const CapturedContext *unreachable = capture.context(failed->id());
    QVERIFY(unreachable);
    QCOMPARE(unreachable->methodText(), QStringLiteral("ssh"));
    QCOMPARE(unreachable->description, failed->description());
    QCOMPARE(int(unreachable->state()), int(failed->state()));
    QCOMPARE(unreachable->stateReason(), failed->errorString());
    QVERIFY(!unreachable->stateReason().isEmpty());
}

void TestSessionCapture::truncatedLastLine_data()
{
    QTest::addColumn<int>("cutFromEnd");
    QTest::newRow("inside the end line") << 5;
    QTest::newRow("inside a middle line") << -1;
}

void TestSessionCapture::truncatedLastLine()
{
    QFETCH(int, cutFromEnd);
    if (m_recorded.isEmpty())
        QSKIP("needs the capture of recordsWhatContextsReport");
    const Result<SessionCapture> full = SessionCapture::parse(m_recorded);
    QVERIFY(full);

    QByteArray cut;
    int logsBefore = 0;
    if (cutFromEnd > 0) {
        cut = m_recorded.left(m_recorded.size() - cutFromEnd);
    } else {
        // Cut inside the line of the warning: every earlier log line survives.
        const qsizetype at = m_recorded.indexOf("captured warning");
        QVERIFY(at > 0);
        const qsizetype lineStart = m_recorded.lastIndexOf('\n', at) + 1;
        cut = m_recorded.left(lineStart + 20);
        logsBefore = int(m_recorded.left(lineStart).count("\"type\":\"log\""));
    }
    const Result<SessionCapture> read = SessionCapture::parse(cut, QStringLiteral("cut.jsonl"));
    QVERIFY2(read, qPrintable(read.errorString()));
    QVERIFY(read->truncated);
    QVERIFY(!read->complete);
    if (cutFromEnd > 0) {
        QCOMPARE(read->contexts.size(), full->contexts.size());
        for (qsizetype i = 0; i < full->contexts.size(); ++i) {
            QCOMPARE(read->contexts.at(i).logs.size(), full->contexts.at(i).logs.size());
            QCOMPARE(read->contexts.at(i).calls.size(), full->contexts.at(i).calls.size());
            QCOMPARE(read->contexts.at(i).imports.size(), full->contexts.at(i).imports.size());
        }
    } else {
        int logs = 0;
        for (const CapturedContext &c : read->contexts)
            logs += int(c.logs.size());
        QCOMPARE(logs, logsBefore);
    }
}

void TestSessionCapture::damagedMiddleLineRefused()
{
    const QByteArray data = "{\"format\":\"econtext-capture\",\"version\":1,\"startedMs\":1,"
                            "\"app\":\"t\"}\n"
                            "{\"t\":0,\"ctx\":1,\"type\":\"context\",\"name\":\"a\"}\n"
                            "{\"t\":1,\"ctx\":1,\"type\":\"log\",\"mess\n"
                            "{\"t\":2,\"ctx\":0,\"type\":\"end\"}\n";
    const Result<SessionCapture> read = SessionCapture::parse(data, QStringLiteral("/x/d.jsonl"));
    QVERIFY(!read);
    QVERIFY2(read.errorString().contains(QStringLiteral("Line 3 of d.jsonl")),
             qPrintable(read.errorString()));

    // The same file without its damaged line reads, with the context and the end.
    QByteArray fixed = data;
    fixed.replace("{\"t\":1,\"ctx\":1,\"type\":\"log\",\"mess\n", "");
    const Result<SessionCapture> ok = SessionCapture::parse(fixed);
    QVERIFY2(ok, qPrintable(ok.errorString()));
    QVERIFY(ok->complete);
    QCOMPARE(ok->contexts.size(), 1);
    QCOMPARE(ok->contexts.first().name, QStringLiteral("a"));
}

// The method is decoded once, when the file is read: a known name, in any case, becomes the
// enum; a method of a later version leaves the context readable, with no method.
void TestSessionCapture::methodsDecodedAtTheEdge()
{
    const QByteArray data = "{\"format\":\"econtext-capture\",\"version\":1,\"startedMs\":1,"
                            "\"app\":\"t\"}\n"
                            "{\"t\":0,\"ctx\":1,\"type\":\"context\",\"name\":\"a\","
                            "\"method\":\"sudo\"}\n"
                            "{\"t\":0,\"ctx\":2,\"type\":\"context\",\"name\":\"b\","
                            "\"method\":\"SSH\"}\n"
                            "{\"t\":0,\"ctx\":3,\"type\":\"context\",\"name\":\"c\","
                            "\"method\":\"docker\",\"description\":\"docker:web\"}\n"
                            "{\"t\":2,\"ctx\":0,\"type\":\"end\"}\n";
    const Result<SessionCapture> read = SessionCapture::parse(data);
    QVERIFY2(read, qPrintable(read.errorString()));
    QCOMPARE(read->contexts.size(), 3);
    QVERIFY(read->context(1)->method == ConnectMethod::Sudo);
    QVERIFY(read->context(2)->method == ConnectMethod::Ssh);
    QCOMPARE(read->context(2)->methodText(), QStringLiteral("ssh"));
    QVERIFY(!read->context(3)->method);
    QCOMPARE(read->context(3)->methodText(), QString());
    QCOMPARE(read->context(3)->description, QStringLiteral("docker:web"));
}

void TestSessionCapture::refusesForeignFiles_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QString>("expected");
    QTest::newRow("empty") << QByteArray() << QStringLiteral("is empty");
    QTest::newRow("csv") << QByteArray("module,size\nfoo,12\n")
                         << QStringLiteral("is not an Econtext session capture");
    QTest::newRow("other format") << QByteArray(
            "{\"format\":\"something-else\",\"version\":1}\n{}\n")
                                  << QStringLiteral("is not an Econtext session capture");
    QTest::newRow("newer version")
            << QByteArray("{\"format\":\"econtext-capture\",\"version\":2,\"startedMs\":1}\n")
            << QStringLiteral("format version 2");
    QTest::newRow("cut inside the header") << QByteArray("{\"format\":\"econtext-capture\",\"vers")
                                           << QStringLiteral("ends inside its header");
}

void TestSessionCapture::refusesForeignFiles()
{
    QFETCH(QByteArray, data);
    QFETCH(QString, expected);
    const QString path = m_dir.filePath(QStringLiteral("foreign.jsonl"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(data);
    f.close();
    const Result<SessionCapture> read = SessionCapture::readFile(path);
    QVERIFY(!read);
    QCOMPARE(read.error().code, int(Error::Refused));
    QVERIFY2(read.errorString().contains(expected), qPrintable(read.errorString()));
    QVERIFY2(read.errorString().contains(QStringLiteral("foreign.jsonl")),
             qPrintable(read.errorString()));
}

void TestSessionCapture::missingFile()
{
    const QString path = m_dir.filePath(QStringLiteral("no-such-capture.jsonl"));
    const Result<SessionCapture> read = SessionCapture::readFile(path);
    QVERIFY(!read);
    QVERIFY2(read.errorString().contains(path), qPrintable(read.errorString()));
}

void TestSessionCapture::startErrors()
{
    Broker broker;
    SessionRecorder recorder(&broker);
    const Result<void> bad = recorder.start(m_dir.filePath(QStringLiteral("no/such/dir/c.jsonl")));
    QVERIFY(!bad);
    QVERIFY2(bad.errorString().startsWith(QStringLiteral("Cannot create the capture file")),
             qPrintable(bad.errorString()));
    QVERIFY(!recorder.isRecording());

    // An idle broker records a header, the end line and nothing else.
    const QString path = m_dir.filePath(QStringLiteral("idle.jsonl"));
    const Result<void> ok = recorder.start(path);
    QVERIFY2(ok, qPrintable(ok.errorString()));
    QVERIFY(recorder.isRecording());
    const Result<void> twice = recorder.start(m_dir.filePath(QStringLiteral("other.jsonl")));
    QVERIFY(!twice);
    QVERIFY2(twice.errorString().contains(QStringLiteral("already being recorded")),
             qPrintable(twice.errorString()));
    // Flushed while recording: the header is on disk before stop().
    QTRY_VERIFY(readAll(path).startsWith("{"));
    recorder.stop();
    const Result<SessionCapture> read = SessionCapture::readFile(path);
    QVERIFY2(read, qPrintable(read.errorString()));
    QVERIFY(read->complete);
    QVERIFY(read->contexts.isEmpty());
}

QTEST_GUILESS_MAIN(TestSessionCapture)
#include "tst_sessioncapture.moc"
