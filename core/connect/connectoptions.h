// ConnectOptions: everything needed to start one context, as the CLI, the GUI's
// Connect dialog or a saved host give it.
#pragma once

#include <QString>

namespace Econtext {

struct ConnectOptions
{
    QString method = QStringLiteral("local"); // "local", "ssh"
    QString name;                             // default: derived from target
    QString python; // empty: "python3" locally; ssh tries python3 then python
    // ssh
    QString host;
    QString user;
    int port = 0;
    QString identityFile;
    QString knownHostsFile;
    bool acceptNewHostKey = false;
    QString passwordFile;
    // common
    int connectTimeoutMs = 30000;
    int bootstrapTimeoutMs = 30000;
    int logLevel = 30;        // WARNING
    quint32 viaContextId = 0; // 0 = directly from the master
    // The largest value (a call's arguments or result, a log record) either side sends,
    // pickled; one over it fails alone (docs/isolation.md, "Values").
    qint64 maxValueBytes = 256 * 1024 * 1024;
};

} // namespace Econtext
