// The context core as it is sent: the bundle in the binary is what scripts/bundle_core.py makes
// of the sources now (no stale build), it compiles on every interpreter, its lines are where
// they are in the source (tracebacks point at the right line), it stays within its size
// budget; and the frame layout the running core uses is the one core/wire/frame.h names.
#include "core/broker/bootstrap.h"
#include "core/broker/broker.h"
#include "core/wire/frame.h"
#include "tests/support/await.h"
#include "tests/support/pythons.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>

using namespace Econtext;
using Econtext::Test::evalRepr;
using Econtext::Test::waitConnected;
using Econtext::Test::waitForState;

namespace {

// What travels on every bootstrap at most, zlib-compressed (docs/performance.md).
constexpr qsizetype CompressedBudget = 12600;

QString sourceDir()
{
    return qEnvironmentVariable("ECONTEXT_SOURCE_DIR");
}

QString coreSource()
{
    return sourceDir() + QStringLiteral("/resources/python/econtext/core.py");
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// The bundle the script makes of the sources now.
QByteArray freshBundle(QString *error)
{
    QProcess p;
    p.start(QStringLiteral("/usr/bin/python3"),
            {sourceDir() + QStringLiteral("/scripts/bundle_core.py"),
             QStringLiteral("-"),
             coreSource()});
    if (!p.waitForFinished(60000) || p.exitCode() != 0) {
        *error = QString::fromUtf8(p.readAllStandardError());
        return {};
    }
    return p.readAllStandardOutput();
}

QByteArray sentBundle(qsizetype size)
{
    QByteArray prefixed(4, Qt::Uninitialized);
    qToBigEndian(quint32(size), prefixed.data());
    return qUncompress(prefixed + Bootstrap::compressedCore());
}

} // namespace

class TestCoreBundle : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void bundleIsWhatIsSent();
    void bundleCompiles_data() { Test::addInterpreterRows(); }
    void bundleCompiles();
    void linesStayWhereTheyAre();
    void sizeWithinBudget();
    void frameLayoutIsTheWires_data() { Test::addInterpreterRows(); }
    void frameLayoutIsTheWires();
};

void TestCoreBundle::initTestCase()
{
    QVERIFY2(!sourceDir().isEmpty(),
             "ECONTEXT_SOURCE_DIR is not set; run the test through ctest or set it to the "
             "repository root.");
    QVERIFY2(QFile::exists(coreSource()), qPrintable(coreSource()));
}

void TestCoreBundle::bundleIsWhatIsSent()
{
    QString error;
    const QByteArray bundle = freshBundle(&error);
    QVERIFY2(!bundle.isEmpty(), qPrintable(error));
    QVERIFY2(sentBundle(bundle.size()) == bundle,
             "The core in the binary is not the bundle of the sources: rebuild.");
    // Stripped: no docstrings, no comment lines.
    QVERIFY(!bundle.contains("\"\"\""));
    for (const QByteArray &line : bundle.split('\n'))
        QVERIFY2(!line.trimmed().startsWith('#'), line.constData());
}

void TestCoreBundle::bundleCompiles()
{
    QFETCH(QString, python);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("core.z"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(Bootstrap::compressedCore());
    f.close();
    // As the first stage does it.
    QProcess p;
    p.start(python,
            {QStringLiteral("-c"),
             QStringLiteral("import zlib, sys; compile(zlib.decompress(open(sys.argv[1], 'rb')"
                            ".read()), '<econtext.core>', 'exec')"),
             path});
    QVERIFY(p.waitForFinished(60000));
    QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0,
             p.readAllStandardError().constData());
}

// A traceback from the core names a line of the bundle: it must be that line of the source.
void TestCoreBundle::linesStayWhereTheyAre()
{
    QString error;
    const QList<QByteArray> bundle = freshBundle(&error).split('\n');
    const QList<QByteArray> source = readFile(coreSource()).split('\n');
    QCOMPARE(bundle.size(), source.size());
    int checked = 0;
    for (qsizetype i = 0; i < bundle.size(); ++i) {
        const QByteArray line = bundle.at(i).trimmed();
        if (line.isEmpty() || line == "pass")
            continue;
        const QByteArray word = line.split(' ').constFirst();
        QVERIFY2(
                source.at(i).trimmed().startsWith(word),
                qPrintable(QStringLiteral("line %1: %2 / %3")
                                   .arg(i + 1)
                                   .arg(QString::fromUtf8(line), QString::fromUtf8(source.at(i)))));
        ++checked;
    }
    QVERIFY(checked > 500);
}

void TestCoreBundle::sizeWithinBudget()
{
    const QByteArray source = readFile(coreSource());
    QString error;
    const QByteArray bundle = freshBundle(&error);
    const qsizetype compressed = Bootstrap::compressedCore().size();
    qInfo("core.py %lld bytes (zlib -9: %lld); bundle %lld bytes; sent %lld bytes",
          qlonglong(source.size()),
          qlonglong(qCompress(source, 9).size() - 4),
          qlonglong(bundle.size()),
          qlonglong(compressed));
    QVERIFY2(compressed <= CompressedBudget,
             qPrintable(QStringLiteral("The core sent on every bootstrap is %1 bytes, over its "
                                       "budget of %2 (docs/performance.md).")
                                .arg(compressed)
                                .arg(CompressedBudget)));
}

// The running core's frame constants against the master's (core/wire/frame.h).
void TestCoreBundle::frameLayoutIsTheWires()
{
    QFETCH(QString, python);
    Broker broker;
    ConnectOptions options;
    options.method = ConnectMethod::Local;
    options.python = python;
    Context *ctx = broker.connectContext(options);
    QString why;
    QVERIFY2(waitConnected(ctx, &why), qPrintable(why));
    const QString repr = evalRepr(
            ctx,
            QStringLiteral("(lambda c: (c.MAGIC >> 8, c.MAGIC & 0xff, c.VERSION, c.HEADER.size, "
                           "c.TAG_SIZE, c.PIECE_SIZE, c.RAW, c.DEAD, c.MORE))"
                           "(sys.modules['econtext.core'])"));
    const QString expected = QStringLiteral("(%1, %2, %3, %4, %5, %6, %7, %8, %9)")
                                     .arg(Wire::MagicHi)
                                     .arg(Wire::MagicLo)
                                     .arg(Wire::ProtocolVersion)
                                     .arg(Wire::HeaderSize)
                                     .arg(Wire::TagSize)
                                     .arg(Wire::PieceSize)
                                     .arg(int(Wire::FlagRaw))
                                     .arg(int(Wire::FlagDead))
                                     .arg(int(Wire::FlagMore));
    QCOMPARE(repr, expected);
    ctx->shutdown();
    QVERIFY(waitForState(ctx, {ContextState::Disconnected}));
}

QTEST_GUILESS_MAIN(TestCoreBundle)
#include "tst_corebundle.moc"
