#include "core/session/sessioncontext.h"

namespace Econtext {

SessionContext::SessionContext(const ConnectOptions &options, SessionContext *via, QObject *parent)
    : QObject(parent)
    , m_name(options.name)
    , m_via(via)
    , m_options(options)
    , m_hasParent(via != nullptr || options.viaContextId != 0)
{}

SessionContext::~SessionContext() = default;

} // namespace Econtext
