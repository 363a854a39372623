/* domus-screen-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-screen-view"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "domus-domain-follower.h"
#include "domus-error.h"
#include "domus-file-chooser.h"
#include "domus-menu-button.h"
#include "domus-screen-view.h"
#include "domus-toast.h"
#include "vnc/domus-vnc-address.h"
#include "vnc/domus-vnc-keys.h"
#include "xlcfg/domus-xl-hvm.h"

#define RETRY_MSEC  1000   /* after the server went, while the domain has one */
#define RETRY_COUNT 30

/* A paste is queued a piece at a time, the next once the worker has sent
 * the last: the main loop never queues 64 KiB of keys at once, the progress
 * bar moves as the guest gets them, and Stop takes effect within a piece. */
#define PASTE_PIECE      256   /* characters */
#define PASTE_TICK_MSEC  15

struct _DomusScreenView
{
  GtkWidget        parent_instance;

  /* Template widgets */
  GtkStack        *stack;
  AdwStatusPage   *none_status;
  AdwStatusPage   *connecting_status;
  AdwStatusPage   *password_status;
  AdwStatusPage   *closed_status;
  AdwStatusPage   *error_status;
  AdwPasswordEntryRow *password_row;
  GtkLabel        *address_label;
  DomusVncView    *vnc_view;
  GMenu           *function_keys;
  GtkMenuButton   *keys_button;
  GMenuModel      *keys_menu;
  GtkWidget       *paste_box;
  GtkProgressBar  *paste_progress;

  DomusDomainFollower *follower; /* the guest, across reboots */
  GSignalGroup    *domain_signals;

  char            *address;       /* connected or tried: "host:port" */
  char            *where;         /* how to reach it from here, in words */
  char            *password;      /* typed; else the config's vncpasswd */
  DomusVncSession *session;
  guint            retry_id;
  guint            retries;
  char            *message;
  DomusScreenViewState state;
  gboolean         state_known;   /* FALSE for a new guest until its first state */

  GCancellable    *paste_read;    /* the clipboard's text, being read */
  char            *paste_text;    /* checked, being typed */
  gsize            paste_length;
  gsize            paste_offset;  /* bytes of it queued */
  guint            paste_id;      /* paces the typing */
};

