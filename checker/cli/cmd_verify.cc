// `dxcheck verify ENVELOPE --key PUB | --trust DIR [--manifest FILE] [--list FILE]...`:
// checks a signed decision and, given the manifest, that re-evaluating it
// reproduces the decision. Exit 0 valid, 1 invalid, 65 an unparsable manifest
// or list, 66 an unreadable file, 77 an unusable key.
#include <iostream>
#include <memory>

#include "checker/attest/verify.h"
#include "checker/base/file_io.h"
#include "checker/cli/cli_common.h"
#include "checker/cli/commands.h"
#include "checker/cli/data_args.h"
#include "checker/cli/exit_status.h"
#include "checker/manifest/manifest_loader.h"

namespace dxcheck {
namespace {

struct VerifyArgs {
  DataArgs data;
  std::string envelope;
  std::vector<std::string> keys;
  std::string trust_dir;
  std::string ca;
  std::string manifest;
  RuleOptions rules;
  std::string sm2_id = kDefaultSm2Id;
  std::string format = "text";
  std::string at;
};

// Loads the pinned public keys; prints why and sets the exit code on failure.
bool LoadTrusted(const VerifyArgs& a, std::vector<std::unique_ptr<Key>>* out, int* code) {
  if (!LoadTrustedKeysOrReport(a.keys, a.trust_dir, out, code)) return false;
  if (out->empty() && a.ca.empty()) {
    std::cerr << "dxcheck: verify needs a trusted public key: --key PUB, --trust DIR or --ca ROOTS "
                 "(a key inside the envelope is never trusted by itself)\n";
    *code = a.trust_dir.empty() ? kExitUsage : kExitNoPerm;
    return false;
  }
  return true;
}

int Report(const VerifyArgs& a, const VerifyReport& report) {
  int w = WriteOutput("", a.format == "json" ? VerifyReportToJson(report) : VerifyReportToText(report));
  if (w != 0) return w;
  return report.valid() ? kExitOk : kExitInvalid;
}

int RunVerify(const VerifyArgs& a) {
  int code = 0;
  std::vector<std::unique_ptr<Key>> trusted;
  if (!LoadTrusted(a, &trusted, &code)) return code;
  // An envelope too large to read is what is being verified: it is invalid
  // (1), not an input error.
  Result<std::string> envelope = ReadFile(a.envelope);
  if (!envelope.ok() && envelope.status().code() == StatusCode::kInvalidInput) {
    VerifyReport too_large;
    too_large.checks.push_back({"envelope", false, envelope.status().message()});
    return Report(a, too_large);
  }
  if (!envelope.ok()) {
    std::cerr << "dxcheck: " << envelope.status().message() << "\n";
    return ExitFromStatus(envelope.status());
  }
  VerifyOptions o;
  DataOptions data;
  std::unique_ptr<PersonKey> person_key;
  if (!a.data.Prepare(a.manifest, &data, &person_key, &code)) return code;
  if (a.data.given()) o.data = &data;
  for (const auto& k : trusted) o.trusted.push_back(k.get());
  o.sm2_id = a.sm2_id;
  if (!a.ca.empty()) {
    std::optional<std::string> ca = ReadCaRootsOrReport(a.ca, &code);
    if (!ca) return code;
    o.ca_pem = std::move(*ca);
  }
  if (!a.at.empty()) {
    if (!ParseAtOption(a.at)) return kExitUsage;
    o.expected_at = a.at;
  }
  if (a.manifest.empty() && a.data.given()) {
    std::cerr << "dxcheck: --data re-reads the files of a manifest: give it with --manifest\n";
    return kExitUsage;
  }
  if (a.manifest.empty() && (!a.rules.lists.empty() || !a.rules.rules_dir.empty())) {
    std::cerr << "dxcheck: --list and --rules re-evaluate a manifest: give it with --manifest\n";
    return kExitUsage;
  }
  // The signature first: nothing the signer did not sign is parsed until it
  // verifies (issue 11). Then the manifest's digest against the signed
  // subject, by hashing alone; only then are the manifest and lists parsed.
  VerifyReport report = VerifyEnvelope(*envelope, a.envelope, o);
  if (!report.valid() || a.manifest.empty()) return Report(a, report);
  std::optional<std::string> manifest = ReadFileOrReport(a.manifest, &code);
  if (!manifest) return code;
  o.manifest = &*manifest;
  o.manifest_file = a.manifest;
  report = VerifyEnvelope(*envelope, a.envelope, o);
  if (!report.valid()) return Report(a, report);
  std::unique_ptr<RuleSet> rules = LoadRulesOrReport(a.rules, &code);
  if (!rules) return code;
  // A manifest that cannot be read is an input error (65), not a failed check.
  DiagnosticList diags;
  if (!LoadManifest(*manifest, a.manifest, rules->categories(), &diags).ok()) {
    PrintDiagnostics(diags);
    return kExitDataErr;
  }
  o.rules = rules.get();
  return Report(a, VerifyEnvelope(*envelope, a.envelope, o));
}

}  // namespace

CommandRunner RegisterVerify(CLI::App* app) {
  auto args = std::make_shared<VerifyArgs>();
  CLI::App* cmd = app->add_subcommand(
      "verify", "Verify a signed decision and, given the manifest, that it is reproduced");
  cmd->add_option("envelope", args->envelope, "DSSE envelope written by 'dxcheck check --sign'")
      ->type_name("ENVELOPE");  // required: checked after --data's word (data_args.h)
  cmd->add_option("--key", args->keys, "trusted public key (PEM); repeatable")->type_name("PUB");
  cmd->add_option("--trust", args->trust_dir, "directory of pinned public keys (*.pub, *.pem)")
      ->type_name("DIR");
  cmd->add_option("--ca", args->ca, "trust the envelope's certificate chain if it leads to one of "
                                    "these root certificates (PEM); dates are checked against the "
                                    "evaluation date")
      ->type_name("ROOTS");
  args->data.AddTo(cmd);
  cmd->add_option("--manifest", args->manifest, "the manifest: check the subjects and re-evaluate")
      ->type_name("FILE");
  args->rules.AddTo(cmd);
  cmd->add_option("--at", args->at, "require the decision to have been evaluated at this date")
      ->type_name("YYYY-MM-DD");
  cmd->add_option("--sm2-id", args->sm2_id, "SM2 distinguishing ID (default 1234567812345678)")
      ->type_name("ID");
  cmd->add_option("--format", args->format, "text or json")
      ->check(OneOf({"json", "text"}))
      ->type_name("text|json");
  cmd->footer(
      "Checks, each reported: envelope, payload type, signature (by a trusted key only), "
      "statement, and with --manifest: subject digests, lists by sha256, and that re-evaluation "
      "at the recorded date reproduces the decision.\n"
      "Example:\n"
      "  dxcheck verify decision.dsse.json --key signer.pub\n"
      "  dxcheck verify decision.dsse.json --trust keys/ --manifest datapackage.json --list my-list.json\n"
      "  dxcheck verify decision.dsse.json --key signer.pub --manifest datapackage.json --data\n"
      "A decision signed with --data is reproduced only with --data (its measured parts rest on "
      "the files); one signed without it, only without.\n\n"
      "Exit codes: 0 valid; 1 invalid (bad signature, tampered, not reproduced); 64 usage; "
      "65 unparsable manifest or list; 66 unreadable file; 77 unusable key.");
  return [args] {
    if (!args->data.ClaimPositional(&args->envelope, "ENVELOPE")) return int{kExitUsage};
    return RunVerify(*args);
  };
}

}  // namespace dxcheck
