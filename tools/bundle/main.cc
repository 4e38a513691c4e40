// dxbundle: audit bundles for cross-border data transfers (spec/bundle.md).
//   pack     a manifest, its signed decision, the lists and the signer's key
//            (or a manifest and a private key: the check runs here) -> BagIt tar(.gz)
//   verify   the bag, the signature, the subjects and the decision's reproduction
//   inspect  what a bundle says, without extracting it or trusting it
#include <iostream>
#include <map>
#include <memory>

#include "CLI/CLI.hpp"
#include "checker/base/printable.h"
#include "checker/attest/statement.h"
#include "checker/attest/x509.h"
#include "checker/base/file_io.h"
#include "checker/bundle/bundle.h"
#include "checker/cli/cli_common.h"
#include "checker/cli/data_args.h"
#include "checker/cli/exit_status.h"
#include "checker/eval/check.h"
#include "checker/eval/decision.h"

namespace dxcheck {
namespace {

// Bundles larger than this are not read (docs/limits.md).
constexpr size_t kMaxBundleBytes = 512u << 20;

struct PackArgs {
  std::string manifest, decision, key, sign, cert, out, at, sm2_id = kDefaultSm2Id;
  RuleOptions rules;
  PassphraseOptions passphrase;
  DataArgs data;  // --data [DIR]: the decision rests on the data files
  bool forms = false;  // --forms: data/forms/, the filing drafts (dxcheck forms)
};

int Pack(const PackArgs& a) {
  int code = 0;
  if (a.decision.empty() == a.sign.empty()) {
    std::cerr << "dxbundle: give either --decision ENVELOPE with --key PUB, or --sign KEY to run the check\n";
    return kExitUsage;
  }
  if (!a.decision.empty() && a.key.empty()) {
    std::cerr << "dxbundle: --decision needs the signer's public key: --key PUB\n";
    return kExitUsage;
  }
  std::optional<std::string> manifest = ReadFileOrReport(a.manifest, &code);
  if (!manifest) return code;
  DataOptions data;
  std::unique_ptr<PersonKey> unused;
  if (!a.data.Prepare(a.manifest, &data, &unused, &code)) return code;
  BundleInputs in;
  in.forms = a.forms;
  if (a.data.given()) in.data = &data;
  in.manifest = {a.manifest, *manifest};
  in.gzip = a.out.size() > 3 && (a.out.compare(a.out.size() - 3, 3, ".gz") == 0 ||
                                 a.out.compare(a.out.size() - 4, 4, ".tgz") == 0);
  // The rule set as loaded: the exact bytes it was built from, not a second read.
  std::unique_ptr<RuleSet> rules = LoadRulesOrReport(a.rules, &code);
  if (!rules) return code;
  in.categories = rules->categories_source();
  in.lists = rules->list_sources();
  if (!a.cert.empty()) {
    std::optional<std::string> chain = ReadFileOrReport(a.cert, &code, 1 << 20);
    if (!chain) return code;
    in.cert_chain_pem = *chain;
  }
  if (!a.sign.empty()) {
    std::unique_ptr<Key> key = LoadSigningKeyOrReport(a.sign, a.passphrase, &code);
    if (!key) return code;
    std::optional<Date> at = AtOrToday(a.at);
    if (!at) return kExitUsage;
    CheckOptions o;
    o.evaluation.at = *at;
    o.data = in.data;
    DiagnosticList diags;
    Result<Decision> d = RunCheck(*manifest, a.manifest, *rules, o, &diags);
    PrintDiagnostics(diags);
    if (!d.ok()) return ExitFromStatus(d.status());
    std::vector<std::string> chain;
    if (!in.cert_chain_pem.empty()) {
      Result<std::vector<std::string>> der = ChainForKey(in.cert_chain_pem, *key);
      if (!der.ok()) {
        std::cerr << "dxbundle: " << a.cert << ": " << der.status().message() << "\n";
        return kExitNoPerm;
      }
      chain = std::move(der).value();
    }
    Result<std::string> env =
        SignDecision(*d, a.manifest.substr(a.manifest.rfind('/') + 1), *key, a.sm2_id, chain);
    if (!env.ok()) {
      std::cerr << "dxbundle: signing failed: " << env.status().message() << "\n";
      return kExitSoftware;
    }
    in.envelope = *env;
    in.public_key_pem = key->PublicPem().value();
  } else {
    std::optional<std::string> env = ReadFileOrReport(a.decision, &code);
    if (!env) return code;
    std::optional<std::string> pub = ReadFileOrReport(a.key, &code, 1 << 20);
    if (!pub) return code;
    in.envelope = *env;
    in.public_key_pem = *pub;
  }
  DiagnosticList diags;
  Result<std::string> bundle = PackBundle(in, &diags);
  PrintDiagnostics(diags);
  if (!bundle.ok()) {
    std::cerr << "dxbundle: " << bundle.status().message() << "\n";
    return bundle.status().code() == StatusCode::kInvalidInput ? kExitInvalid : ExitFromStatus(bundle.status());
  }
  int w = WriteOutput(a.out, *bundle,
                      InputFiles({a.manifest, a.decision, a.key, a.sign, a.cert, a.passphrase.file},
                                 rules.get()));
  if (w != kExitOk) return w;
  // PackBundle verified these bytes; make sure they are what the file holds.
  std::optional<std::string> back = ReadFileOrReport(a.out, &code, 512u << 20);
  if (!back) return code;
  if (*back != *bundle) {
    std::cerr << "dxbundle: " << a.out << " does not hold the bundle written (read back differs)\n";
    return kExitIoErr;
  }
  std::cout << "wrote " << Printable(a.out) << " (" << bundle->size() << " bytes, verified)\n";
  // RFC 8493: a serialised bag should be named after its base directory.
  Result<BundleSummary> summary = InspectBundle(*bundle);
  if (summary.ok() && !summary->root.empty()) {
    const std::string base = a.out.substr(a.out.rfind('/') + 1);
    const std::string ext = in.gzip ? (base.size() > 4 && base.compare(base.size() - 4, 4, ".tgz") == 0 ? ".tgz" : ".tar.gz")
                                    : ".tar";
    const std::string dir = summary->root.substr(0, summary->root.size() - 1);
    if (base != dir + ext) {
      std::cerr << "dxbundle: note: the bag's base directory is " << Printable(dir)
                << "; RFC 8493 recommends naming the file after it: " << Printable(dir + ext) << "\n";
    }
  }
  return kExitOk;
}

struct VerifyArgs {
  std::string bundle, trust_dir, ca, registry, format = "text", sm2_id = kDefaultSm2Id;
  std::vector<std::string> keys;
  DataArgs data;  // --data DIR: the files a decision signed with --data was made on
};

int Verify(const VerifyArgs& a) {
  int code = 0;
  std::vector<std::unique_ptr<Key>> keys;
  if (!LoadTrustedKeysOrReport(a.keys, a.trust_dir, &keys, &code)) return code;
  if (keys.empty() && a.ca.empty()) {
    std::cerr << "dxbundle: verify needs a trusted key: --key PUB, --trust DIR or --ca ROOTS (the key "
                 "inside the bundle is never trusted by itself)"
              << (a.trust_dir.empty() ? "" : "; " + Printable(a.trust_dir) + " holds no *.pub or *.pem key")
              << "\n";
    // As dxcheck verify: a --trust DIR that holds no key is unusable trust (77).
    return a.trust_dir.empty() ? kExitUsage : kExitNoPerm;
  }
  BundleVerifyOptions o;
  for (const auto& k : keys) o.trusted.push_back(k.get());
  if (!a.ca.empty()) {
    std::optional<std::string> ca = ReadCaRootsOrReport(a.ca, &code);
    if (!ca) return code;
    o.ca_pem = *ca;
  }
  if (!a.registry.empty()) {
    std::optional<std::string> reg = ReadFileOrReport(a.registry, &code, 1 << 20);
    if (!reg) return code;
    o.registry = *reg;
  }
  o.sm2_id = a.sm2_id;
  DataOptions data;
  std::unique_ptr<PersonKey> unused;
  if (!a.data.Prepare("", &data, &unused, &code)) return code;
  if (a.data.given()) o.data = &data;
  // A bundle too large to read is what is being verified: invalid (1).
  Result<std::string> bundle = ReadFile(a.bundle, kMaxBundleBytes);
  VerifyReport r;
  if (bundle.ok()) {
    r = VerifyBundle(*bundle, o);
  } else if (bundle.status().code() == StatusCode::kInvalidInput) {
    r.checks.push_back({"archive", false, bundle.status().message()});
  } else {
    std::cerr << "dxbundle: " << bundle.status().message() << "\n";
    return ExitFromStatus(bundle.status());
  }
  std::string out = a.format == "json" ? VerifyReportToJson(r) : VerifyReportToText(r);
  int w = WriteOutput("", out);
  return w != 0 ? w : (r.valid() ? kExitOk : kExitInvalid);
}

int Inspect(const std::string& path, const std::string& format) {
  int code = 0;
  std::optional<std::string> bundle = ReadFileOrReport(path, &code, kMaxBundleBytes);
  if (!bundle) return code;
  Result<BundleSummary> s = InspectBundle(*bundle);
  if (!s.ok()) {
    std::cerr << "dxbundle: " << path << ": " << s.status().message() << "\n";
    return kExitInvalid;
  }
  std::string out;
  if (format == "json") {
    out = "{\n  \"root\": " + JsonQuote(s->root) + ",\n  \"transferId\": " + JsonQuote(s->transfer_id) +
          ",\n  \"exporter\": " + JsonQuote(s->exporter) + ",\n  \"evaluatedAt\": " + JsonQuote(s->evaluated_at) +
          ",\n  \"verdict\": " + JsonQuote(s->verdict) + ",\n  \"mayProceed\": " + (s->may_proceed ? "true" : "false") +
          ",\n  \"exitCode\": " + std::to_string(s->exit_code) + ",\n  \"keyid\": " + JsonQuote(s->keyid) +
          ",\n  \"verified\": false,\n  \"obligations\": [";
    for (size_t i = 0; i < s->obligations.size(); ++i) {
      out += std::string(i ? ", " : "") + "{\"id\": " + JsonQuote(s->obligations[i].first) + ", \"satisfied\": " +
             (s->obligations[i].second ? "true" : "false") + "}";
    }
    out += "],\n  \"lists\": [";
    for (size_t i = 0; i < s->lists.size(); ++i) {
      out += std::string(i ? ", " : "") + "{\"list\": " + JsonQuote(s->lists[i].first) + ", \"sha256\": " + JsonQuote(s->lists[i].second) + "}";
    }
    out += "],\n  \"files\": [";
    for (size_t i = 0; i < s->files.size(); ++i) {
      out += std::string(i ? ", " : "") + "{\"path\": " + JsonQuote(s->files[i].first) + ", \"bytes\": " + std::to_string(s->files[i].second) + "}";
    }
    out += "]\n}\n";
  } else {
    out = "bundle " + Printable(s->root) + " (not verified: run 'dxbundle verify')\n" + "transfer:    " + Printable(s->transfer_id) +
          "\nexporter:    " + Printable(s->exporter) + "\nevaluated:   " + Printable(s->evaluated_at) + "\nverdict:     " + Printable(s->verdict) +
          "\nmay proceed: " + (s->may_proceed ? "yes" : "no") + " (exit code " + std::to_string(s->exit_code) + ")\n" +
          "signer:      " + Printable(s->keyid) + "\nobligations:\n";
    for (const auto& [id, done] : s->obligations) out += std::string("  [") + (done ? "done" : "OPEN") + "] " + Printable(id) + "\n";
    out += "lists:\n";
    for (const auto& [l, sha] : s->lists) out += "  " + Printable(l) + "  " + Printable(sha.substr(0, 16)) + "…\n";
    out += "files:\n";
    for (const auto& [f, n] : s->files) out += "  " + std::to_string(n) + "\t" + Printable(f) + "\n";
  }
  return WriteOutput("", out);
}

}  // namespace
}  // namespace dxcheck

