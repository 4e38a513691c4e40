// Validation of the identifiers a manifest carries: the 18-character unified
// social credit code (GB 32100-2015), ISO 3166-1 alpha-2 country codes, dates,
// and the syntactic forms the manifest spec gives for sectors and zones.
#ifndef DXCHECK_BASE_IDENTIFIERS_H_
#define DXCHECK_BASE_IDENTIFIERS_H_

#include <string>

namespace dxcheck {

// "" when `code` is a valid USCC, else what is wrong with it (for a message):
// its length, a character outside GB 32100's set, a non-digit in the 6-digit
// administrative-division part, or the check character (expected vs found).
std::string CheckUscc(const std::string& code);

// True when `code` is an assigned ISO 3166-1 alpha-2 code (249 of them, as in
// Debian's iso-codes 4.15). "CN" is assigned; the manifest loader rejects it as
// a recipient country separately.
bool IsAssignedCountryCode(const std::string& code);

// `[a-z][a-z0-9]*(_[a-z0-9]+)*`, the form of sector, scenario and other codes.
bool IsLowerSnake(const std::string& s);

// `CN-[A-Z]{2}(-[A-Z0-9]+)+`, the form of a free-trade-zone code.
bool IsZoneCode(const std::string& s);

// A sha256 hash as the manifest writes it: "sha256:" and 64 lowercase hex.
bool IsSha256Hash(const std::string& s);

}  // namespace dxcheck

#endif  // DXCHECK_BASE_IDENTIFIERS_H_
