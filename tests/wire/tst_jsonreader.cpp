// The JSON reader (core/wire/jsonreader.h) against Python's json.loads: the same values
// for the same text, integers exact however large, and the text json.loads refuses
// refused with the place it goes wrong.
#include "core/wire/jsonreader.h"

#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QTest>

using namespace Econtext;
using namespace Econtext::Wire;

namespace {

const QString Python = QStringLiteral("/usr/bin/python3");

// repr(json.loads(line)) for each line, or "error".
QStringList pythonReprs(const QList<QByteArray> &documents)
{
    QProcess p;
    p.start(Python,
            {QStringLiteral("-c"),
             QStringLiteral("import json, sys\n"
                            "for line in sys.stdin:\n"
                            "    try:\n"
                            "        print(repr(json.loads(line)))\n"
                            "    except ValueError:\n"
                            "        print('error')\n")});
    for (const QByteArray &d : documents)
        p.write(d + '\n');
    p.closeWriteChannel();
    p.waitForFinished(30000);
    return QString::fromUtf8(p.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts);
}

} // namespace

class TestJsonReader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (!QFileInfo::exists(Python))
            QSKIP("no /usr/bin/python3 to compare with");
    }

    void sameAsPython()
    {
        QList<QByteArray> documents{"0",
                                    "-0",
                                    "7",
                                    "-7",
                                    "9007199254740992",
                                    "9007199254740993",
                                    "-9007199254740993",
                                    "9223372036854775807",
                                    "9223372036854775808",
                                    "-9223372036854775808",
                                    "-9223372036854775809",
                                    "12345678901234567890",
                                    "18446744073709551616",
                                    "-18446744073709551616",
                                    "999999999999999999",
                                    "1000000000000000000",
                                    "[1, [2, [3, []]]]",
                                    "{\"a\": 1, \"b\": [true, false, null]}",
                                    "{\"a\": 1, \"a\": 2}",
                                    "\"caf\\u00e9 \\ud83d\\ude00 \\n\\t\\\"\\\\ \\/\"",
                                    "\"\xc3\xa9\"",
                                    "  [ ]  ",
                                    "{}",
                                    "\"\"",
                                    "[\"x\", {\"k\": [{}]}]"};
        // Large integers of every length up to the cap, both signs.
        QRandomGenerator random(20261207);
        for (int digits = 19; digits <= JsonMaxIntegerDigits; digits += 97) {
            QByteArray n(1, char('1' + random.bounded(9)));
            while (n.size() < digits)
                n += char('0' + random.bounded(10));
            documents << n << '-' + n;
        }
        const QStringList expected = pythonReprs(documents);
        QCOMPARE(expected.size(), documents.size());
        for (qsizetype i = 0; i < documents.size(); ++i) {
            const Result<Value> v = readJson(documents[i]);
            QVERIFY2(v, qPrintable(QString::fromUtf8(documents[i]) + u": " + v.errorString()));
            QCOMPARE(v->repr(), expected[i]);
        }
    }

    void numbersWithAFractionAreFloats()
    {
        for (const QByteArray text : {"1.5", "-0.25", "1e3", "2E-2", "1.0"}) {
            const Result<Value> v = readJson(text);
            QVERIFY(v);
            QCOMPARE(v->kind(), Value::Kind::Float);
            QCOMPARE(v->toDouble(), text.toDouble());
        }
    }

    void refusesWhatPythonRefuses()
    {
        const QList<QByteArray> bad{
                "",        "[",         "[1,]",  "{\"a\" 1}", "{1: 2}",   "01",          "1.",
                ".5",      "-",         "+1",    "1e",        "tru",      "nul",         "\"abc",
                "\"\\x\"", "\"\\u12\"", "[1] 2", "'a'",       "\"a\tb\"", "{\"a\": 1,}", "NaN"};
        const QStringList python = pythonReprs(bad);
        for (qsizetype i = 0; i < bad.size(); ++i) {
            if (bad[i].isEmpty())
                continue; // an empty line is not a document for the reference loop
            QCOMPARE(python[i - 1], QStringLiteral("error"));
        }
        for (const QByteArray &text : bad) {
            const Result<Value> v = readJson(text);
            QVERIFY2(!v, text.constData());
            QVERIFY2(v.errorString().contains(QLatin1String("at character")),
                     qPrintable(v.errorString()));
        }
    }

    void saysWhereItGoesWrong()
    {
        const Result<Value> v = readJson("[1, 2,, 3]");
        QVERIFY(!v);
        QCOMPARE(v.errorString(), QStringLiteral("an unexpected character at character 7"));
    }

    void boundsWhatItReads()
    {
        // Decimal digits cost quadratic time: refused past CPython's own default limit.
        const QByteArray tooLong(JsonMaxIntegerDigits + 1, '7');
        const Result<Value> v = readJson(tooLong);
        QVERIFY(!v);
        QVERIFY(v.errorString().contains(QString::number(JsonMaxIntegerDigits)));
        QVERIFY(readJson(QByteArray(JsonMaxIntegerDigits, '7')));
        // Nesting is bounded, not the stack.
        const QByteArray deep = QByteArray(100000, '[') + QByteArray(100000, ']');
        QVERIFY(!readJson(deep));
        const QByteArray fine = QByteArray(JsonMaxDepth, '[') + QByteArray(JsonMaxDepth, ']');
        QVERIFY(readJson(fine));
    }
};

QTEST_GUILESS_MAIN(TestJsonReader)
#include "tst_jsonreader.moc"
