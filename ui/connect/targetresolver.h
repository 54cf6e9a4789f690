// The GUI's glue around the target grammar (core/connect/target.h): a saved host's name
// stands for that host before the text is read as a target, and a context the user did
// not name gets a short name. Used by the Connect dialog and the quick-connect field.
#pragma once

#include "core/connect/connectoptions.h"
#include "core/util/result.h"

#include <QString>

namespace Econtext {

class HostStore;

// A saved host's name (case-insensitive) resolves to that host (its target, user, port,
// identity file and Python); any other text is read with parseTarget(). store may be null.
// The options carry a name: the saved host's, or defaultContextName().
Result<ConnectOptions> resolveTarget(const QString &text, const HostStore *store);

// The name a context gets when the user gave none: the host or alias, "local", or the
// method's target ("sudo", "sudo:postgres").
QString defaultContextName(const ConnectOptions &options);

} // namespace Econtext
