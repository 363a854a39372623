/* domus-sim-console.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-sim-console"
#define _GNU_SOURCE  /* posix_openpt, ptsname_r */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <termios.h>
#include <unistd.h>

#include "domus-error.h"
#include "domus-sim-console.h"

#define KERNEL_RELEASE "6.1.0-28-amd64"
#define KERNEL_VERSION "#1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22)"
#define OK "[\033[0;32m  OK  \033[0m] "

typedef enum
{
  STAGE_LOGIN,     /* getty asks for a user name */
  STAGE_PASSWORD,  /* login asks for the password, without echo */
  STAGE_SHELL,     /* logged in */
  STAGE_DOWN,      /* shutting down: nobody reads */
} Stage;

struct _DomusSimConsole
{
  GObject   parent_instance;

  char     *hostname;
  char     *path;
  int       master;
  int       slave;      /* held open, as xenconsoled does, so viewers may come and go */
  struct _Poller *poller;  /* reads the master while the guest runs */
  Stage     stage;
  gboolean  booted;     /* the boot's end and the first prompt are out */
  GString  *line;
  char     *user;
  guint     escape;     /* 1 after ESC, 2 inside a CSI sequence: arrow keys are skipped */
  gboolean  after_cr;   /* a "\n" right after "\r" ends no second line */
  guint64   memory_kib;
  gboolean  dropping;   /* output is being lost: said once */
  guint64   n_read;     /* bytes of input read */
};

G_DEFINE_FINAL_TYPE (DomusSimConsole, domus_sim_console, G_TYPE_OBJECT)

/* The masters of a main context's running consoles, watched through one
 * epoll set: a source per pty put every pty in every poll() of the main
 * loop, and the kernel walked them all at each of its wakeups (a third of
 * domus-agent's CPU time at 1000 domains). One fd is polled instead;
 * the kernel says which master has input. */
typedef struct _Poller
{
  GMainContext *context;
  int           epoll;
  GSource      *source;
  guint         users;   /* consoles reading through it */
} Poller;

G_LOCK_DEFINE_STATIC (pollers);
static GHashTable *pollers;  /* GMainContext → Poller */

static void master_readable (DomusSimConsole *self);

static gboolean
poller_readable_cb (int          fd,
                    GIOCondition condition,
                    gpointer     data)
{
  struct epoll_event event;
  g_autoptr(DomusSimConsole) console = NULL;

  /* One at a time: handling input may stop (or end) other consoles.
   * Others still ready come at the next iteration. */
  if (epoll_wait (fd, &event, 1, 0) != 1)
    return G_SOURCE_CONTINUE;
  console = g_object_ref (event.data.ptr);
  master_readable (console);
  return G_SOURCE_CONTINUE;
}

static Poller *
poller_get (GMainContext *context)
{
  Poller *poller;

  G_LOCK (pollers);
  if (pollers == NULL)
    pollers = g_hash_table_new (NULL, NULL);
  poller = g_hash_table_lookup (pollers, context);
  if (poller == NULL)
    {
      int epoll = epoll_create1 (EPOLL_CLOEXEC);

      if (epoll < 0)
        {
          G_UNLOCK (pollers);
          return NULL;
        }
      poller = g_new0 (Poller, 1);
      poller->context = g_main_context_ref (context);
      poller->epoll = epoll;
      poller->source = g_unix_fd_source_new (poller->epoll, G_IO_IN);
      g_source_set_callback (poller->source, G_SOURCE_FUNC (poller_readable_cb), NULL, NULL);
      g_source_set_static_name (poller->source, "[domus] simulated consoles");
      g_source_attach (poller->source, context);
      g_hash_table_insert (pollers, context, poller);
    }
  poller->users++;
  G_UNLOCK (pollers);
  return poller;
}

static void
poller_release (Poller *poller)
{
  G_LOCK (pollers);
  if (--poller->users == 0)
    {
      g_hash_table_remove (pollers, poller->context);
      g_source_destroy (poller->source);
      g_source_unref (poller->source);
      close (poller->epoll);
      g_main_context_unref (poller->context);
      g_free (poller);
    }
  G_UNLOCK (pollers);
}

/* Writes what the guest prints; dropped once the pty's buffer is full. */
static void
put (DomusSimConsole *self,
     const char      *text)
{
  gsize length = strlen (text);

  while (length > 0 && self->master >= 0)
    {
      gssize written = write (self->master, text, length);

      if (written < 0 && errno == EINTR)
        continue;
      if (written <= 0)
        {
          if (!self->dropping)
            g_debug ("console of %s: %s, output dropped", self->hostname, g_strerror (errno));
          self->dropping = TRUE;
          return;
        }
      self->dropping = FALSE;
      text += written;
      length -= written;
    }
}

