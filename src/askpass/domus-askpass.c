/* domus-askpass.c: hands ssh's questions to the Domus window that started it
 *
 *   SSH_ASKPASS=/usr/libexec/domus-askpass  (ssh runs it as: domus-askpass PROMPT)
 *
 * ssh runs it, with SSH_ASKPASS_REQUIRE=force, for each question: a key's
 * passphrase, a password, whether to trust a host key it does not know.
 * It sends the question to the window over the unix socket named by
 * $DOMUS_ASKPASS_SOCKET (in a folder only this user can enter, given only
 * to the ssh Domus starts) and prints the window's answer on its standard
 * output, where ssh reads it. When the user cancels, or the window is gone,
 * it fails: ssh then takes the question as refused.
 *
 * On the socket: the hint ssh gives ($SSH_ASKPASS_PROMPT), the host
 * ($DOMUS_ASKPASS_HOST) and the prompt, each ended by a NUL byte; the
 * window answers 'y' and the answer, or closes the socket. No GLib: the
 * answer, maybe a password, stays in one buffer of its own, wiped after.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

/* As DomusSshPrompter takes it: a longer answer is no password. */
#define ANSWER_MAX 4096

static int
write_all (int         fd,
           const char *data,
           size_t      length)
{
  while (length > 0)
    {
      ssize_t n = write (fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return -1;
      data += n;
      length -= (size_t) n;
    }
  return 0;
}

static int
send_field (int         fd,
            const char *text)
{
  return write_all (fd, text != NULL ? text : "", strlen (text != NULL ? text : "") + 1);
}

/* The window's answer into @answer; its length, or -1 when refused. */
static ssize_t
read_answer (int   fd,
             char *answer)
{
  size_t length = 0;

  for (;;)
    {
      ssize_t n = read (fd, answer + length, ANSWER_MAX - length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return -1;
      if (n == 0)
        break;
      length += (size_t) n;
      if (length == ANSWER_MAX)
        return -1;
    }
  return length > 0 && answer[0] == 'y' ? (ssize_t) length : -1;
}

int
main (int   argc,
      char *argv[])
{
  const char *path = getenv ("DOMUS_ASKPASS_SOCKET");
  struct sockaddr_un address = { .sun_family = AF_UNIX };
  static char answer[ANSWER_MAX];
  ssize_t length;
  int status = 1;
  int fd;

  if (path == NULL || strlen (path) >= sizeof address.sun_path)
    {
      fputs ("domus-askpass: run by ssh for Domus only ($DOMUS_ASKPASS_SOCKET is not set)\n", stderr);
      return 1;
    }
  /* A notice (ssh's "touch your security key"), not a question. */
  if (getenv ("SSH_ASKPASS_PROMPT") != NULL && strcmp (getenv ("SSH_ASKPASS_PROMPT"), "none") == 0)
    return 0;
  strcpy (address.sun_path, path);
  if ((fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0
      || connect (fd, (struct sockaddr *) &address, sizeof address) < 0)
    {
      fprintf (stderr, "domus-askpass: cannot reach the Domus window: %s\n", strerror (errno));
      return 1;
    }
  if (send_field (fd, getenv ("SSH_ASKPASS_PROMPT")) == 0 && send_field (fd, getenv ("DOMUS_ASKPASS_HOST")) == 0
      && send_field (fd, argc > 1 ? argv[1] : "") == 0 && shutdown (fd, SHUT_WR) == 0
      && (length = read_answer (fd, answer)) > 0)
    {
      status = write_all (STDOUT_FILENO, answer + 1, (size_t) length - 1) == 0
               && write_all (STDOUT_FILENO, "\n", 1) == 0 ? 0 : 1;
    }
  explicit_bzero (answer, sizeof answer);
  close (fd);
  return status;
}
