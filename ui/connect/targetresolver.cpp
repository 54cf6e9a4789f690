#include "ui/connect/targetresolver.h"

#include "core/connect/target.h"
#include "ui/hosts/hoststore.h"

namespace Econtext {

Result<ConnectOptions> resolveTarget(const QString &text, const HostStore *store)
{
    if (store && !text.trimmed().isEmpty()) {
        if (const std::optional<SavedHost> saved = store->findByName(text.trimmed()))
            return saved->toConnectOptions();
    }
    const Result<Target> target = parseTarget(text);
    if (!target)
        return target.error();
    ConnectOptions options;
    target->applyTo(options);
    options.name = defaultContextName(options);
    return options;
}

QString defaultContextName(const ConnectOptions &options)
{
    if (!options.name.isEmpty())
        return options.name;
    switch (options.method) {
    case ConnectMethod::Local:
        return QStringLiteral("local");
    case ConnectMethod::Ssh:
        return options.host;
    case ConnectMethod::Sudo:
        break;
    }
    return formatTarget(options);
}

} // namespace Econtext
