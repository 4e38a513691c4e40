#include "checker/bundle/bundle.h"

#include <algorithm>
#include <set>
#include <sstream>

#include "checker/attest/dsse.h"
#include "checker/base/base64.h"
#include "checker/base/digest.h"
#include "checker/base/json_bounded.h"
#include "checker/bundle/report_html.h"
#include "checker/bundle/tar_archive.h"
#include "checker/eval/check.h"
#include "checker/eval/decision_json.h"
#include "rapidjson/document.h"

namespace dxcheck {
namespace {

constexpr char kBagitTxt[] = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";
const std::vector<std::string> kTagFiles = {"bag-info.txt", "bagit.txt", "manifest-sha256.txt", "VERIFY.md"};

std::string BaseName(const std::string& p) { return p.substr(p.rfind('/') + 1); }

std::string SafeId(const std::string& id) {
  std::string out;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
              c == '_' || c == '-';
    out += ok ? c : '_';
  }
  return out.substr(0, 64);
}

std::string ManifestLines(const FileMap& files, const std::string& root, bool payload) {
  std::string out;
  for (const auto& [path, data] : files) {
    std::string rel = path.substr(root.size());
    bool is_payload = rel.rfind("data/", 0) == 0;
    if (is_payload != payload) continue;
    if (!payload && std::find(kTagFiles.begin(), kTagFiles.end(), rel) == kTagFiles.end()) continue;
    out += Sha256Hex(data) + "  " + rel + "\n";
  }
  return out;
}

std::string VerifyMd(const std::string& keyid) {
  return "# How to verify this bundle / 如何验证本证据包\n\n"
         "This bag holds a transfer manifest, the signed dxcheck decision about it, the lists it was "
         "evaluated against and the signer's public key. Pin the signer's key from a source you trust "
         "(not from this bag). Signer key id (sha256 of DER SubjectPublicKeyInfo): `" + keyid + "`.\n\n"
         "## 1. With dxbundle\n\n```sh\ndxbundle verify BUNDLE.tar.gz --key signer.pub   # or --trust DIR, --ca ROOTS\n```\n\n"
         "It checks the bag (every checksum, nothing missing or extra), the signature, the statement's "
         "subjects, and that re-evaluating the bundled manifest against the bundled lists at the recorded "
         "date reproduces the decision.\n\n"
         "## 2. With sha256sum and openssl\n\n```sh\ntar xf BUNDLE.tar.gz && cd dxbundle-*/\n"
         "sha256sum -c manifest-sha256.txt && sha256sum -c tagmanifest-sha256.txt\n"
         "python3 - <<'PY'\nimport json, base64\nd = json.load(open('data/decision.dsse.json'))\n"
         "p = base64.b64decode(d['payload']); t = d['payloadType'].encode()\n"
         "open('/tmp/pae.bin', 'wb').write(b'DSSEv1 %d %s %d %s' % (len(t), t, len(p), p))\n"
         "open('/tmp/sig.bin', 'wb').write(base64.b64decode(d['signatures'][0]['sig']))\nPY\n"
         "openssl pkeyutl -verify -pubin -inkey signer.pub -rawin -in /tmp/pae.bin -sigfile /tmp/sig.bin   # Ed25519\n"
         "openssl dgst -sha256 -verify signer.pub -signature /tmp/sig.bin /tmp/pae.bin                    # ECDSA P-256\n"
         "openssl pkeyutl -verify -pubin -inkey signer.pub -rawin -digest sm3 -pkeyopt distid:1234567812345678 \\\n"
         "        -in /tmp/pae.bin -sigfile /tmp/sig.bin                                                 # SM2\n```\n\n"
         "Then compare `sha256sum data/manifest/*` with the statement's first subject and the list digests "
         "with the decision's `lists[].sha256`.\n\n"
         "## 3. With another DSSE / in-toto verifier\n\n"
         "`data/decision.dsse.json` is a standard DSSE envelope (payloadType application/vnd.in-toto+json) "
         "carrying an in-toto Statement v1 (predicateType https://dxcheck.dev/attestation/decision/v1). "
         "Any DSSE verifier given the signer's public key checks it, e.g. sigstore's `@sigstore/verify` with "
         "a caller-supplied key, or `cosign verify-blob-attestation --key signer.pub --type "
         "https://dxcheck.dev/attestation/decision/v1`.\n";
}

// The signed decision's evaluation date and clearance flag (already verified).
bool Recorded(const std::string& decision_json, Date* at, bool* clearance) {
  rapidjson::Document d;
  if (!ParseBoundedDocument(decision_json, {}, &d) || !d.IsObject() || !d.HasMember("evaluatedAt") || !d["evaluatedAt"].IsString() ||
      !d.HasMember("clearance") || !d["clearance"].IsBool()) {
    return false;
  }
  std::optional<Date> parsed = Date::Parse(d["evaluatedAt"].GetString());
  if (!parsed) return false;
  *at = *parsed;
  *clearance = d["clearance"].GetBool();
  return true;
}

// "" when the code list and every bundled list are files the signed decision
// records (by sha256); otherwise the first that is not. Hashes only: nothing
// is parsed.
std::string UnrecordedRulesFile(const std::string& decision_json, const std::string& categories,
                                const std::vector<RuleSet::Source>& lists) {
  rapidjson::Document d;
  if (!ParseBoundedDocument(decision_json, {}, &d) || !d.IsObject()) return "the signed decision is unreadable";
  std::set<std::string> recorded;
  if (d.HasMember("lists") && d["lists"].IsArray()) {
    for (const auto& l : d["lists"].GetArray()) {
      if (l.IsObject() && l.HasMember("sha256") && l["sha256"].IsString()) recorded.insert(l["sha256"].GetString());
    }
  }
  std::string cats;
  if (d.HasMember("categories") && d["categories"].IsObject() && d["categories"].HasMember("sha256") &&
      d["categories"]["sha256"].IsString()) {
    cats = d["categories"]["sha256"].GetString();
  }
  std::string sha = Sha256Hex(categories);
  if (sha != cats) {
    return "data/rules/categories.json sha256 " + sha.substr(0, 16) + " is not the code list the signed "
           "decision records";
  }
  for (const RuleSet::Source& l : lists) {
    sha = Sha256Hex(l.bytes);
    if (!recorded.count(sha)) {
      return l.path + " sha256 " + sha.substr(0, 16) + " is not a list the signed decision records";
    }
  }
  return "";
}

std::string FirstFailure(const VerifyReport& r) {
  for (const VerifyCheck& c : r.checks) {
    if (!c.ok) return c.name + ": " + c.detail;
  }
  return "";
}

}  // namespace

