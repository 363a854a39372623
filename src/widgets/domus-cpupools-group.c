/* domus-cpupools-group.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-cpupools-group"

#include "config.h"

#include <glib/gi18n.h>

#include "domus-cpulist.h"
#include "domus-cpupools-group.h"
#include "domus-format.h"
#include "domus-toast.h"

struct _DomusCpupoolsGroup
{
  AdwPreferencesGroup  parent_instance;

  /* Template widgets */
  GtkButton           *new_button;

  /* Owned references */
  DomusHost           *host;
  GPtrArray           *rows;        /* the rows added, to remove them */
  char                *signature;   /* what the rows show, to build them again only on a change */
  GHashTable          *expanded;    /* names of the pools whose rows are open */
};

G_DEFINE_FINAL_TYPE (DomusCpupoolsGroup, domus_cpupools_group, ADW_TYPE_PREFERENCES_GROUP)

static void rebuild (DomusCpupoolsGroup *self);

/* Everything the rows show: pools, their pCPUs and domains. */
static char *
signature (DomusHost *host)
{
  GListModel *pools = domus_host_get_cpupools (host);
  GListModel *domains = domus_host_get_domains (host);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (pools); i++)
    {
      g_autoptr(DomusCpupool) pool = g_list_model_get_item (pools, i);

      g_string_append_printf (text, "%u:%s:%d:%" G_GUINT64_FORMAT ";", domus_cpupool_get_id (pool),
                              domus_cpupool_get_name (pool), domus_cpupool_get_scheduler (pool),
                              domus_cpupool_get_cpus (pool));
    }
  for (guint i = 0; i < g_list_model_get_n_items (domains); i++)
    {
      g_autoptr(DomusDomain) domain = g_list_model_get_item (domains, i);

      g_string_append_printf (text, "%s:%u;", domus_domain_get_name (domain), domus_domain_get_cpupool_id (domain));
    }
  return g_string_free (text, FALSE);
}

static void
request_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(DomusCpupoolsGroup) self = user_data;
  g_autoptr(GError) error = NULL;

  if (domus_host_request_finish (DOMUS_HOST (source), result, &error) < 0)
    domus_show_toast (GTK_WIDGET (self), error->message);
  /* A toggle the host refused goes back to what the host says. */
  g_clear_pointer (&self->signature, g_free);
  if (self->host == DOMUS_HOST (source))
    rebuild (self);
}

static void
send (DomusCpupoolsGroup *self,
      DomusRequest       *request)
{
  domus_host_request_async (self->host, request, NULL, request_done_cb, g_object_ref (self));
}

static void
cpu_toggled_cb (GtkToggleButton    *button,
                DomusCpupoolsGroup *self)
{
  guint cpu = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "cpu"));
  const char *pool = g_object_get_data (G_OBJECT (button), "pool");
  DomusRequestKind kind = gtk_toggle_button_get_active (button) ? DOMUS_REQUEST_CPUPOOL_CPU_ADD
                                                                : DOMUS_REQUEST_CPUPOOL_CPU_REMOVE;

  send (self, domus_request_new_for_cpupool (kind, pool, G_GUINT64_CONSTANT (1) << cpu));
}

static void
destroy_clicked_cb (GtkButton          *button,
                    DomusCpupoolsGroup *self)
{
  const char *pool = g_object_get_data (G_OBJECT (button), "pool");

  send (self, domus_request_new_for_cpupool (DOMUS_REQUEST_CPUPOOL_DESTROY, pool, 0));
}

static void
move_clicked_cb (GtkButton          *button,
                 DomusCpupoolsGroup *self)
{
  GtkDropDown *choice = g_object_get_data (G_OBJECT (button), "choice");
  GtkStringObject *item = gtk_drop_down_get_selected_item (choice);
  DomusDomain *domain = item != NULL ? domus_host_lookup_domain_by_name (self->host, gtk_string_object_get_string (item))
                                     : NULL;
  DomusRequest *request;

  if (domain == NULL)
    return;
  request = domus_request_new_for_domain (DOMUS_REQUEST_CPUPOOL_MIGRATE, domain);
  request->pool = g_strdup (g_object_get_data (G_OBJECT (button), "pool"));
  send (self, request);
}

