// Every input error of spec/manifest.md that the loader detects, with its
// rendered text pinned (consistency errors: consistency_test.cc).
#include "checker/manifest/manifest_loader.h"

#include <doctest/doctest.h>

#include "tests/unit/test_util.h"

namespace dxcheck {
namespace {

using test::ManifestBuilder;

std::string Load(const std::string& json) {
  DiagnosticList diags;
  Result<Manifest> m = LoadManifest(json, "m.json", test::ShippedRules().categories(), &diags);
  CHECK(m.ok() == !diags.has_errors());
  return diags.RenderAll();
}

// The diagnostics without file:line:col, for messages of edited manifests.
std::string Messages(const std::string& json) {
  DiagnosticList diags;
  LoadManifest(json, "m.json", test::ShippedRules().categories(), &diags);
  std::string out;
  for (const Diagnostic& d : diags.all()) {
    out += d.code + " " + d.json_pointer + ": " + d.message + "\n";
  }
  return out;
}

TEST_CASE("the base manifest is valid and read with defaults") {
  DiagnosticList diags;
  Result<Manifest> m =
      LoadManifest(ManifestBuilder().Json(), "m.json", test::ShippedRules().categories(), &diags);
  REQUIRE(m.ok());
  CHECK(diags.all().empty());
  CHECK(m->transfer.mode == "transfer");
  CHECK(m->deidentification == "identified");
  CHECK(m->important_data.status == "none");
  CHECK_FALSE(m->exporter.zone);
  CHECK(m->sha256.size() == 64);
}

TEST_CASE("structural errors: one message each") {
  struct Case {
    const char* pointer;
    const char* json;  // nullptr: remove
    const char* expected;
  };
  const Case cases[] = {
      {"/dxcheck/exporter/uscc", "\"91310000MA1FL0000X\"",
       "E1110 /dxcheck/exporter/uscc: invalid unified social credit code \"91310000MA1FL0000X\": "
       "check character is 'X', GB 32100 gives 'N'\n"},
      {"/dxcheck/transferId", nullptr,
       "E1101 /dxcheck/transferId: required string \"transferId\" is missing\n"},
      {"/dxcheck/transferId", "\"  \"", "E1105 /dxcheck/transferId: must not be empty\n"},
      {"/dxcheck/exporter/ciio", "null",
       "E1104 /dxcheck/exporter/ciio: null where a boolean is expected\n"},
      {"/dxcheck/exporter/ciio", "\"no\"",
       "E1102 /dxcheck/exporter/ciio: expected a boolean, found a string\n"},
      {"/dxcheck/subjects", "{\"personal\": 1.5}",
       "E1106 /dxcheck/subjects/personal: expected an integer count (no fraction, no exponent), "
       "found 1.5\n"},
      {"/dxcheck/subjects", "{\"personal\": -3}",
       "E1106 /dxcheck/subjects/personal: a count must be >= 0, found -3\n"},
      {"/dxcheck/subjects", "{\"personal\": 1e5}",
       "E1106 /dxcheck/subjects/personal: expected an integer count (no fraction, no exponent), "
       "found 100000.0\n"},
      {"/dxcheck/subjects", "{\"personel\": 3}",
       "E1103 /dxcheck/subjects/personel: unknown key \"personel\" in dxcheck.subjects (did you "
       "mean \"personal\"?)\n"},
      {"/dxcheck/transfer/scenario", "\"shopping\"",
       "E1107 /dxcheck/transfer/scenario: \"shopping\" is not one of: clinical_trial, drug_rd, "
       "pharmacovigilance, medical_inquiry, diagnosis_treatment, hcp_management, "
       "business_partner, supplier_management, hr, manufacturing, trade, academic, other\n"},
      {"/dxcheck/transfer/date", "\"2026-02-30\"",
       "E1108 /dxcheck/transfer/date: \"2026-02-30\" is not a valid date (YYYY-MM-DD)\n"},
      {"/resources/0/hash", "\"md5:0123456789abcdef0123456789abcdef\"",
       "E1109 /resources/0/hash: md5 and sha1 hashes are not accepted: the decision binds files "
       "by sha256 (expected \"sha256:<64 lowercase hex>\")\n"},
      {"/resources/0/hash",
       "\"sha256:ABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABAB\"",
       "E1109 /resources/0/hash: sha256 hex must be lowercase\n"},
      {"/resources/0/hash", "\"abababababababababababababababababababababababababababababababab\"",
       "E1109 /resources/0/hash: missing the \"sha256:\" prefix (expected \"sha256:<64 "
       "lowercase hex>\")\n"},
      {"/dxcheck/recipients/0/country", "\"CN\"",
       "E1207 /dxcheck/recipients/0/country: recipient country CN: an export goes to a recipient "
       "outside the mainland (HK, MO and TW count as outside)\n"},
      {"/dxcheck/recipients/0/country", "\"XX\"",
       "E1111 /dxcheck/recipients/0/country: \"XX\" is not an assigned ISO 3166-1 alpha-2 code\n"},
      {"/dxcheck/recipients", "[]",
       "E1115 /dxcheck/recipients: at least one recipient is required\n"},
      {"/resources", "[]",
       "E1115 /resources: no resources: a manifest lists at least one data file\n"},
      {"/resources/0/schema", "\"schema.json\"",
       "E1114 /resources/0/schema: schema must be inline: manifest version 1 reads inline "
       "schemas only, found a reference \"schema.json\"\n"},
      {"/dxcheck/exporter/sector", "\"Bio-Medicine\"",
       "E1112 /dxcheck/exporter/sector: \"Bio-Medicine\" is not a sector code (lower_snake, e.g. "
       "biomedicine)\n"},
      {"/dxcheck/exporter/zone", "\"CN-js-ftz\"",
       "E1112 /dxcheck/exporter/zone: \"CN-js-ftz\" is not a zone code (CN-XX-..., e.g. "
       "CN-JS-FTZ-SZ)\n"},
      {"/dxcheck/status", "{\"securityAssessment\": {\"reference\": \"SA-1\"}}",
       "E1101 /dxcheck/status/securityAssessment/validUntil: required string \"validUntil\" is "
       "missing\n"},
      {"/dxcheck/manifestVersion", "\"2\"",
       "E1116 /dxcheck/manifestVersion: unsupported manifestVersion \"2\": this dxcheck reads "
       "version \"1\"\n"},
      {"/resources/0/schema/fields/0/dxcheck/categories", "[\"person.email\"]",
       "E1113 /resources/0/schema/fields/0/dxcheck/categories/0: unknown category code "
       "\"person.email\" (not in categories.json and extends no code there)\n"},
      {"/resources/0/schema/fields/0/dxcheck/categories", "[\"lab\"]",
       "E1113 /resources/0/schema/fields/0/dxcheck/categories/0: unknown category code \"lab\" (not "
       "in categories.json and extends no code there); did you mean \"clinical.lab\"?\n"},
      {"/resources/0/schema/fields/0/dxcheck/categories", "[\"pi.helth\"]",
       "E1113 /resources/0/schema/fields/0/dxcheck/categories/0: unknown category code "
       "\"pi.helth\": did you mean \"pi.health\"? (a code that extends pi must not be a "
       "misspelling of a listed code)\n"},
      {"/resources/0/schema/fields/0/dxcheck/categories", "[\"clinical.labs.chem\"]",
       "E1113 /resources/0/schema/fields/0/dxcheck/categories/0: unknown category code "
       "\"clinical.labs.chem\": did you mean \"clinical.lab\"? (a code that extends clinical "
       "must not be a misspelling of a listed code)\n"},
      {"/resources/0/schema/fields/0/dxcheck/categories", "[]",
       "E1105 /resources/0/schema/fields/0/dxcheck/categories: categories must not be empty (omit "
       "the key to let patterns classify the field)\n"},
      {"/resources/0/bytes", "null", "E1104 /resources/0/bytes: null where an integer count is expected\n"},
      {"/dxcheck/hgr", "{\"information\": true, \"sequenced\": 3}",
       "E1103 /dxcheck/hgr/sequenced: unknown key \"sequenced\" in dxcheck.hgr\n"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.pointer);
    ManifestBuilder b;
    if (c.json == nullptr) {
      b.Remove(c.pointer);
    } else {
      b.Set(c.pointer, c.json);
    }
    CHECK(Messages(b.Json()) == c.expected);
  }
}

TEST_CASE("a category extending a known code is accepted") {
  ManifestBuilder b;
  b.Fields("[" + test::TaggedField("DX", "pi.health.diagnosis") + "]");
  CHECK(Messages(b.Json()) == "");
}

TEST_CASE("counts beyond 2^53 and exact positions") {
  std::string json = ManifestBuilder().Json();
  json.replace(json.find("\"bytes\": 100"), 12, "\"bytes\": 9007199254740993");
  std::string out = Load(json);
  CHECK(out.find("error[E1106]: /resources/0/bytes: a count must be <= 2^53 (9007199254740992), "
                 "found 9007199254740993") != std::string::npos);
  CHECK(out.rfind("m.json:", 0) == 0);
}

TEST_CASE("every problem is reported in one run, in file order") {
  ManifestBuilder b;
  b.Set("/dxcheck/exporter/uscc", "\"X\"")
      .Set("/dxcheck/recipients/0/country", "\"CN\"")
      .Set("/resources/0/hash", "\"sha1:00\"")
      .Remove("/dxcheck/transfer/purpose");
  DiagnosticList diags;
  LoadManifest(b.Json(), "m.json", test::ShippedRules().categories(), &diags);
  REQUIRE(diags.error_count() == 4);
  for (size_t i = 1; i < diags.all().size(); ++i) {
    CHECK(diags.all()[i - 1].line <= diags.all()[i].line);
  }
}

TEST_CASE("a missing key is located at its parent") {
  std::string json = "{\"resources\": [{\"name\": \"r\", \"path\": \"p\", \"bytes\": 1,\n"
                     "  \"hash\": \"sha256:" + std::string(64, '0') + "\"}]}";
  CHECK(Load(json) == "m.json:1:1: error[E1101]: /dxcheck: required object \"dxcheck\" is missing\n");
}

TEST_CASE("not a manifest at all") {
  CHECK(Load("[1, 2]") == "m.json:1:1: error[E1102]: expected a Data Package object, found an array\n");
  CHECK(Load("{\"a\": }").find("error[E1001]") != std::string::npos);
}

}  // namespace
}  // namespace dxcheck

