// The service handles of docs/protocol.md §3, fixed and below 1000. Handles from 1000 on are
// allocated per request by the side that expects the answer (call replies, channels, relay
// tunnels).
#pragma once

#include <QtGlobal>

namespace Econtext::Handle {

inline constexpr quint32 Shutdown = 100;      // master → context
inline constexpr quint32 CallFunction = 101;  // master → context
inline constexpr quint32 GetModule = 102;     // context → master
inline constexpr quint32 LoadModule = 103;    // master → context
inline constexpr quint32 ForwardLog = 104;    // context → master
inline constexpr quint32 ForwardOutput = 105; // context → master
inline constexpr quint32 ImportEvent = 106;   // context → master
inline constexpr quint32 Hello = 107;         // context → master
inline constexpr quint32 SetLogLevel = 108;   // master → context
inline constexpr quint32 CallAsync = 109;     // master → context
inline constexpr quint32 CallIo = 110;        // master → context
inline constexpr quint32 ForwardStdin = 111;  // master → parent context (relay tunnels)
inline constexpr quint32 GetSource = 112;     // context → master
inline constexpr quint32 FirstAllocated = 1000;

} // namespace Econtext::Handle