/* A toggle per pCPU of the host: this pool's on, free ones off, others'
 * not to be had (Xen wants a pCPU free before it joins a pool). */
static GtkWidget *
cpus_row_new (DomusCpupoolsGroup *self,
              DomusCpupool       *pool)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("pCPUs"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Toggle a free pCPU in, or one of the pool’s out"));
  gtk_widget_add_css_class (box, "linked");
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  for (guint cpu = 0; cpu < MIN (domus_host_get_n_pcpus (self->host), DOMUS_CPULIST_MAX_PCPUS); cpu++)
    {
      g_autofree char *label = g_strdup_printf ("%u", cpu);
      GtkWidget *button = gtk_toggle_button_new_with_label (label);
      DomusCpupool *owner = domus_host_lookup_cpupool_of_cpu (self->host, cpu);

      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), owner == pool);
      if (owner != NULL && owner != pool)
        {
          g_autofree char *tip = g_strdup_printf (_("pCPU %u is in “%s”: take it out of there first"),
                                                  cpu, domus_cpupool_get_name (owner));

          gtk_widget_set_sensitive (button, FALSE);
          gtk_widget_set_tooltip_text (button, tip);
        }
      g_object_set_data (G_OBJECT (button), "cpu", GUINT_TO_POINTER (cpu));
      g_object_set_data_full (G_OBJECT (button), "pool", g_strdup (domus_cpupool_get_name (pool)), g_free);
      g_signal_connect (button, "toggled", G_CALLBACK (cpu_toggled_cb), self);
      gtk_box_append (GTK_BOX (box), button);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);
  return row;
}

/* Its domains, and a choice of the others (not Domain-0) to move here. */
static GtkWidget *
domains_row_new (DomusCpupoolsGroup *self,
                 DomusCpupool       *pool)
{
  GListModel *domains = domus_host_get_domains (self->host);
  g_autoptr(GtkStringList) others = gtk_string_list_new (NULL);
  g_autofree char *names = domus_host_dup_cpupool_domain_names (self->host, pool);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *choice, *button;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Domains"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), names[0] != '\0' ? names : _("None"));
  for (guint i = 0; i < g_list_model_get_n_items (domains); i++)
    {
      g_autoptr(DomusDomain) domain = g_list_model_get_item (domains, i);

      if (domus_domain_get_id (domain) != 0 && domus_domain_get_cpupool_id (domain) != domus_cpupool_get_id (pool))
        gtk_string_list_append (others, domus_domain_get_name (domain));
    }
  if (g_list_model_get_n_items (G_LIST_MODEL (others)) == 0 || domus_cpupool_get_cpus (pool) == 0)
    return row;

  choice = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (others)), NULL);
  gtk_widget_set_valign (choice, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (choice, _("A domain of another pool"));
  button = gtk_button_new_with_label (_("Move Here"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_object_set_data (G_OBJECT (button), "choice", choice);
  g_object_set_data_full (G_OBJECT (button), "pool", g_strdup (domus_cpupool_get_name (pool)), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (move_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), choice);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

static GtkWidget *
pool_row_new (DomusCpupoolsGroup *self,
              DomusCpupool       *pool)
{
  GtkWidget *row = adw_expander_row_new ();
  guint n_domains = domus_cpupool_get_n_domains (pool);
  const char *cpus = domus_cpupool_get_cpus_text (pool);
  g_autofree char *domains = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u domain", "%u domains", n_domains), n_domains);
  /* TRANSLATORS: a cpupool's scheduler, pCPUs and domains: "Credit2 · pCPUs 2-3 · 1 domain" */
  g_autofree char *subtitle = g_strdup_printf (_("%s · pCPUs %s · %s"),
                                               domus_format_scheduler (domus_cpupool_get_scheduler (pool)),
                                               cpus[0] != '\0' ? cpus : _("none"), domains);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), domus_cpupool_get_name (pool));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  gtk_widget_set_name (row, domus_cpupool_get_name (pool));
  if (domus_cpupool_get_id (pool) != 0)
    {
      GtkWidget *destroy = gtk_button_new_from_icon_name ("user-trash-symbolic");

      gtk_widget_set_valign (destroy, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (destroy, "flat");
      gtk_widget_set_tooltip_text (destroy, n_domains > 0 ? _("Destroy (once its domains are moved)")
                                                          : _("Destroy; its pCPUs become free"));
      g_object_set_data_full (G_OBJECT (destroy), "pool", g_strdup (domus_cpupool_get_name (pool)), g_free);
      g_signal_connect (destroy, "clicked", G_CALLBACK (destroy_clicked_cb), self);
      adw_expander_row_add_action (ADW_EXPANDER_ROW (row), destroy);
    }
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), cpus_row_new (self, pool));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), domains_row_new (self, pool));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row),
                                 g_hash_table_contains (self->expanded, domus_cpupool_get_name (pool)));
  return row;
}

