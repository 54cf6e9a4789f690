// The opcodes of pickle protocols 0-5 (CPython's Lib/pickle.py names), shared by the
// decoder (pickle.cpp) and the encoder (pickleencoder.cpp).
#pragma once

#include <QtGlobal>

namespace Econtext::Wire::Op {

constexpr quint8 Mark = '(';
constexpr quint8 Stop = '.';
constexpr quint8 Pop = '0';
constexpr quint8 PopMark = '1';
constexpr quint8 Dup = '2';
constexpr quint8 Float = 'F';
constexpr quint8 Int = 'I';
constexpr quint8 BinInt = 'J';
constexpr quint8 BinInt1 = 'K';
constexpr quint8 Long = 'L';
constexpr quint8 BinInt2 = 'M';
constexpr quint8 None = 'N';
constexpr quint8 PersId = 'P';
constexpr quint8 BinPersId = 'Q';
constexpr quint8 Reduce = 'R';
constexpr quint8 String = 'S';
constexpr quint8 BinString = 'T';
constexpr quint8 ShortBinString = 'U';
constexpr quint8 Unicode = 'V';
constexpr quint8 BinUnicode = 'X';
constexpr quint8 Append = 'a';
constexpr quint8 Build = 'b';
constexpr quint8 Global = 'c';
constexpr quint8 Dict = 'd';
constexpr quint8 EmptyDict = '}';
constexpr quint8 Appends = 'e';
constexpr quint8 Get = 'g';
constexpr quint8 BinGet = 'h';
constexpr quint8 Inst = 'i';
constexpr quint8 LongBinGet = 'j';
constexpr quint8 List = 'l';
constexpr quint8 EmptyList = ']';
constexpr quint8 Obj = 'o';
constexpr quint8 Put = 'p';
constexpr quint8 BinPut = 'q';
constexpr quint8 LongBinPut = 'r';
constexpr quint8 SetItem = 's';
constexpr quint8 Tuple = 't';
constexpr quint8 EmptyTuple = ')';
constexpr quint8 SetItems = 'u';
constexpr quint8 BinFloat = 'G';
constexpr quint8 Proto = 0x80;
constexpr quint8 NewObj = 0x81;
constexpr quint8 Ext1 = 0x82;
constexpr quint8 Ext2 = 0x83;
constexpr quint8 Ext4 = 0x84;
constexpr quint8 Tuple1 = 0x85;
constexpr quint8 Tuple2 = 0x86;
constexpr quint8 Tuple3 = 0x87;
constexpr quint8 NewTrue = 0x88;
constexpr quint8 NewFalse = 0x89;
constexpr quint8 Long1 = 0x8a;
constexpr quint8 Long4 = 0x8b;
constexpr quint8 BinBytes = 'B';
constexpr quint8 ShortBinBytes = 'C';
constexpr quint8 ShortBinUnicode = 0x8c;
constexpr quint8 BinUnicode8 = 0x8d;
constexpr quint8 BinBytes8 = 0x8e;
constexpr quint8 EmptySet = 0x8f;
constexpr quint8 AddItems = 0x90;
constexpr quint8 FrozenSet = 0x91;
constexpr quint8 NewObjEx = 0x92;
constexpr quint8 StackGlobal = 0x93;
constexpr quint8 Memoize = 0x94;
constexpr quint8 Frame = 0x95;
constexpr quint8 ByteArray8 = 0x96;
constexpr quint8 NextBuffer = 0x97;
constexpr quint8 ReadOnlyBuffer = 0x98;
} // namespace Econtext::Wire::Op
