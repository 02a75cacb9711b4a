#!/bin/sh
# Copies seed inputs into fuzz/corpus/<target>/ (not committed: the corpus directory is ignored).
# HAR targets: every harness capture (tests/captures) and every HAR of the shared corpus
# (../shared/corpus, or $CORSDX_CORPUS); the console target: the harness console logs.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
shared=${CORSDX_CORPUS:-$root/../shared/corpus}
for t in har sanitize analyze console; do mkdir -p "$here/corpus/$t"; done
n=0
for f in "$root"/tests/captures/*/*/capture.har "$root"/samples/*.har; do
    [ -f "$f" ] || continue
    name=$(echo "$f" | sed "s|$root/||; s|/|_|g")
    for t in har sanitize analyze; do cp "$f" "$here/corpus/$t/$name"; done
    n=$((n + 1))
done
if [ -d "$shared" ]; then
    for f in "$shared"/*.har; do
        name=corpus_$(basename "$f")
        for t in har sanitize analyze; do cp "$f" "$here/corpus/$t/$name"; done
        n=$((n + 1))
    done
else
    echo "seed.sh: no shared corpus at $shared (set CORSDX_CORPUS); harness captures only" >&2
fi
c=0
for f in "$root"/tests/captures/*/*/console.log "$root"/samples/*.log; do
    [ -f "$f" ] || continue
    name=$(echo "$f" | sed "s|$root/||; s|/|_|g")
    cp "$f" "$here/corpus/console/$name"
    cp "$f" "$here/corpus/analyze/$name"
    c=$((c + 1))
done
echo "seeded $n HARs (har, sanitize, analyze) and $c console logs (console, analyze)"
