#include "checker/serve/rule_set_holder.h"

#include "checker/base/digest.h"

namespace dxcheck {

std::string RuleSetDigest(const RuleSet& rules) {
  // Digests of digests: the set's identity follows every file's exact bytes
  // and their order, which is also the order the decision records them in.
  std::string all = Sha256Hex(rules.categories_source().bytes) + "\n";
  for (const RuleSet::Source& s : rules.list_sources()) all += Sha256Hex(s.bytes) + "\n";
  return Sha256Hex(all);
}

Status RuleSetHolder::Reload(DiagnosticSink* sink) {
  std::lock_guard<std::mutex> lock(reload_mu_);
  Result<RuleSet> loaded = loader_(sink);
  if (!loaded.ok()) return loaded.status();
  auto next = std::make_shared<RuleSetSnapshot>();
  next->rules = std::move(loaded).value();
  next->digest = RuleSetDigest(next->rules);
  std::shared_ptr<const RuleSetSnapshot> old = std::atomic_load(&current_);
  next->version = old ? old->version + 1 : 1;
  std::atomic_store(&current_, std::shared_ptr<const RuleSetSnapshot>(std::move(next)));
  return Status::Ok();
}

std::shared_ptr<const RuleSetSnapshot> RuleSetHolder::Current() const {
  return std::atomic_load(&current_);
}

}  // namespace dxcheck
