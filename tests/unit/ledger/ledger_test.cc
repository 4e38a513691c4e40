// The transfer ledger through its API, on SQLite and (when the test harness
// started one: DXCHECK_TEST_PG_URL) PostgreSQL: distinct persons by token,
// idempotence, refusal, cancellation, tampering, and the same script giving the
// same totals, heads and decisions on both stores. tests/ledger/ledger_tests.py
// runs this binary with a PostgreSQL it starts itself.
#include <doctest/doctest.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <thread>
#include <string>
#include <vector>

#include "checker/eval/decision_json.h"
#include "checker/ledger/ledger_check.h"
#include "checker/ledger/ledger_export.h"
#include "checker/ledger/ledger_pool.h"
#include "checker/ledger/ledger_verify.h"
#include "tests/unit/test_util.h"

namespace dxcheck {
namespace {

constexpr char kUscc[] = "91310000MA1FL0000N";

std::string Manifest(const std::string& id, uint64_t personal, uint64_t sensitive,
                     const std::string& date = "2026-06-01") {
  std::string cats = sensitive ? "pi.health" : "pi.contact";
  return R"({"name": "t", "resources": [{"name": "people", "path": "people.csv", "format": "csv",
  "bytes": 1000, "hash": "sha256:0000000000000000000000000000000000000000000000000000000000000000",
  "schema": {"fields": [{"name": "value", "type": "string", "dxcheck": {"categories": [")" +
         cats + R"("]}}]}, "dxcheck": {"records": 1}}],
 "dxcheck": {"manifestVersion": "1", "transferId": ")" + id + R"(",
  "exporter": {"name": "上海示例医药有限公司", "uscc": ")" + kUscc + R"(", "ciio": false, "sector": "biomedicine"},
  "recipients": [{"name": "Example Inc.", "country": "US", "entityType": "affiliate"}],
  "transfer": {"scenario": "clinical_trial", "purpose": "analysis", "date": ")" + date + R"("},
  "subjects": {"personal": )" + std::to_string(personal) + R"(, "sensitive": )" +
         std::to_string(sensitive) + R"(},
  "deidentification": "identified",
  "status": {"standardContract": {"reference": "SCC-1", "filedOn": "2026-01-02"},
   "separateConsent": true, "piImpactAssessment": {"completedOn": "2026-01-01"}}}})";
}

PersonToken Token(uint64_t i) {
  PersonToken t{};
  for (int b = 0; b < 8; ++b) t[static_cast<size_t>(b)] = static_cast<uint8_t>(i >> (8 * b));
  t[15] = 0x5a;
  return t;
}
std::vector<PersonToken> Tokens(uint64_t from, uint64_t to) {
  std::vector<PersonToken> v;
  for (uint64_t i = from; i < to; ++i) v.push_back(Token(i));
  return v;
}

// The stores under test: a fresh SQLite file, and PostgreSQL when given.
std::vector<std::string> StoreUrls() {
  std::vector<std::string> urls;
  char dir[] = "/tmp/dxledger-XXXXXX";
  REQUIRE(mkdtemp(dir) != nullptr);
  urls.push_back(std::string("sqlite:") + dir + "/ledger.db");
  if (const char* pg = std::getenv("DXCHECK_TEST_PG_URL")) urls.push_back(pg);
  return urls;
}

std::unique_ptr<Ledger> Fresh(const std::string& url) {
  Result<std::unique_ptr<Ledger>> l = Ledger::Open(url, true);
  REQUIRE_MESSAGE(l.ok(), l.status().message());
  if (std::string(l.value()->store()->dialect()) == "postgresql") {
    for (const char* sql :
         {"DROP TABLE IF EXISTS dxcheck_ledger_entries, dxcheck_ledger_tokens, dxcheck_ledger_meta",
          "DROP FUNCTION IF EXISTS dxcheck_ledger_append_only"}) {
      REQUIRE(l.value()->store()->Exec(sql).ok());
    }
  }
  Result<int> init = l.value()->Init();
  REQUIRE_MESSAGE(init.ok(), init.status().message());
  return std::move(l).value();
}

struct Run {
  Status status;
  Decision decision;
  CheckOutcome outcome;
};

