// Session without a widget, against real interpreters: a context keeps its name, its place
// and its identity across reconnects; a chain reached through a lost hop comes back from
// that hop, each one once the one before is up; lost contexts come back by themselves with
// growing delays when that is on, and never after a person stopped them; a hop that cannot
// come back is named by its name; a saved session returns parents first.
#include "core/broker/broker.h"
#include "core/session/session.h"
#include "tests/support/await.h"

#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/types.h>

using namespace Econtext;
using Econtext::Test::evalRepr;
using Econtext::Test::waitConnected;
using Econtext::Test::waitForState;

namespace {

const QString kPython = QStringLiteral("/usr/bin/python3");

ConnectOptions local(const QString &name, const SessionContext *via = nullptr)
{
    ConnectOptions o;
    o.name = name;
    o.python = kPython;
    o.viaContextId = via ? via->contextId() : 0;
    return o;
}

// What a SessionContext said, to check its sentences.
struct Notes
{
    explicit Notes(SessionContext *sc)
    {
        QObject::connect(sc, &SessionContext::noted, [this](const QString &message, int) {
            all.append(message);
        });
    }
    bool contains(const QString &text) const
    {
        return std::any_of(
                all.cbegin(), all.cend(), [&](const QString &m) { return m.contains(text); });
    }
    QStringList all;
};

// People read names: no sentence of ours names a context by its internal number.
bool namesNoId(const QStringList &messages)
{
    static const QRegularExpression id(QStringLiteral("context \\d"));
    return std::none_of(
            messages.cbegin(), messages.cend(), [](const QString &m) { return m.contains(id); });
}

bool kill(const SessionContext *sc)
{
    const qint64 pid = sc->context() ? sc->context()->facts().pid : 0;
    return pid > 0 && ::kill(pid_t(pid), SIGKILL) == 0;
}

} // namespace

class TestSession : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void delaysDoubleUpToTheCap();
    void keepsNameAndPlaceAcrossReconnects();
    void reconnectsAChainFromTheFirstLostHop();
    void aHopThatCannotComeBackIsNamed();
    void comesBackByItselfWithDelays();
    void aStoppedContextStaysStopped();
    void adoptsContextsStartedElsewhere();
    void restoresParentsFirst();
    void restoreNamesTheParentThatFailed();

private:
    QTemporaryDir m_dir;
};

void TestSession::initTestCase()
{
    if (!QFileInfo(kPython).isExecutable())
        QSKIP("No /usr/bin/python3 on this machine.");
    QVERIFY(m_dir.isValid());
}

void TestSession::delaysDoubleUpToTheCap()
{
    const ReconnectPolicy policy;
    QVERIFY(!policy.automatic);
    QCOMPARE(policy.delayMs(0), 1000);
    QCOMPARE(policy.delayMs(1), 2000);
    QCOMPARE(policy.delayMs(2), 4000);
    QCOMPARE(policy.delayMs(5), 32000);
    QCOMPARE(policy.delayMs(6), 60000);
    QCOMPARE(policy.delayMs(1000), 60000);
    QCOMPARE(policy.delayMs(-3), 1000);
    ReconnectPolicy fast;
    fast.firstDelayMs = 50;
    fast.maxDelayMs = 300;
    QCOMPARE(fast.delayMs(2), 200);
    QCOMPARE(fast.delayMs(3), 300);
}

