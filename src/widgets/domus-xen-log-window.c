/* domus-xen-log-window.c: Xen's log, read whole once, then what is new after each refresh
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-xen-log-window"

#include "config.h"

#include <glib/gi18n.h>

#include "domus-xen-log.h"
#include "domus-xen-log-window.h"

/* A log followed for days keeps its last lines only. */
#define MAX_LINES 20000

struct _DomusXenLogWindow
{
  AdwWindow       parent_instance;

  /* Template widgets */
  AdwWindowTitle *window_title;
  GtkToggleButton *follow_button;
  GtkSearchBar   *search_bar;
  GtkSearchEntry *search_entry;
  GtkLabel       *matches_label;
  GtkTextView    *text_view;
  GtkLabel       *status_label;

  /* Owned references */
  DomusHost      *host;
  DomusXenLog    *log;
  GCancellable   *cancellable;
  GtkTextTag     *match_tag;
  GtkTextMark    *end_mark;
  gboolean        reading;
};

G_DEFINE_FINAL_TYPE (DomusXenLogWindow, domus_xen_log_window, ADW_TYPE_WINDOW)

static GtkTextBuffer *
buffer_of (DomusXenLogWindow *self)
{
  return gtk_text_view_get_buffer (self->text_view);
}

/* Marks every match of the search text and counts them. */
static void
update_matches (DomusXenLogWindow *self)
{
  GtkTextBuffer *buffer = buffer_of (self);
  const char *needle = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  GtkTextIter start, end, match_start, match_end;
  guint n = 0;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag (buffer, self->match_tag, &start, &end);
  if (*needle == '\0')
    {
      gtk_label_set_label (self->matches_label, "");
      return;
    }
  while (gtk_text_iter_forward_search (&start, needle, GTK_TEXT_SEARCH_CASE_INSENSITIVE | GTK_TEXT_SEARCH_TEXT_ONLY,
                                       &match_start, &match_end, NULL))
    {
      gtk_text_buffer_apply_tag (buffer, self->match_tag, &match_start, &match_end);
      start = match_end;
      n++;
    }
  text = n == 0 ? g_strdup (_("No matches")) : g_strdup_printf (ngettext ("%u match", "%u matches", n), n);
  gtk_label_set_label (self->matches_label, text);
}

/* Selects the next (or previous) match from the selection, round the end. */
static gboolean
select_match (DomusXenLogWindow *self,
              gboolean           forward)
{
  GtkTextBuffer *buffer = buffer_of (self);
  const char *needle = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  GtkTextSearchFlags flags = GTK_TEXT_SEARCH_CASE_INSENSITIVE | GTK_TEXT_SEARCH_TEXT_ONLY;
  GtkTextIter from, sel_start, sel_end, match_start, match_end;
  gboolean found;

  if (*needle == '\0')
    return FALSE;
  gtk_text_buffer_get_selection_bounds (buffer, &sel_start, &sel_end);
  if (forward)
    {
      from = sel_end;
      found = gtk_text_iter_forward_search (&from, needle, flags, &match_start, &match_end, NULL);
      if (!found)
        {
          gtk_text_buffer_get_start_iter (buffer, &from);
          found = gtk_text_iter_forward_search (&from, needle, flags, &match_start, &match_end, NULL);
        }
    }
  else
    {
      from = sel_start;
      found = gtk_text_iter_backward_search (&from, needle, flags, &match_start, &match_end, NULL);
      if (!found)
        {
          gtk_text_buffer_get_end_iter (buffer, &from);
          found = gtk_text_iter_backward_search (&from, needle, flags, &match_start, &match_end, NULL);
        }
    }
  if (!found)
    return FALSE;
  gtk_text_buffer_select_range (buffer, &match_start, &match_end);
  /* A mark, not an iter: it scrolls once the lines are laid out. */
  gtk_text_view_scroll_to_mark (self->text_view, gtk_text_buffer_get_insert (buffer), 0.1, FALSE, 0, 0.5);
  /* Looking at a match: new lines do not scroll it away. */
  gtk_toggle_button_set_active (self->follow_button, FALSE);
  return TRUE;
}

static void
search_changed_cb (DomusXenLogWindow *self)
{
  GtkTextBuffer *buffer = buffer_of (self);
  GtkTextIter start;

  update_matches (self);
  /* From the top: the first match. */
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_select_range (buffer, &start, &start);
  select_match (self, TRUE);
}

static void
next_match_cb (DomusXenLogWindow *self)
{
  select_match (self, TRUE);
}

static void
previous_match_cb (DomusXenLogWindow *self)
{
  select_match (self, FALSE);
}

