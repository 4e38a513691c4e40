#include "checker/ledger/ledger_entry.h"

#include <algorithm>
#include <map>

#include "checker/base/digest.h"
#include "checker/base/json_bounded.h"
#include "rapidjson/document.h"

namespace dxcheck {
namespace {

// A JSON object whose members are written in sorted key order (std::map
// orders std::string by bytes, which for ASCII keys is Python's order).
class SortedObject {
 public:
  void Raw(const std::string& key, std::string json) { members_[key] = std::move(json); }
  void Str(const std::string& key, const std::string& v) { Raw(key, CanonicalJsonString(v)); }
  void Num(const std::string& key, uint64_t v) { Raw(key, std::to_string(v)); }
  void Bool(const std::string& key, bool v) { Raw(key, v ? "true" : "false"); }
  std::string Json() const {
    std::string out = "{";
    for (const auto& [k, v] : members_) {
      if (out.size() > 1) out += ',';
      out += CanonicalJsonString(k) + ":" + v;
    }
    return out + "}";
  }

 private:
  std::map<std::string, std::string> members_;
};

std::string PersonsJson(const EntryPersons& p) {
  SortedObject o;
  o.Num("declared", p.declared);
  o.Bool("tokenised", p.tokenised);
  o.Num("tokens", p.tokens);
  o.Str("tokensSha256", p.tokens_sha256);
  return o.Json();
}

bool GetU64(const rapidjson::Value& o, const char* k, uint64_t* out) {
  auto it = o.FindMember(k);
  if (it == o.MemberEnd() || !it->value.IsUint64()) return false;
  *out = it->value.GetUint64();
  return true;
}
bool GetStr(const rapidjson::Value& o, const char* k, std::string* out) {
  auto it = o.FindMember(k);
  if (it == o.MemberEnd() || !it->value.IsString()) return false;
  *out = std::string(it->value.GetString(), it->value.GetStringLength());
  return true;
}
bool GetPersons(const rapidjson::Value& o, const char* k, EntryPersons* p) {
  auto it = o.FindMember(k);
  if (it == o.MemberEnd() || !it->value.IsObject()) return false;
  const rapidjson::Value& v = it->value;
  auto t = v.FindMember("tokenised");
  if (t == v.MemberEnd() || !t->value.IsBool()) return false;
  p->tokenised = t->value.GetBool();
  return v.MemberCount() == 4 && GetU64(v, "declared", &p->declared) &&
         GetU64(v, "tokens", &p->tokens) && GetStr(v, "tokensSha256", &p->tokens_sha256);
}

}  // namespace

std::string CanonicalJsonString(const std::string& s) {
  static const char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 15];
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

std::string EntryBody(const LedgerEntry& e) {
  SortedObject o;
  o.Str("at", e.at);
  o.Num("cancels", e.cancels);
  o.Str("exporter", e.exporter);
  o.Str("kind", e.kind);
  o.Str("manifestSha256", e.manifest_sha256);
  o.Raw("personal", PersonsJson(e.personal));
  o.Num("priorPersonal", e.prior_personal);
  o.Num("priorSensitive", e.prior_sensitive);
  o.Str("reason", e.reason);
  o.Num("schema", kLedgerEntrySchema);
  o.Raw("sensitive", PersonsJson(e.sensitive));
  o.Num("seq", e.seq);
  o.Num("totalPersonal", e.total_personal);
  o.Num("totalSensitive", e.total_sensitive);
  o.Str("transferId", e.transfer_id);
  o.Str("verdict", e.verdict);
  o.Num("year", static_cast<uint64_t>(e.year));
  return o.Json();
}

Result<LedgerEntry> ParseEntryBody(const std::string& body) {
  rapidjson::Document d;
  // Bounded: a tampered store or export may nest deep (json_bounded.h).
  if (!ParseBoundedDocument(body, {}, &d) || !d.IsObject()) {
    return Status::InvalidInput("the body is not a JSON object");
  }
  LedgerEntry e;
  uint64_t schema = 0, year = 0;
  if (d.MemberCount() != 17 || !GetU64(d, "schema", &schema) || !GetStr(d, "at", &e.at) ||
      !GetU64(d, "cancels", &e.cancels) || !GetStr(d, "exporter", &e.exporter) ||
      !GetStr(d, "kind", &e.kind) || !GetStr(d, "manifestSha256", &e.manifest_sha256) ||
      !GetPersons(d, "personal", &e.personal) || !GetU64(d, "priorPersonal", &e.prior_personal) ||
      !GetU64(d, "priorSensitive", &e.prior_sensitive) || !GetStr(d, "reason", &e.reason) ||
      !GetPersons(d, "sensitive", &e.sensitive) || !GetU64(d, "seq", &e.seq) ||
      !GetU64(d, "totalPersonal", &e.total_personal) ||
      !GetU64(d, "totalSensitive", &e.total_sensitive) ||
      !GetStr(d, "transferId", &e.transfer_id) || !GetStr(d, "verdict", &e.verdict) ||
      !GetU64(d, "year", &year) || year > 9999) {
    return Status::InvalidInput("the body lacks a member, has an extra one or one of the wrong type");
  }
  if (schema != kLedgerEntrySchema) {
    return Status::InvalidInput("entry schema " + std::to_string(schema) + " is not " +
                                std::to_string(kLedgerEntrySchema));
  }
  e.year = static_cast<int>(year);
  if (EntryBody(e) != body) return Status::InvalidInput("the body is not in canonical form");
  return e;
}

std::string ChainHash(const std::string& prev_hex, const std::string& body) {
  std::string input;
  input.reserve(32 + body.size());
  if (prev_hex.size() != 64) return "";
  for (size_t i = 0; i < 64; i += 2) {
    auto nib = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      return -1;
    };
    int hi = nib(prev_hex[i]), lo = nib(prev_hex[i + 1]);
    if (hi < 0 || lo < 0) return "";
    input += static_cast<char>(hi * 16 + lo);
  }
  input += body;
  return Sha256Hex(input);
}

std::vector<PersonToken> NormalizeTokens(std::vector<PersonToken> tokens) {
  std::sort(tokens.begin(), tokens.end());
  tokens.erase(std::unique(tokens.begin(), tokens.end()), tokens.end());
  return tokens;
}

std::string TokensDigest(const std::vector<PersonToken>& sorted) {
  std::string all;
  all.reserve(sorted.size() * 16);
  for (const PersonToken& t : sorted) all.append(reinterpret_cast<const char*>(t.data()), t.size());
  return Sha256Hex(all);
}

std::string TokenHex(const PersonToken& t) {
  static const char kHex[] = "0123456789abcdef";
  std::string out(32, '0');
  for (size_t i = 0; i < 16; ++i) {
    out[2 * i] = kHex[t[i] >> 4];
    out[2 * i + 1] = kHex[t[i] & 15];
  }
  return out;
}

bool TokenFromHex(const std::string& hex, PersonToken* out) {
  if (hex.size() != 32) return false;
  for (size_t i = 0; i < 16; ++i) {
    int v = 0;
    for (int j = 0; j < 2; ++j) {
      char c = hex[2 * i + static_cast<size_t>(j)];
      int n = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
      if (n < 0) return false;
      v = v * 16 + n;
    }
    (*out)[i] = static_cast<uint8_t>(v);
  }
  return true;
}

}  // namespace dxcheck
