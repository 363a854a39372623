/* domus-fleet-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-fleet-page"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "domus-dialog-entry.h"
#include "domus-fleet-page.h"
#include "domus-format.h"
#include "domus-remote-address.h"
#include "domus-ssh-prompter.h"
#include "domus-toast.h"

struct _DomusFleetPage
{
  GtkWidget   parent_instance;

  /* Template widgets */
  GtkListBox *host_list;

  DomusFleet *fleet;
  DomusHost  *shown;            /* the host whose pages the window shows (unowned) */
};

enum {
  SHOW_HOST,
  OPEN_HOST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DomusFleetPage, domus_fleet_page, GTK_TYPE_WIDGET)

/* A host's row, and what it watches; freed with the row. */
typedef struct
{
  DomusFleetPage *page;         /* the row's ancestor: outlives it */
  DomusFleetHost *fleet_host;
  DomusHost      *host;         /* whose refreshes update the facts */
  gulong          refreshed_handler;
  AdwActionRow   *row;
  GtkStack       *status;       /* "connecting", "connected", "lost" */
  GtkWidget      *shown_label;  /* "Shown", on the row of the host shown */
  GtkWidget      *open_button;
} Row;

static void
row_free (Row *row)
{
  if (row->host != NULL)
    g_clear_signal_handler (&row->refreshed_handler, row->host);
  g_clear_object (&row->host);
  g_signal_handlers_disconnect_by_data (row->fleet_host, row);
  g_object_unref (row->fleet_host);
  g_free (row);
}

/* "Xen 4.17 · Credit · 2 pCPUs · 35 % busy · 12 GiB free · 5 domains" */
static char *
facts_of (DomusHost *host)
{
  DomusSeries *series = domus_host_get_series (host);
  guint n_pcpus = domus_host_get_n_pcpus (host);
  guint n_domains = g_list_model_get_n_items (domus_host_get_domains (host));
  g_autofree char *free_memory = domus_format_memory_kib (domus_host_get_free_memory_kib (host));
  g_autofree char *busy_text = NULL;
  g_autofree char *pcpus_text = g_strdup_printf (ngettext ("%u pCPU", "%u pCPUs", n_pcpus), n_pcpus);
  g_autofree char *domains_text = g_strdup_printf (ngettext ("%u domain", "%u domains", n_domains), n_domains);
  double busy = 0;

  for (guint p = 0; p < n_pcpus; p++)
    busy += domus_series_get_last (series, DOMUS_HOST_SERIES_PCPU0 + p);
  busy_text = isnan (busy) ? g_strdup ("–") : domus_format_percent (busy / n_pcpus);
  /* TRANSLATORS: a host's facts: Xen's version, the scheduler, its pCPUs, how busy
   * they are on average, free memory, its domains; e.g. "Xen 4.17 · Credit · 2 pCPUs
   * · 35 % busy · 12 GiB free · 5 domains" */
  return g_strdup_printf (_("Xen %s · %s · %s · %s busy · %s free · %s"), domus_host_get_xen_version (host),
                          domus_format_scheduler (domus_host_get_scheduler (host)), pcpus_text, busy_text,
                          free_memory, domains_text);
}

static void
row_update (Row *row)
{
  DomusFleetHost *fleet_host = row->fleet_host;
  DomusHost *host = domus_fleet_host_get_host (fleet_host);
  const char *message = domus_fleet_host_get_message (fleet_host);
  g_autofree char *subtitle = NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->row), domus_fleet_host_get_title (fleet_host));

  switch (domus_fleet_host_get_state (fleet_host))
    {
    case DOMUS_FLEET_HOST_CONNECTING:
      subtitle = message != NULL
                 /* TRANSLATORS: trying a host again, then why it was lost */
                 ? g_strdup_printf (_("Connecting again… (%s)"), message)
                 : g_strdup (_("Connecting…"));
      gtk_stack_set_visible_child_name (row->status, "connecting");
      break;
    case DOMUS_FLEET_HOST_LOST:
      /* TRANSLATORS: why a host cannot be read; Domus tries again by itself */
      subtitle = g_strdup_printf (_("Lost: %s — trying again"), message);
      gtk_stack_set_visible_child_name (row->status, "lost");
      break;
    case DOMUS_FLEET_HOST_CONNECTED:
    default:
      subtitle = host != NULL && domus_host_is_ready (host) ? facts_of (host) : g_strdup (_("Reading the host…"));
      gtk_stack_set_visible_child_name (row->status, "connected");
      break;
    }
  adw_action_row_set_subtitle (row->row, subtitle);
  gtk_widget_set_visible (row->shown_label, host != NULL && host == row->page->shown);
  /* Never reached: nothing to show yet, but it can still be removed. */
  gtk_widget_set_sensitive (row->open_button, host != NULL);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row->row), host != NULL);
}

