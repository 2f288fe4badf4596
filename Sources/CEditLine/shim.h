#ifndef CEDITLINE_SHIM_H
#define CEDITLINE_SHIM_H

#include <stdio.h>
#include <string.h>
#include <signal.h>
#include <histedit.h>           /* native API: el_init / el_gets / history() */
#include <editline/readline.h>  /* GNU-readline compatible API: readline() / add_history() */

/*
 * Swift cannot call C variadic functions (el_set, el_get, history), so every
 * use is wrapped in a fixed-arity static inline function. Swift imports and
 * compiles these through the clang importer; no separate C target is needed.
 */

/* ---- native API (histedit.h) ---- */
typedef char *(*swl_prompt_fn)(EditLine *);
typedef unsigned char (*swl_el_fn)(EditLine *, int);

static inline int swl_el_set_prompt(EditLine *el, swl_prompt_fn f) { return el_set(el, EL_PROMPT, f); }
static inline int swl_el_set_editor(EditLine *el, const char *mode) { return el_set(el, EL_EDITOR, mode); }
static inline int swl_el_set_signal(EditLine *el, int on) { return el_set(el, EL_SIGNAL, on); }
static inline int swl_el_set_hist(EditLine *el, History *h) { return el_set(el, EL_HIST, history, h); }
static inline int swl_el_addfn(EditLine *el, const char *name, const char *help, swl_el_fn f) {
    return el_set(el, EL_ADDFN, name, help, f);
}
static inline int swl_el_bind(EditLine *el, const char *key, const char *fn) {
    return el_set(el, EL_BIND, key, fn, (const char *)NULL);
}
static inline int swl_el_set_clientdata(EditLine *el, void *d) { return el_set(el, EL_CLIENTDATA, d); }
static inline void *swl_el_get_clientdata(EditLine *el) {
    void *d = NULL;
    el_get(el, EL_CLIENTDATA, &d);
    return d;
}

static inline int swl_history_setsize(History *h, int n) { HistEvent ev; return history(h, &ev, H_SETSIZE, n); }
static inline int swl_history_setunique(History *h, int on) { HistEvent ev; return history(h, &ev, H_SETUNIQUE, on); }
static inline int swl_history_enter(History *h, const char *line) { HistEvent ev; return history(h, &ev, H_ENTER, line); }
static inline int swl_history_load(History *h, const char *path) { HistEvent ev; return history(h, &ev, H_LOAD, path); }
static inline int swl_history_save(History *h, const char *path) { HistEvent ev; return history(h, &ev, H_SAVE, path); }

/* ---- readline-compat API: setters for C globals (avoid Swift 6 "shared mutable state" errors) ---- */
static inline void swl_rl_set_name(const char *n) { rl_readline_name = n; }
static inline void swl_rl_set_attempted_completion(rl_completion_func_t *f) { rl_attempted_completion_function = f; }
static inline void swl_rl_set_completion_entry(rl_compentry_func_t *f) { rl_completion_entry_function = f; }
static inline void swl_rl_set_attempted_completion_over(int v) { rl_attempted_completion_over = v; }

/* ---- SIGINT: a do-nothing handler, so Ctrl-C interrupts el_gets()/readline() (NULL + EINTR)
 * instead of killing the process. (libedit's own handler is the one active during editing and it is
 * installed without SA_RESTART, so SA_RESTART here makes no difference — observed.) ---- */
static void swl_sigint_noop(int sig) { (void)sig; }
static inline int swl_install_sigint_interrupts_read(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = swl_sigint_noop;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART */
    return sigaction(SIGINT, &sa, NULL);
}

/* ---- glibc's stdin/stdout/stderr are mutable C globals: Swift 6 rejects direct use ---- */
static inline FILE *swl_stdin(void) { return stdin; }
static inline FILE *swl_stdout(void) { return stdout; }
static inline FILE *swl_stderr(void) { return stderr; }

#endif
