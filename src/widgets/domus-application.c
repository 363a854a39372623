/* domus-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-application"

#include "config.h"

#include <glib/gi18n.h>

#include "domus-application.h"
#include "domus-backend.h"
#include "domus-connect-window.h"
#include "domus-ssh-dialog.h"
#include "domus-window.h"
#include "domus-remote-address.h"
#include "domus-ssh-prompter.h"

struct _DomusApplication
{
  AdwApplication       parent_instance;

  DomusBackendOptions  options;
  char                *scene_path;
  char                *connect;
  DomusHost           *host;         /* NULL while connecting (--connect) */
  DomusFleet          *fleet;        /* the host and the added ones, once the host is there */
  GSettings           *settings;
  DomusSshPrompter    *prompter;     /* asks ssh's questions in dialogs */
};

G_DEFINE_FINAL_TYPE (DomusApplication, domus_application, ADW_TYPE_APPLICATION)

/* The application lives in one process (NON_UNIQUE), so options can be
 * parsed with callbacks; this one makes the scene of --sim optional. */
static DomusApplication *parsing_app;

static gboolean
sim_option_cb (const char  *option_name,
               const char  *value,
               gpointer     data,
               GError     **error)
{
  parsing_app->options.kind = DOMUS_BACKEND_SIMULATED;
  g_free (parsing_app->scene_path);
  parsing_app->scene_path = g_strdup (value);
  return TRUE;
}

static int
domus_application_handle_local_options (GApplication *app,
                                        GVariantDict *options)
{
  DomusApplication *self = DOMUS_APPLICATION (app);
  g_autoptr(GError) error = NULL;
  double speed = 1.0;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("domus %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_contains (options, "xen"))
    {
      if (self->options.kind == DOMUS_BACKEND_SIMULATED)
        {
          g_printerr (_("domus: --xen and --sim cannot be used together\n"));
          return 1;
        }
      self->options.kind = DOMUS_BACKEND_XEN;
    }

  if (g_variant_dict_lookup (options, "sim-speed", "d", &speed) && (speed <= 0 || speed > 1e6))
    {
      g_printerr (_("domus: --sim-speed must be above 0 and at most 1000000\n"));
      return 1;
    }

  if (g_variant_dict_lookup (options, "connect", "s", &self->connect))
    {
      if (self->options.kind != DOMUS_BACKEND_AUTO)
        {
          g_printerr (_("domus: --connect chooses the host: --xen and --sim go to the agent\n"));
          return 1;
        }
      self->options.connect = self->connect;
    }

  /* The window connects, with the main loop running: ssh's questions get a
   * window to be asked over. A mistyped address still fails here. */
  if (self->connect != NULL)
    {
      g_autoptr(DomusRemoteAddress) address = domus_remote_address_parse (self->connect, &error);

      if (address == NULL)
        {
          g_printerr ("domus: %s\n", error->message);
          return 1;
        }
      return -1;
    }

  self->options.scene_path = self->scene_path;
  self->options.sim_speed = speed;
  if (!(self->host = domus_backend_open (&self->options, &error)))
    {
      g_printerr ("domus: %s\n", error->message);
      return 1;
    }

  return -1;
}

/* The added hosts, kept for next time. */
static void
fleet_changed_cb (DomusApplication *self)
{
  g_auto(GStrv) addresses = domus_fleet_dup_addresses (self->fleet);

  g_settings_set_strv (self->settings, "hosts", (const char * const *) addresses);
}

/* The fleet around the host shown first: the hosts added last time start
 * connecting, each on its own. */
static void
ensure_fleet (DomusApplication *self)
{
  g_auto(GStrv) addresses = g_settings_get_strv (self->settings, "hosts");
  g_autofree char *title = NULL;

  if (self->fleet != NULL)
    return;
  if (domus_host_is_simulated (self->host))
    /* TRANSLATORS: the simulated host in the list of hosts, e.g. "xenlab — simulated" */
    title = g_strdup_printf (_("%s — simulated"), domus_host_get_hostname (self->host));
  else if (self->connect == NULL || g_str_equal (self->connect, "local"))
    /* TRANSLATORS: this computer's host in the list of hosts, e.g. "lab-3 — this computer" */
    title = g_strdup_printf (_("%s — this computer"), domus_host_get_hostname (self->host));
  self->fleet = domus_fleet_new (self->host, title, NULL);
  for (guint i = 0; addresses[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;

      /* One that no longer reads is dropped when the list is saved next. */
      if (!domus_fleet_add (self->fleet, addresses[i], &error))
        g_debug ("%s", error->message);
    }
  g_signal_connect_object (domus_fleet_get_hosts (self->fleet), "items-changed", G_CALLBACK (fleet_changed_cb),
                           self, G_CONNECT_SWAPPED);
}

static GtkWindow *
host_window_new (DomusApplication *self)
{
  DomusWindow *window = domus_window_new (GTK_APPLICATION (self), self->host);

  ensure_fleet (self);
  domus_window_set_fleet (window, self->fleet);
  return GTK_WINDOW (window);
}

static void
connected_cb (DomusConnectWindow *connecting,
              DomusHost          *host,
              DomusApplication   *self)
{
  g_set_object (&self->host, host);
  gtk_window_present (host_window_new (self));
  gtk_window_destroy (GTK_WINDOW (connecting));
}

/* $DOMUS_QUIT_AFTER_FIRST_FRAME (bench-startup): quit once the first
 * window has been drawn, to time a cold start to its first frame. */
static void
first_frame_cb (GdkFrameClock *clock,
                GApplication  *app)
{
  g_signal_handlers_disconnect_by_func (clock, first_frame_cb, app);
  g_application_quit (app);
}

static void
domus_application_activate (GApplication *app)
{
  DomusApplication *self = DOMUS_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL && self->host == NULL)
    {
      window = GTK_WINDOW (domus_connect_window_new (GTK_APPLICATION (app), self->connect));
      g_signal_connect_object (window, "connected", G_CALLBACK (connected_cb), self, 0);
    }
  else if (window == NULL)
    window = host_window_new (self);

  gtk_window_present (window);
  if (g_getenv ("DOMUS_QUIT_AFTER_FIRST_FRAME") != NULL)
    g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                      G_CALLBACK (first_frame_cb), app);
}