static void
update_status (DomusXenLogWindow *self,
               const GError      *error)
{
  g_autofree char *text = NULL;
  int n_lines = gtk_text_buffer_get_line_count (buffer_of (self)) - 1;

  if (error != NULL)
    {
      gtk_label_set_label (self->status_label, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
  text = g_strdup_printf (ngettext ("%d line", "%d lines", MAX (n_lines, 0)), MAX (n_lines, 0));
  gtk_label_set_label (self->status_label, text);
}

static void
append_text (DomusXenLogWindow *self,
             GBytes            *news)
{
  GtkTextBuffer *buffer = buffer_of (self);
  gsize size;
  const char *data = g_bytes_get_data (news, &size);
  g_autofree char *text = NULL;
  GtkTextIter end, start, cut;
  int n_lines;

  if (size == 0)
    return;
  /* Xen writes bytes; a text view shows UTF-8. */
  text = g_utf8_make_valid (data, (gssize) size);
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert (buffer, &end, text, -1);

  n_lines = gtk_text_buffer_get_line_count (buffer);
  if (n_lines > MAX_LINES)
    {
      gtk_text_buffer_get_start_iter (buffer, &start);
      gtk_text_buffer_get_iter_at_line (buffer, &cut, n_lines - MAX_LINES);
      gtk_text_buffer_delete (buffer, &start, &cut);
    }
  if (gtk_search_bar_get_search_mode (self->search_bar))
    update_matches (self);
  if (gtk_toggle_button_get_active (self->follow_button))
    gtk_text_view_scroll_to_mark (self->text_view, self->end_mark, 0, TRUE, 0, 1);
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(DomusXenLogWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) news = domus_xen_log_read_finish (DOMUS_XEN_LOG (source), result, &error);

  self->reading = FALSE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (news != NULL)
    append_text (self, news);
  update_status (self, error);
}

static void
read_more (DomusXenLogWindow *self)
{
  if (self->reading)
    return;
  self->reading = TRUE;
  domus_xen_log_read_async (self->log, self->cancellable, read_cb, g_object_ref (self));
}

static void
follow_toggled_cb (DomusXenLogWindow *self)
{
  if (gtk_toggle_button_get_active (self->follow_button))
    gtk_text_view_scroll_to_mark (self->text_view, self->end_mark, 0, TRUE, 0, 1);
}

static void
copy_all_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  g_autofree char *text = domus_xen_log_window_dup_text (DOMUS_XEN_LOG_WINDOW (widget));

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DomusXenLogWindow *self = DOMUS_XEN_LOG_WINDOW (widget);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
domus_xen_log_window_dispose (GObject *object)
{
  DomusXenLogWindow *self = DOMUS_XEN_LOG_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->host != NULL)
    g_signal_handlers_disconnect_by_data (self->host, self);
  g_clear_object (&self->host);
  g_clear_object (&self->log);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), DOMUS_TYPE_XEN_LOG_WINDOW);

  G_OBJECT_CLASS (domus_xen_log_window_parent_class)->dispose (object);
}

static void
domus_xen_log_window_class_init (DomusXenLogWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = domus_xen_log_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/domus/Domus/ui/domus-xen-log-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DomusXenLogWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, DomusXenLogWindow, follow_button);
  gtk_widget_class_bind_template_child (widget_class, DomusXenLogWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, DomusXenLogWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DomusXenLogWindow, matches_label);
  gtk_widget_class_bind_template_child (widget_class, DomusXenLogWindow, text_view);
  gtk_widget_class_bind_template_child (widget_class, DomusXenLogWindow, status_label);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, next_match_cb);
  gtk_widget_class_bind_template_callback (widget_class, previous_match_cb);

  gtk_widget_class_install_action (widget_class, "log.copy-all", NULL, copy_all_action);
  gtk_widget_class_install_action (widget_class, "log.search", NULL, search_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "log.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
domus_xen_log_window_init (DomusXenLogWindow *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter end;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  buffer = buffer_of (self);
  self->match_tag = gtk_text_buffer_create_tag (buffer, "match", "background", "#f6d32d", "foreground", "#241f31",
                                                NULL);
  gtk_text_buffer_get_end_iter (buffer, &end);
  self->end_mark = gtk_text_buffer_create_mark (buffer, "end", &end, FALSE);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));
  g_signal_connect_swapped (self->follow_button, "toggled", G_CALLBACK (follow_toggled_cb), self);
}

DomusXenLogWindow *
domus_xen_log_window_new (DomusHost *host)
{
  DomusXenLogWindow *self;

  g_return_val_if_fail (DOMUS_IS_HOST (host), NULL);

  self = g_object_new (DOMUS_TYPE_XEN_LOG_WINDOW, NULL);
  self->host = g_object_ref (host);
  self->log = domus_xen_log_new (host);
  adw_window_title_set_subtitle (self->window_title, domus_host_get_hostname (host));
  /* The whole ring now; what is new after each of the host's refreshes. */
  g_signal_connect_swapped (host, "refreshed", G_CALLBACK (read_more), self);
  read_more (self);
  return self;
}

DomusHost *
domus_xen_log_window_get_host (DomusXenLogWindow *self)
{
  g_return_val_if_fail (DOMUS_IS_XEN_LOG_WINDOW (self), NULL);

  return self->host;
}

char *
domus_xen_log_window_dup_text (DomusXenLogWindow *self)
{
  GtkTextIter start, end;

  g_return_val_if_fail (DOMUS_IS_XEN_LOG_WINDOW (self), NULL);

  gtk_text_buffer_get_bounds (buffer_of (self), &start, &end);
  return gtk_text_buffer_get_text (buffer_of (self), &start, &end, FALSE);
}
