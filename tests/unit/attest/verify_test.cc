// Verification of signed decisions: round trips, the exhaustive single-byte
// tamper test, and one precise message per kind of failure.
#include "checker/attest/verify.h"

#include <doctest/doctest.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/obj_mac.h>

#include "checker/attest/dsse.h"
#include "checker/attest/signature.h"
#include "checker/attest/statement.h"
#include "checker/base/base64.h"
#include "checker/base/digest.h"
#include "checker/base/file_io.h"
#include "checker/eval/decision_json.h"
#include "tests/unit/test_util.h"

namespace dxcheck {
namespace {

struct Signed {
  std::string manifest;
  std::string envelope;
  Key key;
};

Signed Sign(KeyAlgorithm alg, const std::string& manifest_json) {
  test::CheckRun run = test::RunOn(manifest_json);
  REQUIRE(run.status.ok());
  Key key = Key::Generate(alg).value();
  std::string env = SignDecision(run.decision, "m.json", key, kDefaultSm2Id).value();
  return {manifest_json, env, std::move(key)};
}

VerifyReport Verify(const Signed& s, const Key& trusted, bool with_manifest = true,
                    const RuleSet* rules = nullptr, const std::string& envelope = "") {
  VerifyOptions o;
  o.trusted = {&trusted};
  if (with_manifest) {
    o.manifest = &s.manifest;
    o.manifest_file = "m.json";
    o.rules = rules ? rules : &test::ShippedRules();
  }
  return VerifyEnvelope(envelope.empty() ? s.envelope : envelope, "e.json", o);
}

std::string FirstFailure(const VerifyReport& r) {
  for (const VerifyCheck& c : r.checks) {
    if (!c.ok) return c.name + ": " + c.detail;
  }
  return "";
}

test::ManifestBuilder Small() {
  test::ManifestBuilder b;
  b.Fields("[" + test::TaggedField("NAME", "pi.basic") + "]").Set("/dxcheck/subjects", R"({"personal": 150000})");
  return b;
}

TEST_CASE("sign and verify round trip for every algorithm, with reproduction") {
  for (KeyAlgorithm alg : {KeyAlgorithm::kEd25519, KeyAlgorithm::kP256, KeyAlgorithm::kSm2}) {
    CAPTURE(KeyAlgorithmName(alg));
    Signed s = Sign(alg, Small().Json());
    VerifyReport r = Verify(s, s.key);
    CHECK_MESSAGE(r.valid(), FirstFailure(r));
    REQUIRE(r.checks.size() >= 2);
    CHECK(r.checks[r.checks.size() - 2].name == "reproduced");
    CHECK(r.checks.back().name == "statement");
    CHECK(r.decision_json.find("\"verdict\":\"contract_or_certification\"") != std::string::npos);
  }
}

TEST_CASE("every single-byte change of the envelope that changes its content is rejected") {
  // A small envelope: the payload is a short statement, signed over PAE.
  Key key = Key::Generate(KeyAlgorithm::kEd25519).value();
  DsseEnvelope e{kInTotoPayloadType, "{\"_type\":\"x\"}", {}, {}};
  e.signatures.push_back({key.keyid(), SignMessage(key, Pae(e.payload_type, e.payload)).value()});
  const std::string original = SerializeEnvelope(e);
  VerifyOptions o;
  o.trusted = {&key};
  REQUIRE(VerifyEnvelope(original, "e.json", o).checks.size() >= 3);
  REQUIRE(VerifyEnvelope(original, "e.json", o).checks[2].ok);  // the signature verifies
  size_t accepted_same = 0, rejected = 0;
  for (size_t i = 0; i < original.size(); ++i) {
    for (unsigned char flip : {0x01, 0x02, 0x20, 0x40, 0x80}) {
      std::string t = original;
      t[i] = static_cast<char>(static_cast<unsigned char>(t[i]) ^ flip);
      VerifyReport r = VerifyEnvelope(t, "e.json", o);
      bool signature_ok = r.checks.size() >= 3 && r.checks[2].ok;
      if (!signature_ok) {
        ++rejected;
        continue;
      }
      // Accepted: allowed only when the decoded content is the same (e.g. a
      // base64 character whose changed bits are padding bits).
      DiagnosticList d;
      Result<DsseEnvelope> back = ParseEnvelope(t, "e.json", &d);
      REQUIRE(back.ok());
      CAPTURE(i);
      CHECK(back->payload == e.payload);
      CHECK(back->payload_type == e.payload_type);
      CHECK(back->signatures[0].sig == e.signatures[0].sig);
      CHECK(back->signatures[0].keyid == e.signatures[0].keyid);
      ++accepted_same;
    }
  }
  CHECK(rejected > 0);
  MESSAGE("single-byte changes: " << rejected << " rejected, " << accepted_same
                                  << " accepted with identical decoded content");
}

TEST_CASE("every single-byte change of the payload is rejected") {
  Signed s = Sign(KeyAlgorithm::kEd25519, Small().Json());
  DiagnosticList d;
  DsseEnvelope e = ParseEnvelope(s.envelope, "e.json", &d).value();
  VerifyOptions o;
  o.trusted = {&s.key};
  size_t n = 0;
  for (size_t i = 0; i < e.payload.size(); i += 1) {
    DsseEnvelope t = e;
    t.payload[i] = static_cast<char>(t.payload[i] ^ 0x01);
    VerifyReport r = VerifyEnvelope(SerializeEnvelope(t), "e.json", o);
    CAPTURE(i);
    REQUIRE_FALSE(r.valid());
    CHECK(FirstFailure(r).rfind("signature: ", 0) == 0);
    ++n;
  }
  CHECK(n == e.payload.size());
  MESSAGE("payload bytes changed one at a time, all rejected: " << n);
}

TEST_CASE("each kind of failure has its own message") {
  Signed s = Sign(KeyAlgorithm::kEd25519, Small().Json());
  Key other = Key::Generate(KeyAlgorithm::kEd25519).value();
  Key p256 = Key::Generate(KeyAlgorithm::kP256).value();
  CHECK(FirstFailure(Verify(s, other)) ==
        "signature: signed by key " + s.key.keyid().substr(0, 16) +
            ", which is not a trusted key (trusted: ed25519 " + other.keyid().substr(0, 16) + ")");
  CHECK(FirstFailure(Verify(s, p256)) ==
        "signature: wrong algorithm: the envelope carries an Ed25519 signature, the trusted key(s) "
        "are p256 " + p256.keyid().substr(0, 16));
  // Swapped manifest: another manifest with the same envelope.
  Signed swapped{Small().Set("/dxcheck/subjects/personal", "150001").Json(), s.envelope,
                 Key::LoadPublicPem(s.key.PublicPem().value()).value()};
  CHECK(FirstFailure(Verify(swapped, s.key)).rfind("subject manifest: sha256 of m.json is ", 0) == 0);
  // Swapped list: the HGR list with another threshold.
  std::string hgr = ReadFile(test::SourcePath("rules/cn-hgr.json")).value();
  hgr.replace(hgr.find("\"gt\": 500"), 9, "\"gt\": 400");
  std::string tmp = "/tmp/dxcheck_verify_test_hgr.json";
  REQUIRE(WriteFileAtomic(tmp, hgr).ok());
  DiagnosticList d;
  RuleSet edited = RuleSet::Load(test::SourcePath("rules"), {tmp}, &d).value();
  CHECK(FirstFailure(Verify(s, s.key, true, &edited)).rfind("lists: list cn-hgr sha256 ", 0) == 0);
  // Changed --at: the auditor expects another evaluation date.
  VerifyOptions o;
  o.trusted = {&s.key};
  o.expected_at = "2026-12-02";
  CHECK(FirstFailure(VerifyEnvelope(s.envelope, "e.json", o)) ==
        "evaluation date: the decision was evaluated at 2026-12-01, not at 2026-12-02 (--at)");
  // A key id altered beside a valid signature.
  DsseEnvelope e = ParseEnvelope(s.envelope, "e.json", &d).value();
  e.signatures[0].keyid = other.keyid();
  CHECK(FirstFailure(Verify(s, s.key, false, nullptr, SerializeEnvelope(e))).find(
            "the key id was altered") != std::string::npos);
  // A tampered payload signed by the trusted key's id.
  e = ParseEnvelope(s.envelope, "e.json", &d).value();
  e.payload[10] ^= 1;
  CHECK(FirstFailure(Verify(s, s.key, false, nullptr, SerializeEnvelope(e))) ==
        "signature: the signature by trusted key " + s.key.keyid().substr(0, 16) +
            " does not verify: the envelope or its payload was changed after signing");
}

TEST_CASE("a decision that does not reproduce is rejected with the first difference") {
  // Sign a decision, then verify it against a manifest with the same digest but
  // evaluated under different lists: simulate by signing a doctored decision.
  test::CheckRun run = test::RunOn(Small().Json());
  Decision d = std::move(run.decision);
  d.verdict = Verdict::kFreeFlow;  // what a forger would want
  Key key = Key::Generate(KeyAlgorithm::kEd25519).value();
  Signed s{Small().Json(), SignDecision(d, "m.json", key, kDefaultSm2Id).value(), std::move(key)};
  CHECK(FirstFailure(Verify(s, s.key)) ==
        "reproduced: re-evaluation at 2026-12-01 differs from the signed decision at /verdict");
}

// (r, s) -> (r, n - s) for a P-256 DER signature: the twin that verifies too.
std::string EcdsaTwin(const std::string& der) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(der.data());
  ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size()));
  REQUIRE(sig != nullptr);
  EC_GROUP* group = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
  BIGNUM* r = BN_dup(ECDSA_SIG_get0_r(sig));
  BIGNUM* s = BN_new();
  BN_sub(s, EC_GROUP_get0_order(group), ECDSA_SIG_get0_s(sig));
  ECDSA_SIG_set0(sig, r, s);
  unsigned char* out = nullptr;
  int len = i2d_ECDSA_SIG(sig, &out);
  std::string twin(reinterpret_cast<char*>(out), static_cast<size_t>(len));
  OPENSSL_free(out);
  ECDSA_SIG_free(sig);
  EC_GROUP_free(group);
  return twin;
}

