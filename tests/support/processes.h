// Process checks for tests that make sure nothing is left running.
#pragma once

#include <QtGlobal>

namespace Econtext::Test {

// True while the process exists and is not a zombie (a zombie is gone for our purposes).
bool processAlive(qint64 pid);

} // namespace Econtext::Test
