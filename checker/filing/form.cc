#include "checker/filing/form.h"

#include <utility>

#include "rapidjson/prettywriter.h"
#include "rapidjson/stringbuffer.h"

namespace dxcheck {
namespace {

using Writer = rapidjson::PrettyWriter<rapidjson::StringBuffer>;

void Str(Writer& w, const std::string& s) {
  w.String(s.c_str(), static_cast<rapidjson::SizeType>(s.size()));
}

void KeyStr(Writer& w, const char* k, const std::string& v) {
  w.Key(k);
  Str(w, v);
}

void Text(Writer& w, const char* k, const FormText& t) {
  w.Key(k);
  w.StartObject();
  KeyStr(w, "zh", t.zh);
  KeyStr(w, "en", t.en);
  w.EndObject();
}

// The members of one value: value (a number for counts), en, code, source.
void ValueMembers(Writer& w, const FormValue& v) {
  w.Key("value");
  if (v.number) {
    w.Uint64(*v.number);
  } else if (v.boolean) {
    w.Bool(*v.boolean);
  } else {
    Str(w, v.text);
  }
  if (!v.en.empty()) KeyStr(w, "en", v.en);
  if (!v.code.empty()) KeyStr(w, "code", v.code);
  if (!v.of.empty()) KeyStr(w, "of", v.of);
  KeyStr(w, "source", v.source);
}

void WriteField(Writer& w, const FormField& f) {
  w.StartObject();
  KeyStr(w, "id", f.id);
  Text(w, "label", f.label);
  if (f.state == FieldState::kFilled) {
    KeyStr(w, "state", "filled");
    if (f.list) {
      w.Key("value");
      w.StartArray();
      for (const FormValue& v : f.values) {
        w.StartObject();
        ValueMembers(w, v);
        w.EndObject();
      }
      w.EndArray();
      if (!f.list_source.empty()) KeyStr(w, "source", f.list_source);
    } else if (!f.values.empty()) {
      ValueMembers(w, f.values[0]);
    }
  } else {
    KeyStr(w, "state", "to_be_completed");
    KeyStr(w, "marker", kToComplete);
    KeyStr(w, "reason", f.state == FieldState::kJudgment ? "judgment" : "not_stated");
    if (!f.hint.empty()) KeyStr(w, "hint", f.hint);
  }
  w.EndObject();
}

void WriteItem(Writer& w, const ChecklistItem& c) {
  w.StartObject();
  KeyStr(w, "id", c.id);
  Text(w, "label", c.label);
  KeyStr(w, "state", c.state == ItemState::kProvided ? "provided" : "to_provide");
  if (!c.note.empty()) KeyStr(w, "note", c.note);
  if (!c.source.empty()) KeyStr(w, "source", c.source);
  w.EndObject();
}

}  // namespace

size_t CountToComplete(const Form& f) {
  size_t n = 0;
  for (const FormSection& s : f.sections) {
    for (const FormField& x : s.fields) n += x.state != FieldState::kFilled;
    for (const ChecklistItem& c : s.checklist) n += c.state == ItemState::kToProvide;
  }
  return n;
}

std::string FormToJson(const Form& f) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.SetIndent(' ', 2);
  w.StartObject();
  KeyStr(w, "form", f.id);
  KeyStr(w, "formatVersion", "1");
  Text(w, "title", f.title);
  KeyStr(w, "basis", f.basis);
  w.Key("obligation");
  w.StartObject();
  KeyStr(w, "id", f.id);
  KeyStr(w, "rule", f.obligation_rule);
  KeyStr(w, "citation", f.obligation_citation);
  w.Key("satisfied");
  w.Bool(f.obligation_satisfied);
  w.EndObject();
  w.Key("transfer");
  w.StartObject();
  KeyStr(w, "transferId", f.transfer_id);
  KeyStr(w, "manifestSha256", f.manifest_sha256);
  KeyStr(w, "evaluatedAt", f.evaluated_at);
  w.EndObject();
  w.Key("tool");
  w.StartObject();
  KeyStr(w, "name", "dxcheck");
  KeyStr(w, "version", f.tool_version);
  w.EndObject();
  KeyStr(w, "marker", kToComplete);
  w.Key("toBeCompleted");
  w.Uint64(CountToComplete(f));
  w.Key("sections");
  w.StartArray();
  for (const FormSection& s : f.sections) {
    w.StartObject();
    KeyStr(w, "id", s.id);
    Text(w, "title", s.title);
    w.Key("fields");
    w.StartArray();
    for (const FormField& x : s.fields) WriteField(w, x);
    w.EndArray();
    if (!s.checklist.empty()) {
      w.Key("checklist");
      w.StartArray();
      for (const ChecklistItem& c : s.checklist) WriteItem(w, c);
      w.EndArray();
    }
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize()) + "\n";
}

FormField Filled(std::string id, FormText label, FormValue v) {
  if (v.source.empty()) return NotStated(std::move(id), std::move(label), "");
  FormField f{std::move(id), std::move(label), FieldState::kFilled, false, {}, "", ""};
  f.values.push_back(std::move(v));
  return f;
}

FormField FilledList(std::string id, FormText label, std::vector<FormValue> values) {
  return FormField{std::move(id), std::move(label), FieldState::kFilled, true, std::move(values), "", ""};
}

FormField NotStated(std::string id, FormText label, std::string hint) {
  return FormField{std::move(id), std::move(label), FieldState::kNotStated, false, {}, std::move(hint), ""};
}

FormField Judgment(std::string id, FormText label) {
  return FormField{std::move(id), std::move(label), FieldState::kJudgment, false, {}, "", ""};
}

FormField FilledOr(std::string id, FormText label, FormValue v, std::string hint) {
  if (v.source.empty()) return NotStated(std::move(id), std::move(label), std::move(hint));
  return Filled(std::move(id), std::move(label), std::move(v));
}

}  // namespace dxcheck
