// Icons: the application's own icons (ui/icons.qrc) and themed fallbacks, in one
// place so every view shows the same picture for the same thing.
#pragma once

#include "core/broker/context.h"

#include <QIcon>

namespace Econtext::Icons {

// Makes sure the icons resource of the static econtext_ui library is registered.
void ensureResources();

QIcon appIcon();
QIcon masterIcon();
QIcon stateIcon(ContextState state);
// One of: "connect", "disconnect", "reconnect", "shutdown", "follow", "pause", "clear".
QIcon actionIcon(const QString &name);
// A freedesktop theme icon when the platform has one, else the given fallback.
QIcon themed(const QString &themeName, const QIcon &fallback);

} // namespace Econtext::Icons
