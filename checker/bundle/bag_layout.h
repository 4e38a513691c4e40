// What an audit bundle holds, file by file, and what binds each file to the
// signed decision (spec/bundle.md, "Nothing in a valid bundle is unbound").
//
// BagIt checksums are not signatures: anyone can edit a file and recompute
// them. So a bag is never read for what it claims; it is rebuilt. BuildBag
// computes every file of the bag, and the bag's own name, from content that
// is bound already:
//
//   data/decision.dsse.json   signed: the envelope, serialised canonically
//                             (one signature, its keyid the signer's)
//   data/manifest/<name>      by digest: the statement's first subject (its
//                             name is the subject's name)
//   data/rules/categories.json, data/rules/<list id>.json
//                             by digest: the decision's categories/lists sha256
//   data/keys/signer.pub      the key that verified the signature, as PEM
//   data/keys/chain.pem       the envelope's certificate chain, as PEM
//   data/forms/<obligation>.json, .html
//                             pack --forms: the filing drafts of the open
//                             obligations (checker/filing), regenerated
//   data/report.html, bag-info.txt, VERIFY.md, bagit.txt,
//   manifest-sha256.txt, tagmanifest-sha256.txt
//                             regenerated from the above, byte for byte
//
// `dxbundle pack` writes what BuildBag returns; `dxbundle verify` calls it
// again on the bundle's bound content and compares: a file it does not
// produce, or with other bytes, is an error naming the file.
#ifndef DXCHECK_BUNDLE_BAG_LAYOUT_H_
#define DXCHECK_BUNDLE_BAG_LAYOUT_H_

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "checker/attest/dsse.h"
#include "checker/attest/keys.h"
#include "checker/base/status.h"
#include "checker/eval/check.h"

namespace dxcheck {

// The bag declaration dxbundle writes. A received bag may end its lines with
// CRLF or CR instead (RFC 8493: text tag files may use any of the three):
// BagitTxtProblem accepts those, and verification rebuilds the bag with the
// declaration as received.
constexpr char kBagitTxt[] = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";

// bag-info.txt's Bagging-Date is the decision's evaluation date (see
// BuildBag); this value of its Bagging-Date-Source tag says so in the bag.
constexpr char kBaggingDateSource[] =
    "the evaluation date (evaluatedAt) of the signed decision, not the packing date, which "
    "nothing signed binds and the bag therefore does not record";

// The bag's base directory for a transfer id: "dxbundle-" and the id with
// every byte other than A-Z a-z 0-9 . _ - percent-encoded (%XX, upper-case
// hex), so that distinct ids give distinct names. An encoding longer than
// kMaxEncodedTransferId bytes is cut to its first kTruncatedTransferIdHead
// bytes (never inside a %XX) followed by "~" and the first 32 hex digits of
// the id's sha256. RFC 8493 recommends naming the serialisation after
// it: dxbundle-<id>.tar.gz.
constexpr size_t kMaxEncodedTransferId = 80;
constexpr size_t kTruncatedTransferIdHead = 47;
std::string BagRootFor(const std::string& transfer_id);

// "" when `bytes` is a BagIt 1.0 declaration: exactly the two lines
// "BagIt-Version: 1.0" and "Tag-File-Character-Encoding: UTF-8", each ended
// by LF, CRLF or CR, no byte-order mark; else what is wrong, precisely.
std::string BagitTxtProblem(const std::string& bytes);

// Everything a bag is built from. Every member is bound before BuildBag is
// called (the caller verified the signature, the digests and the
// re-evaluation).
struct BagSources {
  std::string manifest_name;  // the statement's manifest subject name
  std::string manifest;       // exact bytes
  DsseEnvelope envelope;      // REQUIRES: exactly one signature, by the signer
  std::string categories;     // the code list's exact bytes
  std::vector<std::pair<std::string, std::string>> lists;  // list id, exact bytes
  std::string signer_public_pem;                           // Key::PublicPem() of the verifying key
  std::string signer_keyid;
  KeyAlgorithm signer_algorithm = KeyAlgorithm::kEd25519;  // of signer_public_pem
  std::string tool_version;                   // the decision's tool.version
  const CheckedTransfer* transfer = nullptr;  // the re-evaluation at the recorded date
  // The bag declaration: kBagitTxt, or a received one BagitTxtProblem accepts.
  std::string bagit_txt = kBagitTxt;
  // pack --forms: data/forms/ holds the filing drafts of the decision's open
  // obligations (checker/filing/drafts.h), from `transfer` and `categories`.
  bool forms = false;
  const CategoryList* categories_list = nullptr;  // REQUIRES: set when `forms`
};

struct BagFile {
  std::string bytes;
  std::string binding;  // how the file is bound, for verify's output
};

struct Bag {
  std::string root;                      // BagRootFor(transfer id) + "/"
  std::map<std::string, BagFile> files;  // path relative to the root, sorted
};

// The bag. InvalidInput when bagit_txt is not a BagIt 1.0 declaration, or a
// name cannot be a bag path (a manifest subject
// name with a slash, backslash, percent sign or control character, or longer
// than 100 bytes; a list whose id makes it collide with categories.json or
// another list).
Result<Bag> BuildBag(const BagSources& s);

// "" when `name` can be one path component of a bag: portable through tar
// (ustar), BagIt manifests (no CR, LF or '%', which BagIt would percent-encode)
// and sha256sum -c (no backslash); else why not.
std::string BagNameProblem(const std::string& name);

// The signature algorithm as VERIFY.md and report.html name it: "Ed25519",
// "ECDSA P-256 with SHA-256", "SM2 with SM3 (...)".
std::string SignatureAlgorithmText(KeyAlgorithm alg);

// The envelope as a bag carries it: SerializeEnvelope with the signature's
// keyid set to `keyid`.
std::string CanonicalEnvelope(DsseEnvelope e, const std::string& keyid);

}  // namespace dxcheck

#endif  // DXCHECK_BUNDLE_BAG_LAYOUT_H_