namespace dxcheck {
namespace {

TEST_CASE("field names and descriptions are bounded: at the bound and one past it") {
  auto field = [](size_t name_len, size_t desc_len) {
    return R"([{"name": ")" + std::string(name_len, 'n') + R"(", "description": ")" +
           std::string(desc_len, 'd') + R"(", "dxcheck": {"categories": ["nonpersonal"]}}])";
  };
  CHECK(Messages(ManifestBuilder().Fields(field(kMaxFieldNameBytes, kMaxFieldDescriptionBytes)).Json()) == "");
  CHECK(Messages(ManifestBuilder().Fields(field(kMaxFieldNameBytes + 1, 1)).Json()) ==
        "E1117 /resources/0/schema/fields/0/name: a field name is at most 1024 bytes, found 1025\n");
  CHECK(Messages(ManifestBuilder().Fields(field(1, kMaxFieldDescriptionBytes + 1)).Json()) ==
        "E1117 /resources/0/schema/fields/0/description: a field description is at most 8192 bytes, "
        "found 8193\n");
}

// ReadField finds a field's members in one pass: each lands in its own Field,
// labels included, whatever the order (the strings are moved out of the tree,
// which cannot be seen here; the fields' subtrees are then dropped from the
// kept document).
TEST_CASE("field members are read into their Field, whatever their order") {
  DiagnosticList diags;
  std::string fields =
      R"([{"description": "the patient's given name", "tags": ["PII.Name", {"tagFQN": "PII.Sensitive"}, 3, ""],)"
      R"( "type": "string", "name": "patient_given_name_field", "infoTypes": ["PERSON_NAME"],)"
      R"( "dxcheck": {"categories": ["pi.basic"]}},)"
      R"( {"name": "visit_date", "x-other": {"name": "not this one"}}])";
  Result<Manifest> m = LoadManifest(ManifestBuilder().Fields(fields).Json(), "m.json",
                                    test::ShippedRules().categories(), &diags);
  REQUIRE(m.ok());
  REQUIRE(m->resources.size() == 1);
  REQUIRE(m->resources[0].fields.size() == 2);
  const Field& f = m->resources[0].fields[0];
  CHECK(f.name == "patient_given_name_field");
  CHECK(f.type == "string");
  CHECK(f.description == "the patient's given name");
  CHECK(f.tags == std::vector<std::string>{"PII.Name", "PII.Sensitive"});
  CHECK(f.info_types == std::vector<std::string>{"PERSON_NAME"});
  CHECK(f.tagged);
  CHECK(f.categories == std::vector<std::string>{"pi.basic"});
  CHECK(f.pointer == "/resources/0/schema/fields/0");
  const Field& g = m->resources[0].fields[1];
  CHECK(g.name == "visit_date");
  CHECK(g.type.empty());
  CHECK(g.description.empty());
  CHECK(g.pointer == "/resources/0/schema/fields/1");
  const JsonValue* kept = ResolvePointer(*m->doc, "/resources/0/schema/fields");
  REQUIRE(kept != nullptr);
  CHECK(kept->items.empty());
}

