// ModuleHandler alone, with a real ModuleServer on real files: a GET_MODULE is answered with
// LOAD_MODULE frames and then the reply, a request and the context's report of it become one
// import event with the roundtrip, a GET_SOURCE gets the source of a module this context was
// sent, import reports are decoded once into ImportEvents with their ImportOutcome, malformed
// requests and reports are refused alone (a request is still answered), requests a parent
// answered are reported, and the end of the link hands every event over. Frames go through
// the wire code both ways (LinkHarness).
#include "core/broker/handles.h"
#include "core/broker/modulehandler.h"
#include "core/modules/moduleserver.h"
#include "core/wire/pickle.h"
#include "tests/support/linkharness.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace Econtext;
using Econtext::Test::LinkHarness;
using Wire::Value;

namespace {

bool writeFile(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(content) == content.size();
}

// Every event handed over so far.
ImportEvents events(const QSignalSpy &spy)
{
    ImportEvents out;
    for (const QList<QVariant> &args : spy)
        out += args.first().value<ImportEvents>();
    return out;
}

std::optional<ImportEvent>
find(const ImportEvents &events, const QString &module, ImportOutcome outcome)
{
    for (const ImportEvent &e : events) {
        if (e.module == module && e.outcome == outcome)
            return e;
    }
    return std::nullopt;
}

} // namespace

class TestModuleHandler : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void requestAnsweredThenReportedOnce();
    void unknownModuleNotFound();
    void sourceOfAModuleSent();
    void malformedRequestsRefusedButAnswered();
    void importReportsDecoded_data();
    void importReportsDecoded();
    void requestAnsweredByParent();
    void endOfLinkHandsEventsOver();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Modules::ModuleServer> m_server;
};

void TestModuleHandler::initTestCase()
{
    qRegisterMetaType<ImportEvents>();
    QVERIFY(m_dir.isValid());
    QVERIFY(writeFile(m_dir.filePath(QStringLiteral("mhpkg/__init__.py")),
                      "from . import part\nVALUE = 1\n"));
    QVERIFY(writeFile(m_dir.filePath(QStringLiteral("mhpkg/part.py")), "X = 2\n"));
}

void TestModuleHandler::init()
{
    m_server = std::make_unique<Modules::ModuleServer>();
    m_server->setReferencePython(QString());
    m_server->setBytecodeEnabled(false);
    m_server->addDirectory(m_dir.path());
}

void TestModuleHandler::requestAnsweredThenReportedOnce()
{
    LinkHarness link;
    ModuleHandler modules(link, m_server.get());
    QSignalSpy ready(&modules, &ModuleHandler::importEventsReady);
    link.hello(4);
    QVERIFY(link.deliver(Handle::GetModule, Value(QStringLiteral("mhpkg")), 1234));
    const QList<Wire::Frame> sent = link.takeSent();
    QVERIFY2(link.sentError.isEmpty(), qPrintable(link.sentError));
    QCOMPARE(sent.size(), 3); // the package, its part sent ahead, the reply
    QCOMPARE(sent[0].handle, Handle::LoadModule);
    QVERIFY(sent[0].flags & Wire::FlagRaw);
    QCOMPARE(sent[1].handle, Handle::LoadModule);
    QCOMPARE(sent[2].handle, 1234u);
    const auto reply = Wire::decodePickle(sent[2].payload);
    QVERIFY(reply);
    QCOMPARE(reply->items().value(0).toString(), QStringLiteral("mhpkg"));
    QCOMPARE(reply->items().value(1).toString(), QStringLiteral("ok"));
    QCOMPARE(link.d.stats.importRequests, 1);

    // The part sent ahead goes out at once; the request waits for the context's report.
    QVERIFY(ready.wait(2000));
    QVERIFY(find(events(ready), QStringLiteral("mhpkg.part"), ImportOutcome::Related));
    QVERIFY(!find(events(ready), QStringLiteral("mhpkg"), ImportOutcome::Served));
    QVERIFY(link.deliver(Handle::ImportEvent,
                         Value::tuple({Value(QStringLiteral("mhpkg")),
                                       Value(QStringLiteral("served")),
                                       Value(3.5)})));
    QTRY_VERIFY(find(events(ready), QStringLiteral("mhpkg"), ImportOutcome::Served));
    const std::optional<ImportEvent> served
            = find(events(ready), QStringLiteral("mhpkg"), ImportOutcome::Served);
    QCOMPARE(served->roundtripMs, 3.5);
    QCOMPARE(served->path, m_dir.filePath(QStringLiteral("mhpkg/__init__.py")));
    QVERIFY(served->isPackage);
    QCOMPARE(served->contextId, 7u);
    int rows = 0;
    for (const ImportEvent &e : events(ready))
        rows += e.module == QLatin1String("mhpkg");
    QCOMPARE(rows, 1);
    QVERIFY(link.violations.isEmpty());
}

