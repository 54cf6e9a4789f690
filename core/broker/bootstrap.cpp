#include "core/broker/bootstrap.h"

#include "core/wire/pickle.h"

#include <QFile>
#include <QRandomGenerator>
#include <QtEndian>

#include <zlib.h>

// The resources live in a static library: make sure the linker keeps them.
static void initPythonResources()
{
    Q_INIT_RESOURCE(python);
}

namespace Econtext::Bootstrap {

namespace {

QByteArray readResource(const QString &path)
{
    static const bool initialised = (initPythonResources(), true);
    Q_UNUSED(initialised)
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("econtext: resource %s is missing from the binary", qPrintable(path));
    return f.readAll();
}

QByteArray zlibCompress(const QByteArray &data)
{
    uLongf size = compressBound(uLong(data.size()));
    QByteArray out(qsizetype(size), Qt::Uninitialized);
    if (compress2(reinterpret_cast<Bytef *>(out.data()),
                  &size,
                  reinterpret_cast<const Bytef *>(data.constData()),
                  uLong(data.size()),
                  9)
        != Z_OK)
        qFatal("econtext: zlib compression failed");
    out.truncate(qsizetype(size));
    return out;
}

} // namespace

const QByteArray &compressedCore()
{
    static const QByteArray core = zlibCompress(readResource(QStringLiteral(":/econtext/core.py")));
    return core;
}

QString sanitizeName(const QString &name)
{
    QString out;
    for (const QChar c : name.left(64)) {
        const bool ok = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z')
                        || (c >= u'0' && c <= u'9') || c == u'_' || c == u'-' || c == u'.'
                        || c == u'@' || c == u':';
        out += ok ? c : u'_';
    }
    return out.isEmpty() ? QStringLiteral("context") : out;
}

QByteArray firstStageSource(qsizetype coreLength)
{
    static const QByteArray source = readResource(QStringLiteral(":/econtext/first_stage.py"));
    QByteArray s = source;
    s.replace("CORE_LEN", QByteArray::number(coreLength));
    return s;
}

QStringList firstStageArgv(const QString &python, const QString &name, qsizetype coreLength)
{
    const QByteArray b64 = zlibCompress(firstStageSource(coreLength)).toBase64();
    return {python,
            QStringLiteral("-c"),
            QStringLiteral("exec(__import__('zlib').decompress(__import__('binascii').a2b_base64('")
                    + QString::fromLatin1(b64) + QStringLiteral("')))"),
            // Not read by anyone: it names the process in ps.
            QStringLiteral("econtext:") + sanitizeName(name)};
}

QByteArray configBlock(const Config &config)
{
    using Wire::Value;
    const Value dict = Value::dict({
            {Value("key"), Value(QString::fromLatin1(config.key.toHex()))},
            {Value("context_id"), Value(qint64(config.contextId))},
            {Value("parent_id"), Value(qint64(config.parentId))},
            {Value("name"), Value(config.name)},
            {Value("log_level"), Value(config.logLevel)},
            {Value("protocol"), Value(config.protocol)},
            {Value("max_value"), Value(config.maxValue)},
    });
    const QByteArray pickle = Wire::encodePickle(dict, 2);
    QByteArray out(4, Qt::Uninitialized);
    qToBigEndian(quint32(pickle.size()), out.data());
    return out + pickle;
}

QByteArray randomKey()
{
    QByteArray key(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(key.data()), 8);
    return key;
}

} // namespace Econtext::Bootstrap
