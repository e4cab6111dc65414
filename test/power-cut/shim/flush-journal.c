/*
 * flush-journal: an LD_PRELOAD shim that records what a process wrote to the files of one folder and
 * when it asked for them to be flushed, so a test can rebuild what a disk could hold after a power cut.
 *
 * Environment (absolute paths; a file counts when the path it was opened by starts with the folder):
 *   POWER_CUT_JOURNAL  the journal this shim appends to (created; must lie outside the folder)
 *   POWER_CUT_WATCH    the folder whose files are recorded
 *   POWER_CUT_MARKS    optional: a file whose writes are recorded as marks (the process saying "now X")
 *
 * Journal records, little-endian, one after another in the order they happened:
 *   u32 kind, u32 file, i64 offset, u64 length, then `length` bytes
 *   kind 1 OPEN        file's first open; the bytes are its path
 *   kind 2 WRITE       bytes written at offset (write, pwrite, writev, pwritev; only what the call wrote)
 *   kind 3 TRUNCATE    the file cut to `offset` bytes (ftruncate, or open with O_TRUNC)
 *   kind 4 SYNC_BEGIN  fsync/fdatasync called on the file: every write recorded before it is covered
 *   kind 5 SYNC_END    that call returned 0; `offset` is the index of its SYNC_BEGIN record
 *   kind 6 MARK        the bytes the process wrote to the marks file
 *   kind 7 UNLINK      the file was deleted (unlink, unlinkat); opened again later, it is a new file
 * A write holds the journal's lock across the real call, so a write recorded before a SYNC_BEGIN had
 * returned before that fsync was called; an fsync does not hold it, so writes on other threads may be
 * recorded between its BEGIN and END (and are not covered by it).
 *
 * Files ending in "-shm" are left out: SQLite's shared memory is memory-mapped, its writes never pass
 * through write(), and a power cut loses it anyway (SQLite rebuilds it from the WAL on the next open).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

enum { OPEN = 1, WRITE = 2, TRUNCATE = 3, SYNC_BEGIN = 4, SYNC_END = 5, MARK = 6, UNLINK = 7 };
#define MAX_FDS 65536
#define MAX_FILES 256
#define MARKS_FILE 0xffffffffu

static ssize_t (*real_write)(int, const void *, size_t);
static ssize_t (*real_pwrite)(int, const void *, size_t, off_t);
static ssize_t (*real_pwrite64)(int, const void *, size_t, off_t);
static ssize_t (*real_writev)(int, const struct iovec *, int);
static ssize_t (*real_pwritev)(int, const struct iovec *, int, off_t);
static int (*real_open)(const char *, int, ...);
static int (*real_open64)(const char *, int, ...);
static int (*real_openat)(int, const char *, int, ...);
static int (*real_openat64)(int, const char *, int, ...);
static int (*real_close)(int);
static int (*real_ftruncate)(int, off_t);
static int (*real_ftruncate64)(int, off_t);
static int (*real_fsync)(int);
static int (*real_fdatasync)(int);
static int (*real_unlink)(const char *);
static int (*real_unlinkat)(int, const char *, int);

static pthread_once_t once = PTHREAD_ONCE_INIT;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int journal = -1;
static const char *watch;
static size_t watch_len;
static const char *marks;
/* fd -> file id + 1 (0: not recorded); MARKS_FILE + 1 wraps to 0, so the marks fd is kept apart. */
static uint32_t fd_file[MAX_FDS];
static unsigned char fd_is_marks[MAX_FDS];
static char *file_paths[MAX_FILES];
static uint32_t file_count;
static uint64_t record_count;

static void resolve(void) {
  real_write = dlsym(RTLD_NEXT, "write");
  real_pwrite = dlsym(RTLD_NEXT, "pwrite");
  real_pwrite64 = dlsym(RTLD_NEXT, "pwrite64");
  real_writev = dlsym(RTLD_NEXT, "writev");
  real_pwritev = dlsym(RTLD_NEXT, "pwritev");
  real_open = dlsym(RTLD_NEXT, "open");
  real_open64 = dlsym(RTLD_NEXT, "open64");
  real_openat = dlsym(RTLD_NEXT, "openat");
  real_openat64 = dlsym(RTLD_NEXT, "openat64");
  real_close = dlsym(RTLD_NEXT, "close");
  real_ftruncate = dlsym(RTLD_NEXT, "ftruncate");
  real_ftruncate64 = dlsym(RTLD_NEXT, "ftruncate64");
  real_fsync = dlsym(RTLD_NEXT, "fsync");
  real_fdatasync = dlsym(RTLD_NEXT, "fdatasync");
  real_unlink = dlsym(RTLD_NEXT, "unlink");
  real_unlinkat = dlsym(RTLD_NEXT, "unlinkat");
  watch = getenv("POWER_CUT_WATCH");
  watch_len = watch ? strlen(watch) : 0;
  marks = getenv("POWER_CUT_MARKS");
  const char *path = getenv("POWER_CUT_JOURNAL");
  if (path && watch_len > 0) journal = real_open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
}

