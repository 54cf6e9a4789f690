#include "core/connect/transportfactory.h"

#include "core/connect/localtransport.h"
#include "core/connect/sshtransport.h"

#include <QCoreApplication>

namespace Econtext {

Result<std::unique_ptr<Transport>> createTransport(const ConnectOptions &options,
                                                   Prompter *prompter)
{
    if (options.method == QLatin1String("local"))
        return std::unique_ptr<Transport>(std::make_unique<LocalTransport>());
    if (options.method == QLatin1String("ssh"))
        return std::unique_ptr<Transport>(std::make_unique<SshTransport>(options, prompter));
    return makeError(
            Error::Connection,
            QCoreApplication::translate("Econtext::Transport", "Unknown connection method \"%1\".")
                    .arg(options.method));
}

} // namespace Econtext
