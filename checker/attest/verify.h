// VerifyEnvelope: everything `dxcheck verify` checks, each check named, failing
// closed. In order:
//   1. the envelope parses strictly (keys, base64, no duplicates, no trailing data);
//   2. its payload type is in-toto's;
//   3. a signature made by one of the trusted keys verifies over PAE — a key
//      carried inside the envelope is never trusted by itself;
//   4. only then is the payload parsed: statement type, predicate type;
//   5. with a manifest: its sha256 and its declared resource digests equal the
//      subjects and the decision's manifest digest;
//   6. with a rule set as well: the lists and code list recorded in the
//      decision are exactly those loaded (by id and sha256), and evaluating the
//      manifest again at the recorded date reproduces the decision exactly.
#ifndef DXCHECK_ATTEST_VERIFY_H_
#define DXCHECK_ATTEST_VERIFY_H_

#include <string>
#include <vector>

#include "checker/attest/keys.h"
#include "checker/data/data_scan.h"
#include "checker/rules/rule_set.h"

namespace dxcheck {

struct VerifyOptions {
  std::vector<const Key*> trusted;      // pinned public keys
  std::string sm2_id = kDefaultSm2Id;
  const std::string* manifest = nullptr;  // exact bytes, when given
  std::string manifest_file;
  const RuleSet* rules = nullptr;  // re-evaluate when given (with a manifest)
  std::string expected_at;         // YYYY-MM-DD the decision must have been evaluated at, if set
  std::string ca_pem;              // --ca: roots that may vouch for the envelope's certificate chain
  // verify --data: the re-evaluation reads the data files too (a decision
  // signed with --data reproduces only with them).
  const DataOptions* data = nullptr;
};

struct VerifyCheck {
  std::string name;    // "envelope", "signature", "statement", "subject", "lists", "reproduced"
  bool ok = false;
  std::string detail;  // what was found, or precisely what failed
};

// How the key that verified the signature was found: the envelope's keyid
// named it, or the envelope gave no keyid (DSSE makes it optional) and every
// trusted key was tried.
enum class KeyMatch { kNone, kKeyId, kTrial };

struct VerifyReport {
  std::vector<VerifyCheck> checks;
  std::string decision_json;  // the signed decision (compact), once the signature verified
  // Set once the signature verified.
  std::string signer_keyid;
  std::string signer_algorithm;
  std::string signer_public_pem;  // the verifying key, as Key::PublicPem() writes it
  KeyMatch key_match = KeyMatch::kNone;
  bool via_certificate = false;  // the key was the leaf of a chain leading to a --ca root
  // sha256 of the decoded payload: an envelope's identity. Its bytes are not
  // (base64 alphabets, whitespace, keyid hints and ECDSA's (r, n-s) twin
  // signature all leave the signed content as it is).
  std::string payload_sha256;
  // Caveats of the result that are not failures, e.g. "signing time not
  // attested: ..." whenever a certificate chain was used.
  std::vector<std::string> notes;
  bool valid() const;
};

// One line per check ("ok    name: detail" / "FAIL  name: detail"), one per
// note ("note  ..."), then VALID or INVALID.
std::string VerifyReportToText(const VerifyReport& r);
// {"valid": bool, "checks": [{"check", "ok", "detail"}], "notes": [...]},
// pretty-printed; once the signature verified, also "payloadSha256" and
// "signer": {"keyid", "algorithm", "matchedBy": "keyid" | "trial",
// "certificate": bool}.
std::string VerifyReportToJson(const VerifyReport& r);

VerifyReport VerifyEnvelope(const std::string& envelope, const std::string& file,
                            const VerifyOptions& options);

}  // namespace dxcheck

#endif  // DXCHECK_ATTEST_VERIFY_H_