TEST_CASE("ECDSA: (r, s) and (r, n-s) both verify, with one identity; non-canonical DER is refused") {
  Signed s = Sign(KeyAlgorithm::kP256, Small().Json());
  DiagnosticList d;
  DsseEnvelope e = ParseEnvelope(s.envelope, "e.json", &d).value();
  const std::string der = e.signatures[0].sig;
  REQUIRE(IsCanonicalDerSignature(der));
  VerifyReport original = Verify(s, s.key);
  REQUIRE(original.valid());
  DsseEnvelope twin = e;
  twin.signatures[0].sig = EcdsaTwin(der);
  REQUIRE(twin.signatures[0].sig != der);
  VerifyReport r = Verify(s, s.key, true, nullptr, SerializeEnvelope(twin));
  CHECK_MESSAGE(r.valid(), FirstFailure(r));
  // Different envelope bytes, the same envelope: its identity is the payload's digest.
  CHECK(SerializeEnvelope(twin) != s.envelope);
  CHECK(r.payload_sha256 == original.payload_sha256);
  CHECK(r.payload_sha256 == Sha256Hex(e.payload));
  CHECK(VerifyReportToJson(r).find("\"payloadSha256\": \"" + Sha256Hex(e.payload) + "\"") != std::string::npos);
  // BER that OpenSSL's decoder would take: a long-form length, a padded
  // integer, a byte after the SEQUENCE. Each is the same (r, s), each refused.
  REQUIRE(static_cast<unsigned char>(der[1]) < 0x80);
  std::string long_form = std::string("\x30\x81", 2) + der.substr(1);
  std::string padded = der;
  size_t rlen = static_cast<unsigned char>(der[3]);
  padded.insert(4, 1, '\0');
  padded[3] = static_cast<char>(rlen + 1);
  padded[1] = static_cast<char>(static_cast<unsigned char>(der[1]) + 1);
  std::string trailing = der + std::string(1, '\0');
  for (const std::string& bad : {long_form, padded, trailing}) {
    CHECK_FALSE(IsCanonicalDerSignature(bad));
    DsseEnvelope t = e;
    t.signatures[0].sig = bad;
    CHECK(FirstFailure(Verify(s, s.key, false, nullptr, SerializeEnvelope(t))) ==
          "signature: the signature is not canonical DER: an ECDSA or SM2 signature must be the one "
          "DER encoding of (r, s) (long-form lengths, padded integers or trailing bytes are refused)");
    CHECK(VerifyMessage(s.key, Pae(e.payload_type, e.payload), bad).message() ==
          "not a canonical DER signature");
  }
}

