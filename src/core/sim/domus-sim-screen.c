/* domus-sim-screen.c
 *
 * The server thread runs libvncserver's event processing and owns the
 * framebuffer: key and pointer callbacks run inside rfbProcessEvents() on
 * it, change the state under the mutex and redraw. The look follows the
 * Debian installer's text frontend: a blue screen, a grey dialog with a
 * red title, a highlighted list, a help line at the bottom.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-sim-screen"

#include "config.h"

#include <arpa/inet.h>
#include <glib/gi18n-lib.h>
#include <rfb/keysym.h>
#include <rfb/rfb.h>
#include <string.h>

#include "domus-error.h"
#include "domus-sim-font.h"
#include "domus-sim-screen.h"

#define WIDTH  800
#define HEIGHT 600
#define COLUMNS (WIDTH / DOMUS_SIM_FONT_WIDTH)    /* 100 */
#define ROWS    (HEIGHT / DOMUS_SIM_FONT_HEIGHT)  /* 37 */
#define POLL_USEC     20000
#define INSTALL_USEC  8000000   /* the base system takes eight seconds */
#define MAX_TYPED     40

/* Colours, as 0x00RRGGBB. */
#define BLUE   0x0000aa
#define GREY   0xaaaaaa
#define WHITE  0xffffff
#define BLACK  0x000000
#define RED    0xaa0000
#define CYAN   0x00aaaa

static const char *const languages[] = {
  "English", "Español", "Français", "Deutsch", "Italiano", "Português",
};
/* The font is ASCII: how the list shows them. */
static const char *const language_labels[] = {
  "English   - English", "Spanish   - Espanol", "French    - Francais",
  "German    - Deutsch", "Italian   - Italiano", "Portuguese - Portugues",
};

G_STATIC_ASSERT (G_N_ELEMENTS (languages) == G_N_ELEMENTS (language_labels));

#define LIST_COLUMN 30
#define LIST_ROW    12

struct _DomusSimScreen
{
  char               *name;
  char               *passwords[2];   /* for rfbCheckPasswordByList */
  rfbScreenInfoPtr    rfb;
  guint32            *pixels;
  guint32            *drawn;     /* the pixels before draw(), to compare */
  GThread            *thread;
  gint                stopping;   /* atomic */

  GMutex              mutex;      /* guards the state below */
  gboolean            running;
  DomusSimScreenPage  page;
  guint               language;
  GString            *typed;
  gint64              install_started;   /* monotonic µs */
  gint64              install_done;      /* µs of progress while running */
  guint               drawn_percent;
};

/* libvncserver logs to stderr: keep it for debugging output. */
static void server_log (const char *format,
                        ...) G_GNUC_PRINTF (1, 2);

static void
server_log (const char *format,
            ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_debug ("libvncserver: %s", g_strchomp (message));
}

/* Drawing, in character cells */

static void
fill (DomusSimScreen *self,
      int             column,
      int             row,
      int             columns,
      int             rows,
      guint32         colour)
{
  for (int y = row * DOMUS_SIM_FONT_HEIGHT; y < (row + rows) * DOMUS_SIM_FONT_HEIGHT && y < HEIGHT; y++)
    for (int x = column * DOMUS_SIM_FONT_WIDTH; x < (column + columns) * DOMUS_SIM_FONT_WIDTH && x < WIDTH; x++)
      self->pixels[y * WIDTH + x] = colour;
}

static void
text (DomusSimScreen *self,
      int             column,
      int             row,
      const char     *string,
      guint32         foreground,
      guint32         background)
{
  for (; *string != '\0' && column < COLUMNS; string++, column++)
    {
      const guint8 *glyph = domus_sim_font_glyph (*string);

      for (int y = 0; y < DOMUS_SIM_FONT_HEIGHT; y++)
        for (int x = 0; x < DOMUS_SIM_FONT_WIDTH; x++)
          self->pixels[(row * DOMUS_SIM_FONT_HEIGHT + y) * WIDTH + column * DOMUS_SIM_FONT_WIDTH + x] =
            glyph[y] & (0x80 >> x) ? foreground : background;
    }
}

/* A grey dialog with a shadow and a red title, like newt's. */
static void
dialog (DomusSimScreen *self,
        int             column,
        int             row,
        int             columns,
        int             rows,
        const char     *title)
{
  g_autofree char *framed = g_strdup_printf (" %s ", title);

  fill (self, column + 1, row + 1, columns, rows, BLACK);
  fill (self, column, row, columns, rows, GREY);
  text (self, column + (columns - (int) strlen (framed)) / 2, row, framed, RED, GREY);
}

