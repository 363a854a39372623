/* domus-window-private.h: what the window's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "domus-bench-page.h"
#include "domus-domain-page.h"
#include "domus-fleet-page.h"
#include "domus-host-page.h"
#include "domus-qos-page.h"
#include "domus-storage-page.h"
#include "domus-window.h"

G_BEGIN_DECLS

struct _DomusWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkButton            *pause_button;
  GtkMenuButton        *domain_menu_button;
  GtkMenuButton        *primary_menu_button;
  GMenuModel           *domain_menu;
  GMenuModel           *primary_menu;
  GtkRevealer          *operation_revealer;
  GtkLabel             *operation_label;
  GtkProgressBar       *operation_progress;
  GtkRevealer          *banner_revealer;
  GtkLabel             *banner_label;
  AdwViewStack         *view_stack;
  AdwViewSwitcherTitle *switcher_title;
  GtkStack             *domains_stack;
  AdwStatusPage        *error_status;
  GtkColumnView        *domain_view;
  DomusDomainPage      *domain_page;
  AdwBin               *qos_bin;
  AdwBin               *bench_bin;
  AdwBin               *host_bin;
  AdwBin               *storage_bin;
  AdwViewStackPage     *fleet_stack_page;
  AdwBin               *fleet_bin;

  /* The other pages, built the first time they are shown or asked for
   * (domus_window_get_page()), into their bins: NULL until then. */
  DomusQosPage         *qos_page;
  DomusBenchPage       *bench_page;
  DomusHostPage        *host_page;
  DomusStoragePage     *storage_page;
  DomusFleetPage       *fleet_page;

  /* Owned references */
  DomusHost            *host;
  GSettings            *settings;
  DomusFleet           *fleet;         /* the Hosts page's, once set */
  GtkSingleSelection   *selection;
  GCancellable         *operation;     /* the save, restore or create under way */
  GSignalGroup         *selected_signals;
  GHashTable           *configs;       /* path → DomusXlConfig read for "keep settings" */
  guint                 follow_id;     /* the shown domain went: see what follows it */
  gboolean              following;
  guint                 created_domid; /* made by the new-domain assistant, to select */
  gulong                created_handler;
  gint64                storage_read_us; /* host clock of the last storage read begun */
  gboolean              storage_reading;
};

/* domus-window-lifecycle.c */
void _domus_window_class_lifecycle_init (GtkWidgetClass *widget_class);
void _domus_window_lifecycle_init       (DomusWindow    *self);
void _domus_window_update_actions       (DomusWindow    *self);
void _domus_window_toast                (DomusWindow    *self,
                                         const char     *message);
DomusDomain *_domus_window_get_selected (DomusWindow    *self);
/* A long request (save, restore, create, migrate): one at a time, with
 * progress and cancel in the window's bar. */
void _domus_window_start_operation      (DomusWindow    *self,
                                         DomusRequest   *request,
                                         const char     *label);

/* domus-window-clone.c */
void _domus_window_class_clone_init     (GtkWidgetClass *widget_class);
/* Reads the host's storage when the last read is old enough, for the
 * Storage page and the domain page's warning of a nearly full snapshot. */
void _domus_window_watch_storage        (DomusWindow    *self);

/* domus-window-migrate.c */
void _domus_window_class_migrate_init   (GtkWidgetClass *widget_class);

/* domus-window-hvm.c */
void _domus_window_class_hvm_init       (GtkWidgetClass *widget_class);
void _domus_window_hvm_update_actions   (DomusWindow    *self);

G_END_DECLS