enum {
  PROP_0,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_ENUM_TYPE (DomusScreenViewState, domus_screen_view_state,
                    G_DEFINE_ENUM_VALUE (DOMUS_SCREEN_VIEW_NONE, "none"),
                    G_DEFINE_ENUM_VALUE (DOMUS_SCREEN_VIEW_CONNECTING, "connecting"),
                    G_DEFINE_ENUM_VALUE (DOMUS_SCREEN_VIEW_CONNECTED, "connected"),
                    G_DEFINE_ENUM_VALUE (DOMUS_SCREEN_VIEW_PASSWORD, "password"),
                    G_DEFINE_ENUM_VALUE (DOMUS_SCREEN_VIEW_CLOSED, "closed"),
                    G_DEFINE_ENUM_VALUE (DOMUS_SCREEN_VIEW_ERROR, "error"))

G_DEFINE_FINAL_TYPE (DomusScreenView, domus_screen_view, GTK_TYPE_WIDGET)

static DomusDomain *
domain_of (DomusScreenView *self)
{
  return domus_domain_follower_get_domain (self->follower);
}

static const char *
name_of (DomusScreenView *self)
{
  return domus_domain_follower_get_name (self->follower);
}

static void connect_to (DomusScreenView *self, const char *address);

/* The page of the stack is named after the state's nick. */
static void
set_state (DomusScreenView      *self,
           DomusScreenViewState  state,
           const char           *message)
{
  g_autoptr(GEnumClass) states = g_type_class_ref (DOMUS_TYPE_SCREEN_VIEW_STATE);

  if (message != self->message)
    {
      g_free (self->message);
      self->message = g_strdup (message);
    }
  gtk_stack_set_visible_child_name (self->stack, g_enum_get_value (states, state)->value_nick);
  /* Ctrl+Shift+V works on every page: only a screen can be typed on. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "screen.paste-keys", state == DOMUS_SCREEN_VIEW_CONNECTED);
  self->state_known = TRUE;
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* Closed, and trying again: the guest's server went. What the last guest
 * shown came to says nothing of a new one. */
static gboolean
is_closed (DomusScreenView *self)
{
  return self->state_known && self->state == DOMUS_SCREEN_VIEW_CLOSED;
}

/* Forgets a paste being read or typed; what was queued is still sent. */
static void
paste_stop (DomusScreenView *self)
{
  g_cancellable_cancel (self->paste_read);
  g_clear_object (&self->paste_read);
  g_clear_handle_id (&self->paste_id, g_source_remove);
  g_clear_pointer (&self->paste_text, g_free);
  if (self->paste_box != NULL)
    gtk_widget_set_visible (self->paste_box, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "screen.cancel-paste", FALSE);
}

static void
disconnect (DomusScreenView *self)
{
  paste_stop (self);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  if (self->vnc_view != NULL)
    domus_vnc_view_set_session (self->vnc_view, NULL);
  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      /* Never waits: a handshake in progress ends in connected_cb(). */
      domus_vnc_session_close (self->session);
      g_clear_object (&self->session);
    }
}

static const char *
current_address (DomusScreenView *self)
{
  return domain_of (self) != NULL ? domus_domain_get_vnc_address (domain_of (self)) : NULL;
}

static void
show_none (DomusScreenView *self)
{
  g_autofree char *description = NULL;

  if (name_of (self) != NULL)
    /* TRANSLATORS: %s is a domain name */
    description = g_strdup_printf (_("The host reports no VNC server for “%s”. HVM domains have one "
                                     "with vnc=1 in their config."), name_of (self));
  adw_status_page_set_description (self->none_status, description);
  set_state (self, DOMUS_SCREEN_VIEW_NONE, NULL);
}

static gboolean
retry_cb (gpointer data)
{
  DomusScreenView *self = data;
  const char *address = current_address (self);

  self->retry_id = 0;
  if (address != NULL)
    connect_to (self, address);
  return G_SOURCE_REMOVE;
}

static void
show_closed (DomusScreenView *self,
             const char      *message)
{
  adw_status_page_set_description (self->closed_status, message);
  set_state (self, DOMUS_SCREEN_VIEW_CLOSED, message);
  /* A rebooting guest's server comes back (or a new domain of the name
   * brings another): try again for a while. */
  if (current_address (self) != NULL && self->retries++ < RETRY_COUNT)
    self->retry_id = g_timeout_add (RETRY_MSEC, retry_cb, self);
}

static void
session_closed_cb (DomusScreenView *self,
                   DomusVncSession *session)
{
  const GError *error = domus_vnc_session_get_error (session);
  g_autofree char *message = g_strdup (error != NULL ? error->message : NULL);

  disconnect (self);
  show_closed (self, message);
}

static void
session_updated_cb (DomusScreenView *self)
{
  /* The guest draws: it is up, so the retries start over next time. */
  self->retries = 0;
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(DomusScreenView) self = data;
  DomusVncSession *session = DOMUS_VNC_SESSION (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  gboolean connected = domus_vnc_session_connect_finish (session, result, &error);

  /* Given up on (and closed) in disconnect(). */
  if (session != self->session)
    return;
  if (!connected)
    {
      /* Its worker has ended: nothing to close. */
      g_clear_object (&self->session);
      if (g_error_matches (error, DOMUS_ERROR, DOMUS_ERROR_AUTH))
        {
          adw_status_page_set_description (self->password_status, error->message);
          set_state (self, DOMUS_SCREEN_VIEW_PASSWORD, error->message);
          gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
        }
      else if (self->retry_id == 0 && is_closed (self))
        show_closed (self, error->message);
      else
        {
          adw_status_page_set_description (self->error_status, error->message);
          set_state (self, DOMUS_SCREEN_VIEW_ERROR, error->message);
        }
      return;
    }

  g_signal_connect_object (session, "closed", G_CALLBACK (session_closed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "updated", G_CALLBACK (session_updated_cb), self, G_CONNECT_SWAPPED);
  domus_vnc_view_set_session (self->vnc_view, session);
  /* TRANSLATORS: the VNC desktop's name, then its address */
  label = g_strdup_printf (_("%s — %s"), domus_vnc_session_get_name (session), self->where);
  gtk_label_set_label (self->address_label, label);
  set_state (self, DOMUS_SCREEN_VIEW_CONNECTED, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (self->vnc_view));
}

/* xl gives QEMU the config's vncpasswd: so does Domus, until one is typed. */
static char *
config_password (DomusScreenView *self)
{
  const char *path = domain_of (self) != NULL ? domus_domain_get_config_path (domain_of (self)) : NULL;

  return path != NULL ? domus_xl_config_read_vnc_password (path) : NULL;
}

static void
connect_to (DomusScreenView *self,
            const char      *address)
{
  DomusHost *host = domus_domain_follower_get_host (self->follower);
  g_autoptr(GSocketConnectable) connectable = NULL;
  g_autofree char *password = NULL;
  g_autoptr(GError) error = NULL;

  disconnect (self);
  g_free (self->address);
  self->address = g_strdup (address);
  /* Through the host: on a remote one, the agent's connection leads there.
   * A domain shown without its host is reached at its address. */
  g_clear_pointer (&self->where, g_free);
  connectable = host != NULL ? domus_host_dup_screen_address (host, domain_of (self), &self->where, &error)
                             : domus_vnc_address_to_connectable (address, &self->where, &error);
  if (connectable == NULL)
    {
      adw_status_page_set_description (self->error_status, error->message);
      set_state (self, DOMUS_SCREEN_VIEW_ERROR, error->message);
      return;
    }

  self->session = domus_vnc_session_new_for_address (connectable, self->where);
  password = self->password != NULL ? g_strdup (self->password) : config_password (self);
  domus_vnc_session_set_password (self->session, password);
  if (!is_closed (self))
    {
      adw_status_page_set_description (self->connecting_status, self->where);
      set_state (self, DOMUS_SCREEN_VIEW_CONNECTING, NULL);
    }
  domus_vnc_session_connect_async (self->session, NULL, connected_cb, g_object_ref (self));
}

/* Connects when the domain has a new address. */
static void
update (DomusScreenView *self)
{
  const char *address = current_address (self);

  if (address != NULL && g_strcmp0 (address, self->address) == 0 && self->session != NULL)
    return;
  if (address != NULL)
    {
      self->retries = 0;
      connect_to (self, address);
    }
  else if (self->session == NULL && !is_closed (self))
    show_none (self);
}

/* A domain that goes is followed by a new one of its name (a reboot). */
static void
replaced_cb (DomusScreenView *self)
{
  DomusDomain *namesake = domain_of (self);

  g_signal_group_set_target (self->domain_signals, namesake);
  if (namesake != NULL)
    update (self);
  else if (self->address != NULL)
    {
      /* TRANSLATORS: %s is a domain name */
      g_autofree char *message = g_strdup_printf (_("“%s” is no longer running. The screen comes back when "
                                                    "a domain of that name starts again."), name_of (self));

      disconnect (self);
      show_closed (self, message);
    }
  else
    show_none (self);
}

void
domus_screen_view_set_target (DomusScreenView *self,
                              DomusHost       *host,
                              DomusDomain     *domain)
{
  g_return_if_fail (DOMUS_IS_SCREEN_VIEW (self));
  g_return_if_fail (host == NULL || DOMUS_IS_HOST (host));
  g_return_if_fail (domain == NULL || DOMUS_IS_DOMAIN (domain));

  if (domus_domain_follower_set_target (self->follower, host, domain))
    {
      /* Another guest: start afresh. */
      disconnect (self);
      g_clear_pointer (&self->address, g_free);
      g_clear_pointer (&self->where, g_free);
      g_clear_pointer (&self->password, g_free);
      self->state_known = FALSE;
    }
  g_signal_group_set_target (self->domain_signals, domain);
  update (self);
  if (domain_of (self) == NULL)
    show_none (self);
}

DomusScreenViewState
domus_screen_view_get_state (DomusScreenView *self)
{
  g_return_val_if_fail (DOMUS_IS_SCREEN_VIEW (self), DOMUS_SCREEN_VIEW_NONE);
  return self->state;
}

const char *
domus_screen_view_get_message (DomusScreenView *self)
{
  g_return_val_if_fail (DOMUS_IS_SCREEN_VIEW (self), NULL);
  return self->message;
}

DomusVncView *
domus_screen_view_get_vnc_view (DomusScreenView *self)
{
  g_return_val_if_fail (DOMUS_IS_SCREEN_VIEW (self), NULL);
  return self->vnc_view;
}

gboolean
domus_screen_view_save_screenshot (DomusScreenView  *self,
                                   const char       *path,
                                   GError          **error)
{
  g_autoptr(GdkTexture) texture = NULL;

  g_return_val_if_fail (DOMUS_IS_SCREEN_VIEW (self), FALSE);

  texture = domus_vnc_view_dup_texture (self->vnc_view);
  if (texture == NULL)
    {
      g_set_error_literal (error, DOMUS_ERROR, DOMUS_ERROR_FAILED, _("The screen has nothing to save yet"));
      return FALSE;
    }
  if (!gdk_texture_save_to_png (texture, path))
    {
      /* TRANSLATORS: %s is a file name */
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED, _("Cannot write the screenshot to %s"), path);
      return FALSE;
    }
  return TRUE;
}

GtkWidget *
domus_screen_view_new (void)
{
  return g_object_new (DOMUS_TYPE_SCREEN_VIEW, NULL);
}

/* Actions */

static void
reconnect_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  DomusScreenView *self = DOMUS_SCREEN_VIEW (widget);
  const char *address = current_address (self);

  self->retries = 0;
  if (address != NULL)
    connect_to (self, address);
  else
    show_none (self);
}

static void
password_activated_cb (DomusScreenView *self)
{
  const char *address = current_address (self);

  g_free (self->password);
  self->password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->password_row)));
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  if (address != NULL)
    connect_to (self, address);
}

