#include "checker/attest/verify.h"

#include <algorithm>
#include <memory>

#include "checker/attest/dsse.h"
#include "checker/attest/signature.h"
#include "checker/attest/statement.h"
#include "checker/attest/x509.h"
#include "checker/base/digest.h"
#include "checker/base/json_bounded.h"
#include "checker/base/printable.h"
#include "checker/eval/check.h"
#include "checker/eval/decision_json.h"
#include "checker/eval/recorded.h"
#include "checker/manifest/manifest_loader.h"
#include "rapidjson/document.h"
#include "rapidjson/prettywriter.h"
#include "rapidjson/stringbuffer.h"

namespace dxcheck {
namespace {

std::string Short(const std::string& hex) { return hex.substr(0, 16); }

// An Ed25519 signature is 64 raw bytes; ECDSA and SM2 signatures are DER
// SEQUENCEs. Enough to tell a wrong algorithm from a wrong key.
bool LooksLikeEd25519(const std::string& sig) {
  return sig.size() == 64 && !(static_cast<unsigned char>(sig[0]) == 0x30 &&
                               static_cast<unsigned char>(sig[1]) == sig.size() - 2);
}

// Why no trusted key verified any signature, as precisely as can be told.
std::string DescribeSignatureFailure(const DsseEnvelope& env, const std::vector<const Key*>& trusted) {
  std::string keys;
  for (const Key* k : trusted) {
    keys += (keys.empty() ? "" : ", ") + std::string(KeyAlgorithmName(k->algorithm())) + " " +
            Short(k->keyid());
  }
  for (const DsseSignature& s : env.signatures) {
    for (const Key* k : trusted) {
      if ((s.keyid == k->keyid() || s.keyid.empty()) && k->algorithm() != KeyAlgorithm::kEd25519 &&
          !LooksLikeEd25519(s.sig) && !IsCanonicalDerSignature(s.sig)) {
        return "the signature is not canonical DER: an ECDSA or SM2 signature must be the one DER "
               "encoding of (r, s) (long-form lengths, padded integers or trailing bytes are refused)";
      }
      if (s.keyid == k->keyid()) {
        return "the signature by trusted key " + Short(k->keyid()) +
               " does not verify: the envelope or its payload was changed after signing";
      }
    }
  }
  const DsseSignature& s = env.signatures[0];
  bool ed = LooksLikeEd25519(s.sig);
  bool any_match = false;
  for (const Key* k : trusted) any_match = any_match || ((k->algorithm() == KeyAlgorithm::kEd25519) == ed);
  if (!any_match) {
    return std::string("wrong algorithm: the envelope carries ") +
           (ed ? "an Ed25519 signature" : "an ECDSA or SM2 signature") +
           ", the trusted key(s) are " + keys;
  }
  return "signed by key " + (s.keyid.empty() ? std::string("(no keyid)") : Short(s.keyid)) +
         ", which is not a trusted key (trusted: " + keys + ")";
}

}  // namespace

std::string VerifyReportToText(const VerifyReport& r) {
  std::string out;
  for (const VerifyCheck& c : r.checks) {
    out += std::string(c.ok ? "ok    " : "FAIL  ") + Printable(c.name) + ": " +
           Printable(c.detail) + "\n";
  }
  for (const std::string& n : r.notes) out += "note  " + n + "\n";
  return out + (r.valid() ? "VALID\n" : "INVALID\n");
}

std::string VerifyReportToJson(const VerifyReport& r) {
  rapidjson::StringBuffer buf;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buf);
  w.SetIndent(' ', 2);
  w.StartObject();
  w.Key("valid");
  w.Bool(r.valid());
  w.Key("checks");
  w.StartArray();
  for (const VerifyCheck& c : r.checks) {
    w.StartObject();
    w.Key("check");
    w.String(c.name.c_str(), static_cast<rapidjson::SizeType>(c.name.size()));
    w.Key("ok");
    w.Bool(c.ok);
    w.Key("detail");
    w.String(c.detail.c_str(), static_cast<rapidjson::SizeType>(c.detail.size()));
    w.EndObject();
  }
  w.EndArray();
  auto str = [&](const char* key, const std::string& v) {
    w.Key(key);
    w.String(v.c_str(), static_cast<rapidjson::SizeType>(v.size()));
  };
  if (r.key_match != KeyMatch::kNone) {
    str("payloadSha256", r.payload_sha256);
    w.Key("signer");
    w.StartObject();
    str("keyid", r.signer_keyid);
    str("algorithm", r.signer_algorithm);
    // "trial": the envelope named no key; the signature was tried against
    // every trusted key and one verified it.
    str("matchedBy", r.key_match == KeyMatch::kKeyId ? "keyid" : "trial");
    w.Key("certificate");
    w.Bool(r.via_certificate);
    w.EndObject();
  }
  w.Key("notes");
  w.StartArray();
  for (const std::string& n : r.notes) w.String(n.c_str(), static_cast<rapidjson::SizeType>(n.size()));
  w.EndArray();
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize()) + "\n";
}

