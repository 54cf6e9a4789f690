// Target: where a context is started, as a person writes it — the one grammar that the CLI,
// the GUI's quick-connect field and Connect dialog, Connect Through and saved hosts read.
//
//   local                      an interpreter on this machine (or on the parent's machine)
//   local:PYTHON               the same with a given interpreter (a path or a command)
//   sudo  |  sudo:USER         sudo to root or USER, started by a parent context
//   ssh://[USER@]HOST[:PORT][/]
//   [USER@]HOST[:PORT]         ssh; HOST is a name, an IPv4 address or an ssh_config alias
//   [USER@][IPV6][:PORT]       ssh to an IPv6 address in brackets (a port needs them)
//   [USER@]IPV6                ssh to a bare IPv6 address (two colons or more), no port
//
// How ambiguous text reads:
// - Method words (local, sudo, ssh) are case-insensitive and are never host names:
//   "local" and "sudo" are the methods; a host called so is written ssh://local.
// - WORD:REST is a method with its argument when WORD names a method, else HOST:PORT.
//   The names of hop types to come (su, doas, docker, podman, kubectl, lxc, nsenter, chroot,
//   exec) are refused as "not supported yet" in that place and su, doas also alone, so that
//   their meaning will not change under anyone's feet; ssh://docker:22 reaches such a host.
// - "user@host": the last '@' ends the user. A ':' in the user is refused (a password does
//   not belong in a target).
// - A bare name is a host or an ssh_config alias: both go to ssh, which applies the
//   configuration. Resolving saved host names is the caller's business (HostStore).
#pragma once

#include "core/connect/connectmethod.h"
#include "core/connect/connectoptions.h"
#include "core/util/result.h"

#include <QString>
#include <QStringView>

namespace Econtext {

struct Target
{
    ConnectMethod method = ConnectMethod::Local;
    QString user;   // Ssh: the login name; Sudo: the user to become (empty: root)
    QString host;   // Ssh: name, address (IPv6 without brackets) or ssh_config alias
    int port = 0;   // Ssh: 0 = the default (ssh_config, then 22)
    QString python; // Local: the interpreter (empty: the default)

    bool operator==(const Target &other) const = default;

    // The target's fields into options (method, user, host, port; python when it names
    // one); everything else in options stays.
    void applyTo(ConnectOptions &options) const;
    static Target fromOptions(const ConnectOptions &options);
};

// Reads one target. The error is one translated message:
// "'TEXT' is not a valid target: WHY. Examples: ...".
Result<Target> parseTarget(QStringView text);

// The text that parseTarget() reads back as the same target: "local", "local:PYTHON",
// "sudo", "sudo:USER", "user@host:port", "[v6]:port", or "ssh://..." where the plain form
// would read as something else (a host called "local", "sudo" or "su").
QString formatTarget(const Target &target);
QString formatTarget(const ConnectOptions &options);

// Whether text has a target's own shape, something an argument (an expression, a module
// name) hardly has: a method word or method form, "scheme://", user@host, host:port or an
// IPv6 address. A bare name is not counted: it may be a host, an alias or an argument.
bool hasTargetForm(QStringView text);

} // namespace Econtext