static void
send_keys_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  DomusScreenView *self = DOMUS_SCREEN_VIEW (widget);
  const char *keys = g_variant_get_string (parameter, NULL);
  guint keysyms[3] = { DOMUS_VNC_KEYSYM_CONTROL_L, DOMUS_VNC_KEYSYM_ALT_L, 0 };
  guint scancodes[3] = { DOMUS_VNC_QNUM_CONTROL_L, DOMUS_VNC_QNUM_ALT_L, 0 };
  guint64 f;

  if (g_str_equal (keys, "ctrl-alt-del"))
    {
      keysyms[2] = DOMUS_VNC_KEYSYM_DELETE;
      scancodes[2] = DOMUS_VNC_QNUM_DELETE;
    }
  else if (g_str_equal (keys, "ctrl-alt-backspace"))
    {
      keysyms[2] = 0xff08;
      scancodes[2] = 0x0e;
    }
  else if (g_str_has_prefix (keys, "ctrl-alt-f")
           && g_ascii_string_to_unsigned (keys + strlen ("ctrl-alt-f"), 10, 1, 12, &f, NULL))
    {
      keysyms[2] = DOMUS_VNC_KEYSYM_F1 + (guint) f - 1;
      scancodes[2] = domus_vnc_keys_qnum_for_f ((guint) f);
    }
  else
    {
      g_warning ("Unknown key combination “%s”", keys);
      return;
    }
  domus_vnc_view_send_keys (self->vnc_view, keysyms, scancodes, G_N_ELEMENTS (keysyms));
  gtk_widget_grab_focus (GTK_WIDGET (self->vnc_view));
}

