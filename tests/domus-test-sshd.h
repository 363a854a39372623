/* domus-test-sshd.h: OpenSSH's server on a free loopback port, for tests
 *
 * With a throwaway host key and a throwaway user key, serving the user the
 * test runs as (root in CI). Its messages go to a log file, shown when it
 * does not start. It ends with the test, even when an assertion aborts it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  char        *dir;
  char        *bin;          /* first on the PATH of the commands it runs */
  guint        port;
  GSubprocess *sshd;
  gboolean     sshd_exited;
  char        *log;
  char        *destination;  /* user@127.0.0.1 */
  char        *key;          /* the user's private key */
  char        *host_key;
  char        *known_hosts;  /* a known_hosts file with the server's key */
} DomusTestSshd;

DomusTestSshd *domus_test_sshd_start            (void);
void           domus_test_sshd_stop             (DomusTestSshd *server);
/* A new ed25519 key in the server's folder, without a passphrase. */
char          *domus_test_sshd_new_key          (DomusTestSshd *server,
                                                 const char    *name);
/* A new ed25519 key in the server's folder, with @passphrase, that the
 * server lets in. */
char          *domus_test_sshd_add_key          (DomusTestSshd *server,
                                                 const char    *name,
                                                 const char    *passphrase);
/* An ssh_config "Host @alias" for the server, with @key and @known_hosts,
 * where ssh may ask (no BatchMode; StrictHostKeyChecking ask). */
char          *domus_test_sshd_asking_config    (DomusTestSshd *server,
                                                 const char    *alias,
                                                 const char    *key,
                                                 const char    *known_hosts);
/* An ssh_config "Host @alias" for the server that never asks: its key and
 * known hosts, BatchMode. @alias may be a pattern ("lab-*"). */
char          *domus_test_sshd_config           (DomusTestSshd *server,
                                                 const char    *alias);
/* A known_hosts line for the server, with the public key of @key. */
char          *domus_test_sshd_known_hosts_line (DomusTestSshd *server,
                                                 const char    *key);
/* A loopback port nobody listens on (bound, then closed). */
guint          domus_test_free_port             (void);
/* An ssh_config "Host @alias" at such a port: refused at once, whatever
 * the machine's resolver does. */
char          *domus_test_refused_config        (const char    *alias);
/* Writes @config to @dir/ssh_config and has Domus's ssh read it
 * ($DOMUS_SSH is "ssh -F" it). Before any thread starts, as it sets the
 * environment. */
void           domus_test_use_ssh_config        (const char    *dir,
                                                 const char    *config);

G_END_DECLS
