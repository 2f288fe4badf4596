#!/usr/bin/env bash
# Drives the psd REPL in tmux and prints the captured screens (not part of CI: needs tmux and
# a few seconds of wall time). Checks by eye, and greps a few must-haves at the end:
#   history recalled across runs, Tab completion of a command / a name / a column / a path,
#   ambiguous completion listing, continuation prompt, Ctrl-C (line, running command, empty
#   prompt), Ctrl-D exit with the terminal restored, UTF-8 typing with LANG unset; and the prompt
#   equals the file: a `\` continuation, comments and a bracket over several lines, typed and
#   pasted, build what the same script builds when psd runs it as a file.
# Usage: Scripts/check_repl.sh [path/to/psd]     (default: builds and uses .build/debug/psd)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v tmux >/dev/null || { echo "check_repl.sh needs tmux (apt-get install -y tmux)"; exit 2; }
PSD="${1:-}"
if [ -z "$PSD" ]; then
  swift build --product psd >/dev/null
  PSD="$(pwd)/.build/debug/psd"
fi
PSD="$(cd "$(dirname "$PSD")" && pwd)/$(basename "$PSD")"

WORK="$(mktemp -d /tmp/psd-check-repl.XXXXXX)"
SESSION="psd-check-$$"
trap 'tmux kill-session -t "$SESSION" 2>/dev/null || true; rm -rf "$WORK"' EXIT
cat > "$WORK/applications.csv" <<'CSV'
SK_ID_CURR,TARGET,AMT_CREDIT,AMT_INCOME_TOTAL,NAME_CONTRACT_TYPE
100002,1,406597.5,202500.0,Cash loans
100003,0,1293502.5,270000.0,Cash loans
100004,0,135000.0,67500.0,Revolving loans
100006,0,312682.5,135000.0,Cash loans
CSV

# A clean HOME (no ~/.editrc), LANG and LC_* unset: psd must fall back to UTF-8 by itself.
# dash, not bash: interactive bash repairs the tty after its child, which would hide bugs.
tmux -u new-session -d -s "$SESSION" -x 100 -y 50 \
  "env -i PATH=/usr/bin:/bin HOME=$WORK TERM=xterm-256color PS1='$ ' sh"
snd() { tmux send-keys -t "$SESSION" "$@"; sleep 0.5; }
screen() { tmux capture-pane -t "$SESSION" -p | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}'; }

snd "cd $WORK && locale 2>/dev/null | head -1; $PSD" Enter
sleep 1
snd 'print "first run"' Enter
snd 'app = lo' Tab; snd '"appl' Tab; snd Enter                        # command + path completion
snd 'na' Tab; snd Enter                                               # command completion
snd 'print ap' Tab; snd Enter                                         # name completion
snd 's = select app [SK_ID_CURR, app.AMT_C' Tab; snd ']' Enter          # column completion
snd 'print app.AMT_' Tab; snd C-u                                      # ambiguous: list columns
snd 'print [1,' Enter; snd '2]' Enter                                 # continuation prompt
snd 'print "héllo wörld ñandú 日本"' Enter                             # UTF-8 with LANG unset
snd 'print "ñandú"' Left Left BSpace 'x' Enter                        # edit inside multibyte text
snd 'print "never printed"' C-c                                       # Ctrl-C drops the line
snd 'sleep 30' Enter; sleep 1.2
PROGRESS="$(tmux capture-pane -t "$SESSION" -p | grep -E '^sleep +\[' || true)"      # progress on stderr
snd C-c                                                               # Ctrl-C stops a command
snd C-c; snd C-c                                                      # Ctrl-C at an empty prompt
snd 'names' Enter                                                     # session unchanged
snd C-d                                                               # Ctrl-D exits
snd 'echo "exit status $?"; stty -a | grep -o -e " -\?icanon" -e " -\?echo " | tr -d "\n"; echo' Enter
FIRST="$(screen)"
echo "=== progress line 1.2 s into 'sleep 30' ==="
echo "$PROGRESS"
echo
echo "=== first run (history, completion, continuation, UTF-8, Ctrl-C, Ctrl-D) ==="
echo "$FIRST"

