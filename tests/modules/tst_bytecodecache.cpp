// BytecodeCache with every interpreter on the machine: code compiled for an
// interpreter's magic number runs in that interpreter and names the module's file;
// the disk cache serves a second cache (a second run) without compiling; a damaged
// cache file is refused and removed; the disk cache is pruned by last use and size;
// source that does not compile, an unknown magic
// number and a disabled cache give nothing, so the module goes as source.
#include "core/modules/bytecodecache.h"
#include "core/wire/sha256.h"
#include "tests/support/pythons.h"

#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Econtext;
using namespace Econtext::Modules;

namespace {

const QByteArray Source = "import sys\n"
                          "def f():\n"
                          "    return 'compiled %d' % (6 * 7)\n"
                          "def boom():\n"
                          "    raise ValueError('boom')\n";

QByteArray zlibOf(const QByteArray &raw)
{
    return qCompress(raw).mid(4); // qCompress: a 4-byte length, then a zlib stream
}

QByteArray digestOf(const QByteArray &raw)
{
    return Wire::Sha256::hash(raw).toHex();
}

// The interpreter's magic number, asked the way the context's core does.
QByteArray magicOf(const QString &python)
{
    QProcess p;
    p.start(python,
            {QStringLiteral("-c"),
             QStringLiteral("import sys, binascii\n"
                            "try:\n"
                            "    from importlib.util import MAGIC_NUMBER as m\n"
                            "except ImportError:\n"
                            "    import imp; m = imp.get_magic()\n"
                            "sys.stdout.write(binascii.hexlify(m).decode())\n")});
    if (!p.waitForFinished(30000) || p.exitCode() != 0)
        return {};
    return QByteArray::fromHex(p.readAllStandardOutput().trimmed());
}

// Runs code (zlib'd marshal data) in python; returns what it printed.
QString runCode(const QString &python, const QByteArray &code)
{
    QProcess p;
    p.start(python,
            {QStringLiteral("-c"),
             QStringLiteral("import sys, zlib, marshal\n"
                            "data = getattr(sys.stdin, 'buffer', sys.stdin).read()\n"
                            "c = marshal.loads(zlib.decompress(data))\n"
                            "ns = {}\n"
                            "exec(c, ns)\n"
                            "sys.stdout.write(ns['f']() + '|' + c.co_filename + '|')\n"
                            "try:\n"
                            "    ns['boom']()\n"
                            "except ValueError:\n"
                            "    tb = sys.exc_info()[2].tb_next\n"
                            "    sys.stdout.write('line %d' % tb.tb_lineno)\n")});
    p.write(code);
    p.closeWriteChannel();
    if (!p.waitForFinished(30000))
        return QStringLiteral("(timed out)");
    return QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError());
}

QStringList filesIn(const QString &dir)
{
    QStringList out;
    QDirIterator it(dir, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        out << it.next();
    return out;
}

} // namespace

class TestBytecodeCache : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void compiledCodeRunsInItsInterpreter_data() { Econtext::Test::addInterpreterRows(); }
    void compiledCodeRunsInItsInterpreter();
    void diskCacheServesTheNextRun();
    void damagedFileRefused();
    void sourceThatDoesNotCompile();
    void unknownMagicAndDisabled();
    void diskCachePruned();
};

void TestBytecodeCache::compiledCodeRunsInItsInterpreter()
{
    QFETCH(QString, python);
    const QByteArray magic = magicOf(python);
    QVERIFY2(!magic.isEmpty(), qPrintable(python));
    BytecodeCache cache(QString{});
    cache.addInterpreter(python);
    const QString file = QStringLiteral("/srv/econtext-test/ecbc_mod.py");
    QVERIFY(cache.find(magic, file, digestOf(Source)).isEmpty());
    cache.prepare(magic, file, digestOf(Source), zlibOf(Source));
    cache.waitIdle();
    const QByteArray code = cache.find(magic, file, digestOf(Source));
    QVERIFY2(!code.isEmpty(), "nothing compiled");
    QCOMPARE(runCode(python, code), QStringLiteral("compiled 42|%1|line 5").arg(file));
    // Another file name is another entry: the code carries its file name.
    QVERIFY(cache.find(magic, QStringLiteral("/elsewhere.py"), digestOf(Source)).isEmpty());
}