TEST_CASE("verify says whether the key was named by the keyid or found by trial") {
  Signed s = Sign(KeyAlgorithm::kEd25519, Small().Json());
  VerifyReport named = Verify(s, s.key, false);
  REQUIRE(named.valid());
  CHECK(named.key_match == KeyMatch::kKeyId);
  CHECK(VerifyReportToJson(named).find("\"matchedBy\": \"keyid\"") != std::string::npos);
  DiagnosticList d;
  DsseEnvelope e = ParseEnvelope(s.envelope, "e.json", &d).value();
  e.signatures[0].keyid = "";
  VerifyReport trial = Verify(s, s.key, false, nullptr, SerializeEnvelope(e));
  REQUIRE(trial.valid());  // DSSE makes the keyid optional
  CHECK(trial.key_match == KeyMatch::kTrial);
  CHECK(trial.signer_keyid == s.key.keyid());
  CHECK(VerifyReportToJson(trial).find("\"matchedBy\": \"trial\"") != std::string::npos);
  CHECK(VerifyReportToText(trial).find("(matched by trial: the envelope names no keyid, every trusted "
                                       "key was tried)") != std::string::npos);
}

TEST_CASE("the payload is parsed only after the signature verifies") {
  Key key = Key::Generate(KeyAlgorithm::kEd25519).value();
  Key other = Key::Generate(KeyAlgorithm::kEd25519).value();
  DsseEnvelope e{kInTotoPayloadType, "not json at all", {}, {}};
  e.signatures.push_back({key.keyid(), SignMessage(key, Pae(e.payload_type, e.payload)).value()});
  VerifyOptions o;
  o.trusted = {&other};
  VerifyReport r = VerifyEnvelope(SerializeEnvelope(e), "e.json", o);
  CHECK(r.checks.back().name == "signature");  // stopped before the statement
  o.trusted = {&key};
  r = VerifyEnvelope(SerializeEnvelope(e), "e.json", o);
  CHECK(FirstFailure(r).rfind("statement: ", 0) == 0);
}

