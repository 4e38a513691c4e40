// The options of one POST /v1/check, read from the query string or from
// request headers, mirroring `dxcheck check`'s flags:
//
//   query          header                  CLI
//   at=YYYY-MM-DD  Dxcheck-At              --at
//   noClearance    Dxcheck-No-Clearance    --no-clearance
//   strict         Dxcheck-Strict          --strict
//   record         Dxcheck-Record          --record (with --ledger)
//
// Booleans are `true`/`false` (or `1`/`0`; a bare `?strict` is true). An
// unknown query parameter, a repeated one, a malformed value, or a query and a
// header that disagree is a malformed request (HTTP 400), as an unknown or
// malformed flag is a usage error (64) on the command line.
#ifndef DXCHECK_SERVE_REQUEST_OPTIONS_H_
#define DXCHECK_SERVE_REQUEST_OPTIONS_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "checker/base/date.h"
#include "checker/base/status.h"

namespace dxcheck {

// Name/value pairs as the HTTP layer received them (query parameters with
// their names as written; header names compared case-insensitively).
using HttpFields = std::vector<std::pair<std::string, std::string>>;

struct CheckRequestOptions {
  std::optional<Date> at;  // unset: today in Asia/Shanghai (the caller's clock)
  bool no_clearance = false;
  bool strict = false;
  bool record = false;  // record the transfer in the ledger (issue 14)
};

// InvalidInput with a message naming the parameter when the request is
// malformed (see above).
Result<CheckRequestOptions> ParseCheckRequestOptions(const HttpFields& query,
                                                     const HttpFields& headers);

}  // namespace dxcheck

#endif  // DXCHECK_SERVE_REQUEST_OPTIONS_H_
