// LoadManifest: reads a transfer manifest and checks everything spec/manifest.md
// says about its shape: types, required keys, nulls, counts, dates, codes,
// hashes, the USCC check character, recipient countries, unknown keys inside
// `dxcheck` objects, category codes against the loaded code list.
//
// Checks that depend on classification (a personal field without
// subjects.personal, an untagged `genotype` field without hgr.information...)
// run afterwards in consistency.h, once patterns have classified the fields.
#ifndef DXCHECK_MANIFEST_MANIFEST_LOADER_H_
#define DXCHECK_MANIFEST_MANIFEST_LOADER_H_

#include <string>

#include "checker/base/diagnostic.h"
#include "checker/base/text_store.h"
#include "checker/base/object_reader.h"
#include "checker/base/status.h"
#include "checker/categories/category_list.h"
#include "checker/manifest/manifest.h"

namespace dxcheck {

// Parses `bytes` (the exact content of `file`). Every problem goes to `sink`;
// the result is InvalidInput when any of them is an error.
Result<Manifest> LoadManifest(const std::string& bytes, const std::string& file,
                              const CategoryList& categories, DiagnosticSink* sink);
// The same into `*m` (REQUIRES: a default-constructed Manifest), for a caller
// that keeps the manifest in a larger struct: a Manifest is some fifty
// strings and vectors, and moving it twice per check shows in a profile.
// On error `*m` is left partly read.
Status LoadManifestInto(const std::string& bytes, const std::string& file,
                        const CategoryList& categories, DiagnosticSink* sink, Manifest* m);

// Reads `resources` (manifest_resources.cc). Exposed for LoadManifest only,
// which drops every schema.fields subtree afterwards: the strings each Field
// keeps (name, type, description, labels) are moved out of `root`, not copied.
// The fields' pointers are views into `texts`, which LoadManifest keeps with
// Manifest::doc (so every copy of the manifest keeps them alive).
void ReadResources(JsonValue& root, const InputContext& ctx, const CategoryList& categories,
                   TextStore* texts, Manifest* m);

// Reads `dxcheck.filing` (manifest_filing.cc), after `recipients`. Exposed
// for LoadManifest only.
void ReadFiling(const JsonValue& v, const InputContext& ctx, Manifest* m);

}  // namespace dxcheck

#endif  // DXCHECK_MANIFEST_MANIFEST_LOADER_H_
