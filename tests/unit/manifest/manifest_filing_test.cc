// dxcheck.filing (docs/manifest.md "Filing details"): read with pointers,
// validated like every dxcheck object, and never read by a rule.
#include <doctest/doctest.h>

#include "checker/eval/decision_json.h"
#include "checker/manifest/manifest_loader.h"
#include "tests/unit/test_util.h"

namespace dxcheck {
namespace {

using test::ManifestBuilder;

constexpr char kFiling[] = R"({
  "transferMethod": "SFTP",
  "retentionAbroad": {"from": "2026-12-01", "to": "2031-11-30"},
  "storagePlaceAbroad": "Frankfurt, DE",
  "onwardRecipients": [{"name": "CRO Ltd", "country": "GB"}],
  "recipients": [{"name": "Acme Inc.", "address": "1 Main St, Boston", "contact": "dpo@acme.example"}],
  "legalRepresentative": "张三",
  "filingAgent": "李四",
  "dataSecurityOfficer": "王五",
  "transferFrequency": "monthly"
})";

std::string Messages(const std::string& json) {
  DiagnosticList diags;
  LoadManifest(json, "m.json", test::ShippedRules().categories(), &diags);
  std::string out;
  for (const Diagnostic& d : diags.all()) out += d.code + " " + d.json_pointer + ": " + d.message + "\n";
  return out;
}

TEST_CASE("every filing key is read with its pointer") {
  DiagnosticList diags;
  Result<Manifest> m = LoadManifest(ManifestBuilder().Set("/dxcheck/filing", kFiling).Json(), "m.json",
                                    test::ShippedRules().categories(), &diags);
  REQUIRE(m.ok());
  CHECK(diags.all().empty());
  const FilingInfo& f = m->filing;
  CHECK(f.present);
  CHECK(f.transfer_method.value == "SFTP");
  CHECK(f.transfer_method.pointer == "/dxcheck/filing/transferMethod");
  CHECK(f.retention_from.value == "2026-12-01");
  CHECK(f.retention_to.pointer == "/dxcheck/filing/retentionAbroad/to");
  CHECK(f.storage_place.value == "Frankfurt, DE");
  REQUIRE(f.onward_recipients.size() == 1);
  CHECK(f.onward_recipients[0].country == "GB");
  CHECK(f.onward_recipients[0].pointer == "/dxcheck/filing/onwardRecipients/0");
  REQUIRE(f.recipients.size() == 1);
  CHECK(f.recipients[0].contact.value == "dpo@acme.example");
  CHECK(f.recipients[0].address.pointer == "/dxcheck/filing/recipients/0/address");
  CHECK(f.legal_representative.value == "张三");
  CHECK(f.filing_agent.value == "李四");
  CHECK(f.data_security_officer.value == "王五");
  CHECK(f.frequency.value == "monthly");
}

TEST_CASE("filing errors: unknown keys, types, dates, names, recipients") {
  auto with = [](const std::string& pointer, const std::string& json) {
    return Messages(ManifestBuilder().Set("/dxcheck/filing", kFiling).Set(pointer, json).Json());
  };
  CHECK(with("/dxcheck/filing/transferMetod", "\"x\"").find("E1103 /dxcheck/filing/transferMetod") !=
        std::string::npos);
  CHECK(with("/dxcheck/filing/transferMetod", "\"x\"").find("transferMethod") != std::string::npos);
  CHECK(with("/dxcheck/filing/transferMethod", "3").find("E1102 /dxcheck/filing/transferMethod") != std::string::npos);
  CHECK(with("/dxcheck/filing/transferMethod", "\" \"").find("E1105 /dxcheck/filing/transferMethod") != std::string::npos);
  CHECK(with("/dxcheck/filing/retentionAbroad/to", "\"2026-02-30\"").find("E1108 /dxcheck/filing/retentionAbroad/to") !=
        std::string::npos);
  CHECK(with("/dxcheck/filing/retentionAbroad/to", "\"2025-01-01\"").find("E1120 /dxcheck/filing/retentionAbroad:") !=
        std::string::npos);
  CHECK(with("/dxcheck/filing/retentionAbroad/until", "\"2030-01-01\"").find("E1103") != std::string::npos);
  CHECK(with("/dxcheck/filing/onwardRecipients/0/country", "\"XX\"").find("E1111") != std::string::npos);
  CHECK(with("/dxcheck/filing/onwardRecipients/0", "null").find("E1104") != std::string::npos);
  CHECK(with("/dxcheck/filing/recipients/0/name", "\"Other Corp\"").find("E1120 /dxcheck/filing/recipients/0/name") !=
        std::string::npos);
  CHECK(with("/dxcheck/filing/recipients/1", "{\"name\": \"Acme Inc.\"}").find("E1120 /dxcheck/filing/recipients/1/name") !=
        std::string::npos);
  CHECK(with("/dxcheck/filing/recipients/0/phone", "\"1\"").find("E1103") != std::string::npos);
  CHECK(with("/dxcheck/filing/legalRepresentative", "\"张三 110101199003071234\"").find("E1121") != std::string::npos);
  CHECK(with("/dxcheck/filing/filingAgent", "\"11010119900307123X\"").find("E1121") != std::string::npos);
  CHECK(with("/dxcheck/filing/filingAgent", "\"李四 (ext. 1234)\"").empty());
  CHECK(with("/dxcheck/filing/onwardRecipients", "[]").empty());
  CHECK(Messages(ManifestBuilder().Set("/dxcheck/filing", "[]").Json()).find("E1102 /dxcheck/filing") != std::string::npos);
}

TEST_CASE("the filing object never changes a decision") {
  // A manifest on each verdict: free flow, contract (100,000 persons), security assessment
  // (1,000,000), with HGR; the decisions with and without dxcheck.filing are equal but for
  // the manifest's digest.
  const char* subjects[] = {R"({"personal": 10})", R"({"personal": 150000})", R"({"personal": 1500000})"};
  for (const char* s : subjects) {
    ManifestBuilder base;
    base.Fields("[" + test::TaggedField("NAME", "pi.basic") + "," + test::TaggedField("GT", "hgr.genomic") + "]")
        .Set("/dxcheck/subjects", s)
        .Set("/dxcheck/subjects/sensitive", "1")
        .Set("/dxcheck/hgr", R"({"information": true})");
    test::CheckRun without = test::RunOn(base.Json());
    REQUIRE(without.status.ok());
    test::CheckRun with = test::RunOn(base.Set("/dxcheck/filing", kFiling).Json());
    REQUIRE(with.status.ok());
    Decision a = std::move(without.decision), b = std::move(with.decision);
    CHECK(a.manifest_sha256 != b.manifest_sha256);
    b.manifest_sha256 = a.manifest_sha256;
    CHECK(DecisionToJson(a) == DecisionToJson(b));
    CHECK(a.exit_code == b.exit_code);
  }
}

}  // namespace
}  // namespace dxcheck
