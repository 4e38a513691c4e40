#include "checker/rules/predicate_eval.h"
#include "checker/rules/predicate.h"

#include <doctest/doctest.h>

#include <deque>

#include "checker/base/json_parser.h"
#include "checker/manifest/manifest_loader.h"
#include "tests/unit/test_util.h"

namespace dxcheck {
namespace {

// Parses `json` as a predicate; returns the rendered diagnostics.
std::string ParseErrors(const std::string& json, Predicate* p) {
  DiagnosticList diags;
  std::optional<JsonValue> doc = ParseJson(json, "l.json", {true, 64}, &diags);
  REQUIRE(doc);
  InputContext ctx{"l.json", &diags};
  bool ok = ParsePredicate(*doc, ctx, test::ShippedRules().categories(), p);
  CHECK(ok == !diags.has_errors());
  return diags.RenderAll();
}

struct Fixture {
  Manifest m;
  DataProfile profile;
  Facts facts;
};

Fixture Build(const test::ManifestBuilder& b) {
  DiagnosticList diags;
  Result<Manifest> m = LoadManifest(b.Json(), "m.json", test::ShippedRules().categories(), &diags);
  REQUIRE(m.ok());
  Fixture f{std::move(m).value(), {}, {}};
  f.profile = BuildDataProfile(f.m, test::ShippedRules().categories(),
                               test::ShippedRules().classifier()).value();
  f.facts = Facts::Build(f.m, f.profile);
  return f;
}

bool Eval(const std::string& json, const Fixture& f, Failure* failure = nullptr,
          std::vector<Evidence>* ev = nullptr) {
  // The evidence refers to the predicate's test texts and to the store's:
  // both outlive the call, since the caller reads the evidence.
  static std::deque<Predicate> predicates;
  static TextStore texts;
  Predicate& p = predicates.emplace_back();
  REQUIRE(ParseErrors(json, &p) == "");
  std::vector<Evidence> local;
  bool holds = EvaluatePredicate(p, f.facts, ev ? ev : &local, &texts, failure);
  // Without evidence (the evaluator's first, cheap pass) the answer is the same.
  CHECK(EvaluatePredicate(p, f.facts, nullptr, nullptr, nullptr) == holds);
  if (!holds) CHECK((ev ? ev : &local)->empty());
  return holds;
}

TEST_CASE("parse errors are pinned") {
  struct Case {
    const char* json;
    const char* expected;
  };
  const Case cases[] = {
      {R"({"fact": "subjects.persnal", "gte": 1})",
       "l.json:1:10: error[E1305]: /fact: unknown fact \"subjects.persnal\" (did you mean "
       "\"subjects.personal\"?)\n"},
      {R"({"fact": "exporter.ciio", "gte": 1})",
       "l.json:1:34: error[E1308]: /gte: \"gte\" on boolean fact \"exporter.ciio\" needs the "
       "operator \"is\" (true or false)\n"},
      {R"({"fact": "cumulative.personal", "gte": 1.5})",
       "l.json:1:40: error[E1106]: /gte: expected an integer count (no fraction, no exponent), "
       "found 1.5\n"},
      {R"({"fact": "cumulative.personal", "between": 1})",
       "l.json:1:44: error[E1304]: /between: \"between\" is not an operator on counts (gt, gte, "
       "lt, lte, eq)\n"},
      {R"({"fact": "categories", "anyUnder": ["person"]})",
       "l.json:1:37: error[E1113]: /anyUnder/0: unknown category code or family \"person\"\n"},
      // A typo is no extension in a list: the rule could never match.
      {R"({"personsWith": ["pi.helth"], "gte": 1})",
       "l.json:1:18: error[E1113]: /personsWith/0: unknown category code or family \"pi.helth\" "
       "(did you mean \"pi.health\"?)\n"},
      {R"({"fact": "categories", "anyUnder": ["pi.health.lab"]})",
       "l.json:1:37: error[E1113]: /anyUnder/0: unknown category code or family \"pi.health.lab\""
       "\n"},
      {R"({"fact": "categories", "allUnder": ["lab"]})",
       "l.json:1:37: error[E1113]: /allUnder/0: unknown category code or family \"lab\" (did you "
       "mean \"clinical.lab\"?)\n"},
      {R"({"all": []})",
       "l.json:1:9: error[E1304]: /all: \"all\" takes a non-empty array of conditions\n"},
      {R"({"all": [{"fact": "coreData", "is": true}], "any": []})",
       "l.json:1:52: error[E1304]: /any: a condition has one operator; found \"all\" and \"any\"\n"},
      {R"({"foo": 1})",
       "l.json:1:1: error[E1304]: a condition is one of {\"all\": [...]}, {\"any\": [...]}, "
       "{\"not\": {...}}, {\"fact\": NAME, OP: VALUE}, {\"personsWith\": [...], OP: N}\n"},
      {R"({"fact": "recipients.country", "anyUnder": ["US"]})",
       "l.json:1:44: error[E1308]: /anyUnder: \"anyUnder\" on set of strings fact "
       "\"recipients.country\" needs anyIn, allIn or noneIn\n"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.json);
    Predicate p;
    CHECK(ParseErrors(c.json, &p) == c.expected);
  }
}

TEST_CASE("evaluation: comparisons, sets, prefixes, groups") {
  test::ManifestBuilder b;
  b.Fields("[" + test::TaggedField("DX", "pi.health.diagnosis") + "," +
           test::TaggedField("NAME", "pi.basic") + "]")
      .Set("/dxcheck/subjects", R"({"personal": 150, "sensitive": 100,
                                    "priorThisYear": {"personal": 50, "sensitive": 10}})")
      .Set("/dxcheck/recipients", R"([{"name": "a", "country": "US"}, {"name": "b", "country": "HK"}])");
  Fixture f = Build(b);
  CHECK(Eval(R"({"fact": "cumulative.personal", "eq": 200})", f));
  CHECK(Eval(R"({"fact": "cumulative.sensitive", "gte": 110})", f));
  CHECK_FALSE(Eval(R"({"fact": "cumulative.sensitive", "gt": 110})", f));
  CHECK(Eval(R"({"fact": "recipients.country", "anyIn": ["HK", "MO"]})", f));
  CHECK_FALSE(Eval(R"({"fact": "recipients.country", "allIn": ["HK", "MO"]})", f));
  CHECK(Eval(R"({"fact": "recipients.country", "noneIn": ["JP"]})", f));
  CHECK(Eval(R"({"fact": "categories", "anyUnder": ["pi.health"]})", f));
  CHECK_FALSE(Eval(R"({"fact": "categories", "anyUnder": ["clinical.lab"]})", f));
  CHECK(Eval(R"({"fact": "personalCategories", "allUnder": ["pi"]})", f));
  CHECK_FALSE(Eval(R"({"fact": "personalCategories", "allUnder": ["pi.health"]})", f));
  CHECK(Eval(R"({"fact": "exporter.zone", "present": false})", f));
  CHECK_FALSE(Eval(R"({"fact": "exporter.zone", "in": ["CN-BJ-FTZ"]})", f));
  CHECK(Eval(R"({"not": {"fact": "exporter.ciio", "is": true}})", f));
  CHECK(Eval(R"({"any": [{"fact": "coreData", "is": true}, {"fact": "pi.present", "is": true}]})", f));
  CHECK(Eval(R"({"personsWith": ["pi.health"], "eq": 110})", f));  // sensitive: cumulative sensitive
  CHECK(Eval(R"({"personsWith": ["pi.basic"], "eq": 200})", f));   // not sensitive: cumulative personal
  CHECK_FALSE(Eval(R"({"personsWith": ["clinical"], "gte": 0})", f));  // no such data
}

TEST_CASE("the first failing leaf and the value it saw") {
  test::ManifestBuilder b;
  b.Set("/dxcheck/subjects", R"({"personal": 0})");
  Fixture f = Build(b);
  Failure fail;
  CHECK_FALSE(Eval(R"({"all": [{"fact": "exporter.ciio", "is": false},
                               {"fact": "cumulative.personal", "gte": 100000}]})", f, &fail));
  CHECK(fail.test == "cumulative.personal >= 100000");
  CHECK(fail.seen == "0");
  CHECK(fail.pointer == "/all/1");
}