bool VerifyReport::valid() const {
  return !checks.empty() &&
         std::all_of(checks.begin(), checks.end(), [](const VerifyCheck& c) { return c.ok; });
}

VerifyReport VerifyEnvelope(const std::string& envelope, const std::string& file,
                            const VerifyOptions& o) {
  VerifyReport rep;
  auto add = [&](const std::string& name, bool ok, const std::string& detail) {
    rep.checks.push_back({name, ok, detail});
    return ok;
  };
  DiagnosticList diags;
  Result<DsseEnvelope> env = ParseEnvelope(envelope, file, &diags);
  if (!env.ok()) {
    std::string first = diags.all().empty() ? "" : RenderDiagnostic(diags.all()[0]);
    add("envelope", false, "malformed: " + first);
    return rep;
  }
  add("envelope", true, std::to_string(env->signatures.size()) + " signature(s)");
  if (!add("payload type", env->payload_type == kInTotoPayloadType,
           env->payload_type == kInTotoPayloadType
               ? env->payload_type
               : "\"" + env->payload_type + "\", expected \"" + kInTotoPayloadType + "\"")) {
    return rep;
  }
  // 3. A trusted key's signature over PAE. The keyid is only a hint for
  // finding the key, but it is signed content of the envelope too: a
  // signature that verifies under a trusted key whose id differs from the
  // one written beside it has been altered, and fails.
  std::string pae = Pae(env->payload_type, env->payload);
  std::vector<const Key*> trusted = o.trusted;
  std::unique_ptr<VerifiedChain> chain;
  if (!o.ca_pem.empty()) {
    Result<VerifiedChain> vc = VerifyChainToRoots(env->cert_chain, o.ca_pem);
    Status usage = vc.ok() ? CheckChainIsPath(env->cert_chain, vc->path) : vc.status();
    if (usage.ok()) usage = CheckSigningUsage(env->cert_chain[0]);
    if (!add("certificate chain", usage.ok(),
             usage.ok() ? LeafSubject(env->cert_chain) + ", leads to a --ca root (" +
                              LeafSubject({vc->path.back()}) + "); key usage digitalSignature"
                        : file + ": " + usage.message())) {
      return rep;
    }
    chain = std::make_unique<VerifiedChain>(std::move(vc).value());
    trusted.push_back(&chain->leaf_key);
  }
  const Key* signer = nullptr;
  const DsseSignature* used = nullptr;
  for (const DsseSignature& s : env->signatures) {
    for (const Key* k : trusted) {
      if (VerifyMessage(*k, pae, s.sig, o.sm2_id).ok()) {
        signer = k;
        used = &s;
        break;
      }
    }
    if (signer != nullptr) break;
  }
  if (signer == nullptr) {
    add("signature", false, DescribeSignatureFailure(*env, trusted));
    return rep;
  }
  if (!used->keyid.empty() && used->keyid != signer->keyid()) {
    add("signature", false, "the signature verifies with trusted key " + Short(signer->keyid()) +
                                " but the envelope names keyid " + Short(used->keyid) +
                                ": the key id was altered");
    return rep;
  }
  rep.signer_keyid = signer->keyid();
  rep.signer_algorithm = KeyAlgorithmName(signer->algorithm());
  if (Result<std::string> pem = signer->PublicPem(); pem.ok()) rep.signer_public_pem = *pem;
  rep.key_match = used->keyid.empty() ? KeyMatch::kTrial : KeyMatch::kKeyId;
  // By key, not by object: a --key that is also the leaf still gets the
  // chain's dates checked.
  rep.via_certificate = chain != nullptr && signer->keyid() == chain->leaf_key.keyid();
  rep.payload_sha256 = Sha256Hex(env->payload);
  add("signature", true,
      rep.signer_algorithm + ", keyid " + signer->keyid() +
          (rep.key_match == KeyMatch::kTrial
               ? " (matched by trial: the envelope names no keyid, every trusted key was tried)"
               : "") +
          "; payload sha256 " + rep.payload_sha256);
  // 4. Only now is the payload read.
  DiagnosticList st_diags;
  Result<ParsedStatement> st = ParseStatement(env->payload, &st_diags);
  if (!st.ok()) {
    add("statement", false, st_diags.all().empty() ? st.status().message()
                                                   : RenderDiagnostic(st_diags.all()[0]));
    return rep;
  }
  add("statement", true, std::string(kStatementType) + ", " + kDecisionPredicateType);
  rep.decision_json = st->predicate_json;
  Result<RecordedEvaluation> read = ReadRecordedEvaluation(rep.decision_json);
  if (!add("decision", read.ok(),
           read.ok() ? "evaluated at " + read->evaluated_at + " by dxcheck " + read->tool_version
                     : read.status().message())) {
    return rep;
  }
  const RecordedEvaluation& rec = *read;
  if (rep.via_certificate) {
    // The evaluation date is the signer's claim, not an attested signing time:
    // say so whenever a certificate vouched for the key.
    rep.notes.push_back("signing time not attested: the certificates are checked on the evaluation "
                        "date " + rec.evaluated_at + ", which the signer chose; a signer whose certificate "
                        "has since expired or been revoked could still sign a decision dated "
                        "earlier (no trusted timestamp; revocation is not checked)");
    Status valid = CheckChainValidOn(chain->path, rec.at);
    if (!add("certificate validity", valid.ok(),
             valid.ok() ? "every certificate, the --ca root included, is valid on " + rec.evaluated_at
                        : valid.message())) {
      return rep;
    }
  }
  if (!o.expected_at.empty() &&
      !add("evaluation date", rec.evaluated_at == o.expected_at,
           rec.evaluated_at == o.expected_at ? rec.evaluated_at
                                   : "the decision was evaluated at " + rec.evaluated_at + ", not at " +
                                         o.expected_at + " (--at)")) {
    return rep;
  }
  if (st->subjects.empty() || st->subjects[0].sha256 != rec.manifest_sha256) {
    add("subject", false, "the first subject is not the manifest the decision names (" +
                              Short(rec.manifest_sha256) + ")");
    return rep;
  }
  if (o.manifest == nullptr) return rep;

  // 5. Subjects against the given manifest.
  std::string sha = Sha256Hex(*o.manifest);
  if (!add("subject manifest", sha == rec.manifest_sha256,
           sha == rec.manifest_sha256
               ? o.manifest_file + " sha256 " + sha
               : "sha256 of " + o.manifest_file + " is " + sha + ", the statement says " +
                     rec.manifest_sha256)) {
    return rep;
  }
  if (o.rules == nullptr) return rep;
  DiagnosticList mdiags;
  Result<Manifest> m = LoadManifest(*o.manifest, o.manifest_file, o.rules->categories(), &mdiags);
  if (!m.ok()) {
    add("subject resources", false, "the manifest cannot be read: " +
                                        (mdiags.all().empty() ? "" : RenderDiagnostic(mdiags.all()[0])));
    return rep;
  }
  std::vector<std::string> declared, signed_digests;
  for (const Resource& r : m->resources) declared.push_back(r.hash.substr(r.hash.find(':') + 1));
  for (size_t i = 1; i < st->subjects.size(); ++i) signed_digests.push_back(st->subjects[i].sha256);
  add("subject resources", declared == signed_digests,
      declared == signed_digests
          ? std::to_string(declared.size()) + " data file digest(s) match"
          : "the manifest declares " + std::to_string(declared.size()) +
                " data file digest(s) that differ from the statement's " +
                std::to_string(signed_digests.size()) + " subject(s)");

  // 6. The rule set is the one recorded, and re-evaluation reproduces the decision.
  std::string list_problem;
  if (o.rules->categories().sha256() != rec.categories_sha256) {
    list_problem = "category code list (" + o.rules->categories().file() + ") sha256 " +
                   Short(o.rules->categories().sha256()) + " differs from the recorded " +
                   Short(rec.categories_sha256);
  }
  for (const auto& [id, sha256] : rec.lists) {
    const RuleList* found = nullptr;
    for (const RuleList& l : o.rules->lists()) found = l.id == id ? &l : found;
    if (list_problem.empty() && found == nullptr) {
      list_problem = "list " + id + " recorded in the decision is not loaded";
    } else if (list_problem.empty() && found->sha256 != sha256) {
      list_problem = "list " + id + " sha256 " + Short(found->sha256) + " (" + found->file +
                     ") differs from the recorded " + Short(sha256);
    }
  }
  for (const RuleList& l : o.rules->lists()) {
    bool recorded = std::any_of(rec.lists.begin(), rec.lists.end(),
                                [&](const auto& r) { return r.first == l.id; });
    if (list_problem.empty() && !recorded) {
      list_problem = "list " + l.id + " (" + l.file + ") is loaded but not recorded in the decision";
    }
  }
  if (list_problem.empty() && o.rules->lists().size() != rec.lists.size()) {
    list_problem = "the loaded lists are not those recorded in the decision";
  }
  if (!add("lists", list_problem.empty(),
           list_problem.empty() ? std::to_string(rec.lists.size()) + " list(s) and the code list "
                                                                     "match by sha256"
                                : list_problem)) {
    return rep;
  }
  // A decision signed with --data rests on what was measured in the files
  // (sizes, digests, columns, content, persons): without them nothing can
  // check those parts, so it is not reproduced — never VALID on the signer's
  // word alone. One signed without --data is re-evaluated the same way.
  if (rec.data_verified != (o.data != nullptr)) {
    add("reproduced", false,
        rec.data_verified
            ? "the decision was signed with --data: its measured parts (data, counts, content "
              "findings) are reproduced only by reading the data files again — give --data DIR"
            : "the decision was signed without --data (\"data\": {\"verified\": false}): verify it "
              "without --data, or check and sign again with --data");
    return rep;
  }
  CheckOptions copt;
  // A decision whose prior counts came from a ledger is re-evaluated with the
  // counts it records (spec/ledger.md), not with the ledger's state today.
  copt.evaluation = rec.evaluation();
  copt.data = o.data;
  DiagnosticList cdiags;
  Result<Decision> again = RunCheck(*o.manifest, o.manifest_file, *o.rules, copt, &cdiags);
  if (!again.ok()) {
    // The first error says which check failed (with --data: which file
    // differs); data diagnostics carry digests and counts, never values.
    std::string first;
    for (const Diagnostic& d : cdiags.all()) {
      if (first.empty() && d.severity == Severity::kError) first = " — " + RenderDiagnostic(d);
    }
    add("reproduced", false, "re-evaluation failed: " + again.status().message() + first);
    return rep;
  }
  // The same bytes are the same value: the two parses of the comparison are
  // only needed when the texts differ (a decision JsonOut wrote nests 5 deep,
  // so it parses, and compares equal, whenever it is the signed text).
  const std::string again_json = DecisionToCompactJson(*again);
  std::string diff =
      rep.decision_json == again_json ? "" : FirstJsonDifference(rep.decision_json, again_json);
  std::string version_note =
      rec.tool_version == kToolVersion
          ? ""
          : " (signed by dxcheck " + rec.tool_version + ", re-evaluated by " + kToolVersion + ")";
  if (!add("reproduced", diff.empty(),
           diff.empty() ? "re-evaluation at " + rec.evaluated_at + " gives the same decision" + version_note
                        : "re-evaluation at " + rec.evaluated_at + " differs from the signed decision at " +
                              diff + version_note)) {
    return rep;
  }
  // The rest of the statement is signed content too: every subject's name,
  // digests and annotations (dxcheck.verified) must be what the re-evaluated
  // decision gives, not only the sha256 digests checked above. The manifest
  // subject's name is the signer's file name, the one thing taken as signed.
  std::string statement = BuildStatement(*again, st->subjects[0].name, again_json);
  std::string sdiff = env->payload == statement ? "" : FirstJsonDifference(env->payload, statement);
  add("statement", sdiff.empty(),
      sdiff.empty() ? std::to_string(st->subjects.size()) + " subject(s) with their names and annotations, "
                                                            "as the re-evaluation gives them"
                    : "the signed statement differs from the one the re-evaluated decision gives at " + sdiff +
                          " (a subject's name, digests or annotations were not written by this check)");
  return rep;
}

}  // namespace dxcheck
