// Fuzzes Wire::decodePickle with the default limits on arbitrary bytes. Whatever decodes must
// survive repr() and JSON (the JSON writer's text equal to QJsonDocument's of toJson()), and
// encodePickle() at protocols 2 and 4 must decode again to an equal Value.
#include "core/wire/jsonwriter.h"
#include "core/wire/pickle.h"
#include "fuzzcheck.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdint>

using namespace Econtext;
using namespace Econtext::Wire;

namespace {
// ECONTEXT_FUZZ_VERBOSE=1: print each input's repr() or error, to compare with CPython.
const bool s_verbose = qEnvironmentVariableIntValue("ECONTEXT_FUZZ_VERBOSE") != 0;
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const Result<Value> decoded = decodePickle(bytes);
    if (s_verbose) {
        std::printf("RESULT %s\n",
                    qPrintable(decoded ? QStringLiteral("ok ") + decoded->repr().left(300)
                                       : QStringLiteral("error ") + decoded.error().message));
        std::fflush(stdout);
    }
    if (!decoded) {
        FUZZ_CHECK(!decoded.error().message.isEmpty());
        return 0;
    }
    const Value &value = *decoded;
    FUZZ_CHECK(value == value);
    // What callers read out of a received value (the HELLO dict, call results).
    for (const Value &v : {value, value.items().value(0), value.dictItems().value(0).second}) {
        (void)v.toBool();
        (void)v.toInt();
        (void)v.toDouble();
        (void)v.toBytes();
        (void)v.toString();
        (void)v.get(QStringLiteral("version"));
        if (v.isCallError())
            (void)v.callErrorValue().message;
    }
    (void)value.repr();
    const QJsonValue json = value.toJson();
    (void)Value::fromJson(json);
    const QByteArray qtText
            = json.isArray()    ? QJsonDocument(json.toArray()).toJson(QJsonDocument::Compact)
              : json.isObject() ? QJsonDocument(json.toObject()).toJson(QJsonDocument::Compact)
                                : QJsonDocument(QJsonArray{json})
                                          .toJson(QJsonDocument::Compact)
                                          .mid(1)
                                          .chopped(1);
    FUZZ_CHECK(JsonWriter::toJson(value) == qtText);
    for (const int protocol : {2, 4}) {
        const QByteArray encoded = encodePickle(value, protocol);
        const Result<Value> again = decodePickle(encoded);
        if (!again) {
            std::fprintf(stderr,
                         "protocol %d re-encoding does not decode: %s\n",
                         protocol,
                         qPrintable(again.error().message));
        }
        FUZZ_CHECK(again.has_value());
        if (*again != value) {
            std::fprintf(stderr,
                         "protocol %d round trip differs:\n  %s\n  %s\n",
                         protocol,
                         qPrintable(value.repr().left(2000)),
                         qPrintable(again->repr().left(2000)));
        }
        FUZZ_CHECK(*again == value);
    }
    return 0;
}
