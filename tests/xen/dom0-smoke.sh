#!/bin/sh
# Smoke test run inside the Xen 4.17 dom0 by tests/xen/run.sh: the toolstack
# answers and the credit scheduler can be read and changed.
# shellcheck source=tests/xen/tap.sh disable=SC1091
. /test/tap.sh

step xl-info
run 60 xl info
check "xl info runs" [ "$RC" -eq 0 ]
check "xl info: xen_version 4.17" has '^xen_version +: 4\.17'
check "xl info: scheduler credit" has '^xen_scheduler +: credit$'

step xl-list
run 60 xl list
check "xl list shows Domain-0" has '^Domain-0 +0 '

step sched-credit
run 60 xl sched-credit
check "xl sched-credit: Domain-0 weight 256" has '^Domain-0 +0 +256 '

step sched-credit-set
run 60 xl sched-credit -d 0 -w 512
check "xl sched-credit -d 0 -w 512 succeeds" [ "$RC" -eq 0 ]
run 60 xl sched-credit -d 0
check "xl sched-credit -d 0 reads back weight 512" has '^Domain-0 +0 +512 '

step xentop
run 60 xentop -b -i 2 -d 1
check "xentop -b -i 2 -d 1 shows Domain-0" has '^ *Domain-0 '

done_testing
