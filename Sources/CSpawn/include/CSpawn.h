// Starting a child process with posix_spawn and the Linux extensions Swift's Glibc module does
// not expose (they need _GNU_SOURCE): closing every inherited descriptor and a new session.
#ifndef C_SPAWN_H
#define C_SPAWN_H

#include <sys/types.h>

// Starts `path` with `argv` and `envp` (both NULL-terminated). The child's standard input,
// output and error are `input`, `output` and `error`; every other descriptor of this process
// is closed in the child, whatever its close-on-exec flag. Every signal is back to its default
// action and none is blocked. With `new_session` non-zero the child leads a new session (no
// controlling terminal, its own process group).
// Returns 0 and sets `*pid`, or an errno value (ENOENT, EACCES, ...) when the child could not
// be started.
int swarm_spawn(pid_t *pid, const char *path, char *const argv[], char *const envp[],
                int input, int output, int error, int new_session);

#endif
