#pragma once
// The address --listen takes: "PORT" (loopback, 127.0.0.1), "HOST:PORT" or
// "[IPV6]:PORT". Nothing listens on another interface unless named. Pure.
#include <stdexcept>
#include <string>

namespace clscope::metrics {

struct ListenAddress {
  std::string host = "127.0.0.1";
  int port = 0;  ///< 1..65535 from the command line; 0 (any free port) in tests
  std::string text() const;  ///< "127.0.0.1:9464", "[::1]:9464"
};

/// Throws std::invalid_argument("expected PORT or ADDRESS:PORT ...").
ListenAddress parse_listen_address(const std::string& spec);

}  // namespace clscope::metrics
