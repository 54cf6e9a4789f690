#include "ui/icons.h"

#include <QHash>

static void initEcontextUiResources()
{
    Q_INIT_RESOURCE(icons);
}

namespace Econtext::Icons {

void ensureResources()
{
    static const bool done = [] {
        initEcontextUiResources();
        return true;
    }();
    Q_UNUSED(done)
}

static QIcon fromResource(const QString &file)
{
    ensureResources();
    static QHash<QString, QIcon> cache;
    auto it = cache.constFind(file);
    if (it != cache.constEnd())
        return *it;
    const QIcon icon(QStringLiteral(":/icons/") + file);
    cache.insert(file, icon);
    return icon;
}

QIcon appIcon()
{
    return fromResource(QStringLiteral("econtext.svg"));
}

QIcon masterIcon()
{
    return fromResource(QStringLiteral("master.svg"));
}

QIcon stateIcon(ContextState state)
{
    switch (state) {
    case ContextState::Connecting:
    case ContextState::Bootstrapping:
        return fromResource(QStringLiteral("state-connecting.svg"));
    case ContextState::Connected:
        return fromResource(QStringLiteral("state-connected.svg"));
    case ContextState::Failed:
        return fromResource(QStringLiteral("state-failed.svg"));
    case ContextState::Disconnected:
        break;
    }
    return fromResource(QStringLiteral("state-disconnected.svg"));
}

QIcon actionIcon(const QString &name)
{
    return fromResource(name + QStringLiteral(".svg"));
}

QIcon themed(const QString &themeName, const QIcon &fallback)
{
    return QIcon::fromTheme(themeName, fallback);
}

} // namespace Econtext::Icons
