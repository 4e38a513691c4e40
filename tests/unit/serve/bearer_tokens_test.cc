#include "checker/serve/bearer_tokens.h"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

namespace dxcheck {
namespace {

TEST_CASE("a token file: comments, blank lines, trimmed tokens; Bearer scheme") {
  Result<BearerTokens> t =
      BearerTokens::FromText("# ci\n\n  token-aaaaaaaaaaaaaaaa  \ntoken-bbbbbbbbbbbbbbbb\n", "t");
  REQUIRE(t.ok());
  CHECK(t->size() == 2);
  CHECK(t->Accepts("Bearer token-aaaaaaaaaaaaaaaa"));
  CHECK(t->Accepts("bearer token-bbbbbbbbbbbbbbbb"));
  CHECK_FALSE(t->Accepts("Bearer token-aaaaaaaaaaaaaaab"));
  CHECK_FALSE(t->Accepts("Bearer token-aaaaaaaaaaaaaaa"));  // a prefix is not the token
  CHECK_FALSE(t->Accepts("Basic token-aaaaaaaaaaaaaaaa"));
  CHECK_FALSE(t->Accepts(""));
}

TEST_CASE("unusable token files are refused without echoing a token") {
  CHECK(BearerTokens::FromText("# nothing\n", "t").status().message() == "t: no token in the file");
  Result<BearerTokens> short_token = BearerTokens::FromText("x\nshort\n", "t");
  REQUIRE_FALSE(short_token.ok());
  CHECK(short_token.status().message().find("t:1: not a usable bearer token") == 0);
  CHECK(short_token.status().message().find("short") == std::string::npos);
  std::string path = "/tmp/dxcheck-tokens-test-" + std::to_string(::getpid());
  std::ofstream(path) << "token-aaaaaaaaaaaaaaaa\n";
  chmod(path.c_str(), 0644);
  Result<BearerTokens> open = BearerTokens::Load(path);
  CHECK(open.status().code() == StatusCode::kPermission);
  chmod(path.c_str(), 0600);
  CHECK(BearerTokens::Load(path).ok());
  std::remove(path.c_str());
}

}  // namespace
}  // namespace dxcheck
