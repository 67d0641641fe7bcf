#include "app/metrics/ListenAddress.hpp"

#include <charconv>

namespace clscope::metrics {
namespace {

int parse_port(const std::string& spec, const std::string& text) {
  int port = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
  if (text.empty() || ec != std::errc() || p != text.data() + text.size() || port < 1 || port > 65535)
    throw std::invalid_argument(spec + ": expected PORT or ADDRESS:PORT with a port 1-65535");
  return port;
}

}  // namespace

std::string ListenAddress::text() const {
  const bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

ListenAddress parse_listen_address(const std::string& spec) {
  ListenAddress a;
  if (!spec.empty() && spec.front() == '[') {
    const auto close = spec.find("]:");
    if (close == std::string::npos || close == 1)
      throw std::invalid_argument(spec + ": expected [IPV6-ADDRESS]:PORT");
    a.host = spec.substr(1, close - 1);
    a.port = parse_port(spec, spec.substr(close + 2));
    return a;
  }
  const auto colon = spec.rfind(':');
  if (colon == std::string::npos) {
    a.port = parse_port(spec, spec);
    return a;
  }
  a.host = spec.substr(0, colon);
  if (a.host.empty() || a.host.find(':') != std::string::npos)
    throw std::invalid_argument(spec + ": expected PORT, ADDRESS:PORT or [IPV6-ADDRESS]:PORT");
  a.port = parse_port(spec, spec.substr(colon + 1));
  return a;
}

}  // namespace clscope::metrics
