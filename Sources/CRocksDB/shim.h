#ifndef CROCKSDB_SHIM_H
#define CROCKSDB_SHIM_H
#include <rocksdb/c.h>

/* Linux sync_file_range(2); Swift's Glibc module leaves it out (it needs _GNU_SOURCE).
 * off64_t is long on the 64-bit Linux targets this builds for. */
extern int sync_file_range(int fd, long offset, long nbytes, unsigned int flags);

/* Starts writing back the dirty pages of the file open as `fd` without waiting for
 * them (SYNC_FILE_RANGE_WRITE), so a later fsync finds little left to write. */
static inline int recon_start_writeback(int fd) {
    return sync_file_range(fd, 0, 0, 2u /* SYNC_FILE_RANGE_WRITE */);
}
#endif