Result<std::string> PackBundle(const BundleInputs& in, DiagnosticSink* sink) {
  Result<RuleSet> rules = RuleSet::FromSources(in.categories, in.lists, {}, sink);
  if (!rules.ok()) return rules.status();
  Result<Key> key = Key::LoadPublicPem(in.public_key_pem);
  if (!key.ok()) return Status::Permission("signer key: " + key.status().message());
  VerifyOptions vo;
  vo.trusted = {&*key};
  vo.manifest = &in.manifest.bytes;
  vo.manifest_file = in.manifest.path;
  vo.rules = &*rules;
  VerifyReport rep = VerifyEnvelope(in.envelope, "decision.dsse.json", vo);
  if (!rep.valid()) {
    return Status::InvalidInput("the decision does not verify with these files and key — " + FirstFailure(rep));
  }
  Date at;
  bool clearance = true;
  if (!Recorded(rep.decision_json, &at, &clearance)) return Status::Internal("unreadable signed decision");
  CheckOptions co;
  co.evaluation.at = at;
  co.evaluation.clearance = clearance;
  DiagnosticList ignored;
  Result<CheckedTransfer> t = CheckTransfer(in.manifest.bytes, in.manifest.path, *rules, co, &ignored);
  if (!t.ok()) return t.status();

  std::string root = "dxbundle-" + SafeId(t->decision.transfer_id) + "/";
  FileMap files;
  files[root + "data/manifest/" + BaseName(in.manifest.path)] = in.manifest.bytes;
  files[root + "data/decision.dsse.json"] = in.envelope;
  files[root + "data/rules/" + std::string(kCategoryListFile)] = in.categories.bytes;
  for (const RuleSet::Source& l : in.lists) files[root + "data/rules/" + BaseName(l.path)] = l.bytes;
  files[root + "data/keys/signer.pub"] = in.public_key_pem;
  if (!in.cert_chain_pem.empty()) files[root + "data/keys/chain.pem"] = in.cert_chain_pem;
  files[root + "data/report.html"] = RenderReportHtml(*t, key->keyid());
  size_t bytes = 0, count = 0;
  for (const auto& [path, data] : files) {
    bytes += data.size();
    ++count;
  }
  files[root + "bagit.txt"] = kBagitTxt;
  files[root + "bag-info.txt"] =
      "Source-Organization: " + t->manifest.exporter.name + "\n" +
      "External-Identifier: " + t->decision.transfer_id + "\n" +
      "Bagging-Date: " + at.ToString() + "\n" +  // the evaluation date: packing is deterministic
      "Payload-Oxum: " + std::to_string(bytes) + "." + std::to_string(count) + "\n" +
      "Bag-Software-Agent: dxbundle " + kToolVersion + "\n" +
      "External-Description: cross-border data transfer decision, verdict " + VerdictName(t->decision.verdict) + "\n";
  files[root + "manifest-sha256.txt"] = ManifestLines(files, root, true);
  files[root + "VERIFY.md"] = VerifyMd(key->keyid());
  files[root + "tagmanifest-sha256.txt"] = ManifestLines(files, root, false);
  return WriteTar(files, in.gzip);
}