static void
about_cb (GSimpleAction *action,
          GVariant      *parameter,
          gpointer       user_data)
{
  GtkApplication *app = user_data;
  const char *developers[] = { "The Domus developers", NULL };

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", _("Domus"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("Watch and tune Xen domains"),
                         "developers", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
quit_cb (GSimpleAction *action,
         GVariant      *parameter,
         gpointer       user_data)
{
  GtkApplication *app = user_data;
  GList *windows = gtk_application_get_windows (app);

  /* Close the windows so they save their size. */
  while (windows != NULL)
    {
      GList *next = windows->next;
      gtk_window_close (windows->data);
      windows = next;
    }
}

/* Over the window in front: the one connecting, or the host's when ssh
 * connects again. */
static void
question_cb (DomusSshPrompter     *prompter,
             guint                 id,
             DomusSshQuestionKind  kind,
             const char           *host,
             const char           *prompt,
             DomusApplication     *self)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  gtk_window_present (GTK_WINDOW (domus_ssh_dialog_new (parent, prompter, id, kind, host, prompt)));
}

static void
domus_application_startup (GApplication *app)
{
  DomusApplication *self = DOMUS_APPLICATION (app);
  g_autoptr(GError) error = NULL;
  static const GActionEntry actions[] = {
    { "about", about_cb },
    { "quit", quit_cb },
  };
  static const char * const quit_accels[] = { "<Control>q", NULL };
  static const char * const help_accels[] = { "<Control>question", NULL };

  G_APPLICATION_CLASS (domus_application_parent_class)->startup (app);
  self->settings = g_settings_new (APP_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (app), actions, G_N_ELEMENTS (actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay",
                                         help_accels);

  /* Without it, ssh cannot ask: keys and known host keys still work. */
  if (!(self->prompter = domus_ssh_prompter_new (&error)))
    g_warning ("ssh cannot ask for passwords in this session: %s", error->message);
  else
    {
      g_signal_connect_object (self->prompter, "question", G_CALLBACK (question_cb), self, 0);
      /* Its dialogs offer to remember a password in the keyring. */
      domus_ssh_prompter_set_keyring (self->prompter, TRUE);
      domus_ssh_prompter_set_default (self->prompter);
    }
}

static void
domus_application_shutdown (GApplication *app)
{
  DomusApplication *self = DOMUS_APPLICATION (app);

  if (self->prompter != NULL && domus_ssh_prompter_get_default () == self->prompter)
    domus_ssh_prompter_set_default (NULL);
  g_clear_object (&self->prompter);
  /* Their agents end with them. */
  g_clear_object (&self->fleet);
  g_clear_object (&self->settings);

  G_APPLICATION_CLASS (domus_application_parent_class)->shutdown (app);
}

static void
domus_application_finalize (GObject *object)
{
  DomusApplication *self = DOMUS_APPLICATION (object);

  g_clear_object (&self->host);
  g_free (self->scene_path);
  g_free (self->connect);

  G_OBJECT_CLASS (domus_application_parent_class)->finalize (object);
}

static void
domus_application_class_init (DomusApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = domus_application_finalize;
  app_class->handle_local_options = domus_application_handle_local_options;
  app_class->activate = domus_application_activate;
  app_class->startup = domus_application_startup;
  app_class->shutdown = domus_application_shutdown;
}

static void
domus_application_init (DomusApplication *self)
{
  const GOptionEntry entries[] = {
    { "sim", 0, G_OPTION_FLAG_OPTIONAL_ARG, G_OPTION_ARG_CALLBACK, sim_option_cb,
      N_("Show a simulated Xen host, from SCENE (a JSON file) or the lab guides' host"),
      N_("[SCENE]") },
    { "sim-speed", 0, 0, G_OPTION_ARG_DOUBLE, NULL,
      N_("Run the simulated clock X times faster than real time"), "X" },
    { "xen", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Use the real Xen host, or fail saying why not"), NULL },
    { "connect", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Show the host the agent at ADDRESS serves: “local” (through pkexec) or "
         "“ssh://[user@]host[:port]”"), N_("ADDRESS") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
    { NULL }
  };

  parsing_app = self;
  self->options.kind = DOMUS_BACKEND_AUTO;
  g_application_add_main_option_entries (G_APPLICATION (self), entries);
}

DomusApplication *
domus_application_new (void)
{
  return g_object_new (DOMUS_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/io/domus/Domus",
                       NULL);
}