static void
help_line (DomusSimScreen *self,
           const char     *help)
{
  fill (self, 0, ROWS - 1, COLUMNS, 1, BLUE);
  text (self, 1, ROWS - 1, help, WHITE, BLUE);
}

static guint
install_percent (DomusSimScreen *self)
{
  gint64 done = self->install_done;

  if (self->running && self->install_started > 0)
    done += g_get_monotonic_time () - self->install_started;
  return (guint) MIN (100, done * 100 / INSTALL_USEC);
}

/* Draws the whole screen for the current state; the mutex is held. */
static void
draw (DomusSimScreen *self)
{
  g_autofree char *banner = g_strdup_printf ("Debian GNU/Linux 12 installer on \"%s\" (simulated by Domus)",
                                             self->name);
  guint first = HEIGHT, last = 0;

  memcpy (self->drawn, self->pixels, sizeof (guint32) * WIDTH * HEIGHT);
  fill (self, 0, 0, COLUMNS, ROWS, BLUE);
  text (self, 1, 0, banner, WHITE, BLUE);

  switch (self->page)
    {
    case DOMUS_SIM_SCREEN_LANGUAGE:
      dialog (self, 20, 6, 60, 16, "[!!] Select a language");
      text (self, 23, 8, "Choose the language to be used for the installation", BLACK, GREY);
      text (self, 23, 9, "process. The selected language will also be the", BLACK, GREY);
      text (self, 23, 10, "default language for the installed system.", BLACK, GREY);
      for (guint i = 0; i < G_N_ELEMENTS (language_labels); i++)
        {
          gboolean selected = i == self->language;
          g_autofree char *label = g_strdup_printf (" %-24s ", language_labels[i]);

          text (self, LIST_COLUMN, LIST_ROW + (int) i, label, selected ? WHITE : BLACK, selected ? RED : GREY);
        }
      text (self, 23, 19, "<Go Back>", BLACK, GREY);
      help_line (self, "<Up>/<Down> or a click selects; <Enter> continues");
      break;

    case DOMUS_SIM_SCREEN_HOSTNAME:
      dialog (self, 15, 8, 70, 11, "[!] Configure the network");
      text (self, 18, 10, "Please enter the hostname for this system.", BLACK, GREY);
      text (self, 18, 12, "Hostname:", BLACK, GREY);
      fill (self, 18, 13, 44, 1, WHITE);
      text (self, 18, 13, self->typed->str, BLACK, WHITE);
      text (self, 18 + (int) self->typed->len, 13, "_", BLACK, WHITE);
      text (self, 18, 16, "<Go Back>", BLACK, GREY);
      text (self, 70, 16, "<Continue>", WHITE, RED);
      help_line (self, "Type a name; <Backspace> deletes; <Enter> continues");
      break;

    case DOMUS_SIM_SCREEN_INSTALLING:
      {
        guint percent = install_percent (self);
        g_autofree char *label = g_strdup_printf ("%u%%", percent);

        dialog (self, 20, 12, 60, 7, "Installing the base system");
        fill (self, 23, 15, 54, 1, WHITE);
        fill (self, 23, 15, 54 * (int) percent / 100, 1, RED);
        text (self, 48, 16, label, BLACK, GREY);
        text (self, 23, 14, self->running ? "Unpacking the base system..." : "Paused", BLACK, GREY);
        self->drawn_percent = percent;
        help_line (self, "Please wait");
      }
      break;

    case DOMUS_SIM_SCREEN_COMPLETE:
      dialog (self, 15, 10, 70, 10, "[!!] Finish the installation");
      text (self, 18, 12, "Installation complete. Remove the installation media", BLACK, GREY);
      text (self, 18, 13, "(in Domus: Eject Installer), so that the system boots", BLACK, GREY);
      text (self, 18, 14, "from its disk, then continue to reboot.", BLACK, GREY);
      text (self, 70, 17, "<Continue>", WHITE, RED);
      help_line (self, "<Enter> reboots into the new system");
      break;

    case DOMUS_SIM_SCREEN_LOGIN:
      {
        g_autofree char *issue = g_strdup_printf ("Debian GNU/Linux 12 %s tty1", self->name);
        g_autofree char *prompt = g_strdup_printf ("%s login: %s_", self->name, self->typed->str);

        fill (self, 0, 0, COLUMNS, ROWS, BLACK);
        text (self, 0, 0, issue, GREY, BLACK);
        text (self, 0, 2, prompt, GREY, BLACK);
      }
      break;

    default:
      g_assert_not_reached ();
    }
  /* Only the rows that changed go to the clients, as a real server's
   * updates would: a moved highlight is a band, not the whole screen. A
   * redraw that changed nothing sends the whole screen, as the simulator
   * always did: a client waiting for an update (domusctl vnc-capture
   * --wait-update) gets one when the guest is paused or resumed. */
  for (guint y = 0; y < HEIGHT; y++)
    if (memcmp (self->pixels + y * WIDTH, self->drawn + y * WIDTH, sizeof (guint32) * WIDTH) != 0)
      {
        first = MIN (first, y);
        last = y;
      }
  if (first > last)
    {
      first = 0;
      last = HEIGHT - 1;
    }
  rfbMarkRectAsModified (self->rfb, 0, (int) first, WIDTH, (int) last + 1);
}

