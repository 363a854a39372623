/* domus-ssh-prompter.h: ssh's questions, asked by whoever shows them
 *
 * The window has no terminal for ssh to ask on. A prompter gives the ssh
 * that reaches an agent OpenSSH's SSH_ASKPASS mechanism, forced: for each
 * question (a key's passphrase, a password, an unknown host key) ssh runs
 * domus-askpass, which hands it over a private unix socket to the prompter.
 * The prompter emits ::question; whoever listens (the window's dialogs, a
 * test) answers later with domus_ssh_prompter_answer(). A question left
 * without an answer waits; NULL refuses it, and ssh takes that as "no" or
 * as no passphrase. GLib only, so that it is tested without a display.
 *
 * With the keyring on (the window's), a password or passphrase the user
 * asked to remember is kept in the user's keyring (the Secret Service:
 * GNOME Keyring, KWallet) under the host and ssh's prompt once ssh logged
 * in with it, and given to ssh without asking the next time it asks the
 * same; if ssh asks it again at once, it was refused, and the user is
 * asked, told so.
 *
 * domusctl sets no prompter: ssh asks on the terminal, as it always did.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  DOMUS_SSH_QUESTION_SECRET,    /* a passphrase or a password: typed hidden */
  DOMUS_SSH_QUESTION_HOST_KEY,  /* a host key ssh does not know: trust it ("yes") or not */
  DOMUS_SSH_QUESTION_CONFIRM,   /* yes or no, as ssh-agent's confirmations */
} DomusSshQuestionKind;

#define DOMUS_TYPE_SSH_PROMPTER (domus_ssh_prompter_get_type ())

G_DECLARE_FINAL_TYPE (DomusSshPrompter, domus_ssh_prompter, DOMUS, SSH_PROMPTER, GObject)

DomusSshPrompter *domus_ssh_prompter_new              (GError              **error);
/* Answers question @id of ::question: @answer, or NULL to refuse it. The
 * answer goes to ssh and nowhere else. */
void              domus_ssh_prompter_answer           (DomusSshPrompter     *self,
                                                       guint                 id,
                                                       const char           *answer);
/* The same, and with the keyring on, @remember keeps a secret in it once
 * ssh logged in with it (domus_ssh_prompter_logged_in()). */
void              domus_ssh_prompter_answer_full      (DomusSshPrompter     *self,
                                                       guint                 id,
                                                       const char           *answer,
                                                       gboolean              remember);
/* Whether question @id asks again for a secret the keyring gave: it was
 * refused. */
gboolean          domus_ssh_prompter_remembered_refused (DomusSshPrompter   *self,
                                                         guint               id);
/* Whether secrets are looked up and may be remembered in the keyring. */
gboolean          domus_ssh_prompter_get_keyring      (DomusSshPrompter     *self);
void              domus_ssh_prompter_set_keyring      (DomusSshPrompter     *self,
                                                       gboolean              keyring);
/* Lets the ssh @launcher starts ask this prompter, about @host. */
void              domus_ssh_prompter_prepare          (DomusSshPrompter     *self,
                                                       GSubprocessLauncher  *launcher,
                                                       const char           *host);
/* The ssh to @host logged in: the secrets it was given are right, and
 * those to remember go to the keyring. */
void              domus_ssh_prompter_logged_in        (DomusSshPrompter     *self,
                                                       const char           *host);
/* Whether the last host key ssh asked about for @host was refused. */
gboolean          domus_ssh_prompter_host_key_refused (DomusSshPrompter     *self,
                                                       const char           *host);

/* The prompter every ssh to an agent asks (DomusAgentProcess), or NULL:
 * the window's, none in domusctl. */
DomusSshPrompter *domus_ssh_prompter_get_default      (void);
void              domus_ssh_prompter_set_default      (DomusSshPrompter     *prompter);

G_END_DECLS