Run Check(Ledger* l, const std::string& manifest, const TransferPersons& persons, bool record = true,
          const std::string& at = "2026-06-01") {
  CheckOptions o;
  o.evaluation.at = *Date::Parse(at);
  DiagnosticList diags;
  Result<LedgerCheckResult> r =
      CheckWithLedger(l, manifest, "m.json", test::ShippedRules(), o, persons, record, &diags);
  if (!r.ok()) return {r.status(), {}, {}};
  return {Status::Ok(), std::move(r->decision), r->outcome};
}

TransferPersons Sensitive(std::vector<PersonToken> t) { return {true, t, t}; }

TEST_CASE("distinct persons: twelve monthly exports of the same 9,000 patients count 9,000") {
  for (const std::string& url : StoreUrls()) {
    CAPTURE(url);
    std::unique_ptr<Ledger> l = Fresh(url);
    std::vector<PersonToken> patients = Tokens(0, 9000);
    for (int month = 1; month <= 12; ++month) {
      Run r = Check(l.get(), Manifest("M-" + std::to_string(month), 9000, 9000), Sensitive(patients));
      REQUIRE_MESSAGE(r.status.ok(), r.status.message());
      CHECK(r.decision.counts.prior_sensitive == 0);
      CHECK(r.decision.counts.cumulative_sensitive == 9000);
      CHECK(VerdictName(r.decision.verdict) == std::string("contract_or_certification"));
      CHECK(r.outcome.recorded);
      CHECK(r.outcome.entry->total_sensitive == 9000);
    }
    Result<std::vector<Totals>> t = l->AllTotals("", 0);
    REQUIRE(t.ok());
    REQUIRE(t->size() == 1);
    CHECK(t->front().sensitive == 9000);
    CHECK(t->front().personal == 9000);
    CHECK(t->front().transfers == 12);
    // The thirteenth brings 1,001 new patients: 10,001 sensitive persons this year.
    Run r13 = Check(l.get(), Manifest("M-13", 1001, 1001), Sensitive(Tokens(9000, 10001)));
    REQUIRE(r13.status.ok());
    CHECK(r13.decision.counts.prior_sensitive == 9000);
    CHECK(r13.decision.counts.cumulative_sensitive == 10001);
    CHECK(VerdictName(r13.decision.verdict) == std::string("security_assessment"));
    CHECK_FALSE(r13.decision.may_proceed);
    CHECK_FALSE(r13.outcome.recorded);  // may not proceed: not recorded
    CHECK(r13.decision.counts.source == "ledger");
    Result<std::vector<StoredEntry>> e = l->Entries(true);
    REQUIRE(e.ok());
    CHECK(e->size() == 12);
    CHECK(VerifyLedger(*e).ok);
  }
}

TEST_CASE("untokenised transfers add declared counts; tokens and counts sum") {
  for (const std::string& url : StoreUrls()) {
    CAPTURE(url);
    std::unique_ptr<Ledger> l = Fresh(url);
    REQUIRE(Check(l.get(), Manifest("A", 5000, 0), {}).outcome.recorded);
    Run b = Check(l.get(), Manifest("B", 5000, 0), {});
    CHECK(b.decision.counts.prior_personal == 5000);
    Run c = Check(l.get(), Manifest("C", 3, 0), {true, Tokens(0, 3), {}});
    CHECK(c.decision.counts.prior_personal == 10000);
    Run d = Check(l.get(), Manifest("D", 4, 0), {true, Tokens(1, 5), {}});
    CHECK(d.decision.counts.prior_personal == 10001);  // tokens 1, 2 were counted already
    CHECK(d.outcome.entry->total_personal == 10005);
    Result<std::vector<StoredEntry>> e = l->Entries(true);
    REQUIRE(e.ok());
    CHECK(VerifyLedger(*e).ok);
  }
}