TEST_CASE("statement subjects: a multi-part resource is named as a resource; duplicate names warned") {
  const std::string b = "sha256:" + std::string(64, 'b'), c = "sha256:" + std::string(64, 'c');
  test::ManifestBuilder m;
  m.Set("/resources/1", R"({"name": "visits", "path": ["data/v-1.csv", "data/v-2.csv"], "bytes": 10,
                            "hash": ")" + b + R"(", "schema": {"fields": [{"name": "N",
                            "dxcheck": {"categories": ["rd.process"]}}]}})");
  test::CheckRun r = test::RunOn(m.Json());
  REQUIRE(r.status.ok());
  REQUIRE(r.decision.resources.size() == 2);
  CHECK(r.decision.resources[1].parts == std::vector<std::string>{"data/v-1.csv", "data/v-2.csv"});
  CHECK_FALSE(r.HasWarning("W-DUPLICATE-SUBJECT"));
  DiagnosticList diags;
  Result<ParsedStatement> st = ParseStatement(BuildStatement(r.decision, "m.json"), &diags);
  REQUIRE(st.ok());
  REQUIRE(st->subjects.size() == 3);
  CHECK(st->subjects[1].name == "data/batches.csv");
  // One digest covers both parts: no file is named beside it.
  CHECK(st->subjects[2].name == "resource:visits");
  CHECK(st->subjects[2].sha256 == std::string(64, 'b'));
  CHECK(DecisionToCompactJson(r.decision).find(R"("parts":["data/v-1.csv","data/v-2.csv"])") !=
        std::string::npos);
  // A single-file resource records no parts (decisions signed before stay reproducible).
  CHECK(DecisionToCompactJson(r.decision).find(R"("path":"data/batches.csv","sha256")") !=
        std::string::npos);

  // Two resources with one path, and a resource named like the manifest.
  m.Set("/resources/2", R"({"name": "again", "path": "data/batches.csv", "bytes": 10, "hash": ")" + c +
                            R"(", "schema": {"fields": []}})");
  m.Set("/resources/3", R"({"name": "self", "path": "m.json", "bytes": 10, "hash": ")" + c +
                            R"(", "schema": {"fields": []}})");
  r = test::RunOn(m.Json());
  REQUIRE(r.status.ok());
  std::vector<std::string> dups;
  for (const DecisionWarning& w : r.decision.warnings) {
    if (w.code == "W-DUPLICATE-SUBJECT") dups.push_back(std::string(w.message) + " @" + std::string(w.pointer));
  }
  REQUIRE(dups.size() == 2);
  CHECK(dups[0] == "resource 2 (\"again\") and resource 0 (\"batches\") give the signed statement two "
                   "subjects named \"data/batches.csv\": a verifier that looks artifacts up by name "
                   "cannot tell them apart @/resources/2");
  CHECK(dups[1].find("resource 3 (\"self\") and the manifest itself") == 0);
}

}  // namespace
}  // namespace dxcheck
