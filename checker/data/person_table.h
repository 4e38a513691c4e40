// PersonTable and PersonKey: counting distinct persons of a transfer in
// bounded memory, and the tokens the ledger stores (spec/data.md "Persons",
// "Person tokens").
//
// A person is a 16-byte token of its counting-key value: HMAC-SHA256 with the
// --person-key secret truncated to 16 bytes, or without a key SipHash-1-3
// (128-bit output) under a secret drawn at random for the process (kept in
// memory only, for counting: a keyed PRF, so no file can be made whose
// distinct values collide, and 16 bytes make a chance collision among 10^9
// persons less likely than 10^-20). Why SipHash-1-3 and not the 2-4 of the
// SipHash paper is enough here: the secret is fresh for every process and
// never leaves it, and neither do the tokens (the ledger stores only the
// HMAC tokens of --person-key), so an adversary can only write a file
// blind and learn at most whether one count came out low; that is the
// hash-flooding setting SipHash-1-3 serves in Rust's HashMap and CPython's
// str hash, and no attack on it as a PRF is known. One compression round
// per 8 bytes and 3 finalization rounds per output half instead of 2 and 4
// take a third off the rounds for the short keys of real files. The value
// itself is never stored. The table is open addressing over 20-byte slots
// (token + the id of the set of resources the person appears in), at most
// 3/4 full, so a distinct person costs 27 to 54 bytes whatever the file sizes
// and however many resources there are. The slots are allocated without
// throwing: when memory runs out (a ulimit, a container's limit) the table
// stops counting and reports it (status()), so the scan fails closed with an
// error instead of the process dying on std::bad_alloc.
#ifndef DXCHECK_DATA_PERSON_TABLE_H_
#define DXCHECK_DATA_PERSON_TABLE_H_

#include <array>
#include <map>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "checker/base/status.h"

namespace dxcheck {

using PersonToken = std::array<uint8_t, 16>;

// The --person-key secret: a file of at least 32 bytes, mode 0600 (checked
// like a signing key: Permission otherwise; NotFound when unreadable).
class PersonKey {
 public:
  static Result<PersonKey> Load(const std::string& path);
  // HMAC-SHA256(secret, value) truncated to 16 bytes.
  PersonToken Token(std::string_view value) const;

 private:
  std::string secret_;
};

// Without a key: SipHash-1-3-128 of the value under the process's random
// counting secret. Equal values give equal tokens within a process only.
PersonToken CountingToken(std::string_view value);
// SipHash-2-4 with 128-bit output (Aumasson and Bernstein), as OpenSSL's
// SIPHASH with size 16 computes it; the test compares the two.
PersonToken SipHash128(const unsigned char key[16], std::string_view value);
// SipHash-1-3 with 128-bit output (OpenSSL's SIPHASH with size 16,
// c-rounds 1 and d-rounds 3; the test compares the two).
PersonToken SipHash13_128(const unsigned char key[16], std::string_view value);

class PersonTable {
 public:
  PersonTable();

  // Records that the person `t` appears in resource `resource` (its index in
  // the manifest; any number of resources).
  void Add(const PersonToken& t, unsigned resource);
  // The same for a batch, its slots prefetched first (one cache miss per
  // person overlapped with the others instead of one after another).
  void Add(const PersonToken* tokens, size_t n, unsigned resource);
  // Persons that appear in at least one resource i with resources[i] set.
  uint64_t Count(const std::vector<bool>& resources) const;
  // Count for each of `masks`, in one pass over the table (the table of a
  // large file is far larger than the caches; a mask that meets no
  // resource set costs nothing).
  std::vector<uint64_t> Counts(const std::vector<std::vector<bool>>& masks) const;
  uint64_t size() const { return size_; }
  // Slots beyond `slots` are refused as an allocation that fails would be
  // (a caller that bounds memory; the tests). Default: no limit but memory.
  void set_slot_limit(size_t slots) { slot_limit_ = slots; }
  // Ok, or Internal once the slots could not grow (every later Add is
  // ignored: the counts are incomplete and must not be used).
  Status status() const;
  // Every distinct token, in table order (for the ledger; with a person key
  // these are the HMAC tokens). Never written anywhere by dxcheck itself.
  std::vector<PersonToken> Tokens() const;
  // The tokens of the persons that appear in at least one resource i with
  // resources[i] set (the ledger's personal and sensitive sets,
  // rules/measured_counts.h).
  std::vector<PersonToken> Tokens(const std::vector<bool>& resources) const;
  // Bytes held by the table (for the benchmarks' memory figures).
  size_t memory_bytes() const;
  // Distinct sets of resources the persons appear in.
  size_t resource_sets() const { return sets_.size(); }

 private:
  // A person: its token and the set of resources it appears in, as an id
  // into sets_ (0: an empty slot). 20 bytes.
  struct Slot {
    PersonToken token;
    uint32_t set = 0;
  };
  // Doubles the slots (false when the memory could not be had).
  bool Grow();
  // Per set id: whether the set has a resource i with resources[i] set.
  std::vector<bool> SetsMeeting(const std::vector<bool>& resources) const;
  // The id of the set `set` (0: none) with `resource` added.
  uint32_t Join(uint32_t set, unsigned resource);

  std::unique_ptr<Slot[]> slots_;  // capacity_ of them, a power of two
  size_t capacity_ = 0;
  size_t slot_limit_ = SIZE_MAX;
  bool exhausted_ = false;
  uint64_t size_ = 0;
  // The distinct resource sets (sorted indices), 1-based ids. There are few
  // in practice (one per combination of files a person is in); at most one
  // per person and resource added.
  std::vector<std::vector<unsigned>> sets_;
  std::map<std::vector<unsigned>, uint32_t> set_ids_;
  // For the resource being added: what each set id becomes with it (0: not
  // yet known). Rows of one resource arrive together, so this is one lookup.
  unsigned with_resource_ = ~0u;
  std::vector<uint32_t> with_;
};

}  // namespace dxcheck

#endif  // DXCHECK_DATA_PERSON_TABLE_H_
