#include "checker/attest/statement.h"

#include <algorithm>

#include "checker/attest/dsse.h"
#include "checker/attest/keys.h"
#include "checker/attest/signature.h"
#include "checker/base/json_bounded.h"
#include "checker/base/json_parser.h"
#include "checker/base/object_reader.h"
#include "checker/eval/decision_json.h"
#include "rapidjson/document.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

namespace dxcheck {

std::string BuildStatement(const Decision& d, const std::string& manifest_name) {
  return BuildStatement(d, manifest_name, DecisionToCompactJson(d));
}

std::string BuildStatement(const Decision& d, const std::string& manifest_name,
                           std::string_view decision_json) {
  std::string out;
  out.reserve(256 + manifest_name.size() + d.resources.size() * 192 + decision_json.size());
  out.append("{\"_type\":\"").append(kStatementType).append("\",\"subject\":[");
  out.append("{\"name\":").append(JsonQuote(manifest_name)).append(",\"digest\":{\"sha256\":\"");
  out.append(d.manifest_sha256).append("\"}}");
  for (const ResourceRecord& r : d.resources) {
    // Only a file check --data read is claimed verified; without it the
    // digest is the manifest's word, and the annotation says so.
    out.append(",{\"name\":").append(JsonQuote(SubjectName(r)));
    out.append(",\"digest\":{\"sha256\":\"").append(r.sha256);
    out.append("\"},\"annotations\":{\"dxcheck.verified\":").append(r.verified ? "true" : "false");
    out.append("}}");
  }
  out.append("],\"predicateType\":\"").append(kDecisionPredicateType).append("\",\"predicate\":");
  out.append(decision_json);
  out.append(1, '}');
  return out;
}

Result<std::string> SignDecision(const Decision& d, const std::string& manifest_name,
                                 const Key& key, const std::string& sm2_id,
                                 const std::vector<std::string>& cert_chain) {
  return SignDecisionJson(d, DecisionToCompactJson(d), manifest_name, key, sm2_id, cert_chain);
}

Result<std::string> SignDecisionJson(const Decision& d, std::string_view decision_json,
                                     const std::string& manifest_name, const Key& key,
                                     const std::string& sm2_id,
                                     const std::vector<std::string>& cert_chain) {
  DsseEnvelope env;
  env.cert_chain = cert_chain;
  env.payload_type = kInTotoPayloadType;
  env.payload = BuildStatement(d, manifest_name, decision_json);
  Result<std::string> sig = SignMessage(key, Pae(env.payload_type, env.payload), sm2_id);
  if (!sig.ok()) return sig.status();
  env.signatures.push_back({key.keyid(), std::move(sig).value()});
  return SerializeEnvelope(env);
}

Result<ParsedStatement> ParseStatement(const std::string& bytes, DiagnosticSink* sink) {
  DiagnosticList local;
  const std::string file = "payload";
  InputContext ctx{file, &local};
  ParsedStatement st;
  std::optional<JsonValue> doc =
      ParseJsonObject(bytes, file, {false, 64}, "an in-toto Statement", &local);
  if (doc) {
    ObjectReader r(*doc, ctx);
    if (auto t = r.String("_type", true); t && *t != kStatementType) {
      ctx.Error(*doc->Find("_type"), "E1402",
                "statement type \"" + *t + "\", expected \"" + kStatementType + "\"");
    }
    if (auto t = r.String("predicateType", true); t && *t != kDecisionPredicateType) {
      ctx.Error(*doc->Find("predicateType"), "E1402",
                "predicate type \"" + *t + "\", expected \"" + kDecisionPredicateType + "\"");
    }
    if (const JsonValue* subs = r.Get("subject", JsonType::kArray, true)) {
      for (const JsonValue& s : subs->items) {
        if (!s.is_object()) {
          ctx.Error(s, "E1102", "expected a subject object");
          continue;
        }
        ObjectReader sr(s, ctx);
        Subject sub;
        if (auto n = sr.String("name", true, true)) sub.name = *n;
        if (const JsonValue* dg = sr.Get("digest", JsonType::kObject, true)) {
          ObjectReader dr(*dg, ctx);
          if (auto h = dr.String("sha256", true)) sub.sha256 = *h;
          dr.Known("sha512");  // other digests may accompany sha256; sha256 is what is checked
        }
        sr.Known("annotations");
        sr.RejectUnknown("a subject");
        st.subjects.push_back(std::move(sub));
      }
    }
    r.Get("predicate", JsonType::kObject, true);
    r.RejectUnknown("a statement");
  }
  local.ForwardSorted(sink);
  if (!doc || local.has_errors()) return Status::InvalidInput("malformed in-toto Statement");
  rapidjson::Document d;
  size_t bom = bytes.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
  if (!ParseBoundedDocument(std::string_view(bytes).substr(bom), {}, &d) || !d.IsObject() ||
      !d.HasMember("predicate")) {
    return Status::InvalidInput("malformed in-toto Statement");  // unreachable after ParseJson
  }
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  d["predicate"].Accept(w);
  st.predicate_json.assign(buf.GetString(), buf.GetSize());
  return st;
}

namespace {

std::string Diff(const rapidjson::Value& a, const rapidjson::Value& b, const std::string& at) {
  if (a.GetType() != b.GetType()) return at.empty() ? "/" : at;
  if (a.IsObject()) {
    for (auto it = a.MemberBegin(); it != a.MemberEnd(); ++it) {
      std::string key(it->name.GetString(), it->name.GetStringLength());
      std::string p = at + "/" + EscapePointerToken(key);
      auto other = b.FindMember(it->name);
      if (other == b.MemberEnd()) return p;
      std::string d = Diff(it->value, other->value, p);
      if (!d.empty()) return d;
    }
    return a.MemberCount() == b.MemberCount() ? "" : (at.empty() ? "/" : at);
  }
  if (a.IsArray()) {
    for (rapidjson::SizeType i = 0; i < a.Size() && i < b.Size(); ++i) {
      std::string d = Diff(a[i], b[i], at + "/" + std::to_string(i));
      if (!d.empty()) return d;
    }
    return a.Size() == b.Size() ? "" : at + "/" + std::to_string(std::min(a.Size(), b.Size()));
  }
  return a == b ? "" : (at.empty() ? "/" : at);
}

}  // namespace

std::string FirstJsonDifference(const std::string& a, const std::string& b) {
  rapidjson::Document da, db;
  if (!ParseBoundedDocument(a, {}, &da) || !ParseBoundedDocument(b, {}, &db)) return "/";
  return Diff(da, db, "");
}

}  // namespace dxcheck
