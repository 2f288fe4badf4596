#ifndef CLIBPQ_SHIM_H
#define CLIBPQ_SHIM_H

/* libpq, PostgreSQL's client library (Debian: libpq-dev; pkg-config adds -I/usr/include/postgresql).
 * Only PSDWarehouse imports this module. */
#include <libpq-fe.h>
#include <poll.h>

/* Waits up to `ms` milliseconds for the socket to become readable (1), times out (0) or fails (-1).
 * A fixed-arity wrapper keeps struct pollfd out of the Swift code. */
static inline int psd_pq_wait_readable(int fd, int ms) {
    struct pollfd p;
    p.fd = fd;
    p.events = POLLIN;
    p.revents = 0;
    return poll(&p, 1, ms);
}

/* Silences libpq's default notice printer (NOTICE lines on stderr, e.g. "table does not exist,
 * skipping"); psd reports what matters itself. */
static inline void psd_pq_ignore_notice(void *arg, const char *message) { (void)arg; (void)message; }
static inline void psd_pq_quiet(PGconn *conn) { PQsetNoticeProcessor(conn, psd_pq_ignore_notice, NULL); }

#endif
