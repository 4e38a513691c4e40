#include "checker/serve/request_options.h"

#include <doctest/doctest.h>

namespace dxcheck {
namespace {

TEST_CASE("query parameters and headers mirror the check flags") {
  Result<CheckRequestOptions> o =
      ParseCheckRequestOptions({{"at", "2026-12-01"}, {"strict", ""}}, {{"dxcheck-no-clearance", "1"}});
  REQUIRE(o.ok());
  CHECK(o->at->ToString() == "2026-12-01");
  CHECK(o->strict);
  CHECK(o->no_clearance);
  CHECK_FALSE(o->record);
  Result<CheckRequestOptions> none = ParseCheckRequestOptions({}, {});
  REQUIRE(none.ok());
  CHECK_FALSE(none->at.has_value());
}

TEST_CASE("malformed options are refused with the parameter named") {
  auto message = [](const HttpFields& q, const HttpFields& h) {
    Result<CheckRequestOptions> o = ParseCheckRequestOptions(q, h);
    return o.ok() ? std::string("ok") : o.status().message();
  };
  CHECK(message({{"at", "2026-02-30"}}, {}) ==
        "at \"2026-02-30\" is not a date: expected YYYY-MM-DD, e.g. at=2026-12-01");
  CHECK(message({{"strict", "yes"}}, {}) == "strict must be true or false, not \"yes\"");
  CHECK(message({{"verbose", "1"}}, {}) ==
        "unknown query parameter \"verbose\" (the options are at, noClearance, strict, record)");
  CHECK(message({{"at", "2026-12-01"}, {"at", "2026-12-01"}}, {}) ==
        "query parameter \"at\" is given more than once");
  CHECK(message({{"strict", "true"}}, {{"Dxcheck-Strict", "false"}}) ==
        "query parameter \"strict\" and header Dxcheck-Strict disagree");
  CHECK(message({{"at", "\xff"}}, {}).find("\\xff") != std::string::npos);
}

}  // namespace
}  // namespace dxcheck
