// kSmallAllocation: the size up to which a small, often-made allocation is
// cheapest, for the few containers that choose their own first size.
//
// glibc's per-thread cache (tcache) serves requests up to 1,032 bytes
// without taking an arena lock or searching its bins; larger ones go through
// _int_malloc and, freed, can make the next large request consolidate the
// fastbins. A check makes a handful of such first blocks (text stores,
// diagnostic lists), so they are sized to fit: 1 KiB, header included.
#ifndef DXCHECK_BASE_SMALL_ALLOC_H_
#define DXCHECK_BASE_SMALL_ALLOC_H_

#include <cstddef>

namespace dxcheck {

inline constexpr size_t kSmallAllocation = 1024;

}  // namespace dxcheck

#endif  // DXCHECK_BASE_SMALL_ALLOC_H_