void TestSession::keepsNameAndPlaceAcrossReconnects()
{
    Broker broker;
    Session session(&broker);
    SessionContext *parent = session.connectContext(local(QStringLiteral("fixture")));
    QString why;
    QVERIFY2(waitConnected(parent->context(), &why), qPrintable(why));
    SessionContext *child = session.connectContext(local(QStringLiteral("local"), parent));
    QVERIFY2(waitConnected(child->context(), &why), qPrintable(why));
    QCOMPARE(child->via(), parent);
    QSignalSpy replaced(child, &SessionContext::contextChanged);
    QSignalSpy added(&session, &Session::contextAdded);

    // Reconnected by hand, three times over: always the same name, under the same parent.
    QList<quint32> ids{child->contextId()};
    for (int round = 1; round <= 3; ++round) {
        session.reconnect(child);
        QVERIFY(!ids.contains(child->contextId()));
        ids.append(child->contextId());
        QCOMPARE(replaced.size(), round);
        QVERIFY2(waitConnected(child->context(), &why), qPrintable(why));
        QCOMPARE(child->name(), QStringLiteral("local"));
        QCOMPARE(child->context()->name(), QStringLiteral("local"));
        QCOMPARE(child->via(), parent);
        QCOMPARE(child->context()->parentId(), parent->contextId());
        QCOMPARE(session.find(child->contextId()), child);
        QVERIFY(!session.find(ids.at(round - 1)));
    }
    // The parent too: its child goes down with it and comes back after it, below it.
    const quint32 before = parent->contextId();
    Context *childBefore = child->context();
    session.reconnect(parent);
    QVERIFY(parent->contextId() != before);
    QCOMPARE(child->waiting(), SessionContext::Waiting::Parent);
    QVERIFY2(waitConnected(parent->context(), &why), qPrintable(why));
    QCOMPARE(parent->name(), QStringLiteral("fixture"));
    QTRY_VERIFY_WITH_TIMEOUT(child->context() != childBefore, 30000);
    QVERIFY2(waitConnected(child->context(), &why), qPrintable(why));
    QCOMPARE(child->via(), parent);
    QCOMPARE(child->context()->parentId(), parent->contextId());
    QCOMPARE(child->name(), QStringLiteral("local"));
    QCOMPARE(added.size(), 0); // no new identity, only new contexts
    QCOMPARE(session.contexts(), (QList<SessionContext *>{parent, child}));
    // A new context asking for a name in use still gets a name of its own.
    SessionContext *other = session.connectContext(local(QStringLiteral("fixture")));
    QCOMPARE(other->name(), QStringLiteral("fixture-2"));
}

void TestSession::reconnectsAChainFromTheFirstLostHop()
{
    Broker broker;
    Session session(&broker);
    SessionContext *top = session.connectContext(local(QStringLiteral("top")));
    QString why;
    QVERIFY2(waitConnected(top->context(), &why), qPrintable(why));
    SessionContext *middle = session.connectContext(local(QStringLiteral("middle"), top));
    QVERIFY2(waitConnected(middle->context(), &why), qPrintable(why));
    SessionContext *leaf = session.connectContext(local(QStringLiteral("leaf"), middle));
    QVERIFY2(waitConnected(leaf->context(), &why), qPrintable(why));
    Context *topContext = top->context();
    Context *oldMiddle = middle->context();
    Context *oldLeaf = leaf->context();
    Notes notes(leaf);

    QVERIFY(kill(middle));
    QVERIFY(waitForState(oldMiddle, {ContextState::Failed, ContextState::Disconnected}));
    QVERIFY(waitForState(oldLeaf, {ContextState::Failed, ContextState::Disconnected}));
    QTRY_VERIFY(!middle->isUp() && !leaf->isUp());

    session.reconnect(leaf);
    // The middle first; the leaf waits for it.
    QVERIFY(middle->context() != oldMiddle);
    QCOMPARE(leaf->context(), oldLeaf);
    QCOMPARE(leaf->waiting(), SessionContext::Waiting::Parent);
    QVERIFY(notes.contains(QStringLiteral("Reconnecting middle first")));
    QVERIFY2(waitConnected(middle->context(), &why), qPrintable(why));
    QTRY_VERIFY(leaf->context() != oldLeaf);
    QVERIFY2(waitConnected(leaf->context(), &why), qPrintable(why));
    QCOMPARE(leaf->waiting(), SessionContext::Waiting::Nothing);

    QCOMPARE(top->context(), topContext); // never touched
    QCOMPARE(middle->name(), QStringLiteral("middle"));
    QCOMPARE(leaf->name(), QStringLiteral("leaf"));
    QCOMPARE(middle->context()->parentId(), topContext->id());
    QCOMPARE(leaf->context()->parentId(), middle->context()->id());
    QCOMPARE(leaf->via(), middle);
    QCOMPARE(evalRepr(leaf->context(), QStringLiteral("2 * 21")), QStringLiteral("42"));
    QVERIFY(namesNoId(notes.all));
}

