/* domus-test-keyring.h: a keyring of the test's own
 *
 * GNOME Keyring's daemon (its Secret Service) on a D-Bus session bus of
 * the test's own, made this process's session bus, with a login keyring
 * made and unlocked under a temporary folder: what DomusSshPrompter
 * remembers secrets in, as on a desktop, without touching the user's.
 * Started once per test program: libsecret keeps its connection to the
 * bus for the whole process.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _DomusTestKeyring DomusTestKeyring;

/* NULL, with @why set, when gnome-keyring or dbus-daemon is not installed. */
DomusTestKeyring *domus_test_keyring_start (const char       **why);
void              domus_test_keyring_stop  (DomusTestKeyring  *keyring);

/* The secret Domus keeps for ssh's @prompt to @host, or NULL. */
char             *domus_test_keyring_lookup (const char *host,
                                             const char *prompt);
/* Waits until the keyring holds @expected (NULL: nothing) for ssh's
 * @prompt to @host: Domus stores and forgets while its connection goes on. */
void              domus_test_keyring_wait_for (const char *host,
                                               const char *prompt,
                                               const char *expected);
/* Keeps @secret for ssh's @prompt to @host, as Domus would have. */
void              domus_test_keyring_store  (const char *host,
                                             const char *prompt,
                                             const char *secret);
/* Forgets every secret Domus kept. */
void              domus_test_keyring_clear  (void);

G_END_DECLS
