#include "checker/categories/classifier.h"

#include <doctest/doctest.h>
#include <re2/re2.h>

#include "checker/base/file_io.h"
#include "tests/unit/test_util.h"

namespace dxcheck {
namespace {

std::vector<std::string> Codes(const std::string& name, const std::string& description = "") {
  PatternHits hits;
  Status s = test::ShippedRules().classifier().Classify(name, description, &hits);
  REQUIRE(s.ok());
  std::vector<std::string> codes;
  for (const PatternHit& h : hits) codes.push_back(h.code);
  return codes;
}

using V = std::vector<std::string>;

TEST_CASE("Chinese and English field names are classified") {
  CHECK(Codes("身份证号") == V{"pi.id_document"});
  CHECK(Codes("id_card_no") == V{"pi.id_document"});
  CHECK(Codes("USUBJID") == V{"pi.identity"});
  CHECK(Codes("genotype") == V{"hgr.genomic"});
  CHECK(Codes("variants", "VCF variant calls") == V{"hgr.genomic"});
  CHECK(Codes("诊断") == V{"pi.health"});
  CHECK(Codes("LBORRES") == V{"clinical.lab"});
  CHECK(Codes("PHONE") == V{"pi.contact"});
  CHECK(Codes("BATCH_NO") == V{"rd.process"});
  CHECK(Codes("id_number") == V{"pi.id_document"});
  CHECK(Codes("gene_variant") == V{"hgr.genomic"});
  CHECK(Codes("sequence_data") == V{"hgr.genomic"});
  CHECK(Codes("blood_pressure") == V{"pi.health"});
  CHECK(Codes("行程轨迹") == V{"pi.location.precise"});
  CHECK(Codes("用药记录") == V{"clinical.treatment_record"});
  CHECK(Codes("宗教信仰") == V{"pi.religion"});  // PIPL Art. 28
  CHECK(Codes("drug_name").empty());  // "name" alone is not a person's name
  CHECK(Codes("sequence_no").empty());
}

TEST_CASE("a name hit is reported before a description hit of the same category") {
  PatternHits hits;
  REQUIRE(test::ShippedRules().classifier().Classify("genotype", "VCF", &hits).ok());
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].target == PatternTarget::kName);
  CHECK(hits[0].pattern == "genotyp");
}

TEST_CASE("a cached classification is shared, and reads as the first one did") {
  const Classifier& c = test::ShippedRules().classifier();
  PatternHits first, again;
  REQUIRE(c.Classify("genotype_call_x9", "VCF variant calls", &first).ok());
  REQUIRE(c.Classify("genotype_call_x9", "VCF variant calls", &again).ok());
  REQUIRE(first.size() == again.size());
  REQUIRE_FALSE(first.empty());
  CHECK(first.begin() == again.begin());  // the cache's hits, not a copy
  for (size_t i = 0; i < first.size(); ++i) {
    CHECK(first[i].code == again[i].code);
    CHECK(first[i].pattern == again[i].pattern);
  }
  PatternHits none;
  REQUIRE(c.Classify("zzqx_no_category", "", &none).ok());
  CHECK(none.empty());
  CHECK(none.begin() == none.end());
}

TEST_CASE("a bad pattern is an error at its pointer") {
  Result<std::string> bytes = ReadFile(test::SourcePath("rules/categories.json"));
  REQUIRE(bytes.ok());
  std::string text = *bytes;
  size_t at = text.find("\"genotyp\"");
  REQUIRE(at != std::string::npos);
  text.replace(at, 9, "\"(genotyp\"");
  DiagnosticList diags;
  Result<CategoryList> cats = CategoryList::Load(text, "c.json", &diags);
  REQUIRE(cats.ok());
  Result<Classifier> c = Classifier::Build(*cats, "c.json", &diags);
  CHECK_FALSE(c.ok());
  REQUIRE(diags.all().size() == 1);
  CHECK(diags.all()[0].code == "E1301");
  CHECK(diags.all()[0].message == "invalid RE2 pattern \"(genotyp\": missing ): (genotyp");
  CHECK(diags.all()[0].json_pointer.rfind("/categories/", 0) == 0);
}