static void G_GNUC_PRINTF (2, 3)
putf (DomusSimConsole *self,
      const char      *format,
      ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  put (self, text);
}

static void
login_prompt (DomusSimConsole *self)
{
  /* /etc/issue, as agetty prints it on hvc0 */
  putf (self, "\r\nDebian GNU/Linux 12 %s hvc0\r\n\r\n%s login: ", self->hostname, self->hostname);
  self->stage = STAGE_LOGIN;
  g_clear_pointer (&self->user, g_free);
}

static void
shell_prompt (DomusSimConsole *self)
{
  gboolean root = g_strcmp0 (self->user, "root") == 0;

  putf (self, "%s@%s:~%s ", self->user, self->hostname, root ? "#" : "$");
}

static void
boot_tail (DomusSimConsole *self)
{
  putf (self,
        "[    1.912408] systemd[1]: Detected virtualization xen.\r\n"
        "[    1.913377] systemd[1]: Hostname set to <%s>.\r\n"
        OK "Started systemd-journald.service - Journal Service.\r\n"
        OK "Finished systemd-remount-fs.service - Remount Root and Kernel File Systems.\r\n"
        OK "Reached target network-online.target - Network is Online.\r\n"
        OK "Started ssh.service - OpenBSD Secure Shell server.\r\n"
        OK "Started serial-getty@hvc0.service - Serial Getty on hvc0.\r\n"
        OK "Reached target getty.target - Login Prompts.\r\n"
        OK "Reached target multi-user.target - Multi-User System.\r\n",
        self->hostname);
  login_prompt (self);
}

static void
run_free (DomusSimConsole *self,
          char           **argv)
{
  gboolean mib = argv[1] != NULL && strcmp (argv[1], "-m") == 0;
  guint64 total = self->memory_kib;
  guint64 used = total / 9, cache = total / 8, shared = MIN (total, 524);
  guint64 free_kib = total - MIN (total, used + cache);
  guint64 divisor = mib ? 1024 : 1;

  if (argv[1] != NULL && !mib)
    {
      putf (self, "free: invalid option -- '%s'\r\n", argv[1] + (argv[1][0] == '-'));
      return;
    }
  putf (self,
        "               total        used        free      shared  buff/cache   available\r\n"
        "Mem:     %11" G_GUINT64_FORMAT " %11" G_GUINT64_FORMAT " %11" G_GUINT64_FORMAT
        " %11" G_GUINT64_FORMAT " %11" G_GUINT64_FORMAT " %11" G_GUINT64_FORMAT "\r\n"
        "Swap:              0           0           0\r\n",
        total / divisor, used / divisor, free_kib / divisor, shared / divisor, cache / divisor,
        (free_kib + cache) / divisor);
}

static void
run_uname (DomusSimConsole *self,
           char           **argv)
{
  const char *option = argv[1] != NULL ? argv[1] : "-s";

  if (strcmp (option, "-a") == 0)
    putf (self, "Linux %s " KERNEL_RELEASE " " KERNEL_VERSION " x86_64 GNU/Linux\r\n", self->hostname);
  else if (strcmp (option, "-s") == 0)
    put (self, "Linux\r\n");
  else if (strcmp (option, "-n") == 0)
    putf (self, "%s\r\n", self->hostname);
  else if (strcmp (option, "-r") == 0)
    put (self, KERNEL_RELEASE "\r\n");
  else if (strcmp (option, "-m") == 0)
    put (self, "x86_64\r\n");
  else
    putf (self, "uname: invalid option -- '%s'\r\n", option + (option[0] == '-'));
}

/* The shell: a command line, answered; FALSE when it logs out. */
static gboolean
run_command (DomusSimConsole *self,
             const char      *text)
{
  g_auto(GStrv) argv = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_shell_parse_argv (text, NULL, &argv, &error))
    {
      if (g_error_matches (error, G_SHELL_ERROR, G_SHELL_ERROR_EMPTY_STRING))
        return TRUE;
      put (self, "-bash: syntax error\r\n");
      return TRUE;
    }

  if (strcmp (argv[0], "exit") == 0 || strcmp (argv[0], "logout") == 0)
    {
      put (self, "logout\r\n");
      return FALSE;
    }
  if (strcmp (argv[0], "uname") == 0)
    run_uname (self, argv);
  else if (strcmp (argv[0], "hostname") == 0)
    putf (self, "%s\r\n", self->hostname);
  else if (strcmp (argv[0], "whoami") == 0)
    putf (self, "%s\r\n", self->user);
  else if (strcmp (argv[0], "free") == 0)
    run_free (self, argv);
  else if (strcmp (argv[0], "echo") == 0)
    {
      g_autofree char *joined = g_strjoinv (" ", argv + 1);

      putf (self, "%s\r\n", joined);
    }
  else if (strcmp (argv[0], "clear") == 0)
    put (self, "\033[H\033[2J");
  else
    putf (self, "-bash: %s: command not found\r\n", argv[0]);
  return TRUE;
}

