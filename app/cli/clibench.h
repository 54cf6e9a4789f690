// The benchmark harness behind `econtext-cli bench`: bootstrap time, sequential
// and pipelined call rates, and bulk throughput over a channel, as medians
// over several runs with min and max. See docs/performance.md.
#pragma once

#include "app/cli/clioptions.h"

namespace Econtext::Cli {

int runBenchmark(const CliOptions &options);

} // namespace Econtext::Cli
