/* domus-pci-group.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-pci-group"

#include "config.h"

#include <glib/gi18n.h>

#include "domus-pci-group.h"
#include "domus-toast.h"

struct _DomusPciGroup
{
  AdwPreferencesGroup  parent_instance;

  /* Template widgets */
  GtkButton           *reload_button;

  /* Owned references */
  DomusHost           *host;
  GCancellable        *cancellable;  /* the read under way */
  GPtrArray           *rows;         /* the rows added, to remove them */
  AdwActionRow        *notice_row;   /* one of them, or NULL */
  char                *signature;    /* what the rows show, to build them again only on a change */
  char                *domains;      /* the domains' names at the last read */
};

G_DEFINE_FINAL_TYPE (DomusPciGroup, domus_pci_group, ADW_TYPE_PREFERENCES_GROUP)

static void read_devices (DomusPciGroup *self);

/* Everything the rows show. */
static char *
signature (DomusPciGroup *self)
{
  GListModel *devices = domus_host_get_pci_devices (self->host);
  const GError *error = domus_host_get_pci_error (self->host);
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, "%d:%s;", domus_host_has_iommu (self->host), error != NULL ? error->message : "");
  for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr(DomusPciDevice) device = g_list_model_get_item (devices, i);
      g_autofree char *title = domus_pci_device_dup_title (device);

      g_string_append_printf (text, "%s:%s:%s:%d:%s;", domus_pci_device_get_bdf (device), title,
                              domus_pci_device_get_driver (device), domus_pci_device_get_assignable (device),
                              domus_pci_device_get_domain (device));
    }
  g_string_append (text, self->domains != NULL ? self->domains : "");
  return g_string_free (text, FALSE);
}

static void
request_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(DomusPciGroup) self = user_data;
  g_autoptr(GError) error = NULL;

  if (domus_host_request_finish (DOMUS_HOST (source), result, &error) < 0)
    domus_show_toast (GTK_WIDGET (self), error->message);
  /* The host read the devices again: show what it says. */
  if (self->host == DOMUS_HOST (source))
    read_devices (self);
}

static void
send (DomusPciGroup    *self,
      DomusRequestKind  kind,
      const char       *bdf,
      DomusDomain      *domain,
      gboolean          keep)
{
  DomusRequest *request;

  if (domain != NULL)
    {
      request = domus_request_new_for_domain (kind, domain);
      request->pci = g_strdup (bdf);
    }
  else
    request = domus_request_new_for_pci (kind, bdf);
  request->keep = keep;
  domus_host_request_async (self->host, request, NULL, request_done_cb, g_object_ref (self));
}

/* --- Confirmations ------------------------------------------------------ */

typedef struct
{
  DomusPciGroup    *self;
  DomusRequestKind  kind;
  char             *bdf;
  char             *domain;     /* ATTACH: chosen in the dialog; DETACH: the device's */
  GtkDropDown      *choice;     /* ATTACH's domains */
  GtkCheckButton   *keep;       /* ATTACH and DETACH */
} Asked;

static void
asked_free (Asked *asked)
{
  g_object_unref (asked->self);
  g_free (asked->bdf);
  g_free (asked->domain);
  g_free (asked);
}

static void
asked_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   Asked            *asked)
{
  DomusPciGroup *self = asked->self;
  DomusDomain *domain = NULL;
  const char *name = asked->domain;

  if (g_strcmp0 (response, "go") != 0 || self->host == NULL)
    return;
  if (asked->choice != NULL)
    {
      GtkStringObject *item = gtk_drop_down_get_selected_item (asked->choice);

      name = item != NULL ? gtk_string_object_get_string (item) : NULL;
    }
  if (name != NULL && (domain = domus_host_lookup_domain_by_name (self->host, name)) == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Domain “%s” no longer exists"), name);

      domus_show_toast (GTK_WIDGET (self), text);
      return;
    }
  send (self, asked->kind, asked->bdf, domain,
        asked->keep != NULL && gtk_check_button_get_active (asked->keep));
}

