/* domus-chart-export.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-chart-export"

#include "config.h"

#include <cairo-svg.h>
#include <glib/gi18n.h>

#include "domus-chart-export.h"
#include "domus-toast.h"

/* Rendering */

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static gboolean
check_status (cairo_status_t   status,
              GError         **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  /* TRANSLATORS: %s is cairo's reason, as "out of memory" */
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot draw the chart: %s"),
               cairo_status_to_string (status));
  return FALSE;
}

/* Finishes @surface, whose stream has been writing into @bytes. */
static GBytes *
finish_export (cairo_surface_t  *surface,
               GByteArray       *bytes,
               GError          **error)
{
  cairo_status_t status;

  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (!check_status (status, error))
    {
      g_byte_array_unref (bytes);
      return NULL;
    }
  return g_byte_array_free_to_bytes (bytes);
}

static void
render_on_background (cairo_surface_t    *surface,
                      const GdkRGBA      *background,
                      double              scale,
                      double              width,
                      double              height,
                      DomusChartDrawFunc  draw,
                      gpointer            user_data)
{
  cairo_t *cr = cairo_create (surface);

  cairo_scale (cr, scale, scale);
  gdk_cairo_set_source_rgba (cr, background);
  cairo_paint (cr);
  draw (cr, width, height, user_data);
  cairo_destroy (cr);
}

GBytes *
domus_chart_export_png (const GdkRGBA       *background,
                        int                  width,
                        int                  height,
                        int                  scale,
                        DomusChartDrawFunc   draw,
                        gpointer             user_data,
                        GError             **error)
{
  cairo_surface_t *surface;
  GByteArray *bytes;

  g_return_val_if_fail (background != NULL && draw != NULL, NULL);
  g_return_val_if_fail (width > 0 && height > 0 && scale > 0, NULL);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width * scale, height * scale);
  render_on_background (surface, background, scale, width, height, draw, user_data);
  bytes = g_byte_array_new ();
  if (!check_status (cairo_surface_write_to_png_stream (surface, append_bytes, bytes), error))
    {
      cairo_surface_destroy (surface);
      g_byte_array_unref (bytes);
      return NULL;
    }
  return finish_export (surface, bytes, error);
}

GBytes *
domus_chart_export_svg (const GdkRGBA       *background,
                        double               width,
                        double               height,
                        DomusChartDrawFunc   draw,
                        gpointer             user_data,
                        GError             **error)
{
  cairo_surface_t *surface;
  GByteArray *bytes;

  g_return_val_if_fail (background != NULL && draw != NULL, NULL);
  g_return_val_if_fail (width > 0 && height > 0, NULL);

  bytes = g_byte_array_new ();
  surface = cairo_svg_surface_create_for_stream (append_bytes, bytes, width, height);
  render_on_background (surface, background, 1.0, width, height, draw, user_data);
  return finish_export (surface, bytes, error);
}

/* Writing */

typedef struct
{
  GtkWidget            *widget;
  char                 *path;
  DomusChartExportDone  done;
  gpointer              user_data;
} Write;

static void
written_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Write *write = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      /* TRANSLATORS: %s says why */
      g_autofree char *message = g_strdup_printf (_("Cannot export: %s"), error->message);

      domus_show_toast (write->widget, message);
    }
  else
    {
      g_autofree char *basename = g_path_get_basename (write->path);
      /* TRANSLATORS: a file name */
      g_autofree char *message = g_strdup_printf (_("Exported “%s”"), basename);

      domus_show_toast (write->widget, message);
    }
  if (write->done != NULL)
    write->done (write->widget, write->path, error, write->user_data);
  g_object_unref (write->widget);
  g_free (write->path);
  g_free (write);
}

void
domus_chart_export_write (GtkWidget            *widget,
                          const char           *path,
                          GBytes               *bytes,
                          DomusChartExportDone  done,
                          gpointer              user_data)
{
  g_autoptr(GFile) file = NULL;
  Write *write;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (path != NULL && bytes != NULL);

  file = g_file_new_for_path (path);
  write = g_new0 (Write, 1);
  write->widget = g_object_ref (widget);
  write->path = g_strdup (path);
  write->done = done;
  write->user_data = user_data;
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       NULL, written_cb, write);
}
