/* domusctl-private.h: what the parts of domusctl share
 *
 * domusctl.c has main(), the global options, --apply and the helpers the
 * commands share; each family of commands has a file of its own:
 * domusctl-top.c (list, top), domusctl-qos.c, domusctl-request.c (sched,
 * vcpu-set, pause, save, create, migrate, cd-eject: one request each),
 * domusctl-cpupool.c (cpupool-list), domusctl-storage.c (vgs, lvs,
 * lvcreate, lvremove, clone), domusctl-bench.c and domusctl-vnc.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "domus-backend.h"

G_BEGIN_DECLS

/* A request (or a VNC connection, or a benchmark) running on the main
 * loop while the command waits for it. */
typedef struct
{
  GMainLoop *loop;
  GError    *error;
  gboolean   done;
  char      *what;     /* "Saving “clone1”" for progress lines */
} RequestState;

/* domusctl.c */
/* The host the global options name (opened the first time), or NULL when
 * it cannot be, having said why. */
DomusHost    *domusctl_open_host          (void);
void          domusctl_append_padded      (GString             *out,
                                           const char          *text,
                                           int                  width,
                                           gboolean             left);
void          domusctl_print_header       (const char * const  *headers,
                                           const int           *widths,
                                           guint                n);
void          domusctl_append_json_string (GString             *out,
                                           const char          *text);

/* domusctl-request.c */
void          domusctl_run_request_async  (DomusHost           *host,
                                           DomusRequest        *request,
                                           GAsyncReadyCallback  callback,
                                           gpointer             data);
gboolean      domusctl_run_request_finish (DomusHost           *host,
                                           GAsyncResult        *result,
                                           GError             **error);
void          domusctl_print_sched        (DomusDomain         *domain);

/* The commands: @argv[0] is the command's name. */
int           cmd_list                    (DomusHost           *host,
                                           int                  argc,
                                           char               **argv);
int           cmd_info                    (DomusHost           *host,
                                           int                  argc,
                                           char               **argv);
int           cmd_dmesg                   (DomusHost           *host,
                                           int                  argc,
                                           char               **argv);
int           cmd_top                     (DomusHost           *host,
                                           int                  argc,
                                           char               **argv);
int           cmd_qos                     (DomusHost           *host,
                                           int                  argc,
                                           char               **argv);
int           cmd_request                 (DomusHost           *host,
                                           int                  argc,
                                           char               **argv);
int           cmd_cpupool_list            (DomusHost           *host,
                                           int                  argc,
                                           char               **argv);
int           cmd_vgs                     (DomusHost           *host,
                                           int                  argc,
                                           char               **argv);
int           cmd_lvs                     (DomusHost           *host,
                                           int                  argc,
                                           char               **argv);
int           cmd_lvcreate                (DomusHost           *host,
                                           int                  argc,
                                           char               **argv);
int           cmd_images                  (DomusHost           *host,
                                          int                  argc,
                                          char               **argv);
int           cmd_lvremove                (DomusHost           *host,
                                           int                  argc,
                                           char               **argv);
int           cmd_clone                   (DomusHost           *host,
                                           int                  argc,
                                           char               **argv);
int           cmd_pci_list                (DomusHost           *host,
                                           int                  argc,
                                           char               **argv);
int           cmd_pci_assignable_list     (DomusHost           *host,
                                           int                  argc,
                                           char               **argv);
int           cmd_bench                   (DomusHost           *host,
                                           int                  argc,
                                           char               **argv);
int           cmd_vnc_capture             (DomusHost           *host,
                                           int                  argc,
                                           char               **argv);
int           cmd_vnc_type                (DomusHost           *host,
                                           int                  argc,
                                           char               **argv);

G_END_DECLS
