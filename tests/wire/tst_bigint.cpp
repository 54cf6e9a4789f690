// Integers of any size (core/wire/bigint.h) against the real interpreter: decimal text
// up to the cap and hexadecimal beyond it equal Python's str() and hex(), float()
// rounds as Python's does; and the JSON writer (core/wire/jsonwriter.h) makes exactly
// the text QJsonDocument makes of Value::toJson(), in pieces.
#include "core/wire/bigint.h"
#include "core/wire/jsonwriter.h"
#include "core/wire/pickle.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTest>

#include <cmath>

using namespace Econtext;
using namespace Econtext::Wire;

namespace {

const QString Python = QStringLiteral("/usr/bin/python3");

// For each line of little-endian two's complement hex: str() (or hex() beyond the cap),
// then repr(float()) or "inf"/"-inf" where Python overflows.
const char referencePython[] = R"PY(
import sys
if hasattr(sys, 'set_int_max_str_digits'):
    sys.set_int_max_str_digits(0)
for line in sys.stdin:
    n = int.from_bytes(bytes.fromhex(line.strip()), 'little', signed=True)
    text = str(n) if n.bit_length() <= int(sys.argv[1]) else hex(n)
    try:
        f = repr(float(n))
    except OverflowError:
        f = 'inf' if n > 0 else '-inf'
    sys.stdout.write('%s %s %d\n' % (text, f, n.bit_length()))
)PY";

QByteArray twos(QByteArray bytes, bool negative)
{
    bytes.append('\0');
    if (negative) {
        int carry = 1;
        for (qsizetype i = 0; i < bytes.size(); ++i) {
            const int b = (~static_cast<quint8>(bytes[i]) & 0xff) + carry;
            bytes[i] = static_cast<char>(b & 0xff);
            carry = b >> 8;
        }
    }
    return bytes;
}

// Magnitudes (little-endian) that stress rounding, carries and the cap.
QList<QByteArray> magnitudes()
{
    QList<QByteArray> list;
    QRandomGenerator random(17);
    const auto randomBytes = [&](qsizetype n) {
        QByteArray b(n, Qt::Uninitialized);
        for (char &c : b)
            c = char(random.bounded(256));
        b[n - 1] = char(b[n - 1] | 1);
        return b;
    };
    for (const qsizetype n : {1, 2, 7, 8, 9, 15, 16, 17, 100, 1000, 8191, 8192, 8193, 20000})
        list << randomBytes(n);
    for (const int bits : {63, 64, 65, 1023, 1024, 1025, 65535, 65536, 65537}) {
        QByteArray b(bits / 8 + 1, '\0');
        b[bits / 8] = char(1 << (bits % 8)); // 2**bits
        list << b;
    }
    // Halfway cases for float(): 2**60 + 2**7 (a tie, rounds to even) and one more below.
    QByteArray tie(8, '\0');
    tie[7] = 0x10;
    tie[0] = char(0x80);
    list << tie;
    QByteArray above = tie + QByteArray(4, '\0');
    above.prepend(QByteArray("\x01\x00\x00\x00", 4)); // tie * 2**32 + 1: rounds up
    list << above;
    QByteArray ones(12, char(0xff)); // 2**96 - 1: rounds up to 2**96
    list << ones;
    return list;
}

QByteArray viaQt(const Value &v)
{
    const QJsonValue json = v.toJson();
    if (json.isArray())
        return QJsonDocument(json.toArray()).toJson(QJsonDocument::Compact);
    if (json.isObject())
        return QJsonDocument(json.toObject()).toJson(QJsonDocument::Compact);
    return QJsonDocument(QJsonArray{json}).toJson(QJsonDocument::Compact).mid(1).chopped(1);
}

Value pow2(int bits, bool negative = false)
{
    QByteArray b(bits / 8 + 1, '\0');
    b[bits / 8] = char(1 << (bits % 8));
    return Value::fromBigInt(twos(b, negative));
}

} // namespace

class TstBigInt : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void matchesPython();
    void fromDecimal_data();
    void fromDecimal();
    void textIntegers();
    void decimalAtTheCap();
    void jsonLikeQt_data();
    void jsonLikeQt();
    void jsonInPieces();
};

