// parseTarget: turns what a person types into a Connect dialog or the quick-connect field
// ("local", "local:/usr/bin/python3", "web1", "user@host:2222", "ssh://user@host:22",
// "[::1]:22") into ConnectOptions. Used by ConnectDialog and the main window's
// quick-connect field.
#pragma once

#include "core/connect/connectoptions.h"

#include <QString>

namespace Econtext {

// On success *ok is true, *error empty, and the options carry method, host, user, port or
// python, and a name (the host or alias, or "local"). On failure *ok is false and *error
// is one translated sentence. ok and error may be null.
ConnectOptions parseTarget(const QString &text, bool *ok = nullptr, QString *error = nullptr);

// Like parseTarget, but a saved host's name (case-insensitive) first resolves to that host
// (its target, user, port, identity file and Python). store may be null.
class HostStore;
ConnectOptions resolveTarget(const QString &text,
                             const HostStore *store,
                             bool *ok = nullptr,
                             QString *error = nullptr);

// The name a context gets when the user gave none: the alias or host, or "local".
QString defaultContextName(const ConnectOptions &options);

// "user@host:port", "[v6]:port", "local" or "local:python": the inverse of parseTarget.
QString formatTarget(const ConnectOptions &options);

} // namespace Econtext