static void
ask (DomusPciGroup    *self,
     DomusRequestKind  kind,
     DomusPciDevice   *device,
     const char       *heading,
     const char       *body,
     const char       *go_label,
     gboolean          destructive)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);
  Asked *asked = g_new0 (Asked, 1);
  GtkWidget *box = NULL;

  asked->self = g_object_ref (self);
  asked->kind = kind;
  asked->bdf = g_strdup (domus_pci_device_get_bdf (device));
  asked->domain = g_strdup (domus_pci_device_get_domain (device));

  if (kind == DOMUS_REQUEST_PCI_ATTACH || kind == DOMUS_REQUEST_PCI_DETACH)
    box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  if (kind == DOMUS_REQUEST_PCI_ATTACH)
    {
      GListModel *domains = domus_host_get_domains (self->host);
      g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

      for (guint i = 0; i < g_list_model_get_n_items (domains); i++)
        {
          g_autoptr(DomusDomain) domain = g_list_model_get_item (domains, i);

          if (domus_domain_get_id (domain) != 0)
            gtk_string_list_append (names, domus_domain_get_name (domain));
        }
      asked->choice = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (names)), NULL));
      gtk_widget_set_tooltip_text (GTK_WIDGET (asked->choice), _("The domain to give the device to"));
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (asked->choice));
    }
  if (box != NULL)
    {
      asked->keep = GTK_CHECK_BUTTON (gtk_check_button_new_with_mnemonic (
        kind == DOMUS_REQUEST_PCI_ATTACH ? _("_Keep after reboot (pci= in the domain’s xl config)")
                                         : _("_Take it out of the domain’s xl config too (pci=)")));
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (asked->keep));
      adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
    }
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "go", go_label, NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "go",
                                              destructive ? ADW_RESPONSE_DESTRUCTIVE : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), destructive ? "cancel" : "go");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (asked_response_cb), asked,
                         (GClosureNotify) (void (*) (void)) asked_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static DomusPciDevice *
button_device (DomusPciGroup *self,
               GtkWidget     *button)
{
  return self->host != NULL ? domus_host_lookup_pci_device (self->host, g_object_get_data (G_OBJECT (button), "bdf"))
                            : NULL;
}

static void
assignable_add_clicked_cb (GtkButton     *button,
                           DomusPciGroup *self)
{
  DomusPciDevice *device = button_device (self, GTK_WIDGET (button));
  g_autofree char *heading = NULL, *body = NULL, *title = NULL;
  const char *driver;

  if (device == NULL)
    return;
  title = domus_pci_device_dup_title (device);
  driver = domus_pci_device_get_driver (device);
  heading = g_strdup_printf (_("Make %s Assignable?"), domus_pci_device_get_bdf (device));
  body = driver != NULL
         /* TRANSLATORS: a device's name, then its dom0 driver */
         ? g_strdup_printf (_("dom0 stops using %s: its driver %s lets go of it, and whatever dom0 did "
                              "with it (a network, a disk) stops. It is then ready for a domain."), title, driver)
         : g_strdup_printf (_("dom0 lets go of %s. It is then ready for a domain."), title);
  ask (self, DOMUS_REQUEST_PCI_ASSIGNABLE_ADD, device, heading, body, _("_Make Assignable"), TRUE);
}

static void
assignable_remove_clicked_cb (GtkButton     *button,
                              DomusPciGroup *self)
{
  DomusPciDevice *device = button_device (self, GTK_WIDGET (button));

  if (device != NULL)
    send (self, DOMUS_REQUEST_PCI_ASSIGNABLE_REMOVE, domus_pci_device_get_bdf (device), NULL, FALSE);
}

static void
attach_clicked_cb (GtkButton     *button,
                   DomusPciGroup *self)
{
  DomusPciDevice *device = button_device (self, GTK_WIDGET (button));
  g_autofree char *heading = NULL, *body = NULL, *title = NULL;

  if (device == NULL)
    return;
  title = domus_pci_device_dup_title (device);
  heading = g_strdup_printf (_("Attach %s"), domus_pci_device_get_bdf (device));
  body = g_strdup_printf (_("%s goes to the domain now, as a hot-plugged device."), title);
  ask (self, DOMUS_REQUEST_PCI_ATTACH, device, heading, body, _("_Attach"), FALSE);
}