static void
end_of_line (DomusSimConsole *self)
{
  g_autofree char *text = g_string_free (g_steal_pointer (&self->line), FALSE);

  self->line = g_string_new (NULL);
  put (self, "\r\n");

  switch (self->stage)
    {
    case STAGE_LOGIN:
      g_strstrip (text);
      if (text[0] == '\0')
        {
          putf (self, "%s login: ", self->hostname);
          return;
        }
      self->user = g_steal_pointer (&text);
      self->stage = STAGE_PASSWORD;
      put (self, "Password: ");
      return;

    case STAGE_PASSWORD:
      /* Any password will do. */
      self->stage = STAGE_SHELL;
      putf (self,
            "Linux %s " KERNEL_RELEASE " " KERNEL_VERSION " x86_64\r\n\r\n"
            "The programs included with the Debian GNU/Linux system are free software;\r\n"
            "the exact distribution terms for each program are described in the\r\n"
            "individual files in /usr/share/doc/*/copyright.\r\n\r\n"
            "Debian GNU/Linux comes with ABSOLUTELY NO WARRANTY, to the extent\r\n"
            "permitted by applicable law.\r\n",
            self->hostname);
      shell_prompt (self);
      return;

    case STAGE_SHELL:
      if (run_command (self, text))
        shell_prompt (self);
      else
        login_prompt (self);
      return;

    case STAGE_DOWN:
    default:
      return;
    }
}

static void
erase_char (DomusSimConsole *self)
{
  const char *start = self->line->str;
  const char *last;

  if (self->line->len == 0)
    return;
  last = g_utf8_find_prev_char (start, start + self->line->len);
  g_string_truncate (self->line, last != NULL ? (gsize) (last - start) : 0);
  if (self->stage != STAGE_PASSWORD)
    put (self, "\b \b");
}

static void
key (DomusSimConsole *self,
     guchar           c)
{
  gboolean after_cr = self->after_cr;

  self->after_cr = FALSE;

  /* Escape sequences (arrows, function keys) are not line editing here. */
  if (self->escape == 1)
    {
      self->escape = c == '[' || c == 'O' ? 2 : 0;
      return;
    }
  if (self->escape == 2)
    {
      if (c >= 0x40 && c <= 0x7e)
        self->escape = 0;
      return;
    }

  switch (c)
    {
    case '\r':
      self->after_cr = TRUE;
      end_of_line (self);
      break;
    case '\n':
      if (!after_cr)
        end_of_line (self);
      break;
    case 0x7f:
    case '\b':
      erase_char (self);
      break;
    case 0x03:  /* Ctrl+C */
      put (self, "^C\r\n");
      g_string_truncate (self->line, 0);
      if (self->stage == STAGE_SHELL)
        shell_prompt (self);
      else
        login_prompt (self);
      break;
    case 0x04:  /* Ctrl+D logs out of an empty line */
      if (self->stage == STAGE_SHELL && self->line->len == 0)
        {
          put (self, "logout\r\n");
          login_prompt (self);
        }
      break;
    case 0x15:  /* Ctrl+U */
      while (self->line->len > 0)
        erase_char (self);
      break;
    case 0x1b:
      self->escape = 1;
      break;
    default:
      if (c < 0x20)
        break;
      g_string_append_c (self->line, (char) c);
      if (self->stage != STAGE_PASSWORD)
        {
          char echo[2] = { (char) c, '\0' };
          put (self, echo);
        }
    }
}

static void
stop_reading (DomusSimConsole *self)
{
  if (self->poller != NULL)
    {
      epoll_ctl (self->poller->epoll, EPOLL_CTL_DEL, self->master, NULL);
      g_clear_pointer (&self->poller, poller_release);
    }
}

static void
master_readable (DomusSimConsole *self)
{
  guchar buffer[256];
  gssize n = read (self->master, buffer, sizeof buffer);

  if (n < 0 && (errno == EAGAIN || errno == EINTR))
    return;
  if (n <= 0)
    {
      g_debug ("console of %s: %s", self->hostname, n < 0 ? g_strerror (errno) : "end of file");
      stop_reading (self);
      return;
    }
  self->n_read += n;
  for (gssize i = 0; i < n && self->stage != STAGE_DOWN; i++)
    key (self, buffer[i]);
}