void TestBytecodeCache::diskCacheServesTheNextRun()
{
    const QList<Econtext::Test::Interpreter> pythons = Econtext::Test::availableInterpreters();
    QVERIFY(!pythons.isEmpty());
    const QString python = pythons.first().path;
    const QByteArray magic = magicOf(python);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = QStringLiteral("/srv/econtext-test/disk.py");
    QByteArray code;
    {
        BytecodeCache first(dir.path());
        first.addInterpreter(python);
        first.prepare(magic, file, digestOf(Source), zlibOf(Source));
        first.waitIdle();
        code = first.find(magic, file, digestOf(Source));
        QVERIFY(!code.isEmpty());
    }
    QCOMPARE(filesIn(dir.path()).size(), 1);
    QCOMPARE(QFileInfo(dir.path()).permissions() & (QFile::ReadOther | QFile::ReadGroup),
             QFile::Permissions());
    // A new cache (the next run) with no interpreter at all finds it on disk.
    BytecodeCache second(dir.path());
    QCOMPARE(second.find(magic, file, digestOf(Source)), code);
    // Changed source: another digest, nothing.
    QVERIFY(second.find(magic, file, digestOf(Source + "\n")).isEmpty());
}

void TestBytecodeCache::damagedFileRefused()
{
    const QString python = Econtext::Test::availableInterpreters().value(0).path;
    const QByteArray magic = magicOf(python);
    QTemporaryDir dir;
    const QString file = QStringLiteral("/srv/econtext-test/damaged.py");
    {
        BytecodeCache first(dir.path());
        first.addInterpreter(python);
        first.prepare(magic, file, digestOf(Source), zlibOf(Source));
        first.waitIdle();
    }
    const QStringList files = filesIn(dir.path());
    QCOMPARE(files.size(), 1);
    QFile f(files.first());
    QVERIFY(f.open(QIODevice::ReadWrite));
    QByteArray data = f.readAll();
    data[data.size() - 3] = char(data.at(data.size() - 3) ^ 0x5a);
    QVERIFY(f.seek(0));
    f.write(data);
    f.close();
    BytecodeCache second(dir.path());
    QTest::ignoreMessage(QtWarningMsg,
                         qPrintable(QStringLiteral("ignoring a damaged bytecode cache file %1")
                                            .arg(files.first())));
    QVERIFY(second.find(magic, file, digestOf(Source)).isEmpty());
    QVERIFY(!QFile::exists(files.first()));
}

void TestBytecodeCache::sourceThatDoesNotCompile()
{
    const QString python = Econtext::Test::availableInterpreters().value(0).path;
    const QByteArray magic = magicOf(python);
    BytecodeCache cache(QString{});
    cache.addInterpreter(python);
    const QByteArray broken = "def f(:\n    pass\n";
    cache.prepare(magic, QStringLiteral("/x/broken.py"), digestOf(broken), zlibOf(broken));
    // Good source after it still compiles: the compiler survived the error.
    cache.prepare(magic, QStringLiteral("/x/good.py"), digestOf(Source), zlibOf(Source));
    cache.waitIdle();
    QVERIFY(cache.find(magic, QStringLiteral("/x/broken.py"), digestOf(broken)).isEmpty());
    QVERIFY(!cache.find(magic, QStringLiteral("/x/good.py"), digestOf(Source)).isEmpty());
    QCOMPARE(cache.compilerFor(magic), python);
}

void TestBytecodeCache::unknownMagicAndDisabled()
{
    const QString python = Econtext::Test::availableInterpreters().value(0).path;
    BytecodeCache cache(QString{});
    cache.addInterpreter(python);
    const QByteArray bogus = QByteArray::fromHex("00000d0a");
    cache.prepare(bogus, QStringLiteral("/x/m.py"), digestOf(Source), zlibOf(Source));
    cache.waitIdle();
    QVERIFY(cache.find(bogus, QStringLiteral("/x/m.py"), digestOf(Source)).isEmpty());
    QVERIFY(cache.compilerFor(bogus).isEmpty());

    const QByteArray magic = magicOf(python);
    cache.setEnabled(false);
    cache.prepare(magic, QStringLiteral("/x/m.py"), digestOf(Source), zlibOf(Source));
    cache.waitIdle();
    QVERIFY(cache.find(magic, QStringLiteral("/x/m.py"), digestOf(Source)).isEmpty());
    cache.setEnabled(true);
    QVERIFY(cache.find(magic, QStringLiteral("/x/m.py"), digestOf(Source)).isEmpty());
}

