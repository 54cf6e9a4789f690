// A call fails alone, on every interpreter: whatever goes wrong while a call
// runs, while its result is pickled or while it is sent (a list nested too
// deep, a local function, __reduce__ raising anything, even a BaseException;
// an exception whose message is non-ASCII unicode or cannot be made a string)
// is that call's error, with the whole traceback, in every call mode; the
// context answers the next call. So do messages a call sends to a channel.
#include "core/broker/broker.h"
#include "tests/support/await.h"
#include "tests/support/pythons.h"

#include <QRegularExpression>
#include <QTest>

using namespace Econtext;
using Econtext::Test::awaitCall;
using Econtext::Test::evalRepr;
using Econtext::Test::waitConnected;
using Econtext::Test::waitForState;
using Wire::Value;

namespace {

// Python 2.7 and 3: results that cannot be sent, exceptions that are hard to report.
const char *const TestModule = R"(
import json, threading
def json_deep():
    return json.loads('[' * 900 + ']' * 900)
def deep():
    x = []
    for _ in range(100000):
        x = [x]
    return x
def local_function():
    def f():
        pass
    return f
class ReduceRaises(object):
    def __init__(self, error):
        self.error = error
    def __reduce__(self):
        raise self.error
def reduce_value_error():
    return [1, ReduceRaises(ValueError('no reduce for you'))]
def reduce_base_exception():
    return {'k': ReduceRaises(KeyboardInterrupt('interrupted while pickling'))}
def reduce_system_exit():
    return ReduceRaises(SystemExit(3))
def a_lock():
    return threading.Lock()
def unicode_message():
    raise ValueError(u'\u00e9t\u00e9 \u2603')
class StrRaises(Exception):
    def __str__(self):
        raise RuntimeError('no str')
def str_raises():
    raise StrRaises()
def exits():
    raise SystemExit(4)
def to_channel(handle, what):
    import sys
    sys.modules['econtext.core'].ROUTER.send(handle, what == 'lock' and threading.Lock() or what)
    return 'sent'
def refused_by_the_master(handle):
    import sys, decimal
    sys.modules['econtext.core'].ROUTER.send(handle, decimal.Decimal(1))
    return 'sent'
)";

QString defineModule(Context *context, const QString &name, const QString &source)
{
    return evalRepr(context,
                    QStringLiteral("[sys.modules.__setitem__('%1', type(sys)('%1')), "
                                   "eval(compile(__import__('binascii').unhexlify('%2')"
                                   ".decode('utf-8'), '%1', 'exec'), sys.modules['%1'].__dict__)] "
                                   "and None")
                            .arg(name, QString::fromLatin1(source.toUtf8().toHex())));
}

Context *connectTo(Broker &broker, const QString &python)
{
    ConnectOptions o;
    o.method = ConnectMethod::Local;
    o.python = python;
    Context *ctx = broker.connectContext(o);
    QString why;
    if (!waitConnected(ctx, &why)) {
        qWarning("%s", qPrintable(why));
        return nullptr;
    }
    if (defineModule(ctx, QStringLiteral("t_errors"), QString::fromUtf8(TestModule))
        != QLatin1String("None")) {
        qWarning("the test module could not be defined");
        return nullptr;
    }
    return ctx;
}

} // namespace

class TestCallErrors : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void resultsThatCannotBeSent_data();
    void resultsThatCannotBeSent();
    void exceptionsHardToReport_data() { Econtext::Test::addInterpreterRows(); }
    void exceptionsHardToReport();
    void channelMessages_data() { Econtext::Test::addInterpreterRows(); }
    void channelMessages();
};

void TestCallErrors::resultsThatCannotBeSent_data()
{
    QTest::addColumn<QString>("python");
    QTest::addColumn<int>("mode");
    for (const Econtext::Test::Interpreter &i : Econtext::Test::availableInterpreters()) {
        for (const auto &[name, mode] : {std::pair{"serial", CallMode::Serial},
                                         std::pair{"thread", CallMode::Thread},
                                         std::pair{"io-thread", CallMode::IoThread}}) {
            QTest::addRow("%s-%s", qPrintable(i.label), name) << i.path << int(mode);
        }
    }
}

