#pragma once
// The /metrics listener of `run --listen`: an HTTP server (cpp-httplib) on
// its own thread, with one worker, answering GET /metrics with the latest
// rendered text (LatestText, text/plain; version=0.0.4) and 404 for any other
// path. It only reads what the sink published, so a slow or stuck scraper
// never blocks the measurement. Created only when asked for.
#include <memory>
#include <string>
#include <thread>
#include <variant>

#include "app/metrics/LatestText.hpp"
#include "app/metrics/ListenAddress.hpp"

namespace httplib {
class Server;
}

namespace clscope::metrics {

class MetricsServer {
 public:
  /// Binds `address` (port 0: any free port) and starts serving; the error
  /// names the address and why ("address already in use").
  static std::variant<std::unique_ptr<MetricsServer>, std::string> start(
      const ListenAddress& address, std::shared_ptr<const LatestText> text);
  ~MetricsServer();  ///< stops and joins the thread (at most one request's time)
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;

  int port() const { return port_; }  ///< the bound port

 private:
  MetricsServer() = default;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace clscope::metrics