// Each at the member itself (LoadManifest reports in the order of the text).
TEST_CASE("a field's members of the wrong type are reported where they stand") {
  CHECK(Messages(ManifestBuilder().Fields(R"([{"type": 1, "name": null, "description": [],
      "dxcheck": "x"}])").Json()) ==
        "E1102 /resources/0/schema/fields/0/type: expected a string, found a number\n"
        "E1104 /resources/0/schema/fields/0/name: null where a string is expected\n"
        "E1102 /resources/0/schema/fields/0/description: expected a string, found an array\n"
        "E1102 /resources/0/schema/fields/0/dxcheck: expected an object, found a string\n");
}

// The lines of `Messages` with `code`.
std::string Only(const std::string& messages, const std::string& code) {
  std::string out, line;
  for (size_t at = 0, end; at < messages.size(); at = end + 1) {
    end = messages.find('\n', at);
    line = messages.substr(at, end - at);
    if (line.rfind(code + " ", 0) == 0) out += line + "\n";
  }
  return out;
}

// RejectTodos walks the dxcheck object in document order without recursion
// or a stack: into arrays and objects, past empty ones, up from the last
// member of each.
TEST_CASE("every TODO left in the dxcheck object is reported, in document order") {
  ManifestBuilder b;
  b.Set("/dxcheck/recipients",
        R"([{"name": "TODO: who", "country": "US"}, {"name": "B", "country": "TODO: where"}])")
      .Set("/dxcheck/x", R"(["TODO: a", {"b": "TODO: b"}, [], {}, [["TODO: deep"]]])")
      .Set("/dxcheck/z", R"("TODO: last")");
  CHECK(Only(Messages(b.Json()), "E1119") ==
        "E1119 /dxcheck/recipients/0/name: not filled in: TODO: who\n"
        "E1119 /dxcheck/recipients/1/country: not filled in: TODO: where\n"
        "E1119 /dxcheck/x/0: not filled in: TODO: a\n"
        "E1119 /dxcheck/x/1/b: not filled in: TODO: b\n"
        "E1119 /dxcheck/x/4/0/0: not filled in: TODO: deep\n"
        "E1119 /dxcheck/z: not filled in: TODO: last\n");
  CHECK(Only(Messages(ManifestBuilder().Json()), "E1119").empty());
}