void TstBigInt::matchesPython()
{
    if (!QFile::exists(Python))
        QSKIP("/usr/bin/python3 is not installed.");
    QList<QByteArray> values;
    for (const QByteArray &m : magnitudes()) {
        values << twos(m, false) << twos(m, true);
    }
    values << QByteArray() << QByteArray("\x80", 1) << QByteArray("\x00\x80", 2);
    QByteArray input;
    for (const QByteArray &v : values)
        input += v.toHex() + '\n';
    QProcess python;
    python.start(Python,
                 {QStringLiteral("-c"),
                  QString::fromLatin1(referencePython),
                  QString::number(BigInt::MaxDecimalBits)});
    QVERIFY(python.waitForStarted());
    python.write(input);
    python.closeWriteChannel();
    QVERIFY(python.waitForFinished(120000));
    const QList<QByteArray> lines = python.readAllStandardOutput().trimmed().split('\n');
    QCOMPARE(lines.size(), values.size());
    for (qsizetype i = 0; i < values.size(); ++i) {
        const QList<QByteArray> expected = lines[i].split(' ');
        const Value v = Value::fromBigInt(values[i]);
        const QByteArray label = values[i].left(16).toHex();
        QVERIFY2(v.intText().toLatin1() == expected[0],
                 qPrintable(QString::fromLatin1(label) + u": " + v.intText().left(80)));
        QCOMPARE(BigInt::bitLength(values[i]), expected[2].toLongLong());
        const double d = v.toDouble();
        if (expected[1] == "inf" || expected[1] == "-inf") {
            QVERIFY2(std::isinf(d) && (d > 0) == (expected[1] == "inf"), label.constData());
        } else {
            const QByteArray why
                    = label + ": " + QByteArray::number(d, 'g', 17) + " != " + expected[1];
            QVERIFY2(d == expected[1].toDouble(), why.constData());
        }
    }
}

// Decimal digits to two's complement, alone: carries across the nine-digit steps and the
// 32-bit limbs, zeros, and what is not a magnitude in digits.
void TstBigInt::fromDecimal_data()
{
    QTest::addColumn<QByteArray>("digits");
    QTest::addColumn<bool>("negative");
    QTest::addColumn<QString>("text"); // empty: refused
    QTest::addColumn<qint64>("bits");
    QTest::newRow("zero") << QByteArray("0") << false << QStringLiteral("0") << qint64(0);
    QTest::newRow("minus zero") << QByteArray("0") << true << QStringLiteral("0") << qint64(0);
    QTest::newRow("leading zeros")
            << QByteArray("000000000000123") << false << QStringLiteral("123") << qint64(7);
    QTest::newRow("nine digits") << QByteArray("999999999") << false << QStringLiteral("999999999")
                                 << qint64(30);
    QTest::newRow("ten digits") << QByteArray("1000000000") << true << QStringLiteral("-1000000000")
                                << qint64(30);
    QTest::newRow("2**32 - 1") << QByteArray("4294967295") << false << QStringLiteral("4294967295")
                               << qint64(32);
    QTest::newRow("2**32") << QByteArray("4294967296") << false << QStringLiteral("4294967296")
                           << qint64(33);
    QTest::newRow("-2**32") << QByteArray("4294967296") << true << QStringLiteral("-4294967296")
                            << qint64(33);
    QTest::newRow("-2**31") << QByteArray("2147483648") << true << QStringLiteral("-2147483648")
                            << qint64(32);
    QTest::newRow("2**64") << QByteArray("18446744073709551616") << false
                           << QStringLiteral("18446744073709551616") << qint64(65);
    QTest::newRow("10**40") << QByteArray("1" + QByteArray(40, '0')) << true
                            << QString(QLatin1String("-1") + QString(40, u'0')) << qint64(133);
    QTest::newRow("empty") << QByteArray() << false << QString() << qint64(0);
    QTest::newRow("a letter") << QByteArray("12a") << false << QString() << qint64(0);
    QTest::newRow("a letter after nine digits")
            << QByteArray("123456789x") << false << QString() << qint64(0);
    QTest::newRow("a sign (the caller's)") << QByteArray("+5") << false << QString() << qint64(0);
    QTest::newRow("a space") << QByteArray(" 1") << false << QString() << qint64(0);
    QTest::newRow("a point") << QByteArray("1.0") << false << QString() << qint64(0);
}