TEST_CASE("idempotence, refusal, cancellation") {
  for (const std::string& url : StoreUrls()) {
    CAPTURE(url);
    std::unique_ptr<Ledger> l = Fresh(url);
    Run first = Check(l.get(), Manifest("T-1", 40000, 0), {});
    REQUIRE(first.outcome.recorded);
    Run again = Check(l.get(), Manifest("T-1", 40000, 0), {});
    REQUIRE(again.status.ok());
    CHECK_FALSE(again.outcome.recorded);
    CHECK(again.outcome.view.repeat);
    CHECK(DecisionToJson(again.decision) == DecisionToJson(first.decision));
    Run other = Check(l.get(), Manifest("T-1", 40001, 0), {});
    CHECK(other.status.code() == StatusCode::kInvalidInput);
    CHECK(other.status.message().find("already recorded (entry 1) with another manifest") !=
          std::string::npos);
    Result<LedgerEntry> c = l->Cancel("T-1", "", "did not happen", "2026-06-02");
    REQUIRE_MESSAGE(c.ok(), c.status().message());
    CHECK(c->total_personal == 0);
    CHECK(c->cancels == 1);
    CHECK(l->Cancel("T-1", "", "twice", "2026-06-02").status().code() == StatusCode::kNotFound);
    Run now = Check(l.get(), Manifest("T-1", 40001, 0), {});
    REQUIRE(now.status.ok());
    CHECK(now.outcome.recorded);
    CHECK(now.decision.counts.prior_personal == 0);
    CHECK(now.outcome.entry->seq == 3);
    // Without --record nothing is appended, and the decision says where it read.
    Run peek = Check(l.get(), Manifest("T-2", 10, 0), {}, false);
    CHECK_FALSE(peek.outcome.recorded);
    CHECK(peek.decision.ledger->entries == 3);
    CHECK(peek.decision.ledger->head == now.outcome.entry_hash);
    CHECK(peek.decision.counts.prior_personal == 40001);
    Result<std::vector<StoredEntry>> e = l->Entries(true);
    REQUIRE(e.ok());
    LedgerVerification v = VerifyLedger(*e);
    CHECK_MESSAGE(v.ok, v.problem);
    // The export verifies the same way.
    std::string text;
    for (const StoredEntry& s : *e) text += ExportLine(s) + "\n";
    Result<std::vector<StoredEntry>> back = ParseExport(text);
    REQUIRE(back.ok());
    CHECK(VerifyLedger(*back).ok);
  }
}

TEST_CASE("a count edited in the database is found and the entry named") {
  for (const std::string& url : StoreUrls()) {
    CAPTURE(url);
    std::unique_ptr<Ledger> l = Fresh(url);
    for (int i = 1; i <= 5; ++i) {
      REQUIRE(Check(l.get(), Manifest("T-" + std::to_string(i), 100, 0), {}).outcome.recorded);
    }
    SqlStore* s = l->store();
    // The append-only triggers refuse the edit; a DBA drops them first.
    CHECK_FALSE(s->Exec("UPDATE dxcheck_ledger_entries SET personal = 1 WHERE seq = 3").ok());
    if (std::string(s->dialect()) == "sqlite") {
      REQUIRE(s->Exec("DROP TRIGGER dxcheck_ledger_entries_no_UPDATE").ok());
    } else {
      REQUIRE(s->Exec("ALTER TABLE dxcheck_ledger_entries DISABLE TRIGGER USER").ok());
    }
    REQUIRE(s->Exec("UPDATE dxcheck_ledger_entries SET personal = 1 WHERE seq = 3").ok());
    Result<std::vector<StoredEntry>> e = l->Entries(true);
    REQUIRE(e.ok());
    LedgerVerification v = VerifyLedger(*e);
    CHECK_FALSE(v.ok);
    CHECK(v.bad_seq == 3);
    CHECK(v.problem.find("entry 3 (record of transfer T-3") == 0);
  }
}

