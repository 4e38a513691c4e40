#include "checker/eval/explain.h"

#include "checker/base/printable.h"
#include "checker/rules/facts.h"
#include "rapidjson/prettywriter.h"
#include "rapidjson/stringbuffer.h"

namespace dxcheck {

const char* RuleStateName(RuleState s) {
  switch (s) {
    case RuleState::kFired: return "fired";
    case RuleState::kRelieved: return "relieved";
    case RuleState::kNotFired: return "not_fired";
    case RuleState::kListNotApplied: return "list_not_applied";
  }
  return "?";
}

namespace {

const Match* FindMatch(const std::vector<Match>& v, const std::string& list, const std::string& rule) {
  for (const Match& m : v) {
    if (m.list == list && m.rule == rule) return &m;
  }
  return nullptr;
}

}  // namespace

Explanation Explain(const CheckedTransfer& t, const RuleSet& rules) {
  Explanation e;
  Facts facts = Facts::Build(t.manifest, t.profile);
  for (size_t li = 0; li < rules.lists().size(); ++li) {
    const RuleList& l = rules.lists()[li];
    const ListRecord* rec = nullptr;
    for (const ListRecord& r : t.decision.lists) rec = r.id == l.id ? &r : rec;
    for (const Rule& r : l.rules) {
      RuleTrace tr;
      tr.list = l.id;
      tr.rule = r.id;
      tr.title = r.title;
      tr.citation = r.citation;
      tr.verification = r.verification;
      tr.list_reason = rec ? std::string(rec->reason) : "";
      tr.condition_holds = EvaluatePredicate(r.when, facts, &tr.evidence, &e.texts, &tr.failure);
      if (rec == nullptr || !rec->applied) {
        tr.state = RuleState::kListNotApplied;
      } else if (FindMatch(t.decision.matches, l.id, r.id) != nullptr) {
        tr.state = RuleState::kFired;
      } else if (const Match* m = FindMatch(t.decision.relieved, l.id, r.id)) {
        tr.state = RuleState::kRelieved;
        tr.relieved_by = m->relieved_by;
      }
      e.rules.push_back(std::move(tr));
    }
  }
  for (const ClassifiedField& c : t.profile.fields) {
    FieldTrace f{std::string(c.field->pointer), c.field->name, {}, c.personal, c.sensitive, c.hgr};
    for (const std::string& code : c.categories) {
      std::string how = "tag";
      for (const LabelHit& l : c.labels) {
        if (l.code == code) how = "crosswalk " + l.label;
      }
      for (const PatternHit& h : c.hits) {
        if (h.code == code) {
          how = std::string(h.target == PatternTarget::kName ? "name" : "description") +
                " pattern \"" + h.pattern + "\"";
        }
      }
      f.categories.push_back({code, how});
    }
    e.fields.push_back(std::move(f));
  }
  return e;
}

std::string ExplanationToText(const CheckedTransfer& t, const Explanation& e) {
  const Decision& d = t.decision;
  std::string out = "transfer " + Printable(d.transfer_id) + " evaluated at " +
                    d.evaluated_at.ToString() + ": verdict " + VerdictName(d.verdict) +
                    ", may proceed " + (d.may_proceed ? "yes" : "no") + ", exit code " +
                    std::to_string(d.exit_code) + "\n\nrules:\n";
  for (const RuleTrace& r : e.rules) {
    const char* tag = r.state == RuleState::kFired      ? "FIRED   "
                      : r.state == RuleState::kRelieved ? "RELIEVED"
                      : r.state == RuleState::kNotFired ? "no      "
                                                        : "n/a     ";
    out += "  " + std::string(tag) + " " + Printable(r.list) + "/" + Printable(r.rule) + " — " +
           Printable(r.title.en) + " (" + Printable(r.citation) + ")\n";
    if (r.state == RuleState::kListNotApplied) {
      out += "           list not applied: " + Printable(r.list_reason) + "\n";
    }
    if (r.state == RuleState::kRelieved)
      out += "           relieved by " + Printable(r.relieved_by) + "\n";
    if (r.condition_holds) {
      for (const Evidence& ev : r.evidence) {
        out += "           " + Printable(ev.pointer) + " = " + Printable(ev.value_json) + "  (" +
               Printable(ev.fact) + " " + Printable(ev.test) + ")\n";
      }
    } else {
      out += "           first failed: " + Printable(r.failure.test) + " — saw " +
             Printable(r.failure.seen) + "  [" + Printable(r.failure.pointer) + "]\n";
    }
  }
  out += "\nfields:\n";
  for (const FieldTrace& f : e.fields) {
    out += "  " + Printable(f.pointer) + " " + Printable(f.name) + ":";
    if (f.categories.empty()) out += " unclassified";
    for (size_t i = 0; i < f.categories.size(); ++i) {
      out += std::string(i ? "," : "") + " " + Printable(f.categories[i].code) + " (" +
             Printable(f.categories[i].how) + ")";
    }
    out += std::string(f.personal ? " [personal" : " [not personal") +
           (f.sensitive ? ", sensitive" : "") + (f.hgr ? ", HGR" : "") + "]\n";
  }
  return out;
}

std::string ExplanationToJson(const CheckedTransfer& t, const Explanation& e) {
  rapidjson::StringBuffer buf;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buf);
  w.SetIndent(' ', 2);
  auto str = [&](const char* k, std::string_view v) {
    w.Key(k);
    w.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
  };
  w.StartObject();
  str("transferId", t.decision.transfer_id);
  str("evaluatedAt", t.decision.evaluated_at.ToString());
  str("verdict", VerdictName(t.decision.verdict));
  w.Key("exitCode");
  w.Int(t.decision.exit_code);
  w.Key("rules");
  w.StartArray();
  for (const RuleTrace& r : e.rules) {
    w.StartObject();
    str("list", r.list);
    str("rule", r.rule);
    str("state", RuleStateName(r.state));
    str("citation", r.citation);
    str("verification", r.verification);
    str("listReason", r.list_reason);
    if (!r.relieved_by.empty()) str("relievedBy", r.relieved_by);
    w.Key("conditionHolds");
    w.Bool(r.condition_holds);
    if (!r.condition_holds) {
      w.Key("failed");
      w.StartObject();
      str("pointer", r.failure.pointer);
      str("test", r.failure.test);
      str("seen", r.failure.seen);
      w.EndObject();
    }
    w.Key("evidence");
    w.StartArray();
    for (const Evidence& ev : r.evidence) {
      w.StartObject();
      str("fact", ev.fact);
      str("pointer", ev.pointer);
      w.Key("value");
      w.RawValue(ev.value_json.data(), ev.value_json.size(), rapidjson::kStringType);
      str("test", ev.test);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.Key("fields");
  w.StartArray();
  for (const FieldTrace& f : e.fields) {
    w.StartObject();
    str("pointer", f.pointer);
    str("name", f.name);
    w.Key("categories");
    w.StartArray();
    for (const auto& c : f.categories) {
      w.StartObject();
      str("code", c.code);
      str("assignedBy", c.how);
      w.EndObject();
    }
    w.EndArray();
    w.Key("personal");
    w.Bool(f.personal);
    w.Key("sensitive");
    w.Bool(f.sensitive);
    w.Key("hgr");
    w.Bool(f.hgr);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize()) + "\n";
}

}  // namespace dxcheck
