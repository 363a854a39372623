/* domus-console-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-console-view"

#include "config.h"

#include <errno.h>
#include <glib-unix.h>
#include <glib/gi18n.h>
#include <unistd.h>

#include "domus-console-view.h"
#include "domus-domain-follower.h"

#define ZOOM_MIN  0.5
#define ZOOM_MAX  4.0
#define ZOOM_STEP 1.1

struct _DomusConsoleView
{
  GtkWidget       parent_instance;

  /* Template widgets */
  GtkStack       *stack;
  AdwStatusPage  *none_status;
  AdwStatusPage  *closed_status;
  AdwStatusPage  *error_status;
  VteTerminal    *terminal;
  GtkLabel       *path_label;
  GtkButton      *zoom_reset_button;

  /* Owned references */
  DomusDomainFollower *follower; /* the guest, across reboots, which make a new domain */
  GSignalGroup   *domain_signals;
  DomusDomain    *tried_domain;  /* the domain and path last connected to (or tried) */
  char           *tried_path;

  int             fd;            /* the console pty, or -1 */
  guint           watch;
  guint           sessions;      /* connections made for this name */
  DomusConsoleViewState state;
};

enum {
  PROP_0,
  PROP_DOMAIN,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_ENUM_TYPE (DomusConsoleViewState, domus_console_view_state,
                    G_DEFINE_ENUM_VALUE (DOMUS_CONSOLE_VIEW_NONE, "none"),
                    G_DEFINE_ENUM_VALUE (DOMUS_CONSOLE_VIEW_CONNECTED, "connected"),
                    G_DEFINE_ENUM_VALUE (DOMUS_CONSOLE_VIEW_CLOSED, "closed"),
                    G_DEFINE_ENUM_VALUE (DOMUS_CONSOLE_VIEW_ERROR, "error"))

G_DEFINE_FINAL_TYPE (DomusConsoleView, domus_console_view, GTK_TYPE_WIDGET)

static DomusDomain *
domain_of (DomusConsoleView *self)
{
  return domus_domain_follower_get_domain (self->follower);
}

static const char *
name_of (DomusConsoleView *self)
{
  return domus_domain_follower_get_name (self->follower);
}

/* The page of the stack is named after the state's nick. */
static void
set_state (DomusConsoleView      *self,
           DomusConsoleViewState  state)
{
  g_autoptr(GEnumClass) states = g_type_class_ref (DOMUS_TYPE_CONSOLE_VIEW_STATE);

  gtk_stack_set_visible_child_name (self->stack, g_enum_get_value (states, state)->value_nick);
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
disconnect (DomusConsoleView *self)
{
  g_clear_handle_id (&self->watch, g_source_remove);
  if (self->fd >= 0)
    {
      close (self->fd);
      self->fd = -1;
    }
}

static void
show_closed (DomusConsoleView *self)
{
  g_autofree char *description = NULL;

  if (domain_of (self) != NULL)
    /* TRANSLATORS: %s is a domain name */
    description = g_strdup_printf (_("The console of “%s” hung up. It reconnects when the domain "
                                     "shows a console again."), name_of (self));
  else
    /* TRANSLATORS: %s is a domain name */
    description = g_strdup_printf (_("“%s” is no longer running. The console reconnects when a domain "
                                     "of that name starts again."), name_of (self));
  adw_status_page_set_description (self->closed_status, description);
  set_state (self, DOMUS_CONSOLE_VIEW_CLOSED);
}

static void
show_none (DomusConsoleView *self)
{
  g_autofree char *description = NULL;

  if (name_of (self) != NULL)
    /* TRANSLATORS: %s is a domain name */
    description = g_strdup_printf (_("The host reports no text console for “%s”."), name_of (self));
  adw_status_page_set_description (self->none_status, description);
  set_state (self, DOMUS_CONSOLE_VIEW_NONE);
}

static gboolean
readable_cb (int           fd,
             GIOCondition  condition,
             gpointer      data)
{
  DomusConsoleView *self = data;
  char buffer[4096];
  gssize n = read (fd, buffer, sizeof buffer);

  if (n > 0)
    {
      vte_terminal_feed (self->terminal, buffer, n);
      return G_SOURCE_CONTINUE;
    }
  if (n < 0 && (errno == EAGAIN || errno == EINTR))
    return G_SOURCE_CONTINUE;

  /* 0 or EIO: the other end (xenconsoled, the simulator) closed. */
  g_debug ("console %s: %s", self->tried_path, n < 0 ? g_strerror (errno) : "end of file");
  self->watch = 0;
  disconnect (self);
  show_closed (self);
  return G_SOURCE_REMOVE;
}

/* What is typed goes to the guest as it is: the guest echoes. */
static void
commit_cb (DomusConsoleView *self,
           const char       *text,
           guint             size)
{
  while (size > 0 && self->fd >= 0)
    {
      gssize written = write (self->fd, text, size);

      if (written < 0 && errno == EINTR)
        continue;
      if (written <= 0)
        {
          g_debug ("console %s: %s, input dropped", self->tried_path, g_strerror (errno));
          return;
        }
      text += written;
      size -= written;
    }
}

static void
connect_to (DomusConsoleView *self)
{
  DomusHost *host = domus_domain_follower_get_host (self->follower);
  g_autoptr(GError) error = NULL;
  g_autofree char *where = NULL;

  /* Only its host knows where the console is reached from here (a remote
   * host's path is another computer's). */
  if (host == NULL)
    {
      show_none (self);
      return;
    }
  self->fd = domus_host_open_console (host, domain_of (self), &where, &error);
  if (self->fd < 0)
    {
      adw_status_page_set_description (self->error_status, error->message);
      set_state (self, DOMUS_CONSOLE_VIEW_ERROR);
      return;
    }
  if (self->sessions++ > 0)
    {
      /* TRANSLATORS: a line in the console when it reconnects: a domain name and id */
      g_autofree char *text = g_strdup_printf (_("%s, domain %u"), name_of (self),
                                               domus_domain_get_id (domain_of (self)));
      g_autofree char *separator = g_strdup_printf ("\r\n\033[2m── %s ──\033[0m\r\n", text);

      vte_terminal_feed (self->terminal, separator, -1);
    }
  self->watch = g_unix_fd_add (self->fd, G_IO_IN | G_IO_HUP | G_IO_ERR, readable_cb, self);
  gtk_label_set_label (self->path_label, where);
  set_state (self, DOMUS_CONSOLE_VIEW_CONNECTED);
}

/* Connects to the domain's console when it has a new one. */
static void
update (DomusConsoleView *self)
{
  const char *path = domain_of (self) != NULL ? domus_domain_get_console_path (domain_of (self)) : NULL;

  if (self->tried_domain == domain_of (self) && g_strcmp0 (self->tried_path, path) == 0)
    return;

  disconnect (self);
  g_set_object (&self->tried_domain, domain_of (self));
  g_free (self->tried_path);
  self->tried_path = g_strdup (path);

  if (path != NULL)
    connect_to (self);
  else if (self->sessions > 0)
    show_closed (self);
  else
    show_none (self);
}

/* A domain that goes is followed by a new one of its name (a reboot). */
static void
replaced_cb (DomusConsoleView *self)
{
  DomusDomain *namesake = domain_of (self);

  g_signal_group_set_target (self->domain_signals, namesake);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOMAIN]);
  if (namesake == NULL)
    {
      disconnect (self);
      g_clear_object (&self->tried_domain);
      g_clear_pointer (&self->tried_path, g_free);
      if (self->sessions > 0)
        show_closed (self);
      else
        show_none (self);
      return;
    }
  update (self);
}