namespace {

struct Bag {
  std::string root;
  FileMap files;  // relative to root
};

// Parses "<hex>  <path>" lines; "" on success, else the problem.
std::string ParseChecksums(const std::string& text, std::map<std::string, std::string>* out) {
  std::istringstream in(text);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty()) continue;
    size_t sp = line.find(' ');
    if (sp != 64 || line.find_first_not_of("0123456789abcdef") < 64) {
      return "line " + std::to_string(n) + " is not \"<sha256 hex>  <path>\"";
    }
    std::string path = line.substr(sp);
    path.erase(0, path.find_first_not_of(" *"));
    if (!out->emplace(path, line.substr(0, 64)).second) {
      return "line " + std::to_string(n) + ": " + path + " listed twice";
    }
  }
  return "";
}

// Checks `listed` against the files of `bag` selected by `select`.
std::string CheckDigests(const Bag& bag, const std::map<std::string, std::string>& listed,
                         bool (*select)(const std::string&)) {
  for (const auto& [path, data] : bag.files) {
    if (!select(path)) continue;
    auto it = listed.find(path);
    if (it == listed.end()) return path + " is not in the manifest (an extra file)";
    if (it->second != Sha256Hex(data)) return path + ": sha256 " + Sha256Hex(data).substr(0, 16) + "… differs from the manifest's " + it->second.substr(0, 16) + "…";
  }
  for (const auto& [path, digest] : listed) {
    if (!bag.files.count(path)) return path + " is listed but missing";
  }
  return "";
}

bool IsPayload(const std::string& p) { return p.rfind("data/", 0) == 0; }
bool IsTagFile(const std::string& p) { return !IsPayload(p) && p != "tagmanifest-sha256.txt"; }

}  // namespace