void TestModuleHandler::unknownModuleNotFound()
{
    LinkHarness link;
    ModuleHandler modules(link, m_server.get());
    link.hello(2);
    QVERIFY(link.deliver(Handle::GetModule, Value(QStringLiteral("no_such_module_here")), 1000));
    const QList<Wire::Frame> sent = link.takeSent();
    QCOMPARE(sent.size(), 1);
    const auto reply = Wire::decodePickle(sent.first().payload);
    QCOMPARE(reply->items().value(1).toString(), QStringLiteral("notfound"));
}

void TestModuleHandler::sourceOfAModuleSent()
{
    LinkHarness link;
    ModuleHandler modules(link, m_server.get());
    link.hello();
    // Not sent to this context yet: nothing.
    QVERIFY(link.deliver(Handle::GetSource, Value(QStringLiteral("mhpkg.part")), 2000));
    QList<Wire::Frame> sent = link.takeSent();
    QCOMPARE(sent.size(), 1);
    QCOMPARE(sent.first().handle, 2000u);
    QVERIFY(sent.first().flags & Wire::FlagRaw);
    QVERIFY(sent.first().payload.isEmpty());
    QVERIFY(link.deliver(Handle::GetModule, Value(QStringLiteral("mhpkg")), 2001));
    link.takeSent();
    QVERIFY(link.deliver(Handle::GetSource, Value(QStringLiteral("mhpkg.part")), 2002));
    sent = link.takeSent();
    QCOMPARE(sent.size(), 1);
    QCOMPARE(sent.first().payload, QByteArray("X = 2\n"));
}

void TestModuleHandler::malformedRequestsRefusedButAnswered()
{
    LinkHarness link;
    ModuleHandler modules(link, m_server.get());
    link.hello();
    QVERIFY(link.deliver(Handle::GetModule, Value(42), 3000));
    const QList<Wire::Frame> sent = link.takeSent();
    QCOMPARE(sent.size(), 1);
    QCOMPARE(sent.first().handle, 3000u);
    QVERIFY(sent.first().flags & Wire::FlagDead); // the importer does not wait forever
    QCOMPARE(link.violations, QStringList{QStringLiteral("a malformed module request")});
    // Without a handle to answer: refused only.
    QVERIFY(link.deliver(Handle::GetModule, Value(QStringLiteral("mhpkg")), 5));
    QVERIFY(link.takeSent().isEmpty());
    QVERIFY(link.deliver(Handle::GetSource, Value(1.5), 3001));
    QVERIFY(link.takeSent().isEmpty());
    QCOMPARE(link.violations.size(), 3);
    QCOMPARE(link.violations.last(), QStringLiteral("a malformed source request"));
}

void TestModuleHandler::importReportsDecoded_data()
{
    QTest::addColumn<Value>("report");
    QTest::addColumn<int>("outcome"); // -1: refused
    const auto report = [](const char *outcome) {
        return Value::tuple(
                {Value(QStringLiteral("json")), Value(QString::fromLatin1(outcome)), Value(0.0)});
    };
    QTest::newRow("local") << report("local") << int(ImportOutcome::Local);
    QTest::newRow("cached") << report("cached") << int(ImportOutcome::Cached);
    QTest::newRow("negative") << report("negative") << int(ImportOutcome::Negative);
    QTest::newRow("native") << report("native") << int(ImportOutcome::Native);
    QTest::newRow("unknown outcome") << report("borrowed") << -1;
    QTest::newRow("too short") << Value::tuple({Value(QStringLiteral("json"))}) << -1;
    QTest::newRow("not a tuple") << Value(QStringLiteral("json")) << -1;
}

