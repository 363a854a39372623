/* test-xen-host.h: what test-xen-host's parts share
 *
 * test-xen-host is one program in two files: test-xen-host.c (the host's
 * reading and requests, with the helpers below) and test-xen-fidelity.c
 * (the scheduler cases). The tests run in order on the one real host.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "domus-host.h"

G_BEGIN_DECLS

/* The real Xen host under test, and a temporary folder for its files. */
extern DomusHost *host;
extern char *work;

/* Runs @command_line in a shell; its output (stdout and stderr) is
 * returned, its exit status (0 or 1) in @status if not NULL. */
char *sh (const char *command_line,
          int        *status);
/* Runs `xl` with the arguments @format gives; its output is returned. */
char *xl (const char *format,
          ...) G_GNUC_PRINTF (1, 2);
/* The fields of the line of @out whose first field is @first, or NULL. */
GStrv line_fields (const char *out,
                   const char *first);

/* Sends a domusctl-style command line through domusctl's parser and
 * asserts that it succeeds. */
void command_ok (const char *line);
/* The domain called @name as Domus shows it, or NULL. */
DomusDomain *domain (const char *name);
/* Waits for a full refresh, so that what Domus shows is no older than now. */
void fresh (void);
/* Creates the tiny PV guest @name through Domus: @burn busy loops (loop i
 * on vCPU i), @vcpus of @maxvcpus online, @extra lines in its config. */
void create_guest (const char *name,
                   guint       burn,
                   guint       vcpus,
                   guint       maxvcpus,
                   const char *extra);

/* The scheduler's fidelity cases, each a test, in their order. */
void add_fidelity_tests (void);

G_END_DECLS
