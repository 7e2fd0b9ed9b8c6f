#!/usr/bin/env bash
# The first screen of War and Peace in tmux, as a person sees it: from
# starting the program in a new tmux window to the book's first lines on
# screen, for marginalia and for `less` on the same file, turn about.
#
#   benches/tmux_first_screen.sh [MARGINALIA_BINARY] [ROUNDS]
#
# Without a binary it builds the release one. Needs tmux, less and
# ../shared/corpus/war-and-peace.txt. The time includes tmux starting the
# window and one `capture-pane` poll (about 1-3 ms), the same for both.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
book="$here/../shared/corpus/war-and-peace.txt"
[ -f "$book" ] || { echo "needs $book" >&2; exit 1; }
bin=${1:-}
if [ -z "$bin" ]; then
  (cd "$here" && cargo build --release --locked --quiet)
  bin="$here/target/release/marginalia"
fi
rounds=${2:-5}
# On both first screens: the 30th line of the file, which `less` shows in a
# 40-row window and marginalia under the title.
marker="An Anonymous Volunteer"
home=$(mktemp -d)
trap 'tmux kill-session -t first-screen 2>/dev/null || true; rm -rf "$home"' EXIT
cp "$book" "$home/"

first_screen_ms() {
  local start now
  start=$(date +%s%N)
  tmux new-session -d -s first-screen -x 100 -y 40 "$1"
  until tmux capture-pane -t first-screen -p 2>/dev/null | grep -q "$marker"; do
    now=$(date +%s%N)
    if (( (now - start) > 10000000000 )); then echo "no first screen in 10 s" >&2; exit 1; fi
  done
  now=$(date +%s%N)
  tmux kill-session -t first-screen
  echo $(( (now - start) / 1000 ))
}

median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.1f", m/1000}'; }

reader="cd $home && HOME=$home XDG_CONFIG_HOME=$home/config MARGINALIA_STATE_DIR=$home/state $bin --annotator bench war-and-peace.txt"
pager="cd $home && less war-and-peace.txt"
ours=() theirs=()
for _ in $(seq "$rounds"); do
  ours+=("$(first_screen_ms "$reader")")
  theirs+=("$(first_screen_ms "$pager")")
done
echo "| first screen in tmux: War and Peace (3.3 MB) | marginalia median $(printf '%s\n' "${ours[@]}" | median) ms | less median $(printf '%s\n' "${theirs[@]}" | median) ms | $rounds runs each, turn about |"
