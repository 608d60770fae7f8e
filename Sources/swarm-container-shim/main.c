// swarm-container-shim [--max-size BYTES --max-files N] LOG PROGRAM [ARGUMENT...]
//
// Runs PROGRAM (swarmd runs `runc run`) with its standard output and error on pipes, and
// appends every line they carry to LOG in the CRI log format that containerd and CRI-O write:
//
//     2026-11-27T08:30:00.123456789Z stdout F the line, without its newline
//
// (F: a full line; P: the first 16 KiB of a longer one, continued by the next record of that
// stream). Each record is one write(2) to a file opened O_APPEND, so a reader never sees half
// a record except at the end of the file. The shim exits with PROGRAM's status (128 + the
// signal that killed it).
//
// With --max-size, a record that would take LOG past BYTES first rotates it: LOG.1 becomes
// LOG.2 and so on up to LOG.(N-1), the oldest beyond is deleted, LOG becomes LOG.1 and a new
// LOG is started (with N = 1, LOG is emptied instead). A container that logs without end thus
// holds at most N × BYTES of disk (plus one record).
//
// Why a separate process, in C: the container's output must outlive swarmd (a restarted
// swarmd re-adopts running containers, and a container whose pipe reader is gone dies of
// SIGPIPE), and one such process runs per container, so it must be small: 5 MiB resident
// (measured; mostly libc's shared pages), against tens for a Swift process with Foundation.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { line_limit = 16 * 1024, header_limit = 64 };

struct stream {
    int fd;
    const char *name;
    size_t used;
    char buffer[line_limit];
};

static int log_fd = -1;
static const char *log_path;
static off_t log_size;
static off_t max_size;      // 0: no rotation
static int max_files = 1;

// Makes room for a record of `length` bytes: rotates the log if the record would take it past
// the limit. On any failure the log goes on growing: lines are never dropped for rotation.
static void rotate_if_needed(size_t length) {
    if (max_size <= 0 || log_size == 0 || log_size + (off_t)length <= max_size) return;
    if (max_files <= 1) {
        if (ftruncate(log_fd, 0) == 0) log_size = 0;
        return;
    }
    char older[4096], newer[4096];
    for (int index = max_files - 1; index >= 1; index--) {
        snprintf(older, sizeof older, "%s.%d", log_path, index);
        if (index == 1) snprintf(newer, sizeof newer, "%s", log_path);
        else snprintf(newer, sizeof newer, "%s.%d", log_path, index - 1);
        if (rename(newer, older) != 0 && errno != ENOENT) return;
    }
    int fresh = open(log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fresh < 0) return; // Keeps writing to the renamed file, which readers still follow.
    close(log_fd);
    log_fd = fresh;
    log_size = 0;
}

static void write_record(const struct stream *stream, const char *content, size_t length, char tag) {
    static char record[header_limit + line_limit + 1];
    struct timespec now;
    struct tm utc;
    clock_gettime(CLOCK_REALTIME, &now);
    gmtime_r(&now.tv_sec, &utc);
    size_t header = strftime(record, header_limit, "%Y-%m-%dT%H:%M:%S", &utc);
    header += (size_t)snprintf(record + header, header_limit - header, ".%09ldZ %s %c ", now.tv_nsec, stream->name, tag);
    memcpy(record + header, content, length);
    record[header + length] = '\n';
    rotate_if_needed(header + length + 1);
    const char *next = record;
    size_t left = header + length + 1;
    while (left > 0) {
        ssize_t written = write(log_fd, next, left);
        if (written < 0) {
            if (errno == EINTR) continue;
            return; // A full disk loses log lines, never the container.
        }
        next += written;
        left -= (size_t)written;
        log_size += written;
    }
}

// Writes the complete lines in the stream's buffer and keeps the rest; a buffer full without a
// newline goes out as a partial record.
static void flush_lines(struct stream *stream) {
    size_t start = 0;
    for (size_t index = 0; index < stream->used; index++) {
        if (stream->buffer[index] != '\n') continue;
        write_record(stream, stream->buffer + start, index - start, 'F');
        start = index + 1;
    }
    if (start == 0 && stream->used == line_limit) {
        write_record(stream, stream->buffer, stream->used, 'P');
        start = stream->used;
    }
    memmove(stream->buffer, stream->buffer + start, stream->used - start);
    stream->used -= start;
}