void TestModuleHandler::importReportsDecoded()
{
    QFETCH(Value, report);
    QFETCH(int, outcome);
    LinkHarness link;
    ModuleHandler modules(link, m_server.get());
    QSignalSpy ready(&modules, &ModuleHandler::importEventsReady);
    link.hello();
    QVERIFY(link.deliver(Handle::ImportEvent, report));
    if (outcome < 0) {
        QCOMPARE(link.violations, QStringList{QStringLiteral("a malformed import event")});
        // It made no event: the next good report is the only one.
        QVERIFY(link.deliver(Handle::ImportEvent,
                             Value::tuple({Value(QStringLiteral("csv")),
                                           Value(QStringLiteral("local")),
                                           Value(0.0)})));
        QVERIFY(ready.wait(2000));
        QCOMPARE(events(ready).size(), 1);
        QCOMPARE(events(ready).first().module, QStringLiteral("csv"));
        return;
    }
    QVERIFY(ready.wait(2000));
    const ImportEvents got = events(ready);
    QCOMPARE(got.size(), 1);
    QCOMPARE(int(got.first().outcome), outcome);
    QCOMPARE(got.first().module, QStringLiteral("json"));
    QCOMPARE(got.first().roundtripMs, 0.0);
    QVERIFY(link.violations.isEmpty());
}

void TestModuleHandler::requestAnsweredByParent()
{
    LinkHarness link;
    ModuleHandler modules(link, m_server.get());
    QSignalSpy ready(&modules, &ModuleHandler::importEventsReady);
    ParentAnswer answer{QStringLiteral("mhpkg"),
                        QStringLiteral("ok"),
                        {{QStringLiteral("mhpkg"), 40}, {QStringLiteral("mhpkg.part"), 20}}};
    modules.servedByParent(answer); // not up: nothing to report to
    link.hello();
    modules.servedByParent(answer);
    QVERIFY(ready.wait(2000));
    const std::optional<ImportEvent> part
            = find(events(ready), QStringLiteral("mhpkg.part"), ImportOutcome::Parent);
    QVERIFY(part);
    QCOMPARE(part->bytesCompressed, 20);
    QCOMPARE(part->requestedBy, QStringLiteral("mhpkg"));
    QCOMPARE(m_server->stats(7).parentHits, 1);
    // The requested one is reported with the context's roundtrip.
    QVERIFY(link.deliver(Handle::ImportEvent,
                         Value::tuple({Value(QStringLiteral("mhpkg")),
                                       Value(QStringLiteral("served")),
                                       Value(0.7)})));
    QTRY_VERIFY(find(events(ready), QStringLiteral("mhpkg"), ImportOutcome::Parent));
    QCOMPARE(find(events(ready), QStringLiteral("mhpkg"), ImportOutcome::Parent)->roundtripMs, 0.7);
}

void TestModuleHandler::endOfLinkHandsEventsOver()
{
    LinkHarness link;
    ModuleHandler modules(link, m_server.get());
    QSignalSpy ready(&modules, &ModuleHandler::importEventsReady);
    link.hello();
    QVERIFY(link.deliver(Handle::GetModule, Value(QStringLiteral("mhpkg")), 1000));
    link.close(QStringLiteral("shut down"));
    QVERIFY(ready.count() >= 1); // at once
    QVERIFY(find(events(ready), QStringLiteral("mhpkg"), ImportOutcome::Served));
    QVERIFY(find(events(ready), QStringLiteral("mhpkg.part"), ImportOutcome::Related));
    // What the context was sent is forgotten with it: a source request has nothing.
    QVERIFY(m_server->sourceOf(7, QStringLiteral("mhpkg.part")).isEmpty());
}

QTEST_GUILESS_MAIN(TestModuleHandler)
#include "tst_modulehandler.moc"
