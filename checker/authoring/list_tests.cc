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
    Result<std::string> m = ReadFile(Dir(test_file) + "/" + spec->text);
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

bool RuleMatches(const std::vector<Match>& ms, const std::string& id) {
  return std::any_of(ms.begin(), ms.end(), [&](const Match& m) {
    return id == m.rule || id == m.list + "/" + m.rule;
  });
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
    if (!RuleMatches(d.matches, id)) r->problems.push_back("rule " + id + " did not fire");
  }
  for (const std::string& id : Strings(want("relieved"))) {
    if (!RuleMatches(d.relieved, id)) r->problems.push_back("rule " + id + " was not relieved");
  }
  for (const std::string& id : Strings(want("notFires"))) {
    if (RuleMatches(d.matches, id) || RuleMatches(d.relieved, id)) {
      r->problems.push_back("rule " + id + " fired, should not");
    }
  }
}

const std::vector<std::string> kExpectKeys = {"verdict", "exitCode", "mayProceed", "obligations",
                                              "obligationsAbsent", "obligationsOpen", "fires",
                                              "relieved", "notFires"};

}  // namespace

Result<ListTestRun> RunListTests(const std::vector<std::string>& files, const RuleSet& rules,
                                 DiagnosticSink* sink) {
  ListTestRun run;
  bool invalid = false;
  for (const std::string& file : files) {
    Result<std::string> bytes = ReadFile(file);
    if (!bytes.ok()) return bytes.status();
    DiagnosticList local;
    InputContext ctx{file, &local};
    std::optional<JsonValue> doc = ParseJsonObject(*bytes, file, {true, 64}, "a list test file", &local);
    std::string base;
    if (doc) {
      ObjectReader top(*doc, ctx);
      top.Known("$comment");
      if (const JsonValue* b = doc->Find("base")) {
        top.Known("base");
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
            er.RejectUnknown("expect");
          }
          if (!at || expect == nullptr || local.has_errors()) continue;
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
            res.problems.push_back("the fixture manifest is invalid: " +
                                   (diags.has_errors() ? RenderDiagnostic(diags.all()[0])
                                                       : checked.status().message()));
          } else {
            Compare(checked->decision, *expect, &res);
            for (const Match& m : checked->decision.matches) run.exercised.insert(m.list + "/" + m.rule);
            for (const Match& m : checked->decision.relieved) run.exercised.insert(m.list + "/" + m.rule);
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

std::vector<std::string> UncoveredRules(const ListTestRun& run, const RuleSet& rules) {
  std::vector<std::string> out;
  for (const RuleList& l : rules.lists()) {
    for (const Rule& r : l.rules) {
      if (!run.exercised.count(l.id + "/" + r.id)) out.push_back(l.id + "/" + r.id);
    }
  }
  return out;
}

}  // namespace dxcheck