static guint64
free_cpus (DomusHost *host)
{
  GListModel *pools = domus_host_get_cpupools (host);
  guint64 cpus = domus_cpulist_all (MIN (domus_host_get_n_pcpus (host), DOMUS_CPULIST_MAX_PCPUS));

  for (guint i = 0; i < g_list_model_get_n_items (pools); i++)
    {
      g_autoptr(DomusCpupool) pool = g_list_model_get_item (pools, i);

      cpus &= ~domus_cpupool_get_cpus (pool);
    }
  return cpus;
}

static void
rebuild (DomusCpupoolsGroup *self)
{
  g_autofree char *now = signature (self->host);
  GListModel *pools = domus_host_get_cpupools (self->host);
  guint64 free = free_cpus (self->host);

  if (g_strcmp0 (now, self->signature) == 0)
    return;
  g_free (self->signature);
  self->signature = g_steal_pointer (&now);

  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);

      if (ADW_IS_EXPANDER_ROW (row) && !adw_expander_row_get_expanded (ADW_EXPANDER_ROW (row)))
        g_hash_table_remove (self->expanded, adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
      else if (ADW_IS_EXPANDER_ROW (row))
        g_hash_table_add (self->expanded, g_strdup (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row))));
      adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), row);
    }
  g_ptr_array_set_size (self->rows, 0);

  for (guint i = 0; i < g_list_model_get_n_items (pools); i++)
    {
      g_autoptr(DomusCpupool) pool = g_list_model_get_item (pools, i);
      GtkWidget *row = pool_row_new (self, pool);

      g_ptr_array_add (self->rows, row);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
    }
  if (free != 0)
    {
      g_autofree char *text = domus_cpulist_format_ranges (free, MIN (domus_host_get_n_pcpus (self->host),
                                                                      DOMUS_CPULIST_MAX_PCPUS));
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Free pCPUs"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text);
      g_ptr_array_add (self->rows, row);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
    }
}

typedef struct
{
  DomusCpupoolsGroup *self;
  GtkEditable        *name;
  GtkDropDown        *scheduler;
  GtkEditable        *cpus;
} NewPool;

static void
new_pool_free (NewPool *data)
{
  g_object_unref (data->self);
  g_free (data);
}

static void
new_pool_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      NewPool          *data)
{
  DomusCpupoolsGroup *self = data->self;
  g_autoptr(GError) error = NULL;
  const char *cpus = gtk_editable_get_text (data->cpus);
  DomusRequest *request;

  if (g_strcmp0 (response, "create") != 0 || self->host == NULL)
    return;
  request = domus_request_new_for_cpupool (DOMUS_REQUEST_CPUPOOL_CREATE, gtk_editable_get_text (data->name), 0);
  request->scheduler = gtk_drop_down_get_selected (data->scheduler) == 1 ? DOMUS_SCHEDULER_CREDIT2
                                                                         : DOMUS_SCHEDULER_CREDIT;
  if (cpus[0] != '\0' && !domus_cpulist_parse (cpus, domus_host_get_n_pcpus (self->host), &request->cpus, &error))
    {
      domus_show_toast (GTK_WIDGET (self), error->message);
      domus_request_free (request);
      return;
    }
  send (self, request);
}

static GtkWidget *
entry_row (GtkWidget  *box,
           const char *title,
           GtkWidget  *field)
{
  GtkWidget *label = gtk_label_new (title);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), field);
  return field;
}