void TstBigInt::fromDecimal()
{
    QFETCH(QByteArray, digits);
    QFETCH(bool, negative);
    QFETCH(QString, text);
    QFETCH(qint64, bits);
    const std::optional<QByteArray> twos = BigInt::fromDecimal(digits, negative);
    QCOMPARE(twos.has_value(), !text.isEmpty());
    if (!twos)
        return;
    QCOMPARE(BigInt::text(*twos), text);
    QCOMPARE(BigInt::bitLength(*twos), bits);
    // A sign bit of its own: the top byte never reads as the other sign.
    QCOMPARE(BigInt::Magnitude(*twos).negative(), negative && text != u"0");
}

// Protocol 0/1 integer texts (LONG), read nine digits at a time, give the same digits back.
void TstBigInt::textIntegers()
{
    QRandomGenerator random(5);
    for (const int digits : {1, 8, 9, 10, 17, 18, 19, 20, 100, 1000, 4300}) {
        for (const bool negative : {false, true}) {
            QByteArray text(digits, '0');
            for (char &c : text)
                c = char('0' + random.bounded(10));
            text[0] = char('1' + random.bounded(9));
            if (negative)
                text.prepend('-');
            const Result<Value> v = decodePickle("L" + text + "L\n.");
            QVERIFY2(v, qPrintable(v.errorString()));
            QCOMPARE(v->intText().toLatin1(), text);
        }
    }
}

// The largest integer written in decimal: how long it takes (a figure, not asserted),
// and that one bit more is hexadecimal.
void TstBigInt::decimalAtTheCap()
{
    const Value atCap = pow2(int(BigInt::MaxDecimalBits) - 1, true);
    QElapsedTimer clock;
    clock.start();
    const QString text = atCap.intText();
    const qint64 ns = clock.nsecsElapsed();
    QVERIFY(text.startsWith(QStringLiteral("-1001")));
    QCOMPARE(text.size(), 19729 + 1);
    qInfo("decimal text of a %lld-bit integer: %.1f ms",
          qlonglong(BigInt::MaxDecimalBits),
          double(ns) / 1e6);
    const QString over = pow2(int(BigInt::MaxDecimalBits)).intText();
    QVERIFY(over.startsWith(QStringLiteral("0x1000")));
    QCOMPARE(over.size(), 2 + 1 + int(BigInt::MaxDecimalBits) / 4);
    QCOMPARE(pow2(int(BigInt::MaxDecimalBits)).repr(), over);

    // A 50 MB integer is turned into text in linear time.
    const Value huge = pow2(400'000'000);
    clock.restart();
    const QByteArray json = JsonWriter::toJson(huge);
    qInfo("JSON of a 50 MB integer (hexadecimal): %lld ms", qlonglong(clock.elapsed()));
    QCOMPARE(json.size(), qsizetype(2 + 2 + 1 + 100'000'000));
    QVERIFY(json.startsWith("\"0x1000"));
    QCOMPARE(huge.toDouble(), qInf());
}

