// Exit codes of `dxcheck` (spec/decision.md): the decision codes 0/5/10/20/30
// come from the Decision itself; the rest are sysexits codes for errors.
#ifndef DXCHECK_CLI_EXIT_STATUS_H_
#define DXCHECK_CLI_EXIT_STATUS_H_

#include "checker/base/status.h"

namespace dxcheck {

enum ExitStatus : int {
  kExitOk = 0,
  kExitInvalid = 1,   // verification: what was verified is invalid
  kExitWarnings = 2,  // check --fail-on-warn: may proceed, but the decision warns
  kExitUsage = 64,
  kExitDataErr = 65,
  kExitNoInput = 66,
  kExitSoftware = 70,
  kExitIoErr = 74,
  kExitNoPerm = 77,
};

inline int ExitFromStatus(const Status& s) {
  switch (s.code()) {
    case StatusCode::kOk: return kExitOk;
    case StatusCode::kInvalidInput: return kExitDataErr;
    case StatusCode::kNotFound: return kExitNoInput;
    case StatusCode::kIoError: return kExitIoErr;
    case StatusCode::kPermission: return kExitNoPerm;
    case StatusCode::kInternal: return kExitSoftware;
  }
  return kExitSoftware;
}

}  // namespace dxcheck

#endif  // DXCHECK_CLI_EXIT_STATUS_H_