/* New Pool…: a name, a scheduler and free pCPUs (all of them to start). */
static void
new_clicked_cb (DomusCpupoolsGroup *self)
{
  static const char * const schedulers[] = { "credit", "credit2", NULL };
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog, *box;
  g_autofree char *free_text = NULL;
  NewPool *data;

  if (self->host == NULL)
    return;
  free_text = domus_cpulist_format_ranges (free_cpus (self->host),
                                           MIN (domus_host_get_n_pcpus (self->host), DOMUS_CPULIST_MAX_PCPUS));
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _("New Cpupool"),
                                   free_text[0] != '\0'
                                   ? NULL : _("No pCPU is free: take one out of its pool first."));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  data = g_new0 (NewPool, 1);
  data->self = g_object_ref (self);
  data->name = GTK_EDITABLE (entry_row (box, _("Name"), gtk_entry_new ()));
  data->scheduler = GTK_DROP_DOWN (entry_row (box, _("Scheduler"), gtk_drop_down_new_from_strings (schedulers)));
  gtk_drop_down_set_selected (data->scheduler, domus_host_get_scheduler (self->host) == DOMUS_SCHEDULER_CREDIT2);
  data->cpus = GTK_EDITABLE (entry_row (box, _("Free pCPUs to put in it"), gtk_entry_new ()));
  gtk_editable_set_text (data->cpus, free_text);
  gtk_editable_set_text (data->name, "p1");
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "create", _("C_reate"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "create", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "create");
  g_signal_connect_data (dialog, "response", G_CALLBACK (new_pool_response_cb), data,
                         (GClosureNotify) (void (*) (void)) new_pool_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
domus_cpupools_group_dispose (GObject *object)
{
  DomusCpupoolsGroup *self = DOMUS_CPUPOOLS_GROUP (object);

  if (self->host != NULL)
    g_signal_handlers_disconnect_by_data (self->host, self);
  g_clear_object (&self->host);
  gtk_widget_dispose_template (GTK_WIDGET (self), DOMUS_TYPE_CPUPOOLS_GROUP);

  G_OBJECT_CLASS (domus_cpupools_group_parent_class)->dispose (object);
}

static void
domus_cpupools_group_finalize (GObject *object)
{
  DomusCpupoolsGroup *self = DOMUS_CPUPOOLS_GROUP (object);

  g_ptr_array_unref (self->rows);
  g_hash_table_unref (self->expanded);
  g_free (self->signature);

  G_OBJECT_CLASS (domus_cpupools_group_parent_class)->finalize (object);
}

static void
domus_cpupools_group_class_init (DomusCpupoolsGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = domus_cpupools_group_dispose;
  object_class->finalize = domus_cpupools_group_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/domus/Domus/ui/domus-cpupools-group.ui");
  gtk_widget_class_bind_template_child (widget_class, DomusCpupoolsGroup, new_button);
  gtk_widget_class_bind_template_callback (widget_class, new_clicked_cb);
}

static void
domus_cpupools_group_init (DomusCpupoolsGroup *self)
{
  self->rows = g_ptr_array_new ();
  self->expanded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
domus_cpupools_group_set_host (DomusCpupoolsGroup *self,
                               DomusHost          *host)
{
  g_return_if_fail (DOMUS_IS_CPUPOOLS_GROUP (self));
  g_return_if_fail (DOMUS_IS_HOST (host));

  if (self->host == host)
    return;
  if (self->host != NULL)
    g_signal_handlers_disconnect_by_data (self->host, self);
  g_set_object (&self->host, host);
  g_clear_pointer (&self->signature, g_free);
  g_hash_table_remove_all (self->expanded);
  g_signal_connect_swapped (host, "refreshed", G_CALLBACK (rebuild), self);
  rebuild (self);
}

AdwExpanderRow *
domus_cpupools_group_get_row (DomusCpupoolsGroup *self,
                              const char         *name)
{
  g_return_val_if_fail (DOMUS_IS_CPUPOOLS_GROUP (self), NULL);

  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);

      if (ADW_IS_EXPANDER_ROW (row) && g_strcmp0 (gtk_widget_get_name (row), name) == 0)
        return ADW_EXPANDER_ROW (row);
    }
  return NULL;
}