/* Input, on the server thread */

static void
key_event (rfbBool          down,
           rfbKeySym        keysym,
           struct _rfbClientRec *client)
{
  DomusSimScreen *self = client->screen->screenData;

  if (!down)
    return;

  g_mutex_lock (&self->mutex);
  if (!self->running)
    {
      g_mutex_unlock (&self->mutex);
      return;
    }
  switch (self->page)
    {
    case DOMUS_SIM_SCREEN_LANGUAGE:
      if (keysym == XK_Up && self->language > 0)
        self->language--;
      else if (keysym == XK_Down && self->language + 1 < G_N_ELEMENTS (languages))
        self->language++;
      else if (keysym == XK_Return || keysym == XK_KP_Enter)
        self->page = DOMUS_SIM_SCREEN_HOSTNAME;
      break;

    case DOMUS_SIM_SCREEN_HOSTNAME:
    case DOMUS_SIM_SCREEN_LOGIN:
      if (keysym == XK_BackSpace && self->typed->len > 0)
        g_string_truncate (self->typed, self->typed->len - 1);
      else if ((keysym == XK_Return || keysym == XK_KP_Enter) && self->page == DOMUS_SIM_SCREEN_HOSTNAME)
        {
          self->page = DOMUS_SIM_SCREEN_INSTALLING;
          self->install_started = g_get_monotonic_time ();
        }
      else if (keysym >= 0x20 && keysym <= 0x7e && self->typed->len < MAX_TYPED)
        g_string_append_c (self->typed, (char) keysym);
      break;

    case DOMUS_SIM_SCREEN_COMPLETE:
      if (keysym == XK_Return || keysym == XK_KP_Enter)
        {
          self->page = DOMUS_SIM_SCREEN_LOGIN;
          g_string_truncate (self->typed, 0);
        }
      break;

    case DOMUS_SIM_SCREEN_INSTALLING:
    default:
      break;
    }
  draw (self);
  g_mutex_unlock (&self->mutex);
}

static void
pointer_event (int                   buttons,
               int                   x,
               int                   y,
               struct _rfbClientRec *client)
{
  DomusSimScreen *self = client->screen->screenData;
  int row = y / DOMUS_SIM_FONT_HEIGHT - LIST_ROW;
  int column = x / DOMUS_SIM_FONT_WIDTH;

  rfbDefaultPtrAddEvent (buttons, x, y, client);
  if (!(buttons & 1))
    return;
  g_mutex_lock (&self->mutex);
  if (self->running && self->page == DOMUS_SIM_SCREEN_LANGUAGE && row >= 0
      && row < (int) G_N_ELEMENTS (languages) && column >= LIST_COLUMN && column < LIST_COLUMN + 26
      && (guint) row != self->language)
    {
      self->language = (guint) row;
      draw (self);
    }
  g_mutex_unlock (&self->mutex);
}

static gpointer
server_thread (gpointer data)
{
  DomusSimScreen *self = data;

  while (!g_atomic_int_get (&self->stopping))
    {
      rfbProcessEvents (self->rfb, POLL_USEC);

      /* The progress bar moves on by itself. */
      g_mutex_lock (&self->mutex);
      if (self->page == DOMUS_SIM_SCREEN_INSTALLING && self->running)
        {
          if (install_percent (self) >= 100)
            self->page = DOMUS_SIM_SCREEN_COMPLETE;
          if (self->page != DOMUS_SIM_SCREEN_INSTALLING || install_percent (self) != self->drawn_percent)
            draw (self);
        }
      g_mutex_unlock (&self->mutex);
    }
  return NULL;
}

