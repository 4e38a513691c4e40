// The checks `VerifyBundle` (bundle.h) runs on a bag's files, one function
// per check: the checksum manifests, the bag against the bag its signed
// content gives, the list registry. Each returns "" or pushes a passed check
// when all is well, else the first problem in words an auditor can act on.
#ifndef DXCHECK_BUNDLE_BAG_CHECKS_H_
#define DXCHECK_BUNDLE_BAG_CHECKS_H_

#include <map>
#include <string>
#include <vector>

#include "checker/attest/verify.h"
#include "checker/bundle/bag_layout.h"
#include "checker/bundle/tar_archive.h"
#include "checker/rules/rule_set.h"

namespace dxcheck {

// A bag as read from an archive: its top directory and its files.
struct BagFiles {
  std::string root;
  FileMap files;  // relative to root
};

// Parses the "<hex>  <path>" lines of checksum file `file` into `out`; "" on
// success, else the problem (a malformed line, a path listed twice).
std::string ParseChecksums(const std::string& file, const std::string& text,
                           std::map<std::string, std::string>* out);

// Checks `listed` (from `file`) against the files of `bag` that `select`
// picks: every one listed with its sha256, none listed and missing.
std::string CheckDigests(const BagFiles& bag, const std::string& file,
                         const std::map<std::string, std::string>& listed,
                         bool (*select)(const std::string&));

// Payload files (data/...) and tag files (the others but the tag manifest).
bool IsPayload(const std::string& p);
bool IsTagFile(const std::string& p);
// A list file of the bag: data/rules/<name>.json, directly in data/rules/,
// not the code list.
bool IsBundledList(const std::string& p);

// One "bound" check per file of `bag` and of `expected`: the bag holds
// exactly the files the signed content gives, with exactly their bytes.
void CompareBags(const BagFiles& bag, const Bag& expected, VerifyReport* rep);

// The list ids of a verified decision, in its order; empty when it did not verify.
std::vector<std::string> RecordedListOrder(const VerifyReport& r);

// The "list registry" check: every list and the code list pinned in
// `registry` ("<list id> <sha256>" lines, '#' comments).
void CheckRegistry(const std::string& registry, const RuleSet& rules, VerifyReport* rep);

}  // namespace dxcheck

#endif  // DXCHECK_BUNDLE_BAG_CHECKS_H_