// Each result fails its own call with the whole traceback of what went wrong (a result the
// context could send but the master cannot decode fails as such); the next call, in the same
// mode, is answered.
void TestCallErrors::resultsThatCannotBeSent()
{
    QFETCH(QString, python);
    QFETCH(int, mode);
    Broker broker;
    Context *ctx = connectTo(broker, python);
    QVERIFY(ctx);
    const struct
    {
        const char *function;
        const char *mentions; // words of the exception line; |: or
    } cases[] = {
            {"json_deep", "recursion"}, // 3.13 pickles it; then the master refuses it
            {"deep", "recursion"},
            {"local_function", "local object|pickle"}, // 3, 2.7
            {"reduce_value_error", "no reduce for you"},
            {"reduce_base_exception", "KeyboardInterrupt"},
            {"reduce_system_exit", "SystemExit"},
            {"a_lock", "lock"},
    };
    for (const auto &c : cases) {
        const CallResult r = awaitCall(ctx->call(QStringLiteral("t_errors"),
                                                 {},
                                                 QString::fromLatin1(c.function),
                                                 {},
                                                 {},
                                                 CallMode(mode)));
        QVERIFY2(!r, c.function);
        const QString text = r.errorString();
        if (r.error().code == Error::Pickle && qstrcmp(c.function, "json_deep") == 0)
            QVERIFY2(text.contains(QLatin1String("could not be decoded")), qPrintable(text));
        else
            QVERIFY2(r.error().code == Error::Remote
                             && text.contains(QLatin1String("could not be sent"))
                             && text.contains(QLatin1String("Traceback (most recent call last)"))
                             && text.contains(
                                     QRegularExpression(QString::fromLatin1(c.mentions),
                                                        QRegularExpression::CaseInsensitiveOption)),
                     qPrintable(text));
        const CallResult next = awaitCall(ctx->call(QStringLiteral("econtext.core"),
                                                    {},
                                                    QStringLiteral("eval_repr"),
                                                    {Value("6 * 7")},
                                                    {},
                                                    CallMode(mode)));
        QVERIFY2(next, qPrintable(next.errorString()));
        QCOMPARE(next->toString(), QStringLiteral("42"));
    }
    QCOMPARE(ctx->state(), ContextState::Connected);
    ctx->shutdown();
    QVERIFY(waitForState(ctx, {ContextState::Disconnected}));
}

// Exceptions whose message is non-ASCII unicode (Python 2's str() fails on it), whose
// __str__ raises, and SystemExit: each is the call's error.
void TestCallErrors::exceptionsHardToReport()
{
    QFETCH(QString, python);
    Broker broker;
    Context *ctx = connectTo(broker, python);
    QVERIFY(ctx);
    const struct
    {
        const char *function;
        QString mentions;
    } cases[] = {
            {"unicode_message", QStringLiteral("ValueError: \u00e9t\u00e9 \u2603")},
            {"str_raises", QStringLiteral("StrRaises")},
            {"exits", QStringLiteral("SystemExit: 4")},
    };
    for (const auto &c : cases) {
        const CallResult r = awaitCall(
                ctx->call(QStringLiteral("t_errors"), {}, QString::fromLatin1(c.function), {}));
        QVERIFY2(!r, c.function);
        QCOMPARE(r.error().code, int(Error::Remote));
        QVERIFY2(r.errorString().contains(QLatin1String("Traceback (most recent call last)"))
                         && r.errorString().contains(c.mentions),
                 qPrintable(r.errorString()));
        QCOMPARE(evalRepr(ctx, QStringLiteral("6 * 7")), QStringLiteral("42"));
    }
    ctx->shutdown();
    QVERIFY(waitForState(ctx, {ContextState::Disconnected}));
}

// A call that sends something unpicklable to a channel fails alone; a message the master
// refuses (a pickle naming a class it does not allow) is refused with a note, and the
// channel and the context go on.
void TestCallErrors::channelMessages()
{
    QFETCH(QString, python);
    Broker broker;
    Context *ctx = connectTo(broker, python);
    QVERIFY(ctx);
    LogRecords notes;
    connect(ctx, &Context::logRecordsReceived, this, [&](const LogRecords &r) { notes += r; });
    auto channel = ctx->openChannel();
    QStringList received;
    connect(channel.get(), &Channel::messageReceived, this, [&](const Value &v) {
        received.append(v.toString());
    });
    const Value handle(qint64(channel->handle()));

    const CallResult unpicklable = awaitCall(ctx->call(
            QStringLiteral("t_errors"), {}, QStringLiteral("to_channel"), {handle, Value("lock")}));
    QVERIFY(!unpicklable);
    QVERIFY2(unpicklable.errorString().contains(QLatin1String("Traceback (most recent call last)")),
             qPrintable(unpicklable.errorString()));

    const CallResult refused = awaitCall(ctx->call(
            QStringLiteral("t_errors"), {}, QStringLiteral("refused_by_the_master"), {handle}));
    QVERIFY2(refused, qPrintable(refused.errorString()));
    QTRY_VERIFY([&] {
        for (const LogRecord &r : std::as_const(notes)) {
            if (r.kind == LogRecord::Kind::Internal
                && r.message.contains(QLatin1String("Refused a message from this context")))
                return true;
        }
        return false;
    }());

    const CallResult fine = awaitCall(ctx->call(QStringLiteral("t_errors"),
                                                {},
                                                QStringLiteral("to_channel"),
                                                {handle, Value("after")}));
    QVERIFY2(fine, qPrintable(fine.errorString()));
    QTRY_COMPARE(received, QStringList{QStringLiteral("after")});
    QCOMPARE(ctx->state(), ContextState::Connected);
    ctx->shutdown();
    QVERIFY(waitForState(ctx, {ContextState::Disconnected}));
}

QTEST_GUILESS_MAIN(TestCallErrors)
#include "tst_callerrors.moc"