VerifyReport VerifyBundle(const std::string& archive, const BundleVerifyOptions& o) {
  VerifyReport rep;
  auto add = [&](const std::string& name, bool ok, const std::string& detail) {
    rep.checks.push_back({name, ok, detail});
    return ok;
  };
  Result<FileMap> raw = ReadTar(archive);
  if (!add("archive", raw.ok(), raw.ok() ? std::to_string(raw->size()) + " files" : raw.status().message())) return rep;
  Bag bag;
  for (const auto& [path, data] : *raw) {
    std::string root = path.substr(0, path.find('/') + 1);
    if (bag.root.empty()) bag.root = root;
    if (root != bag.root || root.size() <= 1) {
      add("bag", false, "files outside one top-level directory: \"" + path + "\"");
      return rep;
    }
    bag.files[path.substr(root.size())] = data;
  }
  auto has = [&](const char* p) { return bag.files.count(p) > 0; };
  for (const char* required : {"bagit.txt", "bag-info.txt", "manifest-sha256.txt", "tagmanifest-sha256.txt",
                               "data/decision.dsse.json", "data/rules/categories.json", "data/keys/signer.pub"}) {
    if (!has(required)) {
      add("bag", false, std::string(required) + " is missing");
      return rep;
    }
  }
  if (!add("bag", bag.files["bagit.txt"] == kBagitTxt,
           bag.files["bagit.txt"] == kBagitTxt ? bag.root + " (BagIt 1.0)" : "bagit.txt is not BagIt 1.0 / UTF-8")) {
    return rep;
  }
  std::map<std::string, std::string> payload, tags;
  std::string problem = ParseChecksums(bag.files["manifest-sha256.txt"], &payload);
  if (problem.empty()) problem = CheckDigests(bag, payload, IsPayload);
  if (!add("payload manifest", problem.empty(),
           problem.empty() ? std::to_string(payload.size()) + " payload files, every sha256 matches" : problem)) {
    return rep;
  }
  problem = ParseChecksums(bag.files["tagmanifest-sha256.txt"], &tags);
  if (problem.empty()) problem = CheckDigests(bag, tags, IsTagFile);
  if (!add("tag manifest", problem.empty(),
           problem.empty() ? std::to_string(tags.size()) + " tag files, every sha256 matches" : problem)) {
    return rep;
  }
  size_t bytes = 0, count = 0;
  for (const auto& [path, data] : bag.files) {
    if (IsPayload(path)) bytes += data.size(), ++count;
  }
  std::string oxum = std::to_string(bytes) + "." + std::to_string(count);
  const std::string& info = bag.files["bag-info.txt"];
  size_t at = info.find("Payload-Oxum: ");
  std::string stated = at == std::string::npos ? "(none)" : info.substr(at + 14, info.find('\n', at) - at - 14);
  if (!add("bag-info", stated == oxum,
           stated == oxum ? "Payload-Oxum " + oxum
                          : "bag-info.txt states Payload-Oxum " + stated + ", the payload is " + oxum)) {
    return rep;
  }
  std::vector<RuleSet::Source> lists;
  const std::string* manifest = nullptr;
  std::string manifest_path;
  for (const auto& [path, data] : bag.files) {
    if (path.rfind("data/rules/", 0) == 0 && path != "data/rules/categories.json") lists.push_back({path, data});
    if (path.rfind("data/manifest/", 0) == 0) {
      if (manifest != nullptr) {
        add("bag", false, "more than one manifest in data/manifest/");
        return rep;
      }
      manifest = &data;
      manifest_path = path;
    }
  }
  if (manifest == nullptr) {
    add("bag", false, "data/manifest/ holds no manifest");
    return rep;
  }
  // The signature first (issue 11): nothing the signer did not sign — the
  // bundled lists, the manifest — is parsed before it verifies, and the
  // rules files only once their digests are the ones the signed decision
  // records. A forged bag of hostile JSON is turned away by hashing alone.
  VerifyOptions sig_only;
  sig_only.trusted = o.trusted;
  sig_only.ca_pem = o.ca_pem;
  sig_only.sm2_id = o.sm2_id;
  const std::string& envelope = bag.files["data/decision.dsse.json"];
  VerifyReport signed_part = VerifyEnvelope(envelope, "data/decision.dsse.json", sig_only);
  if (!signed_part.valid()) {
    rep.checks.insert(rep.checks.end(), signed_part.checks.begin(), signed_part.checks.end());
    return rep;
  }
  std::string unrecorded = UnrecordedRulesFile(signed_part.decision_json,
                                               bag.files["data/rules/categories.json"], lists);
  if (!unrecorded.empty()) {
    add("bundled lists", false, unrecorded);
    return rep;
  }
  DiagnosticList diags;
  Result<RuleSet> rules = RuleSet::FromSources({"data/rules/categories.json", bag.files["data/rules/categories.json"]},
                                               lists, {}, &diags);
  if (!add("bundled lists", rules.ok(),
           rules.ok() ? std::to_string(lists.size()) + " list(s) and the code list load"
                      : (diags.all().empty() ? rules.status().message() : RenderDiagnostic(diags.all()[0])))) {
    return rep;
  }
  Result<Key> bundled_key = Key::LoadPublicPem(bag.files["data/keys/signer.pub"]);
  VerifyOptions vo;
  vo.trusted = o.trusted;
  vo.ca_pem = o.ca_pem;
  vo.sm2_id = o.sm2_id;
  vo.manifest = manifest;
  vo.manifest_file = manifest_path;
  vo.rules = &*rules;
  VerifyReport inner = VerifyEnvelope(envelope, "data/decision.dsse.json", vo);
  rep.checks.insert(rep.checks.end(), inner.checks.begin(), inner.checks.end());
  rep.decision_json = inner.decision_json;
  if (!inner.valid()) return rep;
  bool same_key = bundled_key.ok() &&
                  std::any_of(o.trusted.begin(), o.trusted.end(),
                              [&](const Key* k) { return k->keyid() == bundled_key->keyid(); });
  if (o.ca_pem.empty()) {
    add("bundled signer key", same_key,
        same_key ? "data/keys/signer.pub is the trusted key"
                 : "data/keys/signer.pub is not the trusted key that verified the signature");
  }
  if (!o.registry.empty()) {
    std::map<std::string, std::string> pinned;
    std::istringstream in(o.registry);
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      std::istringstream f(line);
      std::string id, sha;
      f >> id >> sha;
      if (!id.empty()) pinned[id] = sha;
    }
    std::string why;
    for (const RuleList& l : rules->lists()) {
      auto it = pinned.find(l.id);
      if (why.empty() && it == pinned.end()) why = "list " + l.id + " is not in the registry";
      if (why.empty() && it->second != l.sha256) {
        why = "list " + l.id + " sha256 " + l.sha256.substr(0, 16) + "… is not the registry's " + it->second.substr(0, 16) + "…";
      }
    }
    add("list registry", why.empty(), why.empty() ? "every bundled list is pinned" : why);
  }
  return rep;
}