// A deterministic mix: tokenised and untokenised, personal and sensitive,
// repeats, refusals, cancellations, two years and two exporters' worth of ids.
TEST_CASE("the same 500-transfer script gives identical totals, heads and decisions") {
  std::vector<std::string> urls = StoreUrls();
  std::vector<std::string> transcripts;
  for (const std::string& url : urls) {
    CAPTURE(url);
    std::unique_ptr<Ledger> l = Fresh(url);
    std::string log;
    uint64_t x = 12345;
    auto rnd = [&](uint64_t n) {
      x = x * 6364136223846793005ULL + 1442695040888963407ULL;
      return (x >> 33) % n;
    };
    for (int i = 0; i < 500; ++i) {
      int id = static_cast<int>(rnd(420));
      std::string date = rnd(5) == 0 ? "2027-02-01" : "2026-06-01";
      std::string at = date == "2027-02-01" ? "2027-02-01" : "2026-06-01";
      uint64_t n = 1 + rnd(30000);
      bool sensitive = rnd(3) == 0;
      TransferPersons p;
      if (rnd(2) == 0) {
        uint64_t from = rnd(5000);
        std::vector<PersonToken> t = Tokens(from, from + n % 300 + 1);
        n = t.size();
        p = {true, t, sensitive ? t : std::vector<PersonToken>{}};
      }
      if (rnd(15) == 0) {
        Result<LedgerEntry> c = l->Cancel("S-" + std::to_string(id), "", "script", at);
        log += "cancel " + std::to_string(id) + " " +
               (c.ok() ? std::to_string(c->seq) + " " + std::to_string(c->total_personal)
                       : c.status().message()) + "\n";
        continue;
      }
      Run r = Check(l.get(), Manifest("S-" + std::to_string(id), n, sensitive ? n : 0, date), p,
                    rnd(10) != 0, at);
      log += std::to_string(i) + " " +
             (r.status.ok() ? DecisionToCompactJson(r.decision) : r.status.message()) + "\n";
    }
    Result<std::vector<Totals>> t = l->AllTotals("", 0);
    REQUIRE(t.ok());
    for (const Totals& y : *t) {
      log += y.exporter + " " + std::to_string(y.year) + " " + std::to_string(y.personal) + " " +
             std::to_string(y.sensitive) + " " + std::to_string(y.transfers) + "\n";
    }
    Result<std::vector<StoredEntry>> e = l->Entries(true);
    REQUIRE(e.ok());
    LedgerVerification v = VerifyLedger(*e);
    CHECK_MESSAGE(v.ok, v.problem);
    log += "head " + v.head + " " + std::to_string(v.entries) + "\n";
    transcripts.push_back(log);
  }
  if (std::getenv("CI") && std::string(std::getenv("CI")) == "true") {
    REQUIRE_MESSAGE(transcripts.size() == 2, "under CI=true the PostgreSQL store must be tested");
  }
  for (size_t i = 1; i < transcripts.size(); ++i) CHECK(transcripts[i] == transcripts[0]);
}

// ------------------------------------------------------------------ LedgerPool

bool IsPostgres(const std::string& url) { return url.rfind("postgres", 0) == 0; }

// `depth` connections of `pool` lent at once (each call nested in the one
// before), then all idle. Returns the PostgreSQL backend pid of each (empty on SQLite).
std::vector<std::string> MakeIdle(LedgerPool* pool, int depth, bool postgres) {
  std::vector<std::string> pids;
  std::function<Status(int)> nest = [&](int left) -> Status {
    return pool->Use([&](Ledger* l) -> Status {
      if (postgres) {
        Result<std::vector<SqlRow>> r = l->store()->Query("SELECT pg_backend_pid()", {});
        if (!r.ok()) return r.status();
        pids.push_back(r->front()[0]);
      } else if (Result<std::vector<Totals>> t = l->AllTotals("", 0); !t.ok()) {
        return t.status();
      }
      return left > 1 ? nest(left - 1) : Status::Ok();
    });
  };
  Status s = nest(depth);
  REQUIRE_MESSAGE(s.ok(), s.message());
  return pids;
}

