/* domus-share-bars.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-share-bars"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "domus-share-bars.h"

#define BAR_HEIGHT   14
#define ROW_SPACING  8
#define LABEL_WIDTH  64

struct _DomusShareBars
{
  GtkWidget    parent_instance;

  guint        n_pcpus;
  guint        n_parts;
  double      *shares;     /* n_pcpus × n_parts */
  GdkRGBA     *colors;     /* n_parts */
  PangoLayout *label;      /* reused for every row's label */
};

G_DEFINE_FINAL_TYPE (DomusShareBars, domus_share_bars, GTK_TYPE_WIDGET)

static void
domus_share_bars_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  DomusShareBars *self = DOMUS_SHARE_BARS (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = LABEL_WIDTH + 120;
  else
    *minimum = *natural = self->n_pcpus * (BAR_HEIGHT + ROW_SPACING) + ROW_SPACING;
}

static void
domus_share_bars_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  DomusShareBars *self = DOMUS_SHARE_BARS (widget);
  int width = gtk_widget_get_width (widget);
  double bar_width = width - LABEL_WIDTH - 12;
  GdkRGBA fg, track;

  if (width <= LABEL_WIDTH || self->n_pcpus == 0)
    return;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  track = fg;
  track.alpha *= 0.1;

  for (guint p = 0; p < self->n_pcpus; p++)
    {
      double y = ROW_SPACING + p * (BAR_HEIGHT + ROW_SPACING);
      double x = LABEL_WIDTH;
      char text[32];
      int text_height;

      g_snprintf (text, sizeof text, _("pCPU %u"), p);
      pango_layout_set_text (self->label, text, -1);
      pango_layout_get_pixel_size (self->label, NULL, &text_height);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, y + (BAR_HEIGHT - text_height) / 2.0));
      gtk_snapshot_append_layout (snapshot, self->label, &fg);
      gtk_snapshot_restore (snapshot);

      gtk_snapshot_append_color (snapshot, &track,
                                 &GRAPHENE_RECT_INIT (x, y, bar_width, BAR_HEIGHT));
      for (guint i = 0; i < self->n_parts; i++)
        {
          double share = self->shares[p * self->n_parts + i];
          double w = bar_width * CLAMP (share, 0, 100) / 100.0;

          if (isnan (share) || w < 0.5)
            continue;
          w = MIN (w, LABEL_WIDTH + bar_width - x);
          gtk_snapshot_append_color (snapshot, &self->colors[i], &GRAPHENE_RECT_INIT (x, y, w, BAR_HEIGHT));
          x += w;
        }
    }
}

static void
domus_share_bars_finalize (GObject *object)
{
  DomusShareBars *self = DOMUS_SHARE_BARS (object);

  g_free (self->shares);
  g_free (self->colors);
  g_clear_object (&self->label);

  G_OBJECT_CLASS (domus_share_bars_parent_class)->finalize (object);
}

static void
domus_share_bars_class_init (DomusShareBarsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = domus_share_bars_finalize;
  widget_class->measure = domus_share_bars_measure;
  widget_class->snapshot = domus_share_bars_snapshot;

  gtk_widget_class_set_css_name (widget_class, "domus-share-bars");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
domus_share_bars_init (DomusShareBars *self)
{
  self->label = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
}

GtkWidget *
domus_share_bars_new (void)
{
  return g_object_new (DOMUS_TYPE_SHARE_BARS, NULL);
}

void
domus_share_bars_set (DomusShareBars      *self,
                      guint                n_pcpus,
                      guint                n_parts,
                      const double        *shares,
                      const GdkRGBA       *colors,
                      const char * const  *names)
{
  g_autoptr(GString) description = g_string_new (NULL);
  gboolean resized;

  g_return_if_fail (DOMUS_IS_SHARE_BARS (self));

  resized = n_pcpus != self->n_pcpus;
  self->n_pcpus = n_pcpus;
  self->n_parts = n_parts;
  self->shares = g_renew (double, self->shares, MAX (n_pcpus * n_parts, 1));
  self->colors = g_renew (GdkRGBA, self->colors, MAX (n_parts, 1));
  memcpy (self->shares, shares, sizeof (double) * n_pcpus * n_parts);
  memcpy (self->colors, colors, sizeof (GdkRGBA) * n_parts);

  /* Said for screen readers: "pCPU 0: clone1 62 %, clone2 38 %; …" */
  for (guint p = 0; p < n_pcpus; p++)
    {
      g_string_append_printf (description, _("pCPU %u:"), p);
      for (guint i = 0; i < n_parts; i++)
        if (shares[p * n_parts + i] >= 0.5)
          g_string_append_printf (description, " %s %.0f %%", names[i], shares[p * n_parts + i]);
      g_string_append (description, p + 1 < n_pcpus ? "; " : "");
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description->str, -1);

  if (resized)
    gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

double
domus_share_bars_get_share (DomusShareBars *self,
                            guint           pcpu,
                            guint           part)
{
  g_return_val_if_fail (DOMUS_IS_SHARE_BARS (self), NAN);

  if (pcpu >= self->n_pcpus || part >= self->n_parts)
    return NAN;
  return self->shares[pcpu * self->n_parts + part];
}
