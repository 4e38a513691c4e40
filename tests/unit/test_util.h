// Helpers shared by the unit tests: the shipped rule set, a manifest builder
// that edits a minimal valid manifest by JSON pointer, and a one-call check.
#ifndef DXCHECK_TESTS_UNIT_TEST_UTIL_H_
#define DXCHECK_TESTS_UNIT_TEST_UTIL_H_

#include <string>

#include "checker/eval/check.h"
#include "checker/base/diagnostic.h"
#include "checker/rules/rule_set.h"
#include "rapidjson/document.h"

namespace dxcheck::test {

// rules/ of the source tree, loaded once. Fails the test run if it has errors.
const RuleSet& ShippedRules();
std::string SourcePath(const std::string& relative);

// A minimal valid manifest: one resource with one non-personal field, a
// non-CIIO biomedicine exporter, one US recipient, scenario drug_rd.
class ManifestBuilder {
 public:
  ManifestBuilder();
  // Sets the value at `pointer` (creating parents) to the JSON text `json`.
  ManifestBuilder& Set(const std::string& pointer, const std::string& json);
  ManifestBuilder& Remove(const std::string& pointer);
  // Replaces the fields of resource 0 with `fields_json` (a JSON array).
  ManifestBuilder& Fields(const std::string& fields_json);
  std::string Json() const;

 private:
  rapidjson::Document doc_;
};

// A field object with declared categories: {"name": n, "dxcheck": {"categories": [..]}}.
std::string TaggedField(const std::string& name, const std::string& categories_csv);

struct CheckRun {
  Status status;
  Decision decision;
  DiagnosticList diags;
  bool HasObligation(const std::string& id) const;
  const Obligation* FindObligation(const std::string& id) const;
  bool Fired(const std::string& rule) const;     // in force
  bool Relieved(const std::string& rule) const;  // fired, lifted
  bool HasWarning(const std::string& code) const;
};

CheckRun RunOn(const std::string& manifest_json, const std::string& at = "2026-12-01",
               bool clearance = true, bool strict = false, const RuleSet* rules = nullptr);

}  // namespace dxcheck::test

#endif  // DXCHECK_TESTS_UNIT_TEST_UTIL_H_