Result<BundleSummary> InspectBundle(const std::string& archive) {
  Result<FileMap> raw = ReadTar(archive);
  if (!raw.ok()) return raw.status();
  BundleSummary s;
  std::string envelope;
  for (const auto& [path, data] : *raw) {
    if (s.root.empty()) s.root = path.substr(0, path.find('/') + 1);
    std::string rel = path.substr(std::min(path.size(), s.root.size()));
    s.files.emplace_back(rel, data.size());
    if (rel == "data/decision.dsse.json") envelope = data;
  }
  DiagnosticList diags;
  Result<DsseEnvelope> env = ParseEnvelope(envelope, "data/decision.dsse.json", &diags);
  if (!env.ok()) return Status::InvalidInput("the bundle's decision envelope is missing or malformed");
  if (!env->signatures.empty()) s.keyid = env->signatures[0].keyid;
  // Nothing here is verified: the payload may nest a million deep.
  rapidjson::Document d;
  if (!ParseBoundedDocument(env->payload, {}, &d) || !d.IsObject() || !d.HasMember("predicate") ||
      !d["predicate"].IsObject()) {
    return Status::InvalidInput("the bundle's statement is unreadable");
  }
  const rapidjson::Value& p = d["predicate"];
  auto str = [&](const rapidjson::Value& v, const char* k) {
    return v.IsObject() && v.HasMember(k) && v[k].IsString() ? std::string(v[k].GetString()) : std::string();
  };
  s.verdict = str(p, "verdict");
  s.evaluated_at = str(p, "evaluatedAt");
  if (p.HasMember("manifest")) s.transfer_id = str(p["manifest"], "transferId");
  s.may_proceed = p.HasMember("mayProceed") && p["mayProceed"].IsBool() && p["mayProceed"].GetBool();
  s.exit_code = p.HasMember("exitCode") && p["exitCode"].IsInt() ? p["exitCode"].GetInt() : -1;
  if (p.HasMember("obligations") && p["obligations"].IsArray()) {
    for (const auto& ob : p["obligations"].GetArray()) {
      s.obligations.emplace_back(str(ob, "id"), ob.IsObject() && ob.HasMember("satisfied") && ob["satisfied"].IsBool() &&
                                                     ob["satisfied"].GetBool());
    }
  }
  if (p.HasMember("lists") && p["lists"].IsArray()) {
    for (const auto& l : p["lists"].GetArray()) s.lists.emplace_back(str(l, "id") + " " + str(l, "version"), str(l, "sha256"));
  }
  for (const auto& [path, data] : *raw) {
    if (path.size() > s.root.size() && path.compare(s.root.size(), std::string::npos, "bag-info.txt") == 0) {
      size_t at = data.find("Source-Organization: ");
      if (at != std::string::npos) s.exporter = data.substr(at + 21, data.find('\n', at) - at - 21);
    }
  }
  return s;
}

}  // namespace dxcheck