static void
detach_clicked_cb (GtkButton     *button,
                   DomusPciGroup *self)
{
  DomusPciDevice *device = button_device (self, GTK_WIDGET (button));
  g_autofree char *heading = NULL, *body = NULL, *title = NULL;

  if (device == NULL)
    return;
  title = domus_pci_device_dup_title (device);
  heading = g_strdup_printf (_("Detach %s from “%s”?"), domus_pci_device_get_bdf (device),
                             domus_pci_device_get_domain (device));
  body = g_strdup_printf (_("The domain loses %s at once, as if it were unplugged. It stays assignable."), title);
  ask (self, DOMUS_REQUEST_PCI_DETACH, device, heading, body, _("_Detach"), TRUE);
}

/* --- Rows ----------------------------------------------------------------- */

static void
add_button (DomusPciGroup  *self,
            GtkWidget      *row,
            DomusPciDevice *device,
            const char     *name,
            const char     *label,
            const char     *tooltip,
            GCallback       callback)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_name (button, name);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  g_object_set_data_full (G_OBJECT (button), "bdf", g_strdup (domus_pci_device_get_bdf (device)), g_free);
  g_signal_connect (button, "clicked", callback, self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
}

/* "0000:00:19.0 · Ethernet controller · Intel Corporation · dom0, driver e1000" */
static char *
device_subtitle (DomusPciDevice *device)
{
  const char *vendor = domus_pci_device_get_vendor_name (device);
  const char *driver = domus_pci_device_get_driver (device);
  const char *domain = domus_pci_device_get_domain (device);
  g_autofree char *owner = NULL;

  if (domain != NULL)
    owner = g_strdup_printf (_("attached to %s"), domain);
  else if (domus_pci_device_get_assignable (device))
    owner = g_strdup (_("assignable"));
  else if (driver != NULL)
    owner = g_strdup_printf (_("dom0’s, driver %s"), driver);
  else
    owner = g_strdup (_("dom0’s, no driver"));
  return vendor != NULL
         ? g_strdup_printf ("%s · %s · %s · %s", domus_pci_device_get_bdf (device),
                            domus_pci_device_get_class_name (device), vendor, owner)
         : g_strdup_printf ("%s · %s · %s", domus_pci_device_get_bdf (device),
                            domus_pci_device_get_class_name (device), owner);
}

static GtkWidget *
device_row_new (DomusPciGroup  *self,
                DomusPciDevice *device)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = domus_pci_device_dup_title (device);
  g_autofree char *subtitle = device_subtitle (device);
  gboolean iommu = domus_host_has_iommu (self->host);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_name (row, domus_pci_device_get_bdf (device));

  if (domus_pci_device_get_domain (device) != NULL)
    add_button (self, row, device, "detach", _("_Detach…"), _("Take the device from its domain"),
                G_CALLBACK (detach_clicked_cb));
  else if (domus_pci_device_get_assignable (device))
    {
      add_button (self, row, device, "assignable-remove", _("_Give Back"),
                  _("Give the device back to dom0 and its driver"), G_CALLBACK (assignable_remove_clicked_cb));
      add_button (self, row, device, "attach", _("_Attach…"),
                  iommu ? _("Give the device to a domain")
                        : _("This host has no IOMMU: the hardware cannot pass the device through"),
                  G_CALLBACK (attach_clicked_cb));
    }
  else if ((domus_pci_device_get_class_code (device) >> 16) != 0x06)
    add_button (self, row, device, "assignable-add", _("_Make Assignable…"),
                _("Take the device from dom0, ready for a domain"), G_CALLBACK (assignable_add_clicked_cb));
  return row;
}

static void
add_row (DomusPciGroup *self,
         GtkWidget     *row)
{
  g_ptr_array_add (self->rows, row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
}

static void
rebuild (DomusPciGroup *self)
{
  g_autofree char *now = signature (self);
  GListModel *devices = domus_host_get_pci_devices (self->host);
  const GError *error = domus_host_get_pci_error (self->host);

  if (g_strcmp0 (now, self->signature) == 0)
    return;
  g_free (self->signature);
  self->signature = g_steal_pointer (&now);

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  self->notice_row = NULL;

  if (error != NULL || !domus_host_has_iommu (self->host))
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     error != NULL ? _("The devices cannot be read") : _("No IOMMU"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   error != NULL ? error->message
                                   : _("Xen reports no IOMMU on this host (no hvm_directio): the hardware cannot "
                                       "pass a device through to a domain. Devices can still be made assignable."));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      gtk_widget_add_css_class (row, "warning");
      self->notice_row = ADW_ACTION_ROW (row);
      add_row (self, row);
    }
  for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr(DomusPciDevice) device = g_list_model_get_item (devices, i);

      add_row (self, device_row_new (self, device));
    }
}

