#include "core/connect/transportfactory.h"

#include "core/connect/localtransport.h"
#include "core/connect/sshtransport.h"

#include <QCoreApplication>

namespace Econtext {

Result<std::unique_ptr<Transport>> createTransport(const ConnectOptions &options,
                                                   Prompter *prompter)
{
    switch (options.method) {
    case ConnectMethod::Local:
        return std::unique_ptr<Transport>(std::make_unique<LocalTransport>());
    case ConnectMethod::Ssh:
        return std::unique_ptr<Transport>(std::make_unique<SshTransport>(options, prompter));
    case ConnectMethod::Sudo:
        break;
    }
    // sudo, and every hop type to come, is started by a parent context.
    return makeError(Error::Connection,
                     QCoreApplication::translate("Econtext::Transport",
                                                 "%1 needs a context to start from; connect "
                                                 "through one.")
                             .arg(methodName(options.method)));
}

} // namespace Econtext
