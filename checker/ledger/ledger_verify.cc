#include "checker/ledger/ledger_verify.h"

#include <map>
#include <set>
#include <unordered_map>

namespace dxcheck {
namespace {

struct TokenHash {
  size_t operator()(const PersonToken& t) const {
    size_t h = 0;
    for (size_t i = 0; i < 8; ++i) h = h * 256 + t[i];
    return h;
  }
};

// The replayed state of one exporter and year.
struct YearState {
  uint64_t untokenised[2] = {0, 0};
  std::unordered_map<PersonToken, uint64_t, TokenHash> tokens[2];  // token -> live entries
  uint64_t Total(int s) const { return untokenised[s] + tokens[s].size(); }
};

std::string Describe(const StoredEntry& e) {
  return "entry " + std::to_string(e.seq) + " (" + e.kind + " of transfer " + e.transfer_id +
         " of exporter " + e.exporter + ")";
}

std::string Mismatch(const char* what, uint64_t stored, uint64_t replayed) {
  return std::string(what) + " is " + std::to_string(stored) + " but the entries before it give " +
         std::to_string(replayed);
}

}  // namespace

LedgerVerification VerifyLedger(const std::vector<StoredEntry>& entries) {
  LedgerVerification v;
  std::string prev = kGenesisHash;
  std::map<std::pair<std::string, int>, YearState> years;
  std::map<uint64_t, LedgerEntry> live;  // seq -> live record
  std::map<uint64_t, const StoredEntry*> stored_live;
  std::set<std::pair<std::string, std::string>> live_ids;  // (exporter, transfer id)
  for (const StoredEntry& s : entries) {
    auto fail = [&](const std::string& why) {
      v.bad_seq = s.seq;
      v.problem = Describe(s) + ": " + why;
      return v;
    };
    if (s.seq != v.entries + 1) return fail("expected entry " + std::to_string(v.entries + 1) +
                                            " here (an entry is missing or out of order)");
    if (!s.malformed.empty()) return fail(s.malformed);
    if (s.prev_hash != prev) return fail("its previous hash is not the hash of the entry before it");
    if (ChainHash(prev, s.body) != s.hash) {
      return fail("its hash is not sha256(previous hash || body): the body was changed");
    }
    Result<LedgerEntry> parsed = ParseEntryBody(s.body);
    if (!parsed.ok()) return fail(parsed.status().message());
    const LedgerEntry& e = *parsed;
    if (e.seq != s.seq || e.kind != s.kind || e.exporter != s.exporter || e.year != s.year ||
        e.transfer_id != s.transfer_id || e.manifest_sha256 != s.manifest_sha256 ||
        e.cancels != s.cancels || e.personal.declared != s.personal ||
        e.sensitive.declared != s.sensitive || e.personal.tokenised != s.personal_tokenised ||
        e.sensitive.tokenised != s.sensitive_tokenised) {
      return fail("its columns (kind, exporter, year, transfer, manifest, counts) differ from "
                  "its hashed body: the row was edited");
    }
    YearState& y = years[{e.exporter, e.year}];
    const std::vector<PersonToken>* toks[2] = {&s.personal_tokens, &s.sensitive_tokens};
    const EntryPersons* persons[2] = {&e.personal, &e.sensitive};
    if (e.kind == "record") {
      if (live_ids.count({e.exporter, e.transfer_id})) {
        return fail("the transfer is already recorded by a live entry");
      }
      uint64_t after[2];
      for (int k = 0; k < 2; ++k) {
        const EntryPersons& p = *persons[k];
        uint64_t prior = y.untokenised[k] + y.tokens[k].size();
        if (p.tokenised) {
          if (toks[k]->size() != p.tokens || TokensDigest(*toks[k]) != p.tokens_sha256) {
            return fail(std::string("its ") + (k ? "sensitive" : "personal") +
                        " person tokens differ from the digest its body records");
          }
          for (const PersonToken& t : *toks[k]) {
            if (y.tokens[k].count(t)) --prior;
          }
        } else if (!toks[k]->empty()) {
          return fail("it carries person tokens but its body says it has none");
        }
        uint64_t stored_prior = k ? e.prior_sensitive : e.prior_personal;
        if (stored_prior != prior) {
          return fail(Mismatch(k ? "its prior sensitive count" : "its prior personal count",
                               stored_prior, prior));
        }
        after[k] = prior + (p.tokenised ? p.tokens : p.declared);
      }
      for (int k = 0; k < 2; ++k) {
        if (persons[k]->tokenised) {
          for (const PersonToken& t : *toks[k]) ++y.tokens[k][t];
        } else {
          y.untokenised[k] += persons[k]->declared;
        }
      }
      live[e.seq] = e;
      stored_live[e.seq] = &s;
      live_ids.insert({e.exporter, e.transfer_id});
      for (int k = 0; k < 2; ++k) {
        uint64_t total = k ? e.total_sensitive : e.total_personal;
        if (total != after[k] || y.Total(k) != after[k]) {
          return fail(Mismatch(k ? "its sensitive total" : "its personal total", total, after[k]));
        }
      }
    } else if (e.kind == "cancel") {
      auto it = live.find(e.cancels);
      if (it == live.end() || it->second.exporter != e.exporter ||
          it->second.transfer_id != e.transfer_id || it->second.year != e.year) {
        return fail("it cancels entry " + std::to_string(e.cancels) +
                    ", which is not a live record of this transfer");
      }
      if (e.prior_personal != y.Total(0) || e.prior_sensitive != y.Total(1)) {
        return fail(Mismatch("the personal total before it", e.prior_personal, y.Total(0)));
      }
      const StoredEntry& gone = *stored_live[e.cancels];
      const std::vector<PersonToken>* gone_toks[2] = {&gone.personal_tokens, &gone.sensitive_tokens};
      const EntryPersons* gone_p[2] = {&it->second.personal, &it->second.sensitive};
      for (int k = 0; k < 2; ++k) {
        if (gone_p[k]->tokenised) {
          for (const PersonToken& t : *gone_toks[k]) {
            if (--y.tokens[k][t] == 0) y.tokens[k].erase(t);
          }
        } else {
          y.untokenised[k] -= gone_p[k]->declared;
        }
      }
      if (e.total_personal != y.Total(0) || e.total_sensitive != y.Total(1)) {
        return fail(Mismatch("its personal total", e.total_personal, y.Total(0)));
      }
      live_ids.erase({e.exporter, e.transfer_id});
      live.erase(it);
    } else {
      return fail("unknown kind \"" + e.kind + "\"");
    }
    prev = s.hash;
    v.entries = s.seq;
    v.head = s.hash;
  }
  v.ok = true;
  return v;
}

}  // namespace dxcheck