static void
read_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(DomusPciGroup) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!domus_host_refresh_pci_finish (DOMUS_HOST (source), result, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (self->host == DOMUS_HOST (source))
    rebuild (self);
}

static char *
domain_names (DomusHost *host)
{
  GListModel *domains = domus_host_get_domains (host);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (domains); i++)
    {
      g_autoptr(DomusDomain) domain = g_list_model_get_item (domains, i);

      g_string_append_printf (text, "%s;", domus_domain_get_name (domain));
    }
  return g_string_free (text, FALSE);
}

static void
read_devices (DomusPciGroup *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_free (self->domains);
  self->domains = domain_names (self->host);
  domus_host_refresh_pci_async (self->host, self->cancellable, read_done_cb, g_object_ref (self));
}

/* A domain that came or went may have taken a device or left one: the
 * devices are read again then, not at every refresh. */
static void
refreshed_cb (DomusPciGroup *self)
{
  g_autofree char *now = domain_names (self->host);

  if (g_strcmp0 (now, self->domains) != 0)
    read_devices (self);
}

static void
reload_clicked_cb (DomusPciGroup *self)
{
  if (self->host != NULL)
    read_devices (self);
}

static void
domus_pci_group_dispose (GObject *object)
{
  DomusPciGroup *self = DOMUS_PCI_GROUP (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->host != NULL)
    g_signal_handlers_disconnect_by_data (self->host, self);
  g_clear_object (&self->host);
  gtk_widget_dispose_template (GTK_WIDGET (self), DOMUS_TYPE_PCI_GROUP);

  G_OBJECT_CLASS (domus_pci_group_parent_class)->dispose (object);
}

static void
domus_pci_group_finalize (GObject *object)
{
  DomusPciGroup *self = DOMUS_PCI_GROUP (object);

  g_ptr_array_unref (self->rows);
  g_free (self->signature);
  g_free (self->domains);

  G_OBJECT_CLASS (domus_pci_group_parent_class)->finalize (object);
}

static void
domus_pci_group_class_init (DomusPciGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = domus_pci_group_dispose;
  object_class->finalize = domus_pci_group_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/domus/Domus/ui/domus-pci-group.ui");
  gtk_widget_class_bind_template_child (widget_class, DomusPciGroup, reload_button);
  gtk_widget_class_bind_template_callback (widget_class, reload_clicked_cb);
}

static void
domus_pci_group_init (DomusPciGroup *self)
{
  self->rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
domus_pci_group_set_host (DomusPciGroup *self,
                          DomusHost     *host)
{
  g_return_if_fail (DOMUS_IS_PCI_GROUP (self));
  g_return_if_fail (DOMUS_IS_HOST (host));

  if (self->host == host)
    return;
  if (self->host != NULL)
    g_signal_handlers_disconnect_by_data (self->host, self);
  g_set_object (&self->host, host);
  g_clear_pointer (&self->signature, g_free);
  g_signal_connect_swapped (host, "refreshed", G_CALLBACK (refreshed_cb), self);
  read_devices (self);
}

AdwActionRow *
domus_pci_group_get_row (DomusPciGroup *self,
                         const char    *bdf)
{
  g_return_val_if_fail (DOMUS_IS_PCI_GROUP (self), NULL);

  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);

      if (g_strcmp0 (gtk_widget_get_name (row), bdf) == 0)
        return ADW_ACTION_ROW (row);
    }
  return NULL;
}

AdwActionRow *
domus_pci_group_get_notice_row (DomusPciGroup *self)
{
  g_return_val_if_fail (DOMUS_IS_PCI_GROUP (self), NULL);
  return self->notice_row;
}