void
domus_console_view_set_target (DomusConsoleView *self,
                               DomusHost        *host,
                               DomusDomain      *domain)
{
  g_autoptr(DomusDomain) old = NULL;

  g_return_if_fail (DOMUS_IS_CONSOLE_VIEW (self));
  g_return_if_fail (host == NULL || DOMUS_IS_HOST (host));
  g_return_if_fail (domain == NULL || DOMUS_IS_DOMAIN (domain));

  g_set_object (&old, domain_of (self));
  if (domus_domain_follower_set_target (self->follower, host, domain))
    {
      /* Another guest: a clean screen. */
      self->sessions = 0;
      vte_terminal_reset (self->terminal, TRUE, TRUE);
    }
  if (old != domain)
    {
      g_signal_group_set_target (self->domain_signals, domain);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOMAIN]);
    }
  update (self);
}

DomusDomain *
domus_console_view_get_domain (DomusConsoleView *self)
{
  g_return_val_if_fail (DOMUS_IS_CONSOLE_VIEW (self), NULL);

  return domain_of (self);
}

DomusConsoleViewState
domus_console_view_get_state (DomusConsoleView *self)
{
  g_return_val_if_fail (DOMUS_IS_CONSOLE_VIEW (self), DOMUS_CONSOLE_VIEW_NONE);

  return self->state;
}

VteTerminal *
domus_console_view_get_terminal (DomusConsoleView *self)
{
  g_return_val_if_fail (DOMUS_IS_CONSOLE_VIEW (self), NULL);

  return self->terminal;
}

GtkWidget *
domus_console_view_new (void)
{
  return g_object_new (DOMUS_TYPE_CONSOLE_VIEW, NULL);
}

/* Actions */

