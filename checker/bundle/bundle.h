// Audit bundles (spec/bundle.md): a BagIt 1.0 bag serialised as a
// deterministic tar(.gz), holding everything needed to check a transfer's
// decision offline, years later.
//
//   dxbundle-<transferId>/bagit.txt, bag-info.txt, manifest-sha256.txt,
//                         tagmanifest-sha256.txt, VERIFY.md
//   dxbundle-<transferId>/data/manifest/<manifest name>   the manifest, exact bytes
//                         data/decision.dsse.json         the signed decision
//                         data/rules/categories.json, data/rules/<list id>.json   as evaluated
//                         data/keys/signer.pub (data/keys/chain.pem)
//                         data/report.html                bilingual, no script, no network
//                         data/forms/<obligation>.json, .html   filing drafts (pack --forms)
//
// Every file is bound to the signed decision (bag_layout.h says how, file by
// file). Packing verifies the decision first (signature and reproduction), so
// a bundle never carries a decision that does not hold, and then verifies the
// bundle it built. Verification fails closed and names every check.
#ifndef DXCHECK_BUNDLE_BUNDLE_H_
#define DXCHECK_BUNDLE_BUNDLE_H_

#include <optional>
#include <string>
#include <vector>

#include "checker/attest/keys.h"
#include "checker/attest/verify.h"
#include "checker/data/data_scan.h"
#include "checker/rules/rule_set.h"

namespace dxcheck {

struct BundleInputs {
  RuleSet::Source manifest;            // path and exact bytes (bundled under the statement's subject name)
  std::string envelope;                // the signed decision (DSSE)
  RuleSet::Source categories;          // the rule set it was evaluated against
  std::vector<RuleSet::Source> lists;
  std::string public_key_pem;          // the signer's public key
  std::string cert_chain_pem;          // optional
  bool gzip = false;
  // pack --forms: add data/forms/, the filing drafts of the decision's open
  // obligations, regenerated and compared byte for byte at verify.
  bool forms = false;
  // pack --data: the decision was signed with --data, and re-checking it
  // (before packing, and the bundle written) reads the data files again. The
  // data files are not bundled.
  const DataOptions* data = nullptr;
};

// The bundle's bytes. InvalidInput (with the failed check) when the decision
// does not verify with the given key or is not reproduced by the given files.
Result<std::string> PackBundle(const BundleInputs& in, DiagnosticSink* sink);

struct BundleVerifyOptions {
  std::vector<const Key*> trusted;
  std::string ca_pem;
  // Optional pinned digests: lines "<list id> <sha256>", and "categories
  // <sha256>" for the code list; '#' starts a comment line. Given, it is
  // checked whatever it holds: an empty registry pins nothing, so every list
  // fails it (a truncated download must not turn the check off).
  std::optional<std::string> registry;
  std::string sm2_id = kDefaultSm2Id;
  // Pack's own check of what it wrote: the roots a certificate chain leads to
  // are not known there. Otherwise a chain is bound only through ca_pem.
  bool chain_without_roots = false;
  // verify --data DIR: the data files a decision signed with --data was made
  // on (the bundle does not hold them). Without them such a decision is not
  // reproduced — its measured parts (data, counts.source, content findings)
  // rest on the files — and the bundle is INVALID: fail closed (docs/data.md).
  const DataOptions* data = nullptr;
};

// Every check of the bag and of the decision, in order: archive, bag,
// payload manifest, tag manifest, bag-info, bundled lists, then verify.h's
// checks, then one "bound" check per file (and one per unbound file), then
// the list registry.
VerifyReport VerifyBundle(const std::string& archive, const BundleVerifyOptions& o);

struct BundleSummary {
  std::string root, transfer_id, exporter, verdict, evaluated_at, keyid;
  bool may_proceed = false;
  int exit_code = 0;
  std::vector<std::pair<std::string, bool>> obligations;  // id, satisfied
  std::vector<std::pair<std::string, std::string>> lists;  // id version, sha256
  std::vector<std::pair<std::string, size_t>> files;       // path, bytes
};

// What a bundle says, read in memory without verifying anything.
Result<BundleSummary> InspectBundle(const std::string& archive);

}  // namespace dxcheck

#endif  // DXCHECK_BUNDLE_BUNDLE_H_
