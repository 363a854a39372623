/* bench-ui.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bench-ui.h"

const char * const bench_ui_workloads[] = {
  "{\"kind\": \"bursty\", \"duty\": 0.3, \"period_ms\": 700}",
  NULL
};

DomusWindow *
bench_ui_open_window (DomusHost  *host,
                      const char *domain)
{
  DomusWindow *window = domus_window_new (NULL, host);

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  domus_window_select_domain (window, domus_host_lookup_domain_by_name (host, domain));

  while (!gtk_widget_get_mapped (GTK_WIDGET (window)))
    g_main_context_iteration (NULL, TRUE);
  return window;
}
