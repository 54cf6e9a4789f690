// Bootstrap: the pieces the master sends to start a context (docs/protocol.md §1):
// the first-stage command line, the compressed core and the config block.
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace Econtext::Bootstrap {

// The zlib-compressed core (resources/python/econtext/core.py), made once.
const QByteArray &compressedCore();
// Characters allowed in a context name inside the first stage; others become '_'.
QString sanitizeName(const QString &name);
// PYTHON -c "<first stage>" for a core of coreLength bytes.
QStringList firstStageArgv(const QString &python, const QString &name, qsizetype coreLength);
// The first stage's source with its placeholders filled in (for tests and sizes).
QByteArray firstStageSource(qsizetype coreLength);

struct Config
{
    QByteArray key; // 32 bytes
    quint32 contextId = 0;
    quint32 parentId = 0;
    QString name;
    int logLevel = 30;
    int protocol = 2;
    qint64 maxValue = 256 * 1024 * 1024; // ConnectOptions::maxValueBytes
};
// u32 BE length + protocol-2 pickle of the config dict.
QByteArray configBlock(const Config &config);
QByteArray randomKey();

// The markers a bootstrapping context prints on its output.
inline constexpr char ReadyForCore[] = "EC0";
inline constexpr char CoreReceived[] = "EC1";
inline constexpr char CoreRunning[] = "EC2 1";

} // namespace Econtext::Bootstrap
