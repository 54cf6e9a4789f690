// Makes the Transport for a context started directly from the master (local, ssh).
#pragma once

#include "core/connect/connectoptions.h"
#include "core/connect/transport.h"
#include "core/util/result.h"

#include <memory>

namespace Econtext {

class Prompter;

// The transport is not started yet; prompter may be null (questions are cancelled).
Result<std::unique_ptr<Transport>> createTransport(const ConnectOptions &options,
                                                   Prompter *prompter);

} // namespace Econtext