static void
row_host_changed (Row *row)
{
  DomusHost *host = domus_fleet_host_get_host (row->fleet_host);

  if (host == row->host)
    return;
  if (row->host != NULL)
    g_clear_signal_handler (&row->refreshed_handler, row->host);
  g_set_object (&row->host, host);
  if (host != NULL)
    row->refreshed_handler = g_signal_connect_swapped (host, "refreshed", G_CALLBACK (row_update), row);
}

static void
row_changed_cb (Row *row)
{
  row_host_changed (row);
  row_update (row);
}

static void
activated_cb (Row *row)
{
  if (domus_fleet_host_get_host (row->fleet_host) != NULL)
    g_signal_emit (row->page, signals[SHOW_HOST], 0, row->fleet_host);
}

static void
open_clicked_cb (Row *row)
{
  g_signal_emit (row->page, signals[OPEN_HOST], 0, row->fleet_host);
}

static void
remove_clicked_cb (Row *row)
{
  g_autoptr(DomusRemoteAddress) address = domus_remote_address_parse (domus_fleet_host_get_address (row->fleet_host),
                                                                      NULL);

  /* Its passwords go from the keyring with it. */
  if (address != NULL && address->kind == DOMUS_REMOTE_SSH && domus_ssh_prompter_get_default () != NULL)
    domus_ssh_prompter_forget (domus_ssh_prompter_get_default (), address->host);
  domus_fleet_remove (row->page->fleet, row->fleet_host);
}

static GtkWidget *
status_stack_new (void)
{
  GtkStack *stack = GTK_STACK (gtk_stack_new ());
  GtkWidget *spinner = gtk_spinner_new ();
  GtkWidget *connected = gtk_image_new_from_icon_name ("emblem-ok-symbolic");
  GtkWidget *lost = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

  gtk_spinner_start (GTK_SPINNER (spinner));
  gtk_widget_add_css_class (connected, "success");
  gtk_widget_add_css_class (lost, "warning");
  gtk_stack_add_named (stack, spinner, "connecting");
  gtk_stack_add_named (stack, connected, "connected");
  gtk_stack_add_named (stack, lost, "lost");
  return GTK_WIDGET (stack);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  DomusFleetPage *self = user_data;
  Row *row = g_new0 (Row, 1);
  GtkWidget *remove_button;

  row->page = self;
  row->fleet_host = g_object_ref (item);
  row->row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_action_row_set_subtitle_lines (row->row, 2);
  row->status = GTK_STACK (status_stack_new ());
  adw_action_row_add_prefix (row->row, GTK_WIDGET (row->status));

  /* TRANSLATORS: on the Hosts page, the host whose pages the window shows */
  row->shown_label = gtk_label_new (_("Shown"));
  gtk_widget_add_css_class (row->shown_label, "dim-label");
  adw_action_row_add_suffix (row->row, row->shown_label);

  row->open_button = gtk_button_new_from_icon_name ("window-new-symbolic");
  gtk_widget_set_valign (row->open_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (row->open_button, "flat");
  gtk_widget_set_tooltip_text (row->open_button, _("Open in a new window"));
  g_signal_connect_swapped (row->open_button, "clicked", G_CALLBACK (open_clicked_cb), row);
  adw_action_row_add_suffix (row->row, row->open_button);
  g_signal_connect_swapped (row->row, "activated", G_CALLBACK (activated_cb), row);

  /* This computer's host stays in the list. */
  if (domus_fleet_host_get_address (row->fleet_host) != NULL)
    {
      remove_button = gtk_button_new_from_icon_name ("user-trash-symbolic");
      gtk_widget_set_valign (remove_button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove_button, "flat");
      gtk_widget_set_tooltip_text (remove_button, _("Remove the host from the list"));
      g_signal_connect_swapped (remove_button, "clicked", G_CALLBACK (remove_clicked_cb), row);
      adw_action_row_add_suffix (row->row, remove_button);
    }

  g_signal_connect_swapped (row->fleet_host, "notify", G_CALLBACK (row_changed_cb), row);
  g_object_set_data_full (G_OBJECT (row->row), "domus-fleet-row", row, (GDestroyNotify) row_free);
  row_changed_cb (row);
  return GTK_WIDGET (row->row);
}

gboolean
domus_fleet_page_add (DomusFleetPage *self,
                      const char     *text)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (DOMUS_IS_FLEET_PAGE (self), FALSE);
  g_return_val_if_fail (self->fleet != NULL, FALSE);

  if (domus_fleet_add (self->fleet, text, &error) == NULL)
    {
      domus_show_toast (GTK_WIDGET (self), error->message);
      return FALSE;
    }
  return TRUE;
}

