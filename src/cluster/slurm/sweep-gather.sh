#!/bin/bash
# The gather of a sweep's job array, a job that starts once every task has succeeded: every figure
# and table of the shared -Dout folder redrawn (-Dexp=figures), the sweep's summary.csv and
# sweep.png from all of its points. Its arguments are the sweep's -D options; it reads -Dout.
set -euo pipefail
out=results
for option in "$@"; do
    case "$option" in -Dout=*) out="${option#-Dout=}" ;; esac
done
exec mvn -B -q -o exec:java -Dexp=figures -Dout="$out"
