// The in-toto Statement (v1) that carries a decision: its subjects are the
// manifest (sha256 of its exact bytes) and every data file the manifest lists
// (by its declared sha256); its predicate is the decision document.
#ifndef DXCHECK_ATTEST_STATEMENT_H_
#define DXCHECK_ATTEST_STATEMENT_H_

#include <string>
#include <string_view>
#include <vector>

#include "checker/base/diagnostic.h"
#include "checker/base/status.h"
#include "checker/eval/decision.h"

namespace dxcheck {

constexpr const char kStatementType[] = "https://in-toto.io/Statement/v1";
constexpr const char kDecisionPredicateType[] = "https://dxcheck.dev/attestation/decision/v1";

struct Subject {
  std::string name;
  std::string sha256;  // hex
};

// The statement's exact bytes (compact JSON): these bytes are what is signed.
// `manifest_name` names the manifest subject (its file's base name).
std::string BuildStatement(const Decision& d, const std::string& manifest_name);
// The same around `decision_json`, which must be DecisionToCompactJson(d)
// (a caller that has serialised the decision already passes it, so the
// decision is serialised once, not once more for the statement).
std::string BuildStatement(const Decision& d, const std::string& manifest_name,
                           std::string_view decision_json);

class Key;

// The decision as a signed DSSE envelope (JSON text): the statement's bytes are
// built once, signed over PAE, and carried base64-encoded, never re-serialised.
// `cert_chain` (DER, leaf first) is carried beside the signature when given.
Result<std::string> SignDecision(const Decision& d, const std::string& manifest_name,
                                 const Key& key, const std::string& sm2_id,
                                 const std::vector<std::string>& cert_chain = {});
// SignDecision with the decision already serialised: `decision_json` must be
// DecisionToCompactJson(d).
Result<std::string> SignDecisionJson(const Decision& d, std::string_view decision_json,
                                     const std::string& manifest_name, const Key& key,
                                     const std::string& sm2_id,
                                     const std::vector<std::string>& cert_chain = {});

struct ParsedStatement {
  std::vector<Subject> subjects;
  std::string predicate_json;  // the predicate re-serialised compactly, for comparison
};

// Parses a statement strictly (duplicate keys, trailing data, unknown
// top-level keys are errors) and checks `_type` and `predicateType`.
// Problems go to `sink`; InvalidInput when any.
Result<ParsedStatement> ParseStatement(const std::string& bytes, DiagnosticSink* sink);

// Compares two JSON documents as values (member order ignored). Returns ""
// when equal, else the JSON pointer of the first difference found.
std::string FirstJsonDifference(const std::string& a, const std::string& b);

}  // namespace dxcheck

#endif  // DXCHECK_ATTEST_STATEMENT_H_