static void
add_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  DomusFleetPage   *self)
{
  g_autofree char *text = domus_dialog_entry_dup_text (adw_message_dialog_get_extra_child (dialog));

  if (g_strcmp0 (response, "add") == 0 && text[0] != '\0')
    domus_fleet_page_add (self, text);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  DomusFleetPage *self = DOMUS_FLEET_PAGE (widget);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), _("Add a Host"),
                                              _("Domus reaches it with ssh and starts domus-agent there: "
                                                "give user@host, host:port, or an alias of your "
                                                "~/.ssh/config"));
  GtkWidget *entry;

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "add", _("_Add"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "add", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "add");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  entry = domus_dialog_entry_new (ADW_MESSAGE_DIALOG (dialog), "add", _("student@lab-3"));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  g_signal_connect_object (dialog, "response", G_CALLBACK (add_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
domus_fleet_page_dispose (GObject *object)
{
  DomusFleetPage *self = DOMUS_FLEET_PAGE (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), DOMUS_TYPE_FLEET_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  g_clear_object (&self->fleet);

  G_OBJECT_CLASS (domus_fleet_page_parent_class)->dispose (object);
}

static void
domus_fleet_page_class_init (DomusFleetPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = domus_fleet_page_dispose;

  /* DomusFleetPage::show-host: the user asks for @host's pages, here. */
  signals[SHOW_HOST] = g_signal_new ("show-host", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                     NULL, G_TYPE_NONE, 1, DOMUS_TYPE_FLEET_HOST);
  /* DomusFleetPage::open-host: the user asks for @host's pages in a window
   * of their own. */
  signals[OPEN_HOST] = g_signal_new ("open-host", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                     NULL, G_TYPE_NONE, 1, DOMUS_TYPE_FLEET_HOST);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/domus/Domus/ui/domus-fleet-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DomusFleetPage, host_list);
  gtk_widget_class_install_action (widget_class, "fleet.add", NULL, add_action);
}

static void
domus_fleet_page_init (DomusFleetPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "fleet.add", FALSE);
}

void
domus_fleet_page_set_fleet (DomusFleetPage *self,
                            DomusFleet     *fleet)
{
  g_return_if_fail (DOMUS_IS_FLEET_PAGE (self));
  g_return_if_fail (DOMUS_IS_FLEET (fleet));
  g_return_if_fail (self->fleet == NULL);

  self->fleet = g_object_ref (fleet);
  gtk_list_box_bind_model (self->host_list, domus_fleet_get_hosts (fleet), create_row, self, NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "fleet.add", TRUE);
}

DomusFleet *
domus_fleet_page_get_fleet (DomusFleetPage *self)
{
  g_return_val_if_fail (DOMUS_IS_FLEET_PAGE (self), NULL);

  return self->fleet;
}

void
domus_fleet_page_set_shown_host (DomusFleetPage *self,
                                 DomusHost      *host)
{
  g_return_if_fail (DOMUS_IS_FLEET_PAGE (self));

  self->shown = host;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->host_list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      Row *row = g_object_get_data (G_OBJECT (child), "domus-fleet-row");

      if (row != NULL)
        row_update (row);
    }
}
