// ConnectMethod: how a context is started. Decoded once, where text comes in (a target
// typed in the CLI or the GUI, a saved session, a capture file), and written back as text
// only where text goes out; everything in between compares the enum.
#pragma once

#include <QString>
#include <QStringView>

#include <optional>

namespace Econtext {

enum class ConnectMethod {
    Local, // an interpreter on this machine, or on the parent's machine when started through it
    Ssh,   // an interpreter on another host, over ssh (libssh, or the parent's ssh client)
    Sudo,  // an interpreter started with sudo by a parent context
    // Hop types to come (su, doas, docker, podman, kubectl, lxc, nsenter, chroot, exec)
    // are added here; their names are already kept from meaning a host (see target.h).
};

// "local", "ssh", "sudo": the name in targets, files and on screen (never translated).
QString methodName(ConnectMethod method);
// The method a name stands for (case-insensitive), or none for a name this version does
// not know.
std::optional<ConnectMethod> methodFromName(QStringView name);

} // namespace Econtext