int main(int argc, char** argv) {
  using namespace dxcheck;
  SetProgramName("dxbundle");
  CLI::App app{"dxbundle — audit bundles of cross-border data transfer decisions: a BagIt bag in a "
               "deterministic tar(.gz) that an auditor verifies offline.", "dxbundle"};
  app.set_version_flag("--version", std::string("dxbundle ") + kToolVersion);
  app.require_subcommand(1);
  app.footer("Exit codes: 0 ok / valid; 1 invalid (a check failed; pack: the decision does not verify or "
             "cannot be bundled as given); "
             "64 usage; 65 invalid manifest or list; 66 unreadable file; 74 cannot write; 77 key problem.");
  PackArgs pa;
  CLI::App* pack = app.add_subcommand("pack", "Write an audit bundle");
  pack->add_option("--manifest", pa.manifest, "the transfer manifest")->required()->type_name("FILE");
  pack->add_option("--decision", pa.decision, "its signed decision (dxcheck check --sign)")->type_name("ENVELOPE");
  pack->add_option("--key", pa.key, "the signer's public key (with --decision)")->type_name("PUB");
  pack->add_option("--sign", pa.sign, "or: run the check here and sign with this private key")->type_name("KEY");
  pack->add_option("--at", pa.at, "evaluation date with --sign (default: today, Asia/Shanghai)")->type_name("YYYY-MM-DD");
  pack->add_option("--cert", pa.cert, "the signer's certificate chain (PEM), bundled as data/keys/chain.pem")->type_name("CHAIN");
  pack->add_option("--sm2-id", pa.sm2_id, "SM2 distinguishing ID")->type_name("ID");
  pack->add_option("--out", pa.out, "the bundle: .tar, or .tar.gz / .tgz for gzip")->required()->type_name("FILE");
  pa.rules.AddTo(pack);
  pa.passphrase.AddTo(pack);
  pa.data.AddTo(pack, /*dir_required=*/false, /*with_person_key=*/false);
  pack->add_flag("--forms", pa.forms, "also bundle data/forms/: the filing drafts of the open obligations, "
                                      "as 'dxcheck forms' writes them (regenerated and compared byte for byte "
                                      "at verify)");
  pack->footer("Packing verifies the decision (signature, subjects, lists, reproduction) first, and the "
               "bundle it wrote before exiting 0.\nExample:\n"
               "  dxbundle pack --manifest datapackage.json --decision decision.dsse.json --key signer.pub --out dxbundle-ABC-123-SDTM.tar.gz\n"
               "  dxbundle pack --manifest datapackage.json --sign signer.key --at 2026-12-01 --out dxbundle-ABC-123-SDTM.tar.gz\n"
               "  dxbundle pack --manifest datapackage.json --data --sign signer.key --out dxbundle-ABC-123-SDTM.tar.gz\n"
               "  dxbundle pack --manifest datapackage.json --forms --sign signer.key --out dxbundle-ABC-123-SDTM.tar.gz\n"
               "With --data the decision is checked (or made) on the data files under DIR (default: the "
               "manifest's directory); the files are not bundled, and verifying the bundle needs them again "
               "(dxbundle verify --data DIR).\n\n"
               "Exit codes: 0 written; 1 the decision does not verify; 64 usage; 65 invalid manifest or list; "
               "66 unreadable file; 70 internal error; 74 cannot write the bundle; 77 key problem.");
  VerifyArgs va;
  CLI::App* verify = app.add_subcommand("verify", "Verify a bundle: bag, checksums, signature, reproduction");
  verify->add_option("bundle", va.bundle, "the bundle (.tar or .tar.gz)")->required()->type_name("BUNDLE");
  verify->add_option("--key", va.keys, "trusted public key; repeatable")->type_name("PUB");
  verify->add_option("--trust", va.trust_dir, "directory of pinned public keys")->type_name("DIR");
  verify->add_option("--ca", va.ca, "trust the bundled certificate chain if it leads to these roots")->type_name("ROOTS");
  verify->add_option("--lists-registry", va.registry,
                     "pinned digests: lines \"<list id> <sha256>\", and \"categories <sha256>\" for the code list")->type_name("FILE");
  verify->add_option("--sm2-id", va.sm2_id, "SM2 distinguishing ID")->type_name("ID");
  va.data.AddTo(verify, /*dir_required=*/true, /*with_person_key=*/false);
  verify->add_option("--format", va.format, "text or json")->check(OneOf({"text", "json"}))->type_name("text|json");
  verify->footer("Example:\n  dxbundle verify dxbundle-ABC-123-SDTM.tar.gz --key signer.pub --lists-registry pinned-lists.txt\n"
                 "  dxbundle verify dxbundle-ABC-123-SDTM.tar.gz --key signer.pub --data /mnt/export\n"
                 "A decision signed with --data is VALID only with --data DIR: the bundle holds no data files, "
                 "and its measured parts (sizes, digests, columns, content, persons) are re-measured, never "
                 "taken on the signer's word.\n\n"
                 "Exit codes: 0 VALID; 1 INVALID (a check failed, the bundle is malformed or tampered); "
                 "64 usage; 66 unreadable bundle; 77 unusable trusted key.");
  std::string inspect_path, inspect_format = "text";
  CLI::App* inspect = app.add_subcommand("inspect", "Summarise a bundle without extracting it (nothing is verified)");
  inspect->add_option("bundle", inspect_path, "the bundle")->required()->type_name("BUNDLE");
  inspect->add_option("--format", inspect_format, "text or json")->check(OneOf({"text", "json"}))->type_name("text|json");
  inspect->footer("Example:\n  dxbundle inspect dxbundle-ABC-123-SDTM.tar.gz --format json\n\n"
                  "Exit codes: 0 summarised (nothing verified); 1 not a readable bundle; 64 usage; "
                  "66 unreadable file; 74 cannot write output.");
  if (std::optional<int> done = ParseArguments(app, argc, argv)) return *done;
  if (pack->parsed()) return FinishOutput(Pack(pa));
  if (verify->parsed()) return FinishOutput(Verify(va));
  return FinishOutput(Inspect(inspect_path, inspect_format));
}