static void
save_screenshot_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  DomusScreenView *self = DOMUS_SCREEN_VIEW (widget);
  g_autoptr(GError) error = NULL;

  if (!domus_screen_view_save_screenshot (self, g_variant_get_string (parameter, NULL), &error))
    domus_show_toast (widget, error->message);
}

static void
screenshot_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  DomusScreenView *self = DOMUS_SCREEN_VIEW (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d %H-%M-%S");
  /* TRANSLATORS: a screenshot's file name: the domain's name and a time */
  g_autofree char *name = g_strdup_printf (_("%s %s.png"), name_of (self) != NULL ? name_of (self) : "", stamp);

  gtk_file_filter_set_name (filter, _("PNG images"));
  gtk_file_filter_add_mime_type (filter, "image/png");
  domus_choose_file (widget, _("Save Screenshot"), GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
                     "screen.save-screenshot", name, filter);
}

/* Paste as Keystrokes: installers have no clipboard, so the text is typed. */

static gboolean
paste_tick_cb (gpointer data)
{
  DomusScreenView *self = data;
  const char *start = self->paste_text + self->paste_offset;
  const char *end = start;
  g_autofree char *piece = NULL;

  if (domus_vnc_session_has_pending_input (self->session))
    return G_SOURCE_CONTINUE;
  if (self->paste_offset == self->paste_length)
    {
      self->paste_id = 0;
      paste_stop (self);
      return G_SOURCE_REMOVE;
    }

  for (guint i = 0; i < PASTE_PIECE && *end != '\0'; i++)
    end = g_utf8_next_char (end);
  piece = g_strndup (start, (gsize) (end - start));
  domus_vnc_session_type_text (self->session, piece);
  self->paste_offset = (gsize) (end - self->paste_text);
  gtk_progress_bar_set_fraction (self->paste_progress, (double) self->paste_offset / (double) self->paste_length);
  return G_SOURCE_CONTINUE;
}

