#include "checker/attest/dsse.h"

#include "checker/base/base64.h"
#include "checker/base/json_parser.h"
#include "checker/base/object_reader.h"

namespace dxcheck {

std::string Pae(std::string_view payload_type, std::string_view payload) {
  std::string type_len = std::to_string(payload_type.size());
  std::string body_len = std::to_string(payload.size());
  std::string out;
  out.reserve(10 + type_len.size() + payload_type.size() + body_len.size() + payload.size());
  out.append("DSSEv1 ").append(type_len).append(1, ' ').append(payload_type).append(1, ' ');
  out.append(body_len).append(1, ' ').append(payload);
  return out;
}

std::string SerializeEnvelope(const DsseEnvelope& e) {
  // One buffer, sized up front: the base64 payload is most of the envelope.
  size_t size = 128 + e.payload_type.size() + (e.payload.size() + 2) / 3 * 4;
  for (const DsseSignature& s : e.signatures) size += 48 + s.keyid.size() + s.sig.size() * 2;
  for (const std::string& c : e.cert_chain) size += 4 + (c.size() + 2) / 3 * 4;
  std::string out;
  out.reserve(size);
  out.append("{\n  \"payloadType\": ").append(JsonQuote(e.payload_type));
  out.append(",\n  \"payload\": \"");
  Base64Append(e.payload, &out);
  out.append("\",\n  \"signatures\": [");
  for (size_t i = 0; i < e.signatures.size(); ++i) {
    out.append(i ? "," : "").append("\n    {\"keyid\": ").append(JsonQuote(e.signatures[i].keyid));
    out.append(", \"sig\": \"");
    Base64Append(e.signatures[i].sig, &out);
    out.append("\"}");
  }
  out.append("\n  ]");
  if (!e.cert_chain.empty()) {
    out.append(",\n  \"x509CertificateChain\": [");
    for (size_t i = 0; i < e.cert_chain.size(); ++i) {
      out.append(i ? ", " : "").append(1, '"');
      Base64Append(e.cert_chain[i], &out);
      out.append(1, '"');
    }
    out.append("]");
  }
  out.append("\n}\n");
  return out;
}

namespace {

bool Decode(const JsonValue& v, const InputContext& ctx, std::string* out) {
  std::string why;
  std::optional<std::string> bytes = Base64Decode(v.text, &why);
  if (!bytes) {
    ctx.Error(v, "E1401", "not base64 (standard or URL-safe): " + why);
    return false;
  }
  *out = std::move(*bytes);
  return true;
}

}  // namespace

Result<DsseEnvelope> ParseEnvelope(const std::string& bytes, const std::string& file,
                                   DiagnosticSink* sink) {
  DiagnosticList local;
  InputContext ctx{file, &local};
  DsseEnvelope e;
  std::optional<JsonValue> doc = ParseJsonObject(bytes, file, {false, 16}, "a DSSE envelope", &local);
  if (doc) {
    ObjectReader r(*doc, ctx);
    if (auto t = r.String("payloadType", true)) e.payload_type = *t;
    if (const JsonValue* p = r.Get("payload", JsonType::kString, true)) Decode(*p, ctx, &e.payload);
    if (const JsonValue* sigs = r.Get("signatures", JsonType::kArray, true)) {
      if (sigs->items.empty()) ctx.Error(*sigs, "E1105", "an envelope needs at least one signature");
      for (const JsonValue& s : sigs->items) {
        if (!s.is_object()) {
          ctx.Error(s, "E1102", "expected a signature object");
          continue;
        }
        ObjectReader sr(s, ctx);
        DsseSignature sig;
        if (auto k = sr.String("keyid", false, true)) sig.keyid = *k;
        if (const JsonValue* v = sr.Get("sig", JsonType::kString, true)) Decode(*v, ctx, &sig.sig);
        sr.RejectUnknown("a DSSE signature (expected keyid, sig)");
        e.signatures.push_back(std::move(sig));
      }
    }
    if (const JsonValue* chain = r.Get("x509CertificateChain", JsonType::kArray, false)) {
      for (const JsonValue& c : chain->items) {
        std::string der;
        if (!c.is_string()) {
          ctx.Error(c, "E1102", "expected a base64 DER certificate");
        } else if (Decode(c, ctx, &der)) {
          e.cert_chain.push_back(std::move(der));
        }
      }
    }
    // Reserved, outside the signed bytes, for a later version: evidence of when
    // the signature was made (an RFC 3161 timestamp token over the signature,
    // or a transparency-log inclusion proof). This version cannot check it, so
    // it refuses it rather than let a reader believe it was checked.
    if (const JsonValue* t = r.Get("signingTimeEvidence", JsonType::kObject, false)) {
      ctx.Error(*t, "E1403", "signingTimeEvidence is reserved for a trusted timestamp or a "
                             "transparency-log proof, which this version of dxcheck cannot check");
    }
    r.RejectUnknown("a DSSE envelope (expected payloadType, payload, signatures, "
                    "x509CertificateChain)");
  }
  local.ForwardSorted(sink);
  if (!doc || local.has_errors()) return Status::InvalidInput(file + ": malformed DSSE envelope");
  return e;
}

}  // namespace dxcheck