void
domus_sim_console_set_running (DomusSimConsole *self,
                               gboolean         running)
{
  g_return_if_fail (DOMUS_IS_SIM_CONSOLE (self));

  if (!running || self->stage == STAGE_DOWN)
    {
      stop_reading (self);
      return;
    }
  if (self->poller != NULL)
    return;
  {
    struct epoll_event event = { .events = EPOLLIN, .data.ptr = self };

    self->poller = poller_get (g_main_context_get_thread_default () != NULL
                               ? g_main_context_get_thread_default () : g_main_context_default ());
    /* Out of file descriptors: the guest does not answer, and says why. */
    if (self->poller == NULL || epoll_ctl (self->poller->epoll, EPOLL_CTL_ADD, self->master, &event) != 0)
      {
        g_warning ("console of %s: epoll: %s", self->hostname, g_strerror (errno));
        g_clear_pointer (&self->poller, poller_release);
      }
  }
}

void
domus_sim_console_set_memory (DomusSimConsole *self,
                              guint64          memory_kib)
{
  g_return_if_fail (DOMUS_IS_SIM_CONSOLE (self));

  self->memory_kib = memory_kib;
}

void
domus_sim_console_shut_down (DomusSimConsole *self,
                             gboolean         reboot)
{
  g_return_if_fail (DOMUS_IS_SIM_CONSOLE (self));

  if (self->stage == STAGE_DOWN)
    return;
  self->stage = STAGE_DOWN;
  stop_reading (self);
  putf (self,
        "\r\n"
        OK "Stopped serial-getty@hvc0.service - Serial Getty on hvc0.\r\n"
        OK "Stopped ssh.service - OpenBSD Secure Shell server.\r\n"
        OK "Reached target %s\r\n"
        "[   42.318206] reboot: %s\r\n",
        reboot ? "reboot.target - System Reboot." : "poweroff.target - System Power Off.",
        reboot ? "Restarting system" : "Power down");
}

guint64
domus_sim_console_get_n_read (DomusSimConsole *self)
{
  g_return_val_if_fail (DOMUS_IS_SIM_CONSOLE (self), 0);

  return self->n_read;
}

const char *
domus_sim_console_get_path (DomusSimConsole *self)
{
  g_return_val_if_fail (DOMUS_IS_SIM_CONSOLE (self), NULL);

  return self->path;
}

static void
domus_sim_console_finalize (GObject *object)
{
  DomusSimConsole *self = DOMUS_SIM_CONSOLE (object);

  stop_reading (self);
  if (self->master >= 0)
    close (self->master);
  if (self->slave >= 0)
    close (self->slave);
  g_free (self->hostname);
  g_free (self->path);
  g_free (self->user);
  g_string_free (self->line, TRUE);

  G_OBJECT_CLASS (domus_sim_console_parent_class)->finalize (object);
}

static void
domus_sim_console_class_init (DomusSimConsoleClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = domus_sim_console_finalize;
}

static void
domus_sim_console_init (DomusSimConsole *self)
{
  self->master = self->slave = -1;
  self->line = g_string_new (NULL);
  self->memory_kib = 512 * 1024;
}

static gboolean
open_pty (DomusSimConsole  *self,
          GError          **error)
{
  char name[64];
  struct termios termios;

  self->master = posix_openpt (O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (self->master < 0 || grantpt (self->master) != 0 || unlockpt (self->master) != 0
      || ptsname_r (self->master, name, sizeof name) != 0)
    return FALSE;
  self->path = g_strdup (name);
  self->slave = open (name, O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (self->slave < 0 || tcgetattr (self->slave, &termios) != 0)
    return FALSE;
  /* As xenconsoled: no echo or line editing by the pty, the guest does both. */
  cfmakeraw (&termios);
  return tcsetattr (self->slave, TCSANOW, &termios) == 0
         && g_unix_set_fd_nonblocking (self->master, TRUE, error);
}

DomusSimConsole *
domus_sim_console_new (const char  *hostname,
                       gboolean     booting,
                       GError     **error)
{
  g_autoptr(DomusSimConsole) self = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (hostname != NULL, NULL);

  self = g_object_new (DOMUS_TYPE_SIM_CONSOLE, NULL);
  self->hostname = g_strdup (hostname);
  if (!open_pty (self, &local_error))
    {
      int saved = errno;

      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED, _("Cannot open a console for “%s”: %s"),
                   hostname, local_error != NULL ? local_error->message : g_strerror (saved));
      return NULL;
    }

  if (!booting)
    domus_sim_console_boot (self);
  domus_sim_console_set_running (self, TRUE);
  return g_steal_pointer (&self);
}

void
domus_sim_console_boot (DomusSimConsole *self)
{
  g_return_if_fail (DOMUS_IS_SIM_CONSOLE (self));

  if (self->booted)
    return;
  self->booted = TRUE;
  boot_tail (self);
}
