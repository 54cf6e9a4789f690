// TerminalPrompter: the CLI's answer to host key, passphrase and password
// questions. Asks on the controlling terminal (/dev/tty, echo off for secrets)
// on a thread of its own, so the broker thread never waits; without a terminal
// every question is declined, so a non-interactive run never hangs.
#pragma once

#include "core/connect/prompter.h"

#include <QMutex>

namespace Econtext::Cli {

class TerminalPrompter : public Prompter
{
public:
    explicit TerminalPrompter(bool interactive);
    ~TerminalPrompter() override;
    void ask(const PromptRequest &request, PromptReply reply) override;

private:
    PromptAnswer askNow(const PromptRequest &request);
    bool m_interactive;
    QMutex m_terminal; // one question at a time on the terminal
};

} // namespace Econtext::Cli
