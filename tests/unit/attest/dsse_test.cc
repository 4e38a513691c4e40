#include "checker/attest/dsse.h"

#include <doctest/doctest.h>

namespace dxcheck {
namespace {

std::string Errors(const std::string& json) {
  DiagnosticList d;
  Result<DsseEnvelope> e = ParseEnvelope(json, "e.json", &d);
  CHECK(e.ok() == !d.has_errors());
  return d.RenderAll();
}

TEST_CASE("PAE as the DSSE specification gives it") {
  CHECK(Pae("http://example.com/HelloWorld", "hello world") ==
        "DSSEv1 29 http://example.com/HelloWorld 11 hello world");
  CHECK(Pae("", "") == "DSSEv1 0  0 ");
}

TEST_CASE("serialise and parse round trip, bytes exact") {
  DsseEnvelope e{kInTotoPayloadType, std::string("{\"a\":1}\0\xff", 9), {{"k1", "sig\x01"}}, {}};
  DiagnosticList d;
  Result<DsseEnvelope> back = ParseEnvelope(SerializeEnvelope(e), "e.json", &d);
  REQUIRE(back.ok());
  CHECK(back->payload == e.payload);
  CHECK(back->signatures[0].sig == "sig\x01");
  CHECK(back->signatures[0].keyid == "k1");
}

TEST_CASE("an optional certificate chain round trips outside the signed bytes") {
  DsseEnvelope e{kInTotoPayloadType, "p", {{"k", "s"}}, {"der1", std::string("der\0 2", 6)}};
  DiagnosticList d;
  Result<DsseEnvelope> back = ParseEnvelope(SerializeEnvelope(e), "e.json", &d);
  REQUIRE(back.ok());
  CHECK(back->cert_chain == e.cert_chain);
  CHECK(SerializeEnvelope(DsseEnvelope{kInTotoPayloadType, "p", {{"k", "s"}}, {}})
            .find("x509CertificateChain") == std::string::npos);
}

TEST_CASE("strict parsing") {
  CHECK(Errors(R"({"payloadType": "t", "payload": "", "signatures": [{"sig": "AA=="}], "x": 1})") ==
        "e.json:1:75: error[E1103]: /x: unknown key \"x\" in a DSSE envelope (expected payloadType, "
        "payload, signatures, x509CertificateChain)\n");
  CHECK(Errors(R"({"payloadType": "t", "payload": "", "payload": "", "signatures": [{"sig": "AA=="}]})")
            .find("error[E1003]: /payload: duplicate key") != std::string::npos);
  CHECK(Errors(R"({"payloadType": "t", "payload": "a b", "signatures": [{"sig": "AA=="}]})") ==
        "e.json:1:33: error[E1401]: /payload: not base64 (standard or URL-safe): invalid character "
        "at position 1\n");
  CHECK(Errors(R"({"payloadType": "t", "payload": "", "signatures": []})") ==
        "e.json:1:51: error[E1105]: /signatures: an envelope needs at least one signature\n");
  CHECK(Errors(R"({"payloadType": "t", "payload": "", "signatures": [{"sig": "AA=="}]} {})") ==
        "e.json:1:70: error[E1004]: unexpected data after the end of the JSON document\n");
  // Reserved for a trusted timestamp or a transparency-log proof: refused, not ignored.
  CHECK(Errors(R"({"payloadType": "t", "payload": "", "signatures": [{"sig": "AA=="}], "signingTimeEvidence": {}})") ==
        "e.json:1:93: error[E1403]: /signingTimeEvidence: signingTimeEvidence is reserved for a trusted "
        "timestamp or a transparency-log proof, which this version of dxcheck cannot check\n");
  CHECK(Errors(R"({"payloadType": "t", "payload": "", "signatures": [{"sig": "AA==", "cert": "x"}]})")
            .find("unknown key \"cert\" in a DSSE signature") != std::string::npos);
}

}  // namespace
}  // namespace dxcheck
