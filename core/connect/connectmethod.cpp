#include "core/connect/connectmethod.h"

#include <array>
#include <utility>

namespace Econtext {

namespace {

constexpr std::array<std::pair<ConnectMethod, QLatin1String>, 3> s_names{{
        {ConnectMethod::Local, QLatin1String("local")},
        {ConnectMethod::Ssh, QLatin1String("ssh")},
        {ConnectMethod::Sudo, QLatin1String("sudo")},
}};

} // namespace

QString methodName(ConnectMethod method)
{
    for (const auto &[value, name] : s_names) {
        if (value == method)
            return QString(name);
    }
    return {};
}

std::optional<ConnectMethod> methodFromName(QStringView name)
{
    for (const auto &[value, text] : s_names) {
        if (name.compare(text, Qt::CaseInsensitive) == 0)
            return value;
    }
    return std::nullopt;
}

} // namespace Econtext