// Field pointers and diagnostics past index 9 (more than one digit).
TEST_CASE("a field's pointer and its diagnostics name indexes of several digits") {
  std::string fields = "[";
  for (int i = 0; i < 12; ++i) fields += "{\"name\": \"f" + std::to_string(i) + "\"},";
  fields += "7]";
  DiagnosticList diags;
  Result<Manifest> m = LoadManifest(ManifestBuilder().Fields(fields).Json(), "m.json",
                                    test::ShippedRules().categories(), &diags);
  CHECK_FALSE(m.ok());
  CHECK(Messages(ManifestBuilder().Fields(fields).Json()) ==
        "E1102 /resources/0/schema/fields/12: expected a field object\n");
  fields.resize(fields.size() - 3);  // without the 7
  m = LoadManifest(ManifestBuilder().Fields(fields + "]").Json(), "m.json",
                   test::ShippedRules().categories(), &diags);
  REQUIRE(m.ok());
  REQUIRE(m->resources[0].fields.size() == 12);
  CHECK(m->resources[0].fields[10].pointer == "/resources/0/schema/fields/10");
  CHECK(m->resources[0].fields[11].name == "f11");
}

TEST_CASE("a field without a name, or with an empty one, is reported at the field") {
  CHECK(Messages(ManifestBuilder().Fields(R"([{"type": "string"}])").Json()) ==
        "E1101 /resources/0/schema/fields/0/name: required string \"name\" is missing\n");
  CHECK(Messages(ManifestBuilder().Fields(R"([{"name": ""}])").Json()) ==
        "E1105 /resources/0/schema/fields/0/name: must not be empty\n");
}

}  // namespace
}  // namespace dxcheck