static void
paste_start (DomusScreenView *self,
             char            *text)
{
  self->paste_text = text;
  self->paste_length = strlen (text);
  self->paste_offset = 0;
  /* Ctrl and Shift of the shortcut are down in the guest: every character
   * would be typed with them. */
  domus_vnc_view_release_keys (self->vnc_view);
  gtk_progress_bar_set_fraction (self->paste_progress, 0);
  gtk_widget_set_visible (self->paste_box, TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "screen.cancel-paste", TRUE);
  self->paste_id = g_timeout_add (PASTE_TICK_MSEC, paste_tick_cb, self);
  gtk_widget_grab_focus (GTK_WIDGET (self->vnc_view));
}

static void
clipboard_read_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_autoptr(DomusScreenView) self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  g_autofree char *typed = NULL;

  /* Stopped, or the screen went, in paste_stop(). */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->paste_read);
  if (text == NULL || text[0] == '\0')
    {
      domus_show_toast (GTK_WIDGET (self), _("The clipboard has no text to paste"));
      return;
    }
  typed = domus_vnc_keys_prepare_text (text, strlen (text), &error);
  if (typed == NULL)
    {
      domus_show_toast (GTK_WIDGET (self), error->message);
      return;
    }
  paste_start (self, g_steal_pointer (&typed));
}

static void
paste_keys_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  DomusScreenView *self = DOMUS_SCREEN_VIEW (widget);

  if (self->session == NULL)
    return;
  if (self->paste_read != NULL || self->paste_text != NULL)
    {
      domus_show_toast (widget, _("Still typing the last paste"));
      return;
    }
  self->paste_read = g_cancellable_new ();
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), self->paste_read,
                                 clipboard_read_cb, g_object_ref (self));
}

static void
cancel_paste_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  paste_stop (DOMUS_SCREEN_VIEW (widget));
}

gboolean
domus_screen_view_is_pasting (DomusScreenView *self)
{
  g_return_val_if_fail (DOMUS_IS_SCREEN_VIEW (self), FALSE);
  return self->paste_read != NULL || self->paste_text != NULL;
}

/* GObject */