void TestSession::aHopThatCannotComeBackIsNamed()
{
    // The middle runs through a wrapper that is gone when the middle is reconnected.
    const QString wrapper = m_dir.filePath(QStringLiteral("vanishing-python"));
    {
        QFile file(wrapper);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("#!/bin/sh\nexec /usr/bin/python3 \"$@\"\n");
    }
    QVERIFY(QFile::setPermissions(wrapper, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    Broker broker;
    Session session(&broker);
    SessionContext *top = session.connectContext(local(QStringLiteral("top")));
    QString why;
    QVERIFY2(waitConnected(top->context(), &why), qPrintable(why));
    ConnectOptions middleOptions = local(QStringLiteral("middle"), top);
    middleOptions.python = wrapper;
    SessionContext *middle = session.connectContext(middleOptions);
    QVERIFY2(waitConnected(middle->context(), &why), qPrintable(why));
    SessionContext *leaf = session.connectContext(local(QStringLiteral("leaf"), middle));
    QVERIFY2(waitConnected(leaf->context(), &why), qPrintable(why));
    Notes notes(leaf);
    Context *oldLeaf = leaf->context();

    QVERIFY(QFile::remove(wrapper));
    QVERIFY(kill(middle));
    QVERIFY(waitForState(oldLeaf, {ContextState::Failed, ContextState::Disconnected}));
    QTRY_VERIFY(!middle->isUp() && !leaf->isUp());
    session.reconnect(leaf);
    QTRY_VERIFY_WITH_TIMEOUT(notes.contains(QStringLiteral("Cannot reconnect leaf")), 30000);
    QCOMPARE(middle->state(), ContextState::Failed);
    QCOMPARE(leaf->context(), oldLeaf); // never started: its parent did not come back
    QCOMPARE(leaf->waiting(), SessionContext::Waiting::Nothing);
    const QString said = notes.all.filter(QStringLiteral("Cannot reconnect leaf")).constFirst();
    QVERIFY2(said.startsWith(QStringLiteral("Cannot reconnect leaf: it is reached through middle, "
                                            "which is not connected")),
             qPrintable(said));
    QVERIFY2(namesNoId(notes.all), qPrintable(notes.all.join(u'\n')));

    // The broker names a dead parent by its name too.
    Context *through = broker.connectContext(local(QStringLiteral("orphan"), middle));
    QVERIFY(waitForState(through, {ContextState::Failed}));
    QVERIFY2(through->errorString().contains(
                     QStringLiteral("Cannot connect through middle: it is not connected.")),
             qPrintable(through->errorString()));
}

void TestSession::comesBackByItselfWithDelays()
{
    Broker broker;
    Session session(&broker);
    ReconnectPolicy policy;
    policy.automatic = true;
    policy.firstDelayMs = 100;
    policy.maxDelayMs = 400;
    session.setPolicy(policy);
    SessionContext *top = session.connectContext(local(QStringLiteral("top")));
    QString why;
    QVERIFY2(waitConnected(top->context(), &why), qPrintable(why));
    SessionContext *middle = session.connectContext(local(QStringLiteral("middle"), top));
    QVERIFY2(waitConnected(middle->context(), &why), qPrintable(why));
    SessionContext *leaf = session.connectContext(local(QStringLiteral("leaf"), middle));
    QVERIFY2(waitConnected(leaf->context(), &why), qPrintable(why));
    Notes middleNotes(middle);
    Notes leafNotes(leaf);
    Context *oldMiddle = middle->context();
    Context *oldLeaf = leaf->context();
    const qint64 oldPid = oldMiddle->facts().pid;

    QVERIFY(kill(middle));
    // The middle after a delay; the leaf once the middle is back.
    QTRY_VERIFY_WITH_TIMEOUT(middle->context() != oldMiddle, 20000);
    QVERIFY2(waitConnected(middle->context(), &why), qPrintable(why));
    QTRY_VERIFY_WITH_TIMEOUT(leaf->context() != oldLeaf, 20000);
    QVERIFY2(waitConnected(leaf->context(), &why), qPrintable(why));
    QVERIFY(middle->context()->facts().pid != oldPid);
    QVERIFY(middleNotes.contains(QStringLiteral("Reconnecting in")));
    QVERIFY(middleNotes.contains(QStringLiteral("Reconnect attempt 1")));
    QVERIFY(leafNotes.contains(QStringLiteral("middle is back")));
    QCOMPARE(middle->name(), QStringLiteral("middle"));
    QCOMPARE(leaf->name(), QStringLiteral("leaf"));
    QCOMPARE(leaf->context()->parentId(), middle->context()->id());
    QCOMPARE(evalRepr(leaf->context(), QStringLiteral("6 * 7")), QStringLiteral("42"));
    QVERIFY(namesNoId(middleNotes.all + leafNotes.all));

    // A root that keeps failing waits longer each time: the python it needs is gone.
    const QString wrapper = m_dir.filePath(QStringLiteral("short-lived-python"));
    {
        QFile file(wrapper);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("#!/bin/sh\nexec /usr/bin/python3 \"$@\"\n");
    }
    QVERIFY(QFile::setPermissions(wrapper, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    ConnectOptions flaky = local(QStringLiteral("flaky"));
    flaky.python = wrapper;
    SessionContext *root = session.connectContext(flaky);
    QVERIFY2(waitConnected(root->context(), &why), qPrintable(why));
    Notes rootNotes(root);
    QVERIFY(QFile::remove(wrapper));
    QVERIFY(kill(root));
    QTRY_VERIFY_WITH_TIMEOUT(root->attempts() >= 3, 20000);
    for (const char *attempt : {"(attempt 1)", "(attempt 2)", "(attempt 3)"}) {
        QVERIFY2(rootNotes.contains(QLatin1String(attempt)), qPrintable(rootNotes.all.join(u'\n')));
    }
    QCOMPARE(root->name(), QStringLiteral("flaky"));
    // Stopped by the person: no more attempts.
    QVERIFY(session.cancel(root) != Session::Cancelled::Nothing);
    QTRY_VERIFY(!root->reconnectPending());
    const int attempts = root->attempts();
    QTest::qWait(policy.maxDelayMs * 3); // longer than the next delay: nothing comes
    QCOMPARE(root->attempts(), attempts);
    QVERIFY(!root->reconnectPending());
}

void TestSession::aStoppedContextStaysStopped()
{
    Broker broker;
    Session session(&broker);
    ReconnectPolicy policy;
    policy.automatic = true;
    policy.firstDelayMs = 100;
    session.setPolicy(policy);
    SessionContext *sc = session.connectContext(local(QStringLiteral("left-alone")));
    QString why;
    QVERIFY2(waitConnected(sc->context(), &why), qPrintable(why));
    Context *context = sc->context();
    session.disconnectNow(sc);
    QVERIFY(waitForState(context, {ContextState::Disconnected, ContextState::Failed}));
    QTRY_VERIFY(!sc->isUp());
    QVERIFY(sc->stoppedByUser());
    QTest::qWait(policy.firstDelayMs * 5); // longer than the first delay: nothing comes
    QCOMPARE(sc->context(), context);
    QVERIFY(!sc->reconnectPending());
    // By hand it comes back, and the stop is forgotten.
    session.reconnect(sc);
    QVERIFY2(waitConnected(sc->context(), &why), qPrintable(why));
    QVERIFY(!sc->stoppedByUser());
    QCOMPARE(sc->name(), QStringLiteral("left-alone"));
}

void TestSession::adoptsContextsStartedElsewhere()
{
    Broker broker;
    Context *early = broker.connectContext(local(QStringLiteral("early")));
    Session session(&broker);
    QSignalSpy added(&session, &Session::contextAdded);
    Context *late = broker.connectContext(local(QStringLiteral("late")));
    QCOMPARE(added.size(), 1);
    SessionContext *first = session.find(early->id());
    SessionContext *second = session.find(late->id());
    QVERIFY(first && second);
    QCOMPARE(second->name(), QStringLiteral("late"));
    QString why;
    QVERIFY2(waitConnected(late, &why), qPrintable(why));
    ConnectOptions child = local(QStringLiteral("child"));
    child.viaContextId = late->id();
    Context *below = broker.connectContext(child);
    SessionContext *third = session.find(below->id());
    QCOMPARE(third->via(), second);
    QVERIFY2(waitConnected(below, &why), qPrintable(why));
    // Adopted contexts reconnect like any other, and what is reached through them follows.
    session.reconnect(second);
    QVERIFY(second->context() != late);
    QVERIFY2(waitConnected(second->context(), &why), qPrintable(why));
    QCOMPARE(second->name(), QStringLiteral("late"));
    QTRY_VERIFY_WITH_TIMEOUT(third->context() != below, 30000);
    QVERIFY2(waitConnected(third->context(), &why), qPrintable(why));
    QCOMPARE(third->name(), QStringLiteral("child"));
    QCOMPARE(third->context()->parentId(), second->contextId());
}

void TestSession::restoresParentsFirst()
{
    QList<SessionEntry> saved;
    {
        Broker broker;
        Session session(&broker);
        SessionContext *a = session.connectContext(local(QStringLiteral("a")));
        QString why;
        QVERIFY2(waitConnected(a->context(), &why), qPrintable(why));
        ConnectOptions withSecret = local(QStringLiteral("b"), a);
        withSecret.passwordFile = m_dir.filePath(QStringLiteral("secret"));
        SessionContext *b = session.connectContext(withSecret);
        QVERIFY2(waitConnected(b->context(), &why), qPrintable(why));
        SessionContext *failed = session.connectContext(local(QStringLiteral("never")));
        failed->context()->disconnectNow();
        QVERIFY(waitForState(failed->context(),
                             {ContextState::Disconnected, ContextState::Failed}));
        QTRY_VERIFY(!failed->isUp());
        saved = session.entries();
    }
    QCOMPARE(saved.size(), 2);
    QCOMPARE(saved.at(0).options.name, QStringLiteral("a"));
    QCOMPARE(saved.at(0).parentIndex, -1);
    QCOMPARE(saved.at(1).options.name, QStringLiteral("b"));
    QCOMPARE(saved.at(1).parentIndex, 0);
    QCOMPARE(saved.at(1).options.viaContextId, quint32(0));
    QVERIFY(saved.at(1).options.passwordFile.isEmpty());

    Broker broker;
    // "a" is there already (as the application's default local context would be).
    Context *existing = broker.connectContext(local(QStringLiteral("a")));
    Session session(&broker);
    QCOMPARE(session.restore(saved), 2);
    SessionContext *a = session.find(existing->id());
    QVERIFY(a);
    QTRY_COMPARE_WITH_TIMEOUT(session.contexts().size(), 2, 30000);
    SessionContext *b = session.contexts().at(1);
    QCOMPARE(b->name(), QStringLiteral("b"));
    QCOMPARE(b->via(), a);
    QString why;
    QVERIFY2(waitConnected(b->context(), &why), qPrintable(why));
    QCOMPARE(b->context()->parentId(), existing->id());
    QCOMPARE(broker.contexts().size(), 2);
}

void TestSession::restoreNamesTheParentThatFailed()
{
    QList<SessionEntry> saved(2);
    saved[0].options = local(QStringLiteral("gone"));
    saved[0].options.python = QStringLiteral("/nonexistent/bin/python3");
    saved[1].options = local(QStringLiteral("below"));
    saved[1].parentIndex = 0;
    Broker broker;
    Session session(&broker);
    QSignalSpy failed(&session, &Session::restoreFailed);
    QCOMPARE(session.restore(saved), 2);
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 30000);
    QCOMPARE(failed.at(0).at(0).toString(),
             QStringLiteral("Could not restore below: it is reached through gone, which did not "
                            "connect."));
    QCOMPARE(session.contexts().size(), 1); // the parent stays listed with its error
    QCOMPARE(broker.contexts().size(), 1);
}

QTEST_GUILESS_MAIN(TestSession)
#include "tst_session.moc"