// Ends the PostgreSQL backends `pids` (a server restart, as far as their
// connections can tell) and waits until they are gone.
void TerminateBackends(const std::string& url, const std::vector<std::string>& pids) {
  Result<std::unique_ptr<SqlStore>> admin = OpenSqlStore(url, false);
  REQUIRE_MESSAGE(admin.ok(), admin.status().message());
  for (const std::string& pid : pids) {
    REQUIRE((*admin)->Exec("SELECT pg_terminate_backend(?)", {pid}).ok());
  }
  for (const std::string& pid : pids) {
    for (int i = 0; i < 500; ++i) {
      Result<std::vector<SqlRow>> r =
          (*admin)->Query("SELECT count(*) FROM pg_stat_activity WHERE pid = ?", {pid});
      REQUIRE(r.ok());
      if (r->front()[0] == "0") break;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
}

// A SQLite ledger file replaced under its open connections, as a restore from
// a backup does (VACUUM INTO a copy, renamed over the file).
void ReplaceSqliteFile(const std::string& url) {
  std::string path = url.substr(7);
  {
    Result<std::unique_ptr<SqlStore>> s = OpenSqlStore(url, false);
    REQUIRE(s.ok());
    std::remove((path + ".restore").c_str());
    REQUIRE((*s)->Exec("VACUUM INTO '" + path + ".restore'").ok());
  }
  REQUIRE(std::rename((path + ".restore").c_str(), path.c_str()) == 0);
  std::remove((path + "-wal").c_str());
  std::remove((path + "-shm").c_str());
}

TEST_CASE("LedgerPool: after its idle connections all went stale, every check succeeds") {
  // Four kept connections, all stale at once (the SQLite file restored, the
  // PostgreSQL backends gone): the first check finds one stale and must not
  // try another kept one (it was 503 with several in the pool).
  for (const std::string& url : StoreUrls()) {
    CAPTURE(url);
    Fresh(url);
    LedgerPool pool(url, 4, 2000);
    std::vector<std::string> pids = MakeIdle(&pool, 4, IsPostgres(url));
    if (IsPostgres(url)) {
      REQUIRE(pids.size() == 4);
      TerminateBackends(url, pids);
    } else {
      ReplaceSqliteFile(url);
    }
    for (int i = 0; i < 6; ++i) {
      CAPTURE(i);
      Run run;
      Status s = pool.Use([&](Ledger* l) {
        run = Check(l, Manifest("P-" + std::to_string(i), 10, 0), {});
        return run.status;
      });
      REQUIRE_MESSAGE(s.ok(), s.message());
      CHECK(run.outcome.recorded);
      CHECK(run.outcome.entry->seq == static_cast<uint64_t>(i + 1));
    }
  }
}

TEST_CASE("LedgerPool: a lock wait that runs out is kBusy, reported once, not retried") {
  for (const std::string& url : StoreUrls()) {
    CAPTURE(url);
    Fresh(url);
    LedgerPool pool(url, 2, 300);
    MakeIdle(&pool, 1, IsPostgres(url));  // the next Use reuses a kept connection
    Result<std::unique_ptr<SqlStore>> holder = OpenSqlStore(url, false);
    REQUIRE(holder.ok());
    REQUIRE((*holder)->BeginWrite().ok());  // the ledger's lock, held
    int calls = 0;
    SqlStore::Failure failure = SqlStore::Failure::kNone;
    Status s = pool.Use([&](Ledger* l) {
      ++calls;
      Run run = Check(l, Manifest("B-1", 10, 0), {});
      failure = l->store()->last_failure();
      return run.status;
    });
    (*holder)->Rollback();
    CHECK(s.code() == StatusCode::kIoError);
    CHECK(failure == SqlStore::Failure::kBusy);
    CHECK(calls == 1);
    // The connection was kept and works once the lock is free.
    s = pool.Use([&](Ledger* l) { return Check(l, Manifest("B-1", 10, 0), {}).status; });
    CHECK_MESSAGE(s.ok(), s.message());
  }
}

TEST_CASE("LedgerPool: a failed COMMIT is reported, never run again (PostgreSQL)") {
  // The COMMIT of a kept connection fails with an I/O error (its backend
  // ended under it): the transaction may have committed, so the pool must not
  // run the call again on another connection (it did: any IoError of a kept
  // connection was retried).
  for (const std::string& url : StoreUrls()) {
    if (!IsPostgres(url)) continue;
    Fresh(url);
    LedgerPool pool(url, 2, 2000);
    MakeIdle(&pool, 1, true);
    int calls = 0;
    SqlStore::Failure failure = SqlStore::Failure::kNone;
    Status s = pool.Use([&](Ledger* l) {
      ++calls;
      SqlStore* st = l->store();
      Result<std::vector<SqlRow>> pid = st->Query("SELECT pg_backend_pid()", {});
      if (!pid.ok()) return pid.status();
      Status b = st->BeginWrite();
      if (!b.ok()) return b;
      TerminateBackends(url, {pid->front()[0]});
      Status c = st->Commit();
      failure = st->last_failure();
      if (!c.ok()) st->Rollback();
      return c;
    });
    CHECK(s.code() == StatusCode::kIoError);
    CHECK(failure == SqlStore::Failure::kOther);
    CHECK(s.message().find("COMMIT unconfirmed: the transaction may have committed") !=
          std::string::npos);
    CHECK(calls == 1);
  }
}

}  // namespace
}  // namespace dxcheck
