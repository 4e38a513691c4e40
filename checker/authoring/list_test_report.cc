#include "checker/authoring/list_test_report.h"

#include <cstdio>
#include <map>

#include "checker/base/printable.h"
#include "rapidjson/prettywriter.h"
#include "rapidjson/stringbuffer.h"

namespace dxcheck {
namespace {

bool ShortOfBar(const ListTestReport& r, size_t i) {
  return r.coverage_applies && r.under_test[i] && r.coverage[i].percent() + 1e-9 < r.coverage_min;
}

}  // namespace

bool ListTestReport::BelowBar() const {
  for (size_t i = 0; i < coverage.size(); ++i) {
    if (ShortOfBar(*this, i)) return true;
  }
  return false;
}

bool ListTestReport::ok() const { return run->passed() == run->results.size() && !BelowBar(); }

std::string ListTestReportText(const ListTestReport& r) {
  std::string out;
  for (const ListTestResult& t : r.run->results) {
    if (t.passed && !r.verbose) continue;
    out += std::string(t.passed ? "PASS " : "FAIL ") + Printable(t.file) + ": " + Printable(t.name) + "\n";
    for (const std::string& p : t.problems) out += "       " + Printable(p) + "\n";
  }
  size_t total = r.run->results.size(), passed = r.run->passed();
  out += "--------------------------------------------------------------------------------\n";
  out += "PASS: " + std::to_string(passed) + "/" + std::to_string(total);
  if (passed != total) out += "   FAIL: " + std::to_string(total - passed) + "/" + std::to_string(total);
  out += "\n";
  size_t all_rules = 0, exercised = 0;
  for (const ListCoverage& c : r.coverage) {
    all_rules += c.rules;
    exercised += c.exercised;
  }
  char line[256];
  std::snprintf(line, sizeof line, "rule coverage: %zu/%zu rules exercised (%.1f %%); by list:\n",
                exercised, all_rules,
                all_rules == 0 ? 100.0 : 100.0 * static_cast<double>(exercised) / all_rules);
  out += line;
  for (size_t i = 0; i < r.coverage.size(); ++i) {
    const ListCoverage& c = r.coverage[i];
    std::snprintf(line, sizeof line, "  %-28s %3zu/%-3zu rules (%5.1f %%)%s%s\n",
                  Printable(c.list).c_str(), c.exercised, c.rules, c.percent(),
                  r.under_test[i] ? "" : "  [not under test]",
                  ShortOfBar(r, i) ? "  below --coverage-min" : "");
    out += line;
    if (r.under_test[i]) {
      for (const std::string& u : c.uncovered) out += "      not exercised: " + Printable(u) + "\n";
    }
  }
  if (!r.coverage_applies && r.coverage_min > 0) {
    out += "--coverage-min not applied: --run selects some tests only\n";
  } else if (r.BelowBar()) {
    std::snprintf(line, sizeof line, "coverage of a list under test is below --coverage-min %.1f %%\n",
                  r.coverage_min);
    out += line;
  }
  return out;
}

std::string ListTestReportJson(const ListTestReport& r) {
  rapidjson::StringBuffer buf;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buf);
  w.SetIndent(' ', 2);
  auto str = [&](const std::string& s) { w.String(s.c_str(), static_cast<rapidjson::SizeType>(s.size())); };
  w.StartObject();
  w.Key("ok");
  w.Bool(r.ok());
  w.Key("passed");
  w.Uint64(r.run->passed());
  w.Key("total");
  w.Uint64(r.run->results.size());
  w.Key("tests");
  w.StartArray();
  for (const ListTestResult& t : r.run->results) {
    w.StartObject();
    w.Key("file");
    str(t.file);
    w.Key("name");
    str(t.name);
    w.Key("passed");
    w.Bool(t.passed);
    w.Key("problems");
    w.StartArray();
    for (const std::string& p : t.problems) str(p);
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.Key("coverageMin");
  w.Double(r.coverage_min);
  w.Key("coverageApplies");
  w.Bool(r.coverage_applies);
  w.Key("coverage");
  w.StartArray();
  for (size_t i = 0; i < r.coverage.size(); ++i) {
    const ListCoverage& c = r.coverage[i];
    w.StartObject();
    w.Key("list");
    str(c.list);
    w.Key("file");
    str(c.file);
    w.Key("rules");
    w.Uint64(c.rules);
    w.Key("exercised");
    w.Uint64(c.exercised);
    w.Key("percent");
    w.Double(c.percent());
    w.Key("underTest");
    w.Bool(r.under_test[i]);
    w.Key("belowMin");
    w.Bool(ShortOfBar(r, i));
    w.Key("uncovered");
    w.StartArray();
    for (const std::string& u : c.uncovered) str(u);
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize()) + "\n";
}

std::string XmlEscape(const std::string& s) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
          out += "\\x";
          out += kHex[c >> 4];
          out += kHex[c & 0xF];
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out;
}

std::string ListTestReportJUnit(const ListTestReport& r) {
  // One suite per test file, in the order the tests ran.
  std::vector<std::string> order;
  std::map<std::string, std::vector<const ListTestResult*>> suites;
  for (const ListTestResult& t : r.run->results) {
    if (!suites.count(t.file)) order.push_back(t.file);
    suites[t.file].push_back(&t);
  }
  size_t total = r.run->results.size(), failed = total - r.run->passed();
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<testsuites name=\"dxcheck test\" tests=\"" + std::to_string(total) + "\" failures=\"" +
         std::to_string(failed) + "\" errors=\"0\">\n";
  for (const std::string& file : order) {
    const auto& cases = suites[file];
    size_t f = 0;
    for (const ListTestResult* t : cases) f += t->passed ? 0 : 1;
    out += "  <testsuite name=\"" + XmlEscape(file) + "\" tests=\"" + std::to_string(cases.size()) +
           "\" failures=\"" + std::to_string(f) + "\" errors=\"0\" skipped=\"0\">\n";
    for (const ListTestResult* t : cases) {
      out += "    <testcase classname=\"" + XmlEscape(file) + "\" name=\"" + XmlEscape(t->name) + "\"";
      if (t->passed) {
        out += "/>\n";
        continue;
      }
      std::string text;
      for (const std::string& p : t->problems) text += p + "\n";
      out += ">\n      <failure message=\"" + XmlEscape(t->problems.empty() ? "failed" : t->problems[0]) +
             "\" type=\"expectation\">" + XmlEscape(text) + "</failure>\n    </testcase>\n";
    }
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  return out;
}

}  // namespace dxcheck
