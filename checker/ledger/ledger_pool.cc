#include "checker/ledger/ledger_pool.h"

namespace dxcheck {

LedgerPool::LedgerPool(std::string url, size_t max_open)
    : url_(std::move(url)), max_open_(max_open < 1 ? 1 : max_open) {}

Status LedgerPool::Probe() {
  Result<std::unique_ptr<Ledger>> l = Take();
  if (!l.ok()) return l.status();
  // An uninitialised ledger fails here (NotFound), not on the first request.
  Result<std::vector<Totals>> t = (*l)->AllTotals("", 0);
  Give(std::move(l).value(), t.ok());
  return t.ok() ? Status::Ok() : t.status();
}

Result<std::unique_ptr<Ledger>> LedgerPool::Take() {
  {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return !idle_.empty() || open_ < max_open_; });
    if (!idle_.empty()) {
      std::unique_ptr<Ledger> l = std::move(idle_.back());
      idle_.pop_back();
      return l;
    }
    ++open_;  // reserved; opened outside the lock (a connection can take a while)
  }
  Result<std::unique_ptr<Ledger>> l = Ledger::Open(url_, false);
  std::lock_guard<std::mutex> lock(mu_);
  if (!l.ok()) {
    --open_;
    cv_.notify_one();
    return l.status();
  }
  if (display_url_.empty()) display_url_ = (*l)->display_url();
  return l;
}

void LedgerPool::Give(std::unique_ptr<Ledger> l, bool healthy) {
  std::lock_guard<std::mutex> lock(mu_);
  if (healthy) {
    idle_.push_back(std::move(l));
  } else {
    --open_;  // closed below, when `l` goes out of scope
  }
  cv_.notify_one();
}

Status LedgerPool::Use(const std::function<Status(Ledger*)>& fn) {
  Result<std::unique_ptr<Ledger>> l = Take();
  if (!l.ok()) return l.status();
  Status s = fn(l->get());
  bool healthy = s.ok() || s.code() == StatusCode::kInvalidInput ||
                 s.code() == StatusCode::kNotFound;
  Give(std::move(l).value(), healthy);
  return s;
}

}  // namespace dxcheck
