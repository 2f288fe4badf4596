#ifndef CEDITLINE_SHIM_H
#define CEDITLINE_SHIM_H

#include <stdio.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <histedit.h>           /* native API: el_init / el_gets / history() */

/*
 * Swift cannot call C variadic functions (el_set, el_get, history), so every use psd needs is
 * wrapped in a fixed-arity static inline function, compiled by the clang importer (no C target).
 * psd uses only libedit's native API: it carries user data (EL_CLIENTDATA) and tells Ctrl-C
 * (count -1, EINTR) from Ctrl-D (count 0) unambiguously.
 */

typedef char *(*psd_el_prompt_fn)(EditLine *);
typedef unsigned char (*psd_el_fn)(EditLine *, int);

static inline int psd_el_set_prompt(EditLine *el, psd_el_prompt_fn f) { return el_set(el, EL_PROMPT, f); }
static inline int psd_el_set_editor(EditLine *el, const char *mode) { return el_set(el, EL_EDITOR, mode); }
static inline int psd_el_set_signal(EditLine *el, int on) { return el_set(el, EL_SIGNAL, on); }
static inline int psd_el_set_hist(EditLine *el, History *h) { return el_set(el, EL_HIST, history, h); }
static inline int psd_el_addfn(EditLine *el, const char *name, const char *help, psd_el_fn f) {
    return el_set(el, EL_ADDFN, name, help, f);
}
static inline int psd_el_bind(EditLine *el, const char *key, const char *fn) {
    return el_set(el, EL_BIND, key, fn, (const char *)NULL);
}
static inline int psd_el_set_clientdata(EditLine *el, void *d) { return el_set(el, EL_CLIENTDATA, d); }
static inline void *psd_el_get_clientdata(EditLine *el) {
    void *d = NULL;
    el_get(el, EL_CLIENTDATA, &d);
    return d;
}

static inline int psd_history_setsize(History *h, int n) { HistEvent ev; return history(h, &ev, H_SETSIZE, n); }
static inline int psd_history_setunique(History *h, int on) { HistEvent ev; return history(h, &ev, H_SETUNIQUE, on); }
static inline int psd_history_enter(History *h, const char *line) { HistEvent ev; return history(h, &ev, H_ENTER, line); }
static inline int psd_history_load(History *h, const char *path) { HistEvent ev; return history(h, &ev, H_LOAD, path); }
static inline int psd_history_save(History *h, const char *path) { HistEvent ev; return history(h, &ev, H_SAVE, path); }

/* A SIGINT handler installed with sigaction (glibc's struct sigaction has a union Swift handles
 * awkwardly). restart != 0 sets SA_RESTART so Ctrl-C during a long command does not make unrelated
 * reads/writes fail with EINTR; libedit installs its own handler (without SA_RESTART) while it edits,
 * so el_gets() still returns on Ctrl-C. */
static inline int psd_install_signal_handler(int sig, void (*handler)(int), int restart) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = restart ? SA_RESTART : 0;
    if (sigaction(sig, &sa, NULL) != 0) return -1;
    /* A parent may have spawned us with the signal blocked (posix_spawn inherits the calling
     * thread's mask; test runners and some launchers block SIGINT): the handler would never run. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    return sigprocmask(SIG_UNBLOCK, &set, NULL);
}

/* Terminal width of a file descriptor, 0 when it is not a terminal. */
static inline int psd_terminal_columns(int fd) {
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) != 0) return 0;
    return ws.ws_col;
}

/* glibc's stdin/stdout/stderr are mutable C globals, which Swift 6 rejects: use accessors. */
static inline FILE *psd_stdin(void) { return stdin; }
static inline FILE *psd_stdout(void) { return stdout; }
static inline FILE *psd_stderr(void) { return stderr; }

#endif
