#include "checker/ledger/ledger_pool.h"

namespace dxcheck {

LedgerPool::LedgerPool(std::string url, size_t max_open, int wait_ms)
    : url_(std::move(url)), max_open_(max_open < 1 ? 1 : max_open), wait_ms_(wait_ms) {}

Status LedgerPool::Probe() {
  Result<std::unique_ptr<Ledger>> l = Take();
  if (!l.ok()) return l.status();
  // An uninitialised ledger fails here (NotFound), not on the first request.
  Result<std::vector<Totals>> t = (*l)->AllTotals("", 0);
  Give(std::move(l).value(), t.ok());
  return t.ok() ? Status::Ok() : t.status();
}

Result<std::unique_ptr<Ledger>> LedgerPool::Take(bool fresh, bool* reused) {
  if (reused != nullptr) *reused = false;
  std::unique_ptr<Ledger> doomed;  // an idle connection closed to make room, outside the lock
  {
    std::unique_lock<std::mutex> lock(mu_);
    auto free = [&] { return !idle_.empty() || open_ < max_open_; };
    if (wait_ms_ <= 0) {
      cv_.wait(lock, free);
    } else if (!cv_.wait_for(lock, std::chrono::milliseconds(wait_ms_), free)) {
      return Status::IoError("the ledger is busy: no connection of " + std::to_string(max_open_) +
                             " came free within " + std::to_string(wait_ms_) + " ms");
    }
    if (!idle_.empty()) {
      std::unique_ptr<Ledger> l = std::move(idle_.back());
      idle_.pop_back();
      if (!fresh) {
        if (reused != nullptr) *reused = true;
        return l;
      }
      doomed = std::move(l);
      --open_;
    }
    ++open_;  // reserved; opened outside the lock (a connection can take a while)
  }
  doomed.reset();
  Result<std::unique_ptr<Ledger>> l = Ledger::Open(url_, false);
  if (l.ok() && wait_ms_ > 0) {
    if (Status w = (*l)->store()->SetLockWait(wait_ms_); !w.ok()) l = w;
  }
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

void LedgerPool::DropIdle() {
  std::vector<std::unique_ptr<Ledger>> doomed;
  {
    std::lock_guard<std::mutex> lock(mu_);
    doomed.swap(idle_);
    open_ -= doomed.size();
  }
  cv_.notify_all();
  // Closed here, outside the lock.
}

Status LedgerPool::Use(const std::function<Status(Ledger*)>& fn) {
  for (int attempt = 0;; ++attempt) {
    bool reused = false;
    // A second attempt never takes a kept connection: after one was found
    // stale, another kept one is likely stale too (the same replaced file,
    // the same restarted server).
    Result<std::unique_ptr<Ledger>> l = Take(attempt > 0, &reused);
    if (!l.ok()) return l.status();
    (*l)->store()->ClearFailure();
    Status s = fn(l->get());
    SqlStore::Failure failure = s.ok() ? SqlStore::Failure::kNone : (*l)->store()->last_failure();
    // A lock wait that ran out leaves the connection as good as it was.
    bool healthy = s.ok() || s.code() == StatusCode::kInvalidInput ||
                   s.code() == StatusCode::kNotFound || failure == SqlStore::Failure::kBusy;
    Give(std::move(l).value(), healthy);
    // Only a kept connection found stale before its transaction began runs
    // `fn` again; a failure of any later statement (COMMIT above all: it may
    // have committed) is reported, so that nothing is recorded twice.
    if (s.ok() || failure != SqlStore::Failure::kStale || !reused || attempt > 0) return s;
    DropIdle();
  }
}

}  // namespace dxcheck
