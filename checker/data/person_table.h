// PersonTable and PersonKey: counting distinct persons of a transfer in
// bounded memory, and the tokens the ledger stores (spec/data.md "Persons",
// "Person tokens").
//
// A person is a 16-byte token of its counting-key value: HMAC-SHA256 with the
// --person-key secret truncated to 16 bytes, or without a key SHA-256 of the
// value truncated the same way (kept in memory only, for counting). The value
// itself is never stored. The table is open addressing over 24-byte slots
// (token + a bit per resource the person appears in), at most 3/4 full, so a
// distinct person costs 32 to 48 bytes whatever the file sizes.
#ifndef DXCHECK_DATA_PERSON_TABLE_H_
#define DXCHECK_DATA_PERSON_TABLE_H_

#include <array>
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

// Without a key: SHA-256(value) truncated to 16 bytes (a collision among 10^9
// persons has probability below 10^-20).
PersonToken CountingToken(std::string_view value);

class PersonTable {
 public:
  PersonTable();

  // Records that the person `t` appears in resource `resource` (< 64).
  void Add(const PersonToken& t, unsigned resource);
  // Persons that appear in at least one resource of `mask` (bit i = resource i).
  uint64_t Count(uint64_t mask) const;
  uint64_t size() const { return size_; }
  // Every distinct token, in table order (for the ledger; with a person key
  // these are the HMAC tokens). Never written anywhere by dxcheck itself.
  std::vector<PersonToken> Tokens() const;
  // The tokens of the persons that appear in at least one resource of `mask`
  // (the ledger's personal and sensitive sets, rules/measured_counts.h).
  std::vector<PersonToken> Tokens(uint64_t mask) const;
  // Bytes held by the table (for the benchmarks' memory figures).
  size_t memory_bytes() const { return slots_.size() * sizeof(Slot); }

 private:
  struct Slot {
    PersonToken token;
    uint64_t mask = 0;  // 0: empty slot (a stored person is in some resource)
  };
  void Grow();
  std::vector<Slot> slots_;
  uint64_t size_ = 0;
};

}  // namespace dxcheck

#endif  // DXCHECK_DATA_PERSON_TABLE_H_
