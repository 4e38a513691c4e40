#include "checker/attest/dsse.h"

#include "checker/base/base64.h"
#include "checker/base/json_parser.h"
#include "checker/base/object_reader.h"

namespace dxcheck {

std::string Pae(std::string_view payload_type, std::string_view payload) {
  std::string out = "DSSEv1 ";
  out += std::to_string(payload_type.size());
  out += ' ';
  out += payload_type;
  out += ' ';
  out += std::to_string(payload.size());
  out += ' ';
  out += payload;
  return out;
}

std::string SerializeEnvelope(const DsseEnvelope& e) {
  std::string out = "{\n  \"payloadType\": " + JsonQuote(e.payload_type) + ",\n  \"payload\": \"" +
                    Base64Encode(e.payload) + "\",\n  \"signatures\": [";
  for (size_t i = 0; i < e.signatures.size(); ++i) {
    out += std::string(i ? "," : "") + "\n    {\"keyid\": " + JsonQuote(e.signatures[i].keyid) +
           ", \"sig\": \"" + Base64Encode(e.signatures[i].sig) + "\"}";
  }
  out += "\n  ]";
  if (!e.cert_chain.empty()) {
    out += ",\n  \"x509CertificateChain\": [";
    for (size_t i = 0; i < e.cert_chain.size(); ++i) {
      out += std::string(i ? ", " : "") + "\"" + Base64Encode(e.cert_chain[i]) + "\"";
    }
    out += "]";
  }
  return out + "\n}\n";
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