// Reads what the pipe holds now; at its end, writes an unfinished last line as full and closes it.
static void drain(struct stream *stream) {
    while (stream->fd >= 0) {
        ssize_t count = read(stream->fd, stream->buffer + stream->used, line_limit - stream->used);
        if (count < 0 && errno == EINTR) continue;
        if (count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
        if (count <= 0) {
            if (stream->used > 0) write_record(stream, stream->buffer, stream->used, 'F');
            stream->used = 0;
            close(stream->fd);
            stream->fd = -1;
            return;
        }
        stream->used += (size_t)count;
        flush_lines(stream);
    }
}

static int exit_status(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return 1;
}

static int usage(void) {
    fprintf(stderr, "usage: swarm-container-shim [--max-size BYTES --max-files N] LOG PROGRAM [ARGUMENT...]\n");
    return 2;
}

int main(int argc, char **argv) {
    int first = 1;
    while (first + 1 < argc && strncmp(argv[first], "--max-", 6) == 0) {
        char *end;
        long long value = strtoll(argv[first + 1], &end, 10);
        if (*end != '\0' || value < 1) return usage();
        if (strcmp(argv[first], "--max-size") == 0) max_size = (off_t)value;
        else if (strcmp(argv[first], "--max-files") == 0 && value <= 100) max_files = (int)value;
        else return usage();
        first += 2;
    }
    if (argc - first < 2) return usage();
    argv += first - 1; // From here on as without options: argv[1] is LOG, argv[2] PROGRAM.
    signal(SIGPIPE, SIG_IGN);
    log_path = argv[1];
    log_fd = open(log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (log_fd < 0) {
        fprintf(stderr, "swarm-container-shim: cannot open the log %s: %s\n", argv[1], strerror(errno));
        return 125;
    }
    struct stat opened;
    log_size = fstat(log_fd, &opened) == 0 ? opened.st_size : 0;
    int output[2], error[2];
    if (pipe2(output, O_CLOEXEC) != 0 || pipe2(error, O_CLOEXEC) != 0) {
        fprintf(stderr, "swarm-container-shim: cannot make pipes: %s\n", strerror(errno));
        return 125;
    }
    pid_t child = fork();
    if (child < 0) {
        fprintf(stderr, "swarm-container-shim: cannot fork: %s\n", strerror(errno));
        return 125;
    }
    if (child == 0) {
        signal(SIGPIPE, SIG_DFL);
        dup2(output[1], STDOUT_FILENO);
        dup2(error[1], STDERR_FILENO);
        execvp(argv[2], argv + 2);
        fprintf(stderr, "swarm-container-shim: cannot run %s: %s\n", argv[2], strerror(errno));
        _exit(127);
    }
    close(output[1]);
    close(error[1]);
    static struct stream streams[2];
    streams[0] = (struct stream){ .fd = output[0], .name = "stdout" };
    streams[1] = (struct stream){ .fd = error[0], .name = "stderr" };
    for (int index = 0; index < 2; index++) fcntl(streams[index].fd, F_SETFL, O_NONBLOCK);

    int status = 0;
    int exited = 0;
    while (!exited || streams[0].fd >= 0 || streams[1].fd >= 0) {
        if (!exited) {
            pid_t waited = waitpid(child, &status, WNOHANG);
            exited = waited == child || (waited < 0 && errno == ECHILD);
        }
        if (exited) {
            // Whatever the pipes hold now is the last of it: a process of the container that
            // still holds them must not keep the shim alive after the container ended.
            for (int index = 0; index < 2; index++) drain(&streams[index]);
            for (int index = 0; index < 2; index++) {
                if (streams[index].fd < 0) continue;
                if (streams[index].used > 0) write_record(&streams[index], streams[index].buffer, streams[index].used, 'F');
                close(streams[index].fd);
                streams[index].fd = -1;
            }
            break;
        }
        struct pollfd polled[2];
        nfds_t count = 0;
        for (int index = 0; index < 2; index++) {
            if (streams[index].fd >= 0) polled[count++] = (struct pollfd){ .fd = streams[index].fd, .events = POLLIN };
        }
        // Looks at the child at least every 200 ms, and as soon as both pipes are closed.
        if (count == 0) {
            waitpid(child, &status, 0);
            exited = 1;
            continue;
        }
        if (poll(polled, count, 200) < 0 && errno != EINTR) break;
        for (int index = 0; index < 2; index++) drain(&streams[index]);
    }
    return exit_status(status);
}
