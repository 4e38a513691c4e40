#include "checker/authoring/list_tests.h"

#include <algorithm>

#include "checker/base/file_io.h"
#include "checker/base/json_bounded.h"
#include "checker/base/json_parser.h"
#include "checker/base/object_reader.h"
#include "checker/eval/check.h"
#include "rapidjson/document.h"
#include "rapidjson/pointer.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

namespace dxcheck {

size_t ListTestRun::passed() const {
  return static_cast<size_t>(std::count_if(results.begin(), results.end(),
                                           [](const ListTestResult& r) { return r.passed; }));
}

namespace {

std::string Dir(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
}

// `path` as the test file `test_file` names it: relative to the test file's
// directory, or as it is when absolute.
std::string Relative(const std::string& test_file, const std::string& path) {
  return !path.empty() && path[0] == '/' ? path : Dir(test_file) + "/" + path;
}

// Raw JSON text of a parsed value, taken from the file's bytes (values carry
// offsets; the end is found by re-parsing from there with RapidJSON).
std::string RawValue(const std::string& bytes, const JsonValue& v) {
  rapidjson::Document d;
  std::string_view rest(bytes);
  rest.remove_prefix(std::min(v.offset, bytes.size()));
  if (!ParseBoundedDocument(rest, {kMaxDocumentDepth, true, true}, &d)) return "";
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  d.Accept(w);
  return std::string(buf.GetString(), buf.GetSize());
}

// The manifest JSON for one test: a file, an inline object, or the base with patches.
Status ManifestFor(const std::string& test_file, const std::string& bytes, const JsonValue* spec,
                   const std::string& base, const JsonValue* patch, std::string* out,
                   const InputContext& ctx) {
  if (spec != nullptr && spec->is_string()) {
    Result<std::string> m = ReadFile(Relative(test_file, spec->text));
    if (!m.ok()) return m.status();
    *out = std::move(m).value();
  } else if (spec != nullptr && spec->is_object()) {
    *out = RawValue(bytes, *spec);
  } else if (!base.empty()) {
    *out = base;
  } else {
    return Status::InvalidInput("a test needs a manifest (path or object) or a base");
  }
  if (patch == nullptr) return Status::Ok();
  // The manifest is parsed iteratively with its depth bounded (a fixture
  // nested a million deep must not crash the patching, nor what walks it).
  rapidjson::Document doc;
  if (!ParseBoundedDocument(*out, {}, &doc)) {
    return Status::InvalidInput("the manifest to patch is not JSON or nests deeper than " +
                                std::to_string(kMaxDocumentDepth));
  }
  for (const JsonValue& p : patch->items) {
    rapidjson::Document v(&doc.GetAllocator());
    std::string raw = RawValue(bytes, p);
    bool parsed = ParseBoundedDocument(raw, {}, &v);
    rapidjson::Pointer ptr(p.key.c_str());
    if (!ptr.IsValid() || !parsed) {
      ctx.Error(p, "E1501", "\"" + p.key + "\" is not a JSON pointer");
      return Status::InvalidInput("bad patch");
    }
    if (p.is_null()) {
      ptr.Erase(doc);  // null removes the member
    } else {
      ptr.Set(doc, v);
    }
  }
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  doc.Accept(w);
  out->assign(buf.GetString(), buf.GetSize());
  return Status::Ok();
}

// The value `pointer` names under `root`, or its nearest ancestor that exists.
const JsonValue* NearestValue(const JsonValue& root, std::string pointer) {
  while (true) {
    if (const JsonValue* v = ResolvePointer(root, pointer)) return v;
    size_t slash = pointer.rfind('/');
    if (slash == std::string::npos) return &root;
    pointer.resize(slash);
  }
}

// A problem of a test's fixture manifest, located in the file the user wrote
// rather than in the manifest as patched and serialised: the patch value
// (or the part of it) the pointer lands in, else the inline manifest or
// base, else the manifest file itself (no position: it was re-serialised).
struct FixtureOrigin {
  std::string test_file;
  const JsonValue* patch = nullptr;   // the test's "patch" object
  const JsonValue* inline_manifest = nullptr;  // an inline "manifest" or "base" object
  std::string manifest_file;          // a "manifest" or "base" given as a path
};

Diagnostic LocateInTestFile(Diagnostic d, const FixtureOrigin& o) {
  if (o.patch != nullptr) {
    const JsonValue* best = nullptr;
    for (const JsonValue& p : o.patch->items) {
      const std::string& k = p.key;
      bool under = d.json_pointer == k ||
                   (d.json_pointer.size() > k.size() && d.json_pointer.compare(0, k.size(), k) == 0 &&
                    d.json_pointer[k.size()] == '/');
      if (under && (best == nullptr || k.size() > best->key.size())) best = &p;
    }
    if (best != nullptr) {
      const JsonValue* v = NearestValue(*best, d.json_pointer.substr(best->key.size()));
      d.file = o.test_file;
      d.line = v->line;
      d.column = v->column;
      d.message += " (set by the patch \"" + best->key + "\")";
      return d;
    }
  }
  if (o.inline_manifest != nullptr) {
    const JsonValue* v = NearestValue(*o.inline_manifest, d.json_pointer);
    d.file = o.test_file;
    d.line = v->line;
    d.column = v->column;
    return d;
  }
  d.file = o.manifest_file;
  d.line = d.column = 0;
  return d;
}

bool RuleMatches(const std::vector<Match>& ms, const std::string& id) {
  return std::any_of(ms.begin(), ms.end(), [&](const Match& m) {
    return id == m.rule || id == m.QualifiedRule();
  });
}

// The rule a test names ("list/rule" or "rule") exists in the loaded lists:
// an expectation on a rule nobody loaded ("notFires": ["no-such-rule"])
// would pass whatever the lists say.
bool RuleExists(const RuleSet& rules, const std::string& id) {
  for (const RuleList& l : rules.lists()) {
    for (const Rule& r : l.rules) {
      if (id == r.id || id == l.id + "/" + r.id) return true;
    }
  }
  return false;
}

void CheckRuleNames(const JsonValue* names, const RuleSet& rules, const InputContext& ctx) {
  if (names == nullptr) return;
  std::set<std::string> known;
  for (const RuleList& l : rules.lists()) {
    for (const Rule& r : l.rules) known.insert(l.id + "/" + r.id);
  }
  for (const JsonValue& n : names->items) {
    if (!n.is_string()) {
      ctx.Error(n, "E1102", "expected a rule id string (\"list/rule\" or \"rule\")");
    } else if (!RuleExists(rules, n.text)) {
      std::string hint = NearestName(n.text, known);
      ctx.Error(n, "E1502", "no loaded list has a rule \"" + n.text + "\"" +
                                (hint.empty() ? "" : " (did you mean \"" + hint + "\"?)") +
                                ": an expectation on it could never fail");
    }
  }
}

// Every obligation id named in `names` must be one a decision can hold: a
// pinned id of spec/decision.md, or one a loaded list raises (a rule's, a
// filing's). A misspelt id in "obligationsAbsent" would otherwise pass for
// ever, and one in "obligations" fail with a misleading "missing".
void CheckObligationNames(const JsonValue* names, const RuleSet& rules, const InputContext& ctx) {
  if (names == nullptr || !names->is_array()) return;
  std::set<std::string> known(PinnedObligations().begin(), PinnedObligations().end());
  for (const RuleList& l : rules.lists()) {
    for (const Rule& r : l.rules) known.insert(r.outcome.obligations.begin(), r.outcome.obligations.end());
    if (l.filing) known.insert(l.filing->obligation);
  }
  for (const JsonValue& n : names->items) {
    if (!n.is_string() || n.text.empty() || known.count(n.text)) continue;
    std::string hint = NearestName(n.text, known);
    ctx.Error(n, "E1502", "no loaded list raises an obligation \"" + n.text + "\" and it is not one of "
                          "spec/decision.md" + (hint.empty() ? "" : " (did you mean \"" + hint + "\"?)") +
                          ": an expectation on it could never fail");
  }
}

// Where a named rule is in a decision: in force, relieved (and by what), or absent.
std::string WhereRule(const Decision& d, const std::string& id) {
  if (RuleMatches(d.matches, id)) return "fired";
  for (const Match& m : d.relieved) {
    if (id == m.rule || id == m.QualifiedRule()) return "fired and was relieved by " + m.relieved_by;
  }
  return "did not fire";
}

std::vector<std::string> Strings(const JsonValue* v) {
  std::vector<std::string> out;
  if (v != nullptr) {
    for (const JsonValue& s : v->items) out.push_back(s.text);
  }
  return out;
}

void Compare(const Decision& d, const JsonValue& expect, ListTestResult* r) {
  auto want = [&](const char* k) { return expect.Find(k); };
  if (const JsonValue* v = want("verdict"); v && v->text != VerdictName(d.verdict)) {
    r->problems.push_back(std::string("verdict ") + VerdictName(d.verdict) + ", expected " + v->text);
  }
  if (const JsonValue* v = want("exitCode"); v && v->text != std::to_string(d.exit_code)) {
    r->problems.push_back("exit code " + std::to_string(d.exit_code) + ", expected " + v->text);
  }
  if (const JsonValue* v = want("mayProceed"); v && v->boolean != d.may_proceed) {
    r->problems.push_back(std::string("mayProceed ") + (d.may_proceed ? "true" : "false") + ", expected " +
                          (v->boolean ? "true" : "false"));
  }
  if (const JsonValue* v = want("importantData"); v && v->boolean != d.important_data) {
    r->problems.push_back(std::string("importantData ") + (d.important_data ? "true" : "false") +
                          ", expected " + (v->boolean ? "true" : "false"));
  }
  for (const std::string& code : Strings(want("warnings"))) {
    bool present = std::any_of(d.warnings.begin(), d.warnings.end(),
                               [&](const DecisionWarning& w) { return w.code == code; });
    if (!present) r->problems.push_back("warning " + code + " missing");
  }
  auto find = [&](const std::string& id) -> const Obligation* {
    for (const Obligation& o : d.obligations) {
      if (o.id == id) return &o;
    }
    return nullptr;
  };
  for (const std::string& id : Strings(want("obligations"))) {
    if (!find(id)) r->problems.push_back("obligation " + id + " missing");
  }
  for (const std::string& id : Strings(want("obligationsAbsent"))) {
    if (find(id)) r->problems.push_back("obligation " + id + " present, should not be");
  }
  for (const std::string& id : Strings(want("obligationsOpen"))) {
    const Obligation* o = find(id);
    if (!o || o->satisfied) r->problems.push_back("obligation " + id + " should be open");
  }
  for (const std::string& id : Strings(want("fires"))) {
    if (!RuleMatches(d.matches, id)) {
      r->problems.push_back("rule " + id + " " + WhereRule(d, id) + ", expected it to fire in force");
    }
  }
  for (const std::string& id : Strings(want("relieved"))) {
    if (!RuleMatches(d.relieved, id)) {
      r->problems.push_back("rule " + id + " " + WhereRule(d, id) + ", expected it relieved");
    }
  }
  for (const std::string& id : Strings(want("notFires"))) {
    if (RuleMatches(d.matches, id) || RuleMatches(d.relieved, id)) {
      r->problems.push_back("rule " + id + " " + WhereRule(d, id) + ", should not fire");
    }
  }
}

const std::vector<std::string> kExpectKeys = {
    "verdict",  "exitCode", "mayProceed", "importantData", "warnings", "obligations",
    "obligationsAbsent", "obligationsOpen", "fires", "relieved", "notFires"};

}  // namespace

Result<ListTestRun> RunListTests(const std::vector<std::string>& files, const RuleSet& rules,
                                 DiagnosticSink* sink, const std::string& only) {
  ListTestRun run;
  bool invalid = false;
  for (const std::string& file : files) {
    Result<std::string> bytes = ReadFile(file);
    if (!bytes.ok()) return bytes.status();
    DiagnosticList local;
    InputContext ctx{file, &local};
    std::optional<JsonValue> doc = ParseJsonObject(*bytes, file, {true, 64}, "a list test file", &local);
    std::string base;
    FixtureOrigin base_origin{file, nullptr, nullptr, ""};
    if (doc) {
      ObjectReader top(*doc, ctx);
      top.Known("$comment");
      top.String("$schema", false);  // the JSON Schema an editor validates against (docs/schema)
      if (const JsonValue* b = doc->Find("base")) {
        top.Known("base");
        if (b->is_object()) base_origin.inline_manifest = b;
        if (b->is_string()) base_origin.manifest_file = Relative(file, b->text);
        std::string manifest;
        Status s = ManifestFor(file, *bytes, b, "", nullptr, &manifest, ctx);
        if (!s.ok()) return s;
        base = manifest;
      }
      if (const JsonValue* tests = top.Get("tests", JsonType::kArray, true)) {
        for (const JsonValue& t : tests->items) {
          if (!t.is_object()) {
            ctx.Error(t, "E1102", "expected a test object");
            continue;
          }
          ObjectReader tr(t, ctx);
          tr.Known("$comment");
          ListTestResult res;
          res.file = file;
          res.name = tr.String("name", true).value_or("?");
          std::optional<Date> at = tr.DateValue("at", true);
          const JsonValue* manifest_spec = t.Find("manifest");
          tr.Known("manifest");
          const JsonValue* patch = tr.Get("patch", JsonType::kObject, false);
          const JsonValue* expect = tr.Get("expect", JsonType::kObject, true);
          bool no_clearance = tr.Bool("noClearance", false).value_or(false);
          tr.RejectUnknown("a test");
          if (expect != nullptr) {
            ObjectReader er(*expect, ctx);
            for (const std::string& k : kExpectKeys) er.Known(k);
            // Each expectation of the type the schema gives it (docs/schema/
            // list-test.schema.json): one of another type would be compared
            // as nothing ("fires": "x" reads as no rule) and pass for ever.
            er.Bool("importantData", false);
            er.Bool("mayProceed", false);
            er.Enum("verdict", VerdictNames(), false);
            if (std::optional<uint64_t> code = er.Count("exitCode", false)) {
              if (*code != 0 && *code != 5 && *code != 10 && *code != 20 && *code != 30) {
                ctx.Error(*expect->Find("exitCode"), "E1102",
                          "expected a decision exit code (0, 5, 10, 20 or 30; spec/decision.md), found " +
                              std::to_string(*code));
              }
            }
            for (const char* k : {"obligations", "obligationsAbsent", "obligationsOpen", "fires", "relieved",
                                  "notFires"}) {
              if (const JsonValue* list = er.Get(k, JsonType::kArray, false)) {
                for (const JsonValue& item : list->items) {
                  if (!item.is_string() || item.text.empty()) {
                    ctx.Error(item, "E1102", std::string("expected a non-empty string in \"") + k + "\"");
                  }
                }
              }
            }
            if (const JsonValue* w = er.Get("warnings", JsonType::kArray, false)) {
              for (const JsonValue& c : w->items) {
                if (!c.is_string()) ctx.Error(c, "E1102", "expected a warning code string (\"W-...\")");
              }
            }
            er.RejectUnknown("expect");
            for (const char* k : {"fires", "relieved", "notFires"}) {
              CheckRuleNames(expect->Find(k), rules, ctx);
            }
            for (const char* k : {"obligations", "obligationsAbsent", "obligationsOpen"}) {
              CheckObligationNames(expect->Find(k), rules, ctx);
            }
          }
          run.names.insert(res.name);
          if (!at || expect == nullptr || local.has_errors()) continue;
          if (!only.empty() && res.name != only) continue;
          std::string manifest;
          Status s = ManifestFor(file, *bytes, manifest_spec, base, patch, &manifest, ctx);
          if (s.code() == StatusCode::kNotFound) return s;
          if (!s.ok()) {
            ctx.Error(t, "E1501", s.message());
            continue;
          }
          CheckOptions o;
          o.evaluation.at = *at;
          o.evaluation.clearance = !no_clearance;
          DiagnosticList diags;
          Result<CheckedTransfer> checked = CheckTransfer(manifest, file + " [" + res.name + "]", rules, o, &diags);
          if (!checked.ok()) {
            FixtureOrigin origin = base_origin;
            origin.patch = patch;
            if (manifest_spec != nullptr && manifest_spec->is_object()) {
              origin.inline_manifest = manifest_spec;
            } else if (manifest_spec != nullptr && manifest_spec->is_string()) {
              origin.inline_manifest = nullptr;
              origin.manifest_file = Relative(file, manifest_spec->text);
            }
            std::string first;
            for (const Diagnostic& dg : diags.all()) {
              if (dg.severity == Severity::kError) {
                first = RenderDiagnostic(LocateInTestFile(dg, origin));
                break;
              }
            }
            res.problems.push_back("the fixture manifest is invalid: " +
                                   (first.empty() ? checked.status().message() : first));
          } else {
            Compare(checked->decision, *expect, &res);
            for (const Match& m : checked->decision.matches) run.exercised.insert(m.QualifiedRule());
            for (const Match& m : checked->decision.relieved) run.exercised.insert(m.QualifiedRule());
          }
          res.passed = res.problems.empty();
          run.results.push_back(std::move(res));
        }
      }
      top.RejectUnknown("a list test file (expected base, tests)");
    }
    local.ForwardSorted(sink);
    invalid = invalid || !doc || local.has_errors();
  }
  if (invalid) return Status::InvalidInput("invalid list test files");
  return run;
}

std::vector<ListCoverage> CoverageByList(const ListTestRun& run, const RuleSet& rules) {
  std::vector<ListCoverage> out;
  for (const RuleList& l : rules.lists()) {
    ListCoverage c{l.id, l.file, l.rules.size(), 0, {}};
    for (const Rule& r : l.rules) {
      if (run.exercised.count(l.id + "/" + r.id)) {
        ++c.exercised;
      } else {
        c.uncovered.push_back(l.id + "/" + r.id);
      }
    }
    out.push_back(std::move(c));
  }
  return out;
}

double ListCoverage::percent() const {
  return rules == 0 ? 100.0 : 100.0 * static_cast<double>(exercised) / static_cast<double>(rules);
}

}  // namespace dxcheck
