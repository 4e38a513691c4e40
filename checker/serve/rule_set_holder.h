// RuleSetHolder: the rule set a running service checks against, swapped whole
// on reload (SIGHUP) so that a check sees the old set or the new one, never a
// mix of the two.
//
// Readers take a snapshot (a shared_ptr copied under std::atomic_load) and
// keep it for the whole request; a reload builds the new set aside and
// publishes it with std::atomic_store. A set that fails to load is never
// published: the old one stays in force and the caller logs why.
#ifndef DXCHECK_SERVE_RULE_SET_HOLDER_H_
#define DXCHECK_SERVE_RULE_SET_HOLDER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "checker/base/diagnostic.h"
#include "checker/base/status.h"
#include "checker/rules/rule_set.h"

namespace dxcheck {

// One published rule set and what identifies it.
struct RuleSetSnapshot {
  RuleSet rules;
  uint64_t version = 0;  // 1 for the first load, +1 per successful reload
  // sha256 over the code list's and every list's sha256, in load order: two
  // snapshots with the same digest evaluate identically.
  std::string digest;
};

class RuleSetHolder {
 public:
  // Builds a rule set (RuleSet::Load with the service's --rules and --list),
  // reporting problems to the sink.
  using Loader = std::function<Result<RuleSet>(DiagnosticSink*)>;

  explicit RuleSetHolder(Loader loader) : loader_(std::move(loader)) {}

  // Loads a rule set and publishes it. On failure nothing changes (the
  // previous set, if any, stays in force) and the status says why, with the
  // details in `sink`. Reloads are serialised; readers are never blocked.
  Status Reload(DiagnosticSink* sink);

  // The set in force, or nullptr before the first successful load.
  std::shared_ptr<const RuleSetSnapshot> Current() const;

 private:
  Loader loader_;
  std::mutex reload_mu_;  // one reload at a time (versions stay consecutive)
  std::shared_ptr<const RuleSetSnapshot> current_;  // std::atomic_load/store only
};

// The digest RuleSetSnapshot::digest holds for `rules`.
std::string RuleSetDigest(const RuleSet& rules);

}  // namespace dxcheck

#endif  // DXCHECK_SERVE_RULE_SET_HOLDER_H_