TEST_CASE("classification cost does not depend on the pattern count: 1,000 patterns compile") {
  Result<std::string> bytes = ReadFile(test::SourcePath("rules/categories.json"));
  REQUIRE(bytes.ok());
  DiagnosticList diags;
  // One set of 1,000 synthetic patterns must compile within the memory budget
  // and still classify correctly (bench/ measures the speed).
  std::string text = *bytes;
  std::string extra;
  for (int i = 0; i < 1000; ++i) extra += "\"synthetic_field_" + std::to_string(i) + "_x\", ";
  size_t at = text.find("\"genotyp\"");
  text.insert(at, extra);
  Result<CategoryList> big = CategoryList::Load(text, "c.json", &diags);
  REQUIRE(big.ok());
  Result<Classifier> c = Classifier::Build(*big, "c.json", &diags);
  REQUIRE(c.ok());
  PatternHits hits;
  REQUIRE(c->Classify("synthetic_field_999_x", "", &hits).ok());
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].code == "hgr.genomic");
  REQUIRE(c->Classify("身份证号", "", &hits).ok());
  CHECK(hits.size() == 1);
}

}  // namespace
}  // namespace dxcheck

namespace dxcheck {
namespace {

// The shipped code list with `pattern` (JSON string contents) added before "genotyp".
DiagnosticList BuildWith(const std::string& pattern, bool* ok) {
  std::string text = ReadFile(test::SourcePath("rules/categories.json")).value();
  text.insert(text.find("\"genotyp\""), "\"" + pattern + "\", ");
  DiagnosticList diags;
  Result<CategoryList> cats = CategoryList::Load(text, "c.json", &diags);
  REQUIRE(cats.ok());
  *ok = Classifier::Build(*cats, "c.json", &diags).ok();
  return diags;
}

TEST_CASE("a pattern past RE2's per-pattern memory budget fails at load, named and located") {
  bool ok = false;
  // \pL is hundreds of UTF-8 ranges: 20 of them fit in 1 MiB, 1,000 do not.
  DiagnosticList fits = BuildWith("^\\\\pL{20}$", &ok);
  CHECK(ok);
  CHECK(fits.all().empty());
  DiagnosticList too_big = BuildWith("^\\\\pL{1000}$", &ok);
  CHECK_FALSE(ok);
  REQUIRE(too_big.all().size() == 1);
  CHECK(too_big.all()[0].code == "E1310");
  CHECK(too_big.all()[0].message ==
        "pattern \"^\\pL{1000}$\" does not fit RE2's memory budget of 1 MiB per pattern; simplify it");
  CHECK(too_big.all()[0].json_pointer.rfind("/categories/", 0) == 0);
  CHECK(too_big.all()[0].line > 0);
}

// Classifier::Build compiles a pattern alone (to check it against the 1 MiB
// per-pattern budget) only when it is longer than 128 bytes or has "{", "\\p"
// or "\\P" (classifier.cc: MayExceedPatternBudget). That rests on no shorter
// pattern without them needing 1 MiB: the densest constructs known, repeated
// to 128 bytes, compile alone within it, with room to spare.
TEST_CASE("the densest 128-byte patterns without {, \\p or \\P fit the per-pattern budget") {
  RE2::Options alone;
  alone.set_encoding(RE2::Options::EncodingUTF8);
  alone.set_case_sensitive(false);
  alone.set_log_errors(false);
  alone.set_max_mem(1 << 20);
  for (const char* atom : {".", "\\W", "\\S", "\\D", "[^a]", "[^\u0391-\u03a9]", "[^\u01c5]",
                           "\\b.", "\u00df", "[^\u00c0-\u00ff]", "[[:^alpha:]]"}) {
    std::string p;
    while (p.size() + std::string(atom).size() <= 128) p += atom;
    RE2 re(p, alone);
    INFO(p);
    CHECK(re.ok());
    CHECK(re.ProgramSize() < 53000 / 4);  // a quarter of what 1 MiB holds, measured
  }
  bool ok = false;
  DiagnosticList diags = BuildWith(std::string(64, '.'), &ok);  // JSON "." x 64: compiled in the set only
  CHECK(ok);
  CHECK(diags.all().empty());
}

}  // namespace
}  // namespace dxcheck
