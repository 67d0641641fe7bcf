// The /metrics listener: serves the latest text, 404 for anything else, a
// clear error when the port is taken, and a stop that always returns.
#include <gtest/gtest.h>

#include <httplib.h>

#include "app/metrics/MetricsServer.hpp"

using namespace clscope::metrics;

namespace {

std::unique_ptr<MetricsServer> start_any(std::shared_ptr<LatestText> text) {
  auto started = MetricsServer::start(ListenAddress{"127.0.0.1", 0}, std::move(text));
  if (auto* why = std::get_if<std::string>(&started)) {
    ADD_FAILURE() << *why;
    return nullptr;
  }
  return std::move(std::get<std::unique_ptr<MetricsServer>>(started));
}

}  // namespace

TEST(MetricsServer, ServesTheLatestTextAndNothingElse) {
  auto text = std::make_shared<LatestText>();
  auto server = start_any(text);
  ASSERT_TRUE(server);
  ASSERT_GT(server->port(), 0);
  httplib::Client client("127.0.0.1", server->port());
  auto r = client.Get("/metrics");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "");
  text->set("clscope_run_elapsed_seconds 1\n");
  r = client.Get("/metrics");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "clscope_run_elapsed_seconds 1\n");
  EXPECT_EQ(r->get_header_value("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  for (const char* path : {"/", "/other", "/metrics/x", "/../etc/passwd"}) {
    r = client.Get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 404) << path;
  }
  r = client.Post("/metrics", "x", "text/plain");
  ASSERT_TRUE(r);
  EXPECT_NE(r->status, 200);
}

TEST(MetricsServer, ATakenPortIsAClearError) {
  auto first = start_any(std::make_shared<LatestText>());
  ASSERT_TRUE(first);
  auto second = MetricsServer::start(ListenAddress{"127.0.0.1", first->port()}, std::make_shared<LatestText>());
  ASSERT_TRUE(std::holds_alternative<std::string>(second));
  const auto& why = std::get<std::string>(second);
  EXPECT_EQ(why.rfind("--listen 127.0.0.1:" + std::to_string(first->port()) + ": cannot listen: ", 0), 0u) << why;
  EXPECT_NE(why.find("in use"), std::string::npos) << why;
}

TEST(MetricsServer, StopsAtOnceEvenRightAfterStart) {
  for (int i = 0; i < 20; ++i) {
    auto server = start_any(std::make_shared<LatestText>());
    ASSERT_TRUE(server);
  }  // each destructor returns: the listening loop always sees stop()
}

TEST(MetricsServer, AnAddressNotOfThisHostIsAClearError) {
  // TEST-NET-1 (RFC 5737): never assigned to a host.
  auto started = MetricsServer::start(ListenAddress{"192.0.2.1", 0}, std::make_shared<LatestText>());
  ASSERT_TRUE(std::holds_alternative<std::string>(started));
  const auto& why = std::get<std::string>(started);
  EXPECT_EQ(why.rfind("--listen 192.0.2.1:0: cannot listen: ", 0), 0u) << why;
  EXPECT_NE(why.find("an address of this host"), std::string::npos) << why;
}