static void
domus_screen_view_dispose (GObject *object)
{
  DomusScreenView *self = DOMUS_SCREEN_VIEW (object);

  disconnect (self);
  g_clear_object (&self->follower);
  g_clear_object (&self->domain_signals);
  gtk_widget_dispose_template (GTK_WIDGET (self), DOMUS_TYPE_SCREEN_VIEW);
  /* A handshake still running holds a reference: this runs again then. */
  self->vnc_view = NULL;
  g_clear_pointer (&self->address, g_free);
  g_clear_pointer (&self->where, g_free);
  g_clear_pointer (&self->password, g_free);
  g_clear_pointer (&self->message, g_free);

  G_OBJECT_CLASS (domus_screen_view_parent_class)->dispose (object);
}

static void
domus_screen_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  DomusScreenView *self = DOMUS_SCREEN_VIEW (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
domus_screen_view_class_init (DomusScreenViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = domus_screen_view_dispose;
  object_class->get_property = domus_screen_view_get_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, DOMUS_TYPE_SCREEN_VIEW_STATE, DOMUS_SCREEN_VIEW_NONE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (DOMUS_TYPE_VNC_VIEW);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/domus/Domus/ui/domus-screen-view.ui");
  gtk_widget_class_bind_template_child (widget_class, DomusScreenView, stack);
  gtk_widget_class_bind_template_child (widget_class, DomusScreenView, keys_button);
  gtk_widget_class_bind_template_child (widget_class, DomusScreenView, keys_menu);
  gtk_widget_class_bind_template_child (widget_class, DomusScreenView, none_status);
  gtk_widget_class_bind_template_child (widget_class, DomusScreenView, connecting_status);
  gtk_widget_class_bind_template_child (widget_class, DomusScreenView, password_status);
  gtk_widget_class_bind_template_child (widget_class, DomusScreenView, closed_status);
  gtk_widget_class_bind_template_child (widget_class, DomusScreenView, error_status);
  gtk_widget_class_bind_template_child (widget_class, DomusScreenView, password_row);
  gtk_widget_class_bind_template_child (widget_class, DomusScreenView, address_label);
  gtk_widget_class_bind_template_child (widget_class, DomusScreenView, vnc_view);
  gtk_widget_class_bind_template_child (widget_class, DomusScreenView, function_keys);
  gtk_widget_class_bind_template_child (widget_class, DomusScreenView, paste_box);
  gtk_widget_class_bind_template_child (widget_class, DomusScreenView, paste_progress);
  gtk_widget_class_bind_template_callback (widget_class, password_activated_cb);

  gtk_widget_class_install_action (widget_class, "screen.reconnect", NULL, reconnect_action);
  gtk_widget_class_install_action (widget_class, "screen.send-keys", "s", send_keys_action);
  gtk_widget_class_install_action (widget_class, "screen.screenshot", NULL, screenshot_action);
  gtk_widget_class_install_action (widget_class, "screen.save-screenshot", "s", save_screenshot_action);
  gtk_widget_class_install_action (widget_class, "screen.paste-keys", NULL, paste_keys_action);
  gtk_widget_class_install_action (widget_class, "screen.cancel-paste", NULL, cancel_paste_action);
}

static void
domus_screen_view_init (DomusScreenView *self)
{
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  /* In the capture phase: the screen takes every key it gets, so the
   * shortcut must be seen before it is. */
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control><Shift>v"),
                                                          gtk_named_action_new ("screen.paste-keys")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  for (guint f = 1; f <= 12; f++)
    {
      /* TRANSLATORS: a key combination sent to the guest, e.g. "Ctrl+Alt+F2" */
      g_autofree char *label = g_strdup_printf (_("Ctrl+Alt+F%u"), f);
      g_autofree char *target = g_strdup_printf ("ctrl-alt-f%u", f);
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target (item, "screen.send-keys", "s", target);
      g_menu_append_item (self->function_keys, item);
    }

  domus_menu_button_set_menu_model_lazily (self->keys_button, self->keys_menu);

  self->follower = domus_domain_follower_new ();
  g_signal_connect_object (self->follower, "replaced", G_CALLBACK (replaced_cb), self, G_CONNECT_SWAPPED);
  self->domain_signals = g_signal_group_new (DOMUS_TYPE_DOMAIN);
  g_signal_group_connect_object (self->domain_signals, "notify::vnc-address",
                                 G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  show_none (self);
}
