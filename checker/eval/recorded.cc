#include "checker/eval/recorded.h"

#include "checker/base/json_bounded.h"
#include "rapidjson/document.h"

namespace dxcheck {
namespace {

bool GetString(const rapidjson::Value& obj, const char* key, std::string* out) {
  if (!obj.IsObject()) return false;
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd() || !it->value.IsString()) return false;
  out->assign(it->value.GetString(), it->value.GetStringLength());
  return true;
}

const rapidjson::Value* Member(const rapidjson::Value& obj, const char* key) {
  if (!obj.IsObject()) return nullptr;
  auto it = obj.FindMember(key);
  return it == obj.MemberEnd() ? nullptr : &it->value;
}

// The ledger part: nullopt when the counts came from the manifest (or the
// data), InvalidInput when the document says "ledger" but lacks a part.
Result<std::optional<LedgerRecord>> ReadLedger(const rapidjson::Document& d) {
  const rapidjson::Value* c = Member(d, "counts");
  std::string source;
  if (c == nullptr || !GetString(*c, "source", &source) || source != "ledger") {
    return std::optional<LedgerRecord>();
  }
  const rapidjson::Value* l = Member(d, "ledger");
  const rapidjson::Value* entries = l ? Member(*l, "entries") : nullptr;
  const rapidjson::Value* recorded = l ? Member(*l, "recorded") : nullptr;
  const rapidjson::Value* personal = Member(*c, "priorPersonal");
  const rapidjson::Value* sensitive = Member(*c, "priorSensitive");
  LedgerRecord r;
  if (l == nullptr || !GetString(*l, "head", &r.head) || entries == nullptr ||
      !entries->IsUint64() || recorded == nullptr || !recorded->IsBool() || personal == nullptr ||
      !personal->IsUint64() || sensitive == nullptr || !sensitive->IsUint64()) {
    return Status::InvalidInput(
        "the decision's counts come from a ledger but it lacks ledger.head, ledger.entries, "
        "ledger.recorded or the prior counts");
  }
  r.prior_personal = personal->GetUint64();
  r.prior_sensitive = sensitive->GetUint64();
  r.entries = entries->GetUint64();
  r.recorded = recorded->GetBool();
  return std::optional<LedgerRecord>(r);
}

}  // namespace

EvaluationOptions RecordedEvaluation::evaluation() const {
  EvaluationOptions e;
  e.at = at;
  e.clearance = clearance;
  e.ledger = ledger;
  return e;
}

Result<RecordedEvaluation> ReadRecordedEvaluation(std::string_view json) {
  rapidjson::Document d;
  if (!ParseBoundedDocument(json, {}, &d) || !d.IsObject()) {
    return Status::InvalidInput("the decision is not a JSON object (or nests deeper than " +
                                std::to_string(kMaxDocumentDepth) + " levels)");
  }
  RecordedEvaluation r;
  const rapidjson::Value* tool = Member(d, "tool");
  const rapidjson::Value* manifest = Member(d, "manifest");
  const rapidjson::Value* categories = Member(d, "categories");
  const rapidjson::Value* lists = Member(d, "lists");
  const rapidjson::Value* clearance = Member(d, "clearance");
  if (!GetString(d, "evaluatedAt", &r.evaluated_at) || tool == nullptr ||
      !GetString(*tool, "version", &r.tool_version) || manifest == nullptr ||
      !GetString(*manifest, "sha256", &r.manifest_sha256) || categories == nullptr ||
      !GetString(*categories, "sha256", &r.categories_sha256) || lists == nullptr ||
      !lists->IsArray() || clearance == nullptr || !clearance->IsBool()) {
    return Status::InvalidInput(
        "the decision lacks evaluatedAt, tool.version, manifest.sha256, categories.sha256, lists "
        "or clearance");
  }
  std::optional<Date> at = Date::Parse(r.evaluated_at);
  if (!at) return Status::InvalidInput("the decision's evaluatedAt is not a date (YYYY-MM-DD)");
  r.at = *at;
  r.clearance = clearance->GetBool();
  const rapidjson::Value* data = Member(d, "data");
  const rapidjson::Value* verified = data ? Member(*data, "verified") : nullptr;
  r.data_verified = verified != nullptr && verified->IsBool() && verified->GetBool();
  for (const rapidjson::Value& l : lists->GetArray()) {
    std::string id, sha;
    if (!GetString(l, "id", &id) || !GetString(l, "sha256", &sha)) {
      return Status::InvalidInput("a list record of the decision lacks id or sha256");
    }
    r.lists.emplace_back(std::move(id), std::move(sha));
  }
  Result<std::optional<LedgerRecord>> ledger = ReadLedger(d);
  if (!ledger.ok()) return ledger.status();
  r.ledger = *ledger;
  return r;
}

}  // namespace dxcheck
