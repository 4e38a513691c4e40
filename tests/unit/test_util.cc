#include "tests/unit/test_util.h"

#include <doctest/doctest.h>

#include <cstdlib>
#include <iostream>

#include "rapidjson/pointer.h"
#include "rapidjson/prettywriter.h"
#include "rapidjson/stringbuffer.h"

namespace dxcheck::test {
namespace {

const char kBase[] = R"({
  "name": "unit-test",
  "resources": [{
    "name": "batches", "path": "data/batches.csv", "bytes": 100,
    "hash": "sha256:0000000000000000000000000000000000000000000000000000000000000000",
    "schema": {"fields": [{"name": "BATCH_NO", "type": "string",
                           "dxcheck": {"categories": ["rd.process"]}}]}
  }],
  "dxcheck": {
    "manifestVersion": "1",
    "transferId": "T-UNIT",
    "exporter": {"name": "测试公司", "uscc": "91310000MA1FL0000N", "ciio": false,
                 "sector": "biomedicine"},
    "recipients": [{"name": "Acme Inc.", "country": "US"}],
    "transfer": {"scenario": "drug_rd", "purpose": "testing", "date": "2026-12-01"}
  }
})";

}  // namespace

std::string SourcePath(const std::string& relative) {
  return std::string(DXCHECK_SOURCE_DIR) + "/" + relative;
}

const RuleSet& ShippedRules() {
  static const RuleSet* rules = [] {
    DiagnosticList diags;
    Result<RuleSet> r = RuleSet::Load(SourcePath("rules"), {}, &diags);
    if (!r.ok()) {
      std::cerr << diags.RenderAll() << r.status().message() << "\n";
      std::abort();
    }
    return new RuleSet(std::move(r).value());
  }();
  return *rules;
}

ManifestBuilder::ManifestBuilder() { doc_.Parse(kBase); }

ManifestBuilder& ManifestBuilder::Set(const std::string& pointer, const std::string& json) {
  rapidjson::Document v(&doc_.GetAllocator());
  v.Parse(json.c_str());
  REQUIRE_MESSAGE(!v.HasParseError(), "bad JSON in test: " << json);
  rapidjson::Pointer(pointer.c_str()).Set(doc_, v);
  return *this;
}

ManifestBuilder& ManifestBuilder::Remove(const std::string& pointer) {
  rapidjson::Pointer(pointer.c_str()).Erase(doc_);
  return *this;
}

ManifestBuilder& ManifestBuilder::Fields(const std::string& fields_json) {
  return Set("/resources/0/schema/fields", fields_json);
}

std::string ManifestBuilder::Json() const {
  rapidjson::StringBuffer buf;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buf);
  doc_.Accept(w);
  return buf.GetString();
}

std::string TaggedField(const std::string& name, const std::string& categories_csv) {
  std::string cats;
  size_t start = 0;
  while (start <= categories_csv.size()) {
    size_t comma = categories_csv.find(',', start);
    std::string c = categories_csv.substr(start, comma == std::string::npos ? comma : comma - start);
    cats += (cats.empty() ? "\"" : ", \"") + c + "\"";
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return "{\"name\": \"" + name + "\", \"dxcheck\": {\"categories\": [" + cats + "]}}";
}

bool CheckRun::HasObligation(const std::string& id) const { return FindObligation(id) != nullptr; }

const Obligation* CheckRun::FindObligation(const std::string& id) const {
  for (const Obligation& o : decision.obligations) {
    if (o.id == id) return &o;
  }
  return nullptr;
}

bool CheckRun::Fired(const std::string& rule) const {
  for (const Match& m : decision.matches) {
    if (m.rule == rule) return true;
  }
  return false;
}

bool CheckRun::Relieved(const std::string& rule) const {
  for (const Match& m : decision.relieved) {
    if (m.rule == rule) return true;
  }
  return false;
}

bool CheckRun::HasWarning(const std::string& code) const {
  for (const DecisionWarning& w : decision.warnings) {
    if (w.code == code) return true;
  }
  return false;
}

CheckRun RunOn(const std::string& manifest_json, const std::string& at, bool clearance,
               bool strict, const RuleSet* rules) {
  CheckRun run;
  CheckOptions options;
  options.evaluation.at = *Date::Parse(at);
  options.evaluation.clearance = clearance;
  options.strict = strict;
  Result<Decision> d = RunCheck(manifest_json, "m.json", rules ? *rules : ShippedRules(), options,
                                &run.diags);
  if (d.ok()) {
    run.decision = std::move(d).value();
  } else {
    run.status = d.status();
  }
  return run;
}

}  // namespace dxcheck::test