static void
set_zoom (DomusConsoleView *self,
          double            scale)
{
  g_autofree char *label = NULL;

  scale = CLAMP (scale, ZOOM_MIN, ZOOM_MAX);
  vte_terminal_set_font_scale (self->terminal, scale);
  /* TRANSLATORS: the console's font zoom, e.g. "110 %" */
  label = g_strdup_printf (_("%.0f %%"), scale * 100);
  gtk_button_set_label (self->zoom_reset_button, label);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "console.zoom-in", scale < ZOOM_MAX);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "console.zoom-out", scale > ZOOM_MIN);
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DomusConsoleView *self = DOMUS_CONSOLE_VIEW (widget);
  double scale = vte_terminal_get_font_scale (self->terminal);

  if (g_str_equal (action_name, "console.zoom-in"))
    scale *= ZOOM_STEP;
  else if (g_str_equal (action_name, "console.zoom-out"))
    scale /= ZOOM_STEP;
  else
    scale = 1.0;
  set_zoom (self, scale);
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  vte_terminal_copy_clipboard_format (DOMUS_CONSOLE_VIEW (widget)->terminal, VTE_FORMAT_TEXT);
}

static void
paste_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  vte_terminal_paste_clipboard (DOMUS_CONSOLE_VIEW (widget)->terminal);
}

static void
reconnect_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  DomusConsoleView *self = DOMUS_CONSOLE_VIEW (widget);

  g_clear_object (&self->tried_domain);
  update (self);
}

static void
selection_changed_cb (DomusConsoleView *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "console.copy",
                                 vte_terminal_get_has_selection (self->terminal));
}

/* GObject */

static void
domus_console_view_dispose (GObject *object)
{
  DomusConsoleView *self = DOMUS_CONSOLE_VIEW (object);

  disconnect (self);
  g_clear_object (&self->follower);
  g_clear_object (&self->domain_signals);
  gtk_widget_dispose_template (GTK_WIDGET (self), DOMUS_TYPE_CONSOLE_VIEW);
  g_clear_object (&self->tried_domain);
  g_clear_pointer (&self->tried_path, g_free);

  G_OBJECT_CLASS (domus_console_view_parent_class)->dispose (object);
}

static void
domus_console_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  DomusConsoleView *self = DOMUS_CONSOLE_VIEW (object);

  switch (prop_id)
    {
    case PROP_DOMAIN:
      g_value_set_object (value, domain_of (self));
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
add_shortcut (GtkShortcutController *controller,
              const char            *accelerator,
              const char            *action)
{
  gtk_shortcut_controller_add_shortcut (controller,
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string (accelerator),
                                                          gtk_named_action_new (action)));
}

static void
domus_console_view_class_init (DomusConsoleViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = domus_console_view_dispose;
  object_class->get_property = domus_console_view_get_property;

  properties[PROP_DOMAIN] =
    g_param_spec_object ("domain", NULL, NULL, DOMUS_TYPE_DOMAIN,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, DOMUS_TYPE_CONSOLE_VIEW_STATE, DOMUS_CONSOLE_VIEW_NONE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (VTE_TYPE_TERMINAL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/domus/Domus/ui/domus-console-view.ui");
  gtk_widget_class_bind_template_child (widget_class, DomusConsoleView, stack);
  gtk_widget_class_bind_template_child (widget_class, DomusConsoleView, none_status);
  gtk_widget_class_bind_template_child (widget_class, DomusConsoleView, closed_status);
  gtk_widget_class_bind_template_child (widget_class, DomusConsoleView, error_status);
  gtk_widget_class_bind_template_child (widget_class, DomusConsoleView, terminal);
  gtk_widget_class_bind_template_child (widget_class, DomusConsoleView, path_label);
  gtk_widget_class_bind_template_child (widget_class, DomusConsoleView, zoom_reset_button);
  gtk_widget_class_bind_template_callback (widget_class, commit_cb);
  gtk_widget_class_bind_template_callback (widget_class, selection_changed_cb);

  gtk_widget_class_install_action (widget_class, "console.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "console.paste", NULL, paste_action);
  gtk_widget_class_install_action (widget_class, "console.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "console.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "console.zoom-reset", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "console.reconnect", NULL, reconnect_action);
}

static void
domus_console_view_init (DomusConsoleView *self)
{
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();
  GdkRGBA foreground, background;

  self->fd = -1;
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Before the terminal sees them, which would send them to the guest. */
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), "<Control><Shift>c", "console.copy");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), "<Control><Shift>v", "console.paste");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), "<Control>plus|<Control>equal|<Control>KP_Add",
                "console.zoom-in");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), "<Control>minus|<Control>KP_Subtract",
                "console.zoom-out");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), "<Control>0|<Control>KP_0", "console.zoom-reset");
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  /* A text console looks like one: light grey on near black. */
  gdk_rgba_parse (&foreground, "#d0d0d0");
  gdk_rgba_parse (&background, "#1e1e1e");
  vte_terminal_set_colors (self->terminal, &foreground, &background, NULL, 0);
  vte_terminal_set_scrollback_lines (self->terminal, 10000);

  self->follower = domus_domain_follower_new ();
  g_signal_connect_object (self->follower, "replaced", G_CALLBACK (replaced_cb), self, G_CONNECT_SWAPPED);
  self->domain_signals = g_signal_group_new (DOMUS_TYPE_DOMAIN);
  g_signal_group_connect_object (self->domain_signals, "notify::console-path",
                                 G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  set_zoom (self, 1.0);
  selection_changed_cb (self);
  show_none (self);
}
