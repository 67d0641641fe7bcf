#include "app/metrics/MetricsServer.hpp"

#include <pthread.h>
#include <sys/socket.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>

#include <httplib.h>

namespace clscope::metrics {

std::variant<std::unique_ptr<MetricsServer>, std::string> MetricsServer::start(
    const ListenAddress& address, std::shared_ptr<const LatestText> text) {
  std::unique_ptr<MetricsServer> s(new MetricsServer);
  s->server_ = std::make_unique<httplib::Server>();
  httplib::Server& http = *s->server_;
  // One worker: a scrape is a copy of a short string. One request per
  // connection and a short read timeout, so an idle or slow client cannot
  // hold the worker.
  http.new_task_queue = [] { return new httplib::ThreadPool(1); };
  http.set_keep_alive_max_count(1);
  http.set_read_timeout(2, 0);
  http.set_write_timeout(2, 0);
  // cpp-httplib sets SO_REUSEPORT by default, which would let a second
  // process share the port silently; SO_REUSEADDR only (restart while the
  // old sockets are in TIME_WAIT) makes a taken port an error.
  http.set_socket_options([](int sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  http.Get("/metrics", [text](const httplib::Request&, httplib::Response& res) {
    res.set_content(*text->get(), "text/plain; version=0.0.4; charset=utf-8");
  });
  errno = 0;
  int port = address.port;
  bool bound = false;
  if (address.port == 0) {
    port = http.bind_to_any_port(address.host);
    bound = port > 0;
  } else {
    bound = http.bind_to_port(address.host, address.port);
  }
  if (!bound) {
    const int err = errno;
    const char* hint = err == EADDRINUSE ? " (choose another port, or stop what uses it)"
                       : err == EACCES  ? " (ports below 1024 need privileges: choose another)"
                                        : " (give an address of this host, or 0.0.0.0 for all)";
    return "--listen " + address.text() + ": cannot listen: " +
           (err ? std::string(std::strerror(err)) : std::string("cannot bind the address")) + hint;
  }
  s->port_ = port;
  auto ended = std::make_shared<std::atomic<bool>>(false);
  s->thread_ = std::thread([&http, ended] {
    pthread_setname_np(pthread_self(), "clscope:metrics");
    http.listen_after_bind();
    *ended = true;
  });
  // stop() does nothing before the loop runs: wait for it, so that the
  // destructor can always end it.
  while (!http.is_running() && !*ended) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return s;
}

MetricsServer::~MetricsServer() {
  if (server_) server_->stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace clscope::metrics