void TstBigInt::jsonLikeQt_data()
{
    QTest::addColumn<Value>("value");
    QString controls;
    for (char16_t c = 0; c < 0x90; ++c)
        controls += QChar(c);
    controls += QChar(0x2028);
    controls += QChar(0xdc00); // lone low surrogate
    controls += QChar(0xd800); // lone high surrogate, then a pair
    controls += QString::fromUtf8("\xf0\x9f\x98\x80\xef\xbf\xbe\xef\xbf\xbf");
    QTest::newRow("control characters and surrogates") << Value(controls);
    QTest::newRow("lone high surrogate at the end") << Value(QString(QChar(0xd83d)));
    QTest::newRow("empty string") << Value(QString());
    QTest::newRow("long string") << Value(QString(300000, QChar(0xe9)) + u'"');
    QTest::newRow("bytes") << Value::fromBytes(QByteArray("\x00\xff\x10", 3));
    QTest::newRow("python 2 str") << Value::fromNativeStr("caf\xc3\xa9");
    QTest::newRow("python 2 str, not UTF-8") << Value::fromNativeStr("caf\xe9");
    QByteArray many(200001, Qt::Uninitialized);
    for (qsizetype i = 0; i < many.size(); ++i)
        many[i] = char(i * 7);
    QTest::newRow("bytes over a piece") << Value::fromBytes(many);
    for (const qint64 i : {qint64(0),
                           qint64(-1),
                           qint64(1) << 53,
                           -(qint64(1) << 53),
                           (qint64(1) << 53) + 1,
                           -(qint64(1) << 53) - 1,
                           std::numeric_limits<qint64>::max(),
                           std::numeric_limits<qint64>::min()})
        QTest::newRow(qPrintable(QStringLiteral("int %1").arg(i))) << Value(i);
    for (const double d : {0.0,
                           -0.0,
                           1.0,
                           1e15,
                           1e16,
                           9007199254740992.0,
                           9007199254740994.0,
                           0.1,
                           -2.5,
                           1e-7,
                           1e300,
                           5e-324,
                           1e5,
                           123456789012.0,
                           qInf(),
                           -qInf(),
                           qQNaN()})
        QTest::newRow(qPrintable(QStringLiteral("float %1").arg(d, 0, 'g', 17))) << Value(d);
    QTest::newRow("big int") << pow2(200, true);
    QTest::newRow("big int at the cap") << pow2(int(BigInt::MaxDecimalBits) - 1);
    QTest::newRow("containers") << Value::list({Value(),
                                                true,
                                                Value::tuple({}),
                                                Value::set({1, 2}),
                                                Value::frozenSet({Value("x")}),
                                                Value::list({Value::list({})})});
    QTest::newRow("dict keys sorted, last wins")
            << Value::dict({{Value("b"), 1},
                            {Value("a"), 2},
                            {Value(QString(QChar(0xe9))), 3},
                            {Value("Z"), 4},
                            {Value("a"), 5},
                            {Value(QString(QChar(0xd800))), 6},
                            {Value(QString::fromUtf8("\xf0\x9f\x98\x80")), 7},
                            {Value(QString(QChar(0xffff))), 8},
                            {Value(1), 9},
                            {Value("1"), 10},
                            {Value::fromBytes("k"), 11},
                            {pow2(70), 12},
                            {Value::tuple({1, 2}), 13}});
    QTest::newRow("call error") << Value::callError(
            {QStringLiteral("ValueError"), QStringLiteral("bad \"x\""), QStringLiteral("tb\n")});
}

void TstBigInt::jsonLikeQt()
{
    QFETCH(Value, value);
    const QByteArray ours = JsonWriter::toJson(value);
    const QByteArray qt = viaQt(value);
    if (ours != qt) {
        for (qsizetype i = 0; i < qMin(ours.size(), qt.size()); ++i) {
            if (ours[i] != qt[i]) {
                QFAIL(qPrintable(QStringLiteral("differs at %1: ours %2, Qt's %3")
                                         .arg(i)
                                         .arg(QString::fromLatin1(ours.mid(i, 40).toHex()),
                                              QString::fromLatin1(qt.mid(i, 40).toHex()))));
            }
        }
        QCOMPARE(ours.size(), qt.size());
    }
}

// Pieces stay near their size whatever the shape, and make the whole text.
void TstBigInt::jsonInPieces()
{
    ValueList items;
    items << Value::fromBytes(QByteArray(1'000'000, 'x')) << Value(QString(500'000, u'y'))
          << pow2(3'000'000);
    for (int i = 0; i < 100'000; ++i)
        items << Value(i);
    const Value value = Value::list(items);
    QByteArray joined;
    qsizetype largest = 0;
    int pieces = 0;
    JsonWriter([&](QByteArrayView piece) {
        joined.append(piece.data(), piece.size());
        largest = qMax(largest, piece.size());
        ++pieces;
    }).write(value);
    QCOMPARE(joined, viaQt(value));
    QVERIFY2(largest <= 2 * JsonWriter::PieceSize, qPrintable(QString::number(largest)));
    QVERIFY(pieces > 20);
}

QTEST_GUILESS_MAIN(TstBigInt)
#include "tst_bigint.moc"
