// Allocation counting for the benchmarks: the bench binaries replace malloc,
// calloc, realloc and free with counting wrappers over glibc's own
// (__libc_malloc etc.), so a benchmark can report allocations per iteration
// of everything it calls: C++ new/delete (libstdc++ calls malloc), RE2,
// RapidJSON, OpenSSL. Counting is always on; read it before and after a loop.
#ifndef DXCHECK_BENCH_ALLOC_COUNT_H_
#define DXCHECK_BENCH_ALLOC_COUNT_H_

#include <cstdint>

namespace dxcheck {

struct AllocCount {
  uint64_t calls = 0;  // malloc + calloc + realloc calls
  uint64_t bytes = 0;  // bytes requested by them
};

// The counts so far, over all threads.
AllocCount AllocationsSoFar();

}  // namespace dxcheck

#endif  // DXCHECK_BENCH_ALLOC_COUNT_H_