static void ready(void) { pthread_once(&once, resolve); }

static void put(const void *bytes, size_t length) {
  const char *at = bytes;
  while (length > 0) {
    ssize_t n = real_write(journal, at, length);
    if (n <= 0) abort(); /* a journal with a hole would rebuild disks that never existed */
    at += n;
    length -= (size_t)n;
  }
}

/* Appends one record; the caller holds the lock. Returns its index. */
static uint64_t append(uint32_t kind, uint32_t file, int64_t offset, const void *bytes, uint64_t length) {
  unsigned char header[24];
  memcpy(header, &kind, 4);
  memcpy(header + 4, &file, 4);
  memcpy(header + 8, &offset, 8);
  memcpy(header + 16, &length, 8);
  put(header, sizeof header);
  if (length > 0) put(bytes, length);
  return record_count++;
}

static int ends_with(const char *text, const char *tail) {
  size_t a = strlen(text), b = strlen(tail);
  return a >= b && strcmp(text + a - b, tail) == 0;
}

/* After a successful open: remember the fd if its file is recorded. */
static void opened(int fd, const char *path, int flags) {
  if (fd < 0 || fd >= MAX_FDS || journal < 0 || !path) return;
  fd_file[fd] = 0;
  fd_is_marks[fd] = 0;
  if (marks && strcmp(path, marks) == 0) {
    fd_is_marks[fd] = 1;
    return;
  }
  if (strncmp(path, watch, watch_len) != 0 || path[watch_len] != '/' || ends_with(path, "-shm")) return;
  pthread_mutex_lock(&lock);
  uint32_t file = 0;
  while (file < file_count && !(file_paths[file] && strcmp(file_paths[file], path) == 0)) file++;
  if (file == file_count) {
    if (file_count == MAX_FILES) abort();
    file_paths[file_count++] = strdup(path);
    append(OPEN, file, 0, path, strlen(path));
  }
  if (flags & O_TRUNC) append(TRUNCATE, file, 0, NULL, 0);
  fd_file[fd] = file + 1;
  pthread_mutex_unlock(&lock);
}

static int recorded(int fd) { return fd >= 0 && fd < MAX_FDS && (fd_file[fd] != 0 || fd_is_marks[fd]); }

static void wrote(int fd, int64_t offset, const void *bytes, ssize_t n) {
  if (n <= 0) return;
  if (fd_is_marks[fd]) append(MARK, MARKS_FILE, 0, bytes, (uint64_t)n);
  else append(WRITE, fd_file[fd] - 1, offset, bytes, (uint64_t)n);
}

#define MODE_OF(flags, mode)                                     \
  do {                                                           \
    if ((flags) & (O_CREAT | O_TMPFILE)) {                       \
      va_list args;                                              \
      va_start(args, flags);                                     \
      mode = va_arg(args, mode_t);                               \
      va_end(args);                                              \
    }                                                            \
  } while (0)

int open(const char *path, int flags, ...) {
  ready();
  mode_t mode = 0;
  MODE_OF(flags, mode);
  int fd = real_open(path, flags, mode);
  opened(fd, path, flags);
  return fd;
}

int open64(const char *path, int flags, ...) {
  ready();
  mode_t mode = 0;
  MODE_OF(flags, mode);
  int fd = real_open64(path, flags, mode);
  opened(fd, path, flags);
  return fd;
}

int openat(int dir, const char *path, int flags, ...) {
  ready();
  mode_t mode = 0;
  MODE_OF(flags, mode);
  int fd = real_openat(dir, path, flags, mode);
  opened(fd, path, flags);
  return fd;
}

int openat64(int dir, const char *path, int flags, ...) {
  ready();
  mode_t mode = 0;
  MODE_OF(flags, mode);
  int fd = real_openat64(dir, path, flags, mode);
  opened(fd, path, flags);
  return fd;
}

int close(int fd) {
  ready();
  if (fd >= 0 && fd < MAX_FDS) {
    fd_file[fd] = 0;
    fd_is_marks[fd] = 0;
  }
  return real_close(fd);
}

ssize_t write(int fd, const void *bytes, size_t length) {
  ready();
  if (!recorded(fd)) return real_write(fd, bytes, length);
  pthread_mutex_lock(&lock);
  ssize_t n = real_write(fd, bytes, length);
  if (n > 0) wrote(fd, (int64_t)lseek(fd, 0, SEEK_CUR) - n, bytes, n);
  pthread_mutex_unlock(&lock);
  return n;
}

