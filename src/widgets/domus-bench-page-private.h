/* domus-bench-page-private.h: what the files of the Benchmarks page share
 *
 * DomusBenchPage is written in four files: domus-bench-page.c (the page,
 * running a benchmark, writing files), domus-bench-page-spec.c (the spec
 * editor: picking, opening, editing and saving a spec),
 * domus-bench-page-results.c (the result sets shown and compared, their
 * table and chart) and domus-bench-page-export.c (the table as CSV, the
 * chart as PNG or SVG). This header holds the instance structure and the
 * functions one file calls in another.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "domus-bench-chart.h"
#include "domus-bench-page.h"
#include "domus-fleet.h"

G_BEGIN_DECLS

enum {
  COLUMN_SET,
  COLUMN_CATEGORY,
  COLUMN_DETAIL,
  COLUMN_N,
  COLUMN_FAILED,
  COLUMN_MEAN,
  COLUMN_MEDIAN,
  COLUMN_STDDEV,
  COLUMN_MIN,
  COLUMN_MAX,
  COLUMN_P95,
  COLUMN_P99,
  COLUMN_SLA,
  N_COLUMNS
};

struct _DomusBenchPage
{
  GtkWidget            parent_instance;

  /* Template widgets */
  GtkPaned            *paned;
  GtkDropDown         *spec_dropdown;
  GtkTextView         *spec_view;
  GtkLabel            *spec_error;
  GtkButton           *run_button;
  GtkButton           *cancel_button;
  GtkProgressBar      *progress;
  GtkLabel            *status_label;
  GtkToggleButton     *box_toggle;
  GtkDropDown         *run_dropdown;
  GtkDropDown         *compare_dropdown;
  DomusBenchChart     *chart;
  GtkLabel            *failures_label;
  AdwPreferencesGroup *table_group;
  GtkColumnView       *table;

  /* Owned references */
  DomusHost           *host;
  DomusFleet          *fleet;          /* where a "return" step's peer is found, or NULL */
  GtkStringList       *specs;          /* paths of the specs to pick from */
  GtkStringList       *runs;           /* paths of the result sets, newest first */
  GtkStringList       *compare_runs;   /* "" (none), then as runs */
  char                *spec_path;      /* the spec in the editor, NULL when typed in */
  char                *spec_error_text;
  DomusBenchResults   *shown;
  DomusBenchResults   *compare;
  DomusBenchResults   *live;           /* the run under way, or the last one */
  GListStore          *row_sources;    /* GListModel: the groups of shown, of compare */
  GtkFlattenListModel *rows;
  DomusBenchRunner    *runner;
  GCancellable        *cancellable;
  GtkColumnViewColumn *columns[N_COLUMNS];
  gboolean             updating;       /* the run lists are being refilled */
};

/* A file being written; see _domus_bench_page_write_file(). */
typedef struct
{
  DomusBenchPage *self;
  char           *path;
  char           *done;    /* the toast */
} Write;

/* domus-bench-page.c */
void            _domus_bench_page_update_actions        (DomusBenchPage       *self);
void            _domus_bench_page_show_status           (DomusBenchPage       *self,
                                                         const char           *message,
                                                         gboolean              is_error);
guint           _domus_bench_page_find_string           (GtkStringList        *list,
                                                         const char           *string);
void            _domus_bench_page_set_label_expression  (GtkDropDown          *dropdown,
                                                         GCallback             label);
/* Writes @bytes to @path asynchronously; @callback finishes with
 * g_file_replace_contents_finish(), then _domus_bench_page_write_done(). */
void            _domus_bench_page_write_file            (DomusBenchPage       *self,
                                                         const char           *path,
                                                         GBytes               *bytes,
                                                         const char           *done,
                                                         GAsyncReadyCallback   callback);
void            _domus_bench_page_file_written          (DomusBenchPage       *self,
                                                         const char           *path,
                                                         const GError         *error);
/* Emits ::file-written for @write, and frees it. */
void            _domus_bench_page_write_done            (Write                *write,
                                                         const GError         *error);

/* domus-bench-page-spec.c */
void            _domus_bench_page_class_spec_init       (GtkWidgetClass       *widget_class);
void            _domus_bench_page_spec_init             (DomusBenchPage       *self);
DomusBenchSpec *_domus_bench_page_parse_spec            (DomusBenchPage       *self,
                                                         GError              **error);

/* domus-bench-page-results.c */
void            _domus_bench_page_results_init          (DomusBenchPage       *self);
void            _domus_bench_page_set_results           (DomusBenchResults   **slot,
                                                         DomusBenchResults    *results,
                                                         DomusBenchPage       *self);
void            _domus_bench_page_update_view           (DomusBenchPage       *self);
void            _domus_bench_page_refresh_runs          (DomusBenchPage       *self);

/* domus-bench-page-export.c */
void            _domus_bench_page_class_export_init     (GtkWidgetClass       *widget_class);
void            _domus_bench_page_export_update_actions (DomusBenchPage       *self);

G_END_DECLS
