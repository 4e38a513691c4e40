#include "checker/bundle/bundle.h"

#include <algorithm>
#include <set>
#include <sstream>

#include "checker/attest/dsse.h"
#include "checker/attest/statement.h"
#include "checker/attest/x509.h"
#include "checker/base/digest.h"
#include "checker/bundle/bag_checks.h"
#include "checker/bundle/bag_layout.h"
#include "checker/base/json_bounded.h"
#include "checker/bundle/tar_archive.h"
#include "checker/eval/check.h"
#include "checker/eval/decision_json.h"
#include "checker/eval/recorded.h"
#include "rapidjson/document.h"

namespace dxcheck {
namespace {

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

// The bag the bound content gives: `envelope` verified into `rep` against
// `manifest` and `rules`. Pack writes it; verify compares the bundle with it.
// InvalidInput when the content cannot make a bag (several signatures, a
// name that cannot be a bag path).
Result<Bag> RebuildBag(const std::string& envelope, const VerifyReport& rep, const std::string& manifest,
                       const RuleSet& rules, const DataOptions* data, bool forms,
                       const std::string& bagit_txt = kBagitTxt) {
  DiagnosticList ignored;
  Result<DsseEnvelope> env = ParseEnvelope(envelope, "data/decision.dsse.json", &ignored);
  Result<ParsedStatement> st = env.ok() ? ParseStatement(env->payload, &ignored) : env.status();
  Result<RecordedEvaluation> rec = ReadRecordedEvaluation(rep.decision_json);
  if (!st.ok() || st->subjects.empty() || !rec.ok()) {
    return Status::Internal("the verified decision cannot be read again");
  }
  if (env->signatures.size() != 1) {
    return Status::InvalidInput("data/decision.dsse.json: the envelope carries " +
                                std::to_string(env->signatures.size()) +
                                " signatures; a bundled envelope carries exactly one, the signer's");
  }
  BagSources s;
  s.manifest_name = st->subjects[0].name;
  CheckOptions co;
  co.evaluation = rec->evaluation();  // with the recorded prior counts (spec/ledger.md)
  co.data = data;  // the re-evaluation reads what the signed one read
  Result<CheckedTransfer> t = CheckTransfer(manifest, s.manifest_name, rules, co, &ignored);
  if (!t.ok()) return t.status();
  s.manifest = manifest;
  s.envelope = std::move(env).value();
  s.categories = rules.categories_source().bytes;
  for (size_t i = 0; i < rules.lists().size(); ++i) {
    s.lists.emplace_back(rules.lists()[i].id, rules.list_sources()[i].bytes);
  }
  s.signer_public_pem = rep.signer_public_pem;
  s.signer_keyid = rep.signer_keyid;
  Result<Key> signer = Key::LoadPublicPem(rep.signer_public_pem);
  if (!signer.ok()) return Status::Internal("the verifying key cannot be read again");
  s.signer_algorithm = signer->algorithm();
  s.tool_version = rec->tool_version;
  s.transfer = &*t;
  s.bagit_txt = bagit_txt;
  s.forms = forms;
  s.categories_list = &rules.categories();
  return BuildBag(s);
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
  vo.data = in.data;
  VerifyReport rep = VerifyEnvelope(in.envelope, "decision.dsse.json", vo);
  if (!rep.valid()) {
    return Status::InvalidInput("the decision does not verify with these files and key — " + FirstFailure(rep));
  }
  if (!in.cert_chain_pem.empty()) {
    // The bundle carries the envelope's chain: a --cert must be that chain.
    DiagnosticList ignored;
    Result<DsseEnvelope> env = ParseEnvelope(in.envelope, "decision.dsse.json", &ignored);
    Result<std::vector<std::string>> given = ReadCertificatesPem(in.cert_chain_pem);
    if (!given.ok()) return Status::InvalidInput("--cert: " + given.status().message());
    if (!env.ok() || env->cert_chain != *given) {
      return Status::InvalidInput("--cert: the certificate chain is not the one the envelope carries "
                                  "(sign with --cert to put it there)");
    }
  }
  Result<Bag> bag = RebuildBag(in.envelope, rep, in.manifest.bytes, *rules, in.data, in.forms);
  if (!bag.ok()) return bag.status();
  FileMap files;
  for (const auto& [path, f] : bag->files) files[bag->root + path] = f.bytes;
  Result<std::string> tar = WriteTar(files, in.gzip);
  if (!tar.ok()) return tar;
  // What was written must verify, or nothing is written: a bundle that can
  // never verify is worse than none.
  BundleVerifyOptions own;
  own.trusted = {&*key};
  own.chain_without_roots = true;
  own.data = in.data;
  VerifyReport check = VerifyBundle(*tar, own);
  if (!check.valid()) return Status::Internal("the bundle built does not verify — " + FirstFailure(check));
  return tar;
}

VerifyReport VerifyBundle(const std::string& archive, const BundleVerifyOptions& o) {
  VerifyReport rep;
  auto add = [&](const std::string& name, bool ok, const std::string& detail) {
    rep.checks.push_back({name, ok, detail});
    return ok;
  };
  std::string inflated;  // a .tar.gz's tar
  Result<FileMap> raw = ReadTar(archive, &inflated);
  if (!add("archive", raw.ok(), raw.ok() ? std::to_string(raw->size()) + " files" : raw.status().message())) return rep;
  Status canonical = CheckCanonicalTar(archive, inflated, *raw);
  if (!add("canonical archive", canonical.ok(),
           canonical.ok() ? "the deterministic tar of its files, byte for byte" : canonical.message())) {
    return rep;
  }
  BagFiles bag;
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
  if (has("fetch.txt")) {
    add("bag", false, "fetch.txt: a bag that fetches files from elsewhere is refused (nothing fetched is bound)");
    return rep;
  }
  for (const char* required : {"bagit.txt", "bag-info.txt", "manifest-sha256.txt", "tagmanifest-sha256.txt",
                               "data/decision.dsse.json", "data/rules/categories.json", "data/keys/signer.pub"}) {
    if (!has(required)) {
      add("bag", false, std::string(required) + " is missing");
      return rep;
    }
  }
  const std::string bagit_problem = BagitTxtProblem(bag.files["bagit.txt"]);
  if (!add("bag", bagit_problem.empty(),
           bagit_problem.empty() ? bag.root + " (BagIt 1.0)" : "bagit.txt: " + bagit_problem)) {
    return rep;
  }
  std::map<std::string, std::string> payload, tags;
  std::string problem = ParseChecksums("manifest-sha256.txt", bag.files["manifest-sha256.txt"], &payload);
  if (problem.empty()) problem = CheckDigests(bag, "manifest-sha256.txt", payload, IsPayload);
  if (!add("payload manifest", problem.empty(),
           problem.empty() ? std::to_string(payload.size()) + " payload files, every sha256 matches" : problem)) {
    return rep;
  }
  problem = ParseChecksums("tagmanifest-sha256.txt", bag.files["tagmanifest-sha256.txt"], &tags);
  if (problem.empty()) problem = CheckDigests(bag, "tagmanifest-sha256.txt", tags, IsTagFile);
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
    if (IsBundledList(path)) lists.push_back({path, data});
    if (path.rfind("data/manifest/", 0) == 0) {
      if (manifest != nullptr) {
        add("bag", false, "data/manifest/ holds more than one file: " + manifest_path + ", " + path);
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
  VerifyOptions vo;
  vo.trusted = o.trusted;
  vo.ca_pem = o.ca_pem;
  vo.sm2_id = o.sm2_id;
  const std::string& envelope = bag.files["data/decision.dsse.json"];
  // The decision records its lists in the order they were loaded, and
  // re-evaluation must load them in that order. The order is read from the
  // decision once its signature verified (the full check follows below).
  // The signature first (issue 11): nothing the signer did not sign — the
  // bundled lists, the manifest — is parsed before it verifies, and the
  // rules files only once their digests are the ones the signed decision
  // records. A forged bag of hostile JSON is turned away by hashing alone.
  VerifyReport signed_part = VerifyEnvelope(envelope, "data/decision.dsse.json", vo);
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
  std::vector<std::string> order = RecordedListOrder(signed_part);
  auto rank = [&](const RuleSet::Source& l) {
    std::string id = l.path.substr(11, l.path.size() - 16);  // data/rules/<id>.json
    return std::find(order.begin(), order.end(), id) - order.begin();
  };
  std::stable_sort(lists.begin(), lists.end(),
                   [&](const RuleSet::Source& a, const RuleSet::Source& b) { return rank(a) < rank(b); });
  DiagnosticList diags;
  Result<RuleSet> rules = RuleSet::FromSources({"data/rules/categories.json", bag.files["data/rules/categories.json"]},
                                               lists, {}, &diags);
  std::string misnamed;
  if (rules.ok()) {
    for (const RuleList& l : rules->lists()) {
      if (misnamed.empty() && l.file != "data/rules/" + l.id + ".json") misnamed = l.file + " holds list " + l.id;
    }
  }
  if (!add("bundled lists", rules.ok() && misnamed.empty(),
           !rules.ok() ? (diags.all().empty() ? rules.status().message() : RenderDiagnostic(diags.all()[0]))
           : misnamed.empty() ? std::to_string(lists.size()) + " list(s) and the code list load"
                              : misnamed + ": a bundled list is named data/rules/<its id>.json")) {
    return rep;
  }
  vo.manifest = manifest;
  vo.manifest_file = manifest_path;
  vo.rules = &*rules;
  vo.data = o.data;
  // The envelope's report (signer, notes) after the bag's checks.
  std::vector<VerifyCheck> bag_checks = std::move(rep.checks);
  rep = VerifyEnvelope(envelope, "data/decision.dsse.json", vo);
  rep.checks.insert(rep.checks.begin(), bag_checks.begin(), bag_checks.end());
  if (!rep.valid()) return rep;
  // The envelope's certificate chain is outside the signature: only a chain
  // that led to a --ca root and whose leaf signed is vouched for.
  DiagnosticList ignored;
  Result<DsseEnvelope> env = ParseEnvelope(envelope, "data/decision.dsse.json", &ignored);
  if (env.ok() && !env->cert_chain.empty() && !rep.via_certificate && !o.chain_without_roots) {
    add("bound", false, "data/decision.dsse.json, data/keys/chain.pem: the certificate chain was not verified — "
                        "verify with --ca ROOTS; without the roots nothing vouches for it");
    return rep;
  }
  // A bag with filing drafts (pack --forms) is rebuilt with them: then every
  // draft must be there, byte for byte, and nothing else under data/forms/.
  bool forms = false;
  for (const auto& [path, data] : bag.files) forms = forms || path.rfind("data/forms/", 0) == 0;
  Result<Bag> expected = RebuildBag(envelope, rep, *manifest, *rules, o.data, forms, bag.files["bagit.txt"]);
  if (!expected.ok()) {
    add("bound", false, expected.status().message());
    return rep;
  }
  CompareBags(bag, *expected, &rep);
  if (o.registry.has_value()) CheckRegistry(*o.registry, *rules, &rep);
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