static ssize_t positioned(ssize_t (*real)(int, const void *, size_t, off_t), int fd, const void *bytes, size_t length, off_t offset) {
  if (!recorded(fd)) return real(fd, bytes, length, offset);
  pthread_mutex_lock(&lock);
  ssize_t n = real(fd, bytes, length, offset);
  wrote(fd, offset, bytes, n);
  pthread_mutex_unlock(&lock);
  return n;
}

ssize_t pwrite(int fd, const void *bytes, size_t length, off_t offset) {
  ready();
  return positioned(real_pwrite, fd, bytes, length, offset);
}

ssize_t pwrite64(int fd, const void *bytes, size_t length, off_t offset) {
  ready();
  return positioned(real_pwrite64, fd, bytes, length, offset);
}

/* Each part of a vector write as its own WRITE, as far as the call got. */
static void wrote_vector(int fd, int64_t offset, const struct iovec *parts, int count, ssize_t n) {
  for (int i = 0; i < count && n > 0; i++) {
    ssize_t part = (ssize_t)parts[i].iov_len < n ? (ssize_t)parts[i].iov_len : n;
    wrote(fd, offset, parts[i].iov_base, part);
    offset += part;
    n -= part;
  }
}

ssize_t writev(int fd, const struct iovec *parts, int count) {
  ready();
  if (!recorded(fd)) return real_writev(fd, parts, count);
  pthread_mutex_lock(&lock);
  ssize_t n = real_writev(fd, parts, count);
  if (n > 0) wrote_vector(fd, (int64_t)lseek(fd, 0, SEEK_CUR) - n, parts, count, n);
  pthread_mutex_unlock(&lock);
  return n;
}

ssize_t pwritev(int fd, const struct iovec *parts, int count, off_t offset) {
  ready();
  if (!recorded(fd)) return real_pwritev(fd, parts, count, offset);
  pthread_mutex_lock(&lock);
  ssize_t n = real_pwritev(fd, parts, count, offset);
  wrote_vector(fd, offset, parts, count, n);
  pthread_mutex_unlock(&lock);
  return n;
}

static int truncated(int (*real)(int, off_t), int fd, off_t length) {
  if (!recorded(fd) || fd_is_marks[fd]) return real(fd, length);
  pthread_mutex_lock(&lock);
  int result = real(fd, length);
  if (result == 0) append(TRUNCATE, fd_file[fd] - 1, length, NULL, 0);
  pthread_mutex_unlock(&lock);
  return result;
}

int ftruncate(int fd, off_t length) {
  ready();
  return truncated(real_ftruncate, fd, length);
}

int ftruncate64(int fd, off_t length) {
  ready();
  return truncated(real_ftruncate64, fd, length);
}

static int synced(int (*real)(int), int fd) {
  if (!recorded(fd) || fd_is_marks[fd]) return real(fd);
  uint32_t file = fd_file[fd] - 1;
  pthread_mutex_lock(&lock);
  uint64_t begin = append(SYNC_BEGIN, file, 0, NULL, 0);
  pthread_mutex_unlock(&lock);
  int result = real(fd);
  if (result == 0) {
    pthread_mutex_lock(&lock);
    append(SYNC_END, file, (int64_t)begin, NULL, 0);
    pthread_mutex_unlock(&lock);
  }
  return result;
}

int fsync(int fd) {
  ready();
  return synced(real_fsync, fd);
}

int fdatasync(int fd) {
  ready();
  return synced(real_fdatasync, fd);
}

/* A deleted file is forgotten: opened again, it gets a new id and OPEN record, and starts empty. */
static void unlinked(const char *path) {
  if (journal < 0 || !path || strncmp(path, watch, watch_len) != 0 || path[watch_len] != '/') return;
  pthread_mutex_lock(&lock);
  for (uint32_t file = 0; file < file_count; file++) {
    if (!file_paths[file] || strcmp(file_paths[file], path) != 0) continue;
    append(UNLINK, file, 0, NULL, 0);
    free(file_paths[file]);
    file_paths[file] = NULL;
    for (int fd = 0; fd < MAX_FDS; fd++) if (fd_file[fd] == file + 1) fd_file[fd] = 0;
  }
  pthread_mutex_unlock(&lock);
}

int unlink(const char *path) {
  ready();
  int result = real_unlink(path);
  if (result == 0) unlinked(path);
  return result;
}

int unlinkat(int dir, const char *path, int flags) {
  ready();
  int result = real_unlinkat(dir, path, flags);
  if (result == 0 && !(flags & AT_REMOVEDIR)) unlinked(path);
  return result;
}