tmux send-keys -t "$SESSION" "clear; $PSD" Enter; sleep 1
snd Up; snd Enter                                                     # history from the first run
snd C-d
SECOND="$(screen)"
echo
echo "=== second run (Up recalls the first run's last entry) ==="
echo "$SECOND"
echo
echo "=== history file ($WORK/.psd_history) ==="
cat "$WORK/.psd_history"

# Third run: the prompt equals the file. Typed: a `\` continuation and a comment line; pasted:
# a script with a comment inside a bracket and a continuation (tmux paste-buffer, as a terminal
# paste sends it).
cat > "$WORK/paste.psd" <<'PSD'
pasted = [1, # a comment inside the bracket
  2,
  3]
total = 10 \
  * 2
# a comment line
print "pasted:" total pasted
PSD
tmux send-keys -t "$SESSION" "clear; $PSD --no-history" Enter; sleep 1
snd 'y = 1 + \' Enter; snd '  2' Enter                               # continuation at the prompt
snd '# only a comment' Enter
snd 'print "typed:" y' Enter
tmux load-buffer "$WORK/paste.psd"; tmux paste-buffer -t "$SESSION"; sleep 1
snd C-d
THIRD="$(screen)"
FROMFILE="$(cd "$WORK" && "$PSD" paste.psd 2>&1)"
echo
echo "=== third run (continuation typed, a script pasted) ==="
echo "$THIRD"
echo "=== the same script run as a file ==="
echo "$FROMFILE"

fail=0
check() { if echo "$1" | grep -qF -- "$2"; then echo "ok    $3"; else echo "FAIL  $3 (no '$2')"; fail=1; fi; }
echo
check "$FIRST" 'app = load "applications.csv"' "command + path completion"
check "$FIRST" 'psd> names' "command completion"
check "$FIRST" 'psd> print app' "name completion"
check "$FIRST" 'app.AMT_CREDIT ]' "column completion"
check "$FIRST" 'app.AMT_CREDIT        app.AMT_INCOME_TOTAL' "ambiguous completion lists columns"
check "$FIRST" '...> 2]' "continuation prompt"
check "$FIRST" 'héllo wörld ñandú 日本' "UTF-8 typed with LANG unset"
check "$FIRST" 'ñanxú' "editing inside multibyte text (Left Left BSpace x)"
check "$FIRST" 'interrupted: sleep was cancelled' "Ctrl-C stops a running command"
check "$PROGRESS" '%' "progress line while a command runs"
check "$FIRST" 'exit status 0' "Ctrl-D exits with 0"
check "$FIRST" ' icanon echo' "terminal restored (icanon, echo)"
check "$SECOND" 'psd> names' "history recalled across runs"
check "$THIRD" '...>   2' "continuation prompt after a trailing backslash"
check "$THIRD" 'typed: 3' "a backslash continuation typed at the prompt"
check "$THIRD" 'pasted: 20 [1, 2, 3]' "a pasted script (comments, bracket, continuation)"
check "$FROMFILE" 'pasted: 20 [1, 2, 3]' "the same script as a file"
if echo "$THIRD" | grep -q 'error:'; then echo "FAIL  the typed or pasted lines gave an error"; fail=1; else echo "ok    no error at the prompt"; fi
if echo "$FIRST" | grep -q 'never printed$' && ! echo "$FIRST" | grep -q '^never printed'; then
  echo "ok    Ctrl-C dropped the typed line"
elif echo "$FIRST" | grep -q '^never printed'; then
  echo "FAIL  Ctrl-C ran the dropped line"; fail=1
else
  echo "ok    Ctrl-C dropped the typed line"
fi
exit $fail