void TestBytecodeCache::diskCachePruned()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QDateTime now = QDateTime::currentDateTime();
    // name -> (size, days since last use)
    const QList<std::tuple<QString, int, int>> files{
            {QStringLiteral("aa0d0d0a/new-1"), 4000, 0},
            {QStringLiteral("aa0d0d0a/new-2"), 4000, 2},
            {QStringLiteral("aa0d0d0a/older"), 4000, 10},
            {QStringLiteral("aa0d0d0a/oldest-kept-by-age"), 4000, 20},
            {QStringLiteral("bb0d0d0a/stale"), 100, 45},
            {QStringLiteral("cc0d0d0a/stale-too"), 100, 400},
    };
    for (const auto &[name, size, days] : files) {
        const QString path = dir.filePath(name);
        QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(size, 'x'));
        QVERIFY(f.flush()); // a later flush would make it new again
        QVERIFY(f.setFileTime(now.addDays(-days), QFileDevice::FileModificationTime));
    }
    const BytecodeCache cache(dir.path());
    // By age: the two stale ones, and their directories with them.
    QCOMPARE(cache.pruneDisk(), 2);
    QCOMPARE(filesIn(dir.path()).size(), 4);
    QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("bb0d0d0a"))));
    QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("cc0d0d0a"))));
    // By size: the least recently used go first.
    QCOMPARE(cache.pruneDisk(9000), 2);
    QStringList left = filesIn(dir.path());
    left.sort();
    QCOMPARE(left,
             QStringList({dir.filePath(QStringLiteral("aa0d0d0a/new-1")),
                          dir.filePath(QStringLiteral("aa0d0d0a/new-2"))}));
    QCOMPARE(cache.pruneDisk(9000), 0);
    QCOMPARE(BytecodeCache(QString{}).pruneDisk(0), 0); // memory only: nothing to do

    // Using a file makes it recent again, so it outlives files used since it was made.
    const QString python = Econtext::Test::availableInterpreters().value(0).path;
    const QByteArray magic = magicOf(python);
    const QString module = QStringLiteral("/srv/econtext-test/used.py");
    const QString stale = dir.filePath(QStringLiteral("aa0d0d0a/stale"));
    {
        QFile f(stale);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QVERIFY(f.flush());
        QVERIFY(f.setFileTime(now.addDays(-31), QFileDevice::FileModificationTime));
    }
    {
        BytecodeCache first(dir.path());
        first.addInterpreter(python);
        first.prepare(magic, module, digestOf(Source), zlibOf(Source));
        first.waitIdle();
    }
    QVERIFY(!QFileInfo::exists(stale)); // pruned by itself when its first work came
    const QString made = QDir(dir.filePath(QString::fromLatin1(magic.toHex())))
                                 .entryInfoList(QDir::Files)
                                 .value(0)
                                 .filePath();
    QVERIFY(!made.isEmpty());
    {
        QFile f(made);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.setFileTime(now.addDays(-25), QFileDevice::FileModificationTime));
    }
    BytecodeCache later(dir.path());
    QVERIFY(!later.find(magic, module, digestOf(Source)).isEmpty());
    QVERIFY(QFileInfo(made).lastModified() > now.addSecs(-60));
    const qint64 madeSize = QFileInfo(made).size();
    QCOMPARE(later.pruneDisk(madeSize + 4000), 1); // new-2 goes; the used file stays
    QVERIFY(QFileInfo::exists(made));
    QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("aa0d0d0a/new-1"))));
}
QTEST_GUILESS_MAIN(TestBytecodeCache)
#include "tst_bytecodecache.moc"
