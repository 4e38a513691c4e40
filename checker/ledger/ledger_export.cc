#include "checker/ledger/ledger_export.h"

#include "checker/base/json_bounded.h"
#include "rapidjson/document.h"

namespace dxcheck {
namespace {

std::string TokenArray(const std::vector<PersonToken>& tokens) {
  std::string out = "[";
  for (size_t i = 0; i < tokens.size(); ++i) {
    out += (i ? ",\"" : "\"") + TokenHex(tokens[i]) + "\"";
  }
  return out + "]";
}

bool ReadTokens(const rapidjson::Value& o, const char* key, std::vector<PersonToken>* out) {
  auto it = o.FindMember(key);
  if (it == o.MemberEnd() || !it->value.IsArray()) return false;
  for (const auto& t : it->value.GetArray()) {
    PersonToken tok;
    if (!t.IsString() || !TokenFromHex(t.GetString(), &tok)) return false;
    out->push_back(tok);
  }
  return true;
}

}  // namespace

std::string ExportLine(const StoredEntry& e) {
  return "{\"body\":" + e.body + ",\"hash\":\"" + e.hash + "\",\"prevHash\":\"" + e.prev_hash +
         "\",\"seq\":" + std::to_string(e.seq) + ",\"tokens\":{\"personal\":" +
         TokenArray(e.personal_tokens) + ",\"sensitive\":" + TokenArray(e.sensitive_tokens) + "}}";
}

Result<std::vector<StoredEntry>> ParseExport(const std::string& text) {
  std::vector<StoredEntry> out;
  size_t start = 0;
  int line = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string l = text.substr(start, end - start);
    start = end + 1;
    ++line;
    if (l.empty()) continue;
    auto bad = [&](const std::string& why) {
      return Status::InvalidInput("line " + std::to_string(line) + ": " + why);
    };
    rapidjson::Document d;
    // Bounded: a tampered store or export may nest deep (json_bounded.h).
    if (!ParseBoundedDocument(l, {}, &d) || !d.IsObject()) return bad("not a JSON object");
    // The body is the exact bytes between "body": and ,"hash" as the export
    // writes them; re-serialising would hide a non-canonical body.
    const std::string open = "{\"body\":", close = ",\"hash\":\"";
    size_t b = l.rfind(close);
    if (l.rfind(open, 0) != 0 || b == std::string::npos) return bad("not an export line");
    StoredEntry e;
    e.body = l.substr(open.size(), b - open.size());
    auto str = [&](const char* k, std::string* v) {
      auto it = d.FindMember(k);
      if (it == d.MemberEnd() || !it->value.IsString()) return false;
      *v = it->value.GetString();
      return true;
    };
    auto tokens = d.FindMember("tokens");
    if (!str("hash", &e.hash) || !str("prevHash", &e.prev_hash) || !d.HasMember("seq") ||
        !d["seq"].IsUint64() || tokens == d.MemberEnd() || !tokens->value.IsObject() ||
        !ReadTokens(tokens->value, "personal", &e.personal_tokens) ||
        !ReadTokens(tokens->value, "sensitive", &e.sensitive_tokens)) {
      return bad("lacks hash, prevHash, seq or tokens");
    }
    e.seq = d["seq"].GetUint64();
    Result<LedgerEntry> body = ParseEntryBody(e.body);
    if (body.ok()) {  // a bad body is VerifyLedger's to report, by entry
      e.kind = body->kind;
      e.exporter = body->exporter;
      e.year = body->year;
      e.transfer_id = body->transfer_id;
      e.manifest_sha256 = body->manifest_sha256;
      e.cancels = body->cancels;
      e.personal = body->personal.declared;
      e.sensitive = body->sensitive.declared;
      e.personal_tokenised = body->personal.tokenised;
      e.sensitive_tokenised = body->sensitive.tokenised;
    }
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace dxcheck