DomusSimScreen *
domus_sim_screen_new (const char  *domain_name,
                      gboolean     installer,
                      const char  *password,
                      GError     **error)
{
  DomusSimScreen *self;
  int argc = 0;

  g_return_val_if_fail (domain_name != NULL, NULL);

  rfbLog = server_log;
  rfbErr = server_log;

  self = g_new0 (DomusSimScreen, 1);
  g_mutex_init (&self->mutex);
  self->name = g_strdup (domain_name);
  self->typed = g_string_new (NULL);
  self->running = TRUE;
  self->page = installer ? DOMUS_SIM_SCREEN_LANGUAGE : DOMUS_SIM_SCREEN_LOGIN;
  self->pixels = g_new0 (guint32, WIDTH * HEIGHT);
  self->drawn = g_new0 (guint32, WIDTH * HEIGHT);

  self->rfb = rfbGetScreen (&argc, NULL, WIDTH, HEIGHT, 8, 3, 4);
  self->rfb->frameBuffer = (char *) self->pixels;
  self->rfb->desktopName = self->name;
  self->rfb->screenData = self;
  self->rfb->alwaysShared = TRUE;
  self->rfb->autoPort = TRUE;
  self->rfb->listenInterface = htonl (INADDR_LOOPBACK);
  self->rfb->listen6Interface = (char *) "::1";
  /* The viewer shows its own pointer: none drawn into the frame. */
  self->rfb->cursor = NULL;
  self->rfb->kbdAddEvent = key_event;
  self->rfb->ptrAddEvent = pointer_event;
  if (password != NULL)
    {
      self->passwords[0] = g_strdup (password);
      self->rfb->authPasswdData = self->passwords;
      self->rfb->passwordCheck = rfbCheckPasswordByList;
    }
  /* 0x00RRGGBB words, as the colours above. */
  self->rfb->serverFormat.redShift = 16;
  self->rfb->serverFormat.greenShift = 8;
  self->rfb->serverFormat.blueShift = 0;
  draw (self);
  rfbInitServer (self->rfb);

  if (self->rfb->listenSock == RFB_INVALID_SOCKET)
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED,
                   _("No free port for the screen of “%s”"), domain_name);
      domus_sim_screen_free (self);
      return NULL;
    }
  self->thread = g_thread_new ("domus-sim-screen", server_thread, self);
  return self;
}

void
domus_sim_screen_free (DomusSimScreen *self)
{
  if (self == NULL)
    return;

  g_atomic_int_set (&self->stopping, TRUE);
  if (self->thread != NULL)
    g_thread_join (self->thread);
  rfbShutdownServer (self->rfb, TRUE);
  rfbScreenCleanup (self->rfb);
  g_free (self->pixels);
  g_free (self->drawn);
  g_free (self->passwords[0]);
  g_string_free (self->typed, TRUE);
  g_free (self->name);
  g_mutex_clear (&self->mutex);
  g_free (self);
}

guint
domus_sim_screen_get_port (DomusSimScreen *self)
{
  return (guint) self->rfb->port;
}

void
domus_sim_screen_set_running (DomusSimScreen *self,
                              gboolean        running)
{
  /* rfbproto.h defines TRUE as -1: compare truth values only. */
  running = !!running;
  g_mutex_lock (&self->mutex);
  if (!!self->running != running)
    {
      if (!running && self->install_started > 0)
        self->install_done += g_get_monotonic_time () - self->install_started;
      self->install_started = self->page == DOMUS_SIM_SCREEN_INSTALLING ? g_get_monotonic_time () : 0;
      self->running = running;
      draw (self);
    }
  g_mutex_unlock (&self->mutex);
}

DomusSimScreenPage
domus_sim_screen_get_page (DomusSimScreen *self)
{
  DomusSimScreenPage page;

  g_mutex_lock (&self->mutex);
  page = self->page;
  g_mutex_unlock (&self->mutex);
  return page;
}

char *
domus_sim_screen_dup_typed (DomusSimScreen *self)
{
  char *typed;

  g_mutex_lock (&self->mutex);
  typed = g_strdup (self->typed->str);
  g_mutex_unlock (&self->mutex);
  return typed;
}

const char *
domus_sim_screen_get_language (DomusSimScreen *self)
{
  const char *language;

  g_mutex_lock (&self->mutex);
  language = languages[self->language];
  g_mutex_unlock (&self->mutex);
  return language;
}
