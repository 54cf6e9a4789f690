// ConnectOptions: everything needed to start one context, as the CLI, the GUI's
// Connect dialog or a saved host give it.
#pragma once

#include "core/connect/connectmethod.h"

#include <QString>

namespace Econtext {

struct ConnectOptions
{
    ConnectMethod method = ConnectMethod::Local;
    QString name;   // default: derived from target
    QString python; // empty: "python3" locally; ssh tries python3 then python
    // ssh (user: also the user sudo becomes)
    QString host;
    QString user;
    int port = 0;
    QString identityFile;
    QString knownHostsFile;
    bool acceptNewHostKey = false;
    QString passwordFile;
    // Tries in all when the server accepts the TCP connection and closes it before the
    // SSH handshake, as sshd does beyond its MaxStartups; within connectTimeoutMs.
    int connectAttempts = 3;
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