TEST_CASE("evidence points into the manifest") {
  test::ManifestBuilder b;
  b.Fields("[" + test::TaggedField("NAME", "pi.basic") + "]")
      .Set("/dxcheck/subjects", R"({"personal": 150000, "priorThisYear": {"personal": 7}})");
  Fixture f = Build(b);
  std::vector<Evidence> ev;
  REQUIRE(Eval(R"({"fact": "cumulative.personal", "gte": 100000})", f, nullptr, &ev));
  REQUIRE(ev.size() == 2);
  CHECK(ev[0].pointer == "/dxcheck/subjects/personal");
  CHECK(ev[0].value_json == "150007");
  CHECK(ev[0].test == ">= 100000");
  CHECK(ev[1].pointer == "/dxcheck/subjects/priorThisYear/personal");
  CHECK(ev[1].value_json == "7");
}

TEST_CASE("evidence comes only from the branches that held") {
  test::ManifestBuilder b;
  b.Fields("[" + test::TaggedField("DX", "pi.health.diagnosis") + "," +
           test::TaggedField("NAME", "pi.basic") + "]")
      .Set("/dxcheck/subjects", R"({"personal": 150, "sensitive": 100})");
  Fixture f = Build(b);
  std::vector<Evidence> ev;
  // The first branch's leaf holds, then its second fails: its evidence goes.
  REQUIRE(Eval(R"({"any": [{"all": [{"fact": "categories", "anyUnder": ["pi"]},
                                      {"fact": "exporter.ciio", "is": true}]},
                             {"fact": "categories", "allUnder": ["pi"]}]})", f, nullptr, &ev));
  REQUIRE(ev.size() == 2);  // one per category, from the second branch only
  CHECK(ev[0].value_json == "\"pi.health.diagnosis\"");
  CHECK(ev[0].test == "allUnder [pi]");
  CHECK(ev[1].value_json == "\"pi.basic\"");
  ev.clear();
  // anyUnder lists every hit, not only the first one the cheap pass stops at.
  REQUIRE(Eval(R"({"fact": "categories", "anyUnder": ["pi"]})", f, nullptr, &ev));
  CHECK(ev.size() == 2);
  ev.clear();
  REQUIRE(Eval(R"({"personsWith": ["pi"], "gte": 100})", f, nullptr, &ev));
  REQUIRE(ev.size() == 3);
  CHECK(ev[0].pointer == "/dxcheck/subjects/sensitive");
  CHECK(ev[1].test == "under [pi]");
}

TEST_CASE("anonymised data counts no one") {
  test::ManifestBuilder b;
  b.Fields("[" + test::TaggedField("NAME", "pi.basic") + "]")
      .Set("/dxcheck/subjects", R"({"personal": 150000})")
      .Set("/dxcheck/deidentification", "\"anonymized\"");
  Fixture f = Build(b);
  CHECK(Eval(R"({"fact": "cumulative.personal", "eq": 0})", f));
  CHECK(Eval(R"({"fact": "pi.present", "is": false})", f));
}

}  // namespace
}  // namespace dxcheck
