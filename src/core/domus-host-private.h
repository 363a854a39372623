/* domus-host-private.h: what backends use from DomusHost
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "domus-host.h"
#include "domus-host-sample.h"

G_BEGIN_DECLS

void _domus_host_set_facts   (DomusHost       *self,
                              const char      *xen_version,
                              const char      *hostname,
                              guint            n_pcpus,
                              guint64          total_memory_kib,
                              DomusScheduler   scheduler);
/* Takes @sample. */
void _domus_host_push_sample (DomusHost       *self,
                              DomusHostSample *sample);
/* domus-host-cpupools.c: @store (the host's pools) from @sample; adds
 * Pool-0 to a sample that has no pools. */
void _domus_host_apply_cpupools (DomusHost       *self,
                                 GListStore      *store,
                                 DomusHostSample *sample);
/* Takes @sample, one the backend sent by itself (an agent that pushes
 * its samples): taken in as any, but a refresh under way stays so until
 * _domus_host_refresh_done(). */
void _domus_host_push_sample_unasked (DomusHost       *self,
                                      DomusHostSample *sample);
/* The refresh under way ended: its sample came before, unasked. */
void _domus_host_refresh_done (DomusHost *self);
/* TRUE: the backend's samples come by themselves (an agent that sends its
 * own, on its own clock): the host keeps no timer, and wakes for none;
 * domus_host_refresh() still asks the backend for one at once. FALSE (the
 * default) refreshes on the host's timer. */
void     _domus_host_set_pushed (DomusHost *self,
                                 gboolean   pushed);
gboolean _domus_host_is_pushed  (DomusHost *self);
/* Takes @error. */
void _domus_host_push_error  (DomusHost       *self,
                              GError          *error);
/* Takes the first sample now, then one every refresh-interval. */
void _domus_host_start       (DomusHost       *self);

/* TRUE while a refresh is under way or asked for after it: for tests that
 * must know no sample is on its way. */
gboolean _domus_host_is_refreshing (DomusHost *self);

/* Called with each sample a backend pushes, before the host takes it in
 * (domus-agent sends them on); NULL to stop. */
typedef void (*DomusHostSampleTap) (DomusHost             *host,
                                    const DomusHostSample *sample,
                                    gpointer               user_data);

void _domus_host_set_sample_tap (DomusHost          *self,
                                 DomusHostSampleTap  tap,
                                 gpointer            user_data);

/* TRUE: the host refreshes only when asked (domus_host_refresh()), not on
 * its timer (which still steps a virtual clock). domus-agent's host is
 * refreshed by its client's refreshes: its own would read the host a
 * second time each interval for no one. FALSE is the default. */
void _domus_host_set_driven (DomusHost *self,
                             gboolean   driven);

/* TRUE: samples reach the domains (DomusDomain, DomusVcpu: their
 * properties, rates and history) only when someone looks at them
 * (domus_host_get_domains(), the lookups, the "domains" property), the
 * last one then, its rates over the time since the one before they
 * showed. domus-agent's host sends samples on and shows no domain: it
 * updated every domain's objects each refresh for no one. FALSE (the
 * default) applies any sample that waits. */
void _domus_host_set_lazy_domains (DomusHost *self,
                                   gboolean   lazy);

/* domus-host-check.c: whether @request may go to the backend, against the
 * last sample and @busy (domid → the kind of its lifecycle request under
 * way); sets the request's domain name. */
gboolean _domus_host_check_request (DomusHost     *self,
                                    DomusRequest  *request,
                                    GHashTable    *busy,
                                    GError       **error);
/* domus-host-check-cpupool.c: the kinds about a pool, and a domain's move. */
gboolean _domus_host_check_cpupool_request (DomusHost     *self,
                                            DomusRequest  *request,
                                            GError       **error);
gboolean _domus_host_check_cpupool_migrate (DomusHost     *self,
                                            DomusDomain   *domain,
                                            DomusRequest  *request,
                                            GError       **error);
/* A change to a domain's life: one at a time per domain. */
gboolean _domus_host_is_lifecycle  (DomusRequestKind kind);

/* domus-host.c: the request of @outer (its reference taken), checked, to
 * the backend; and its answer, @value or @error (taken). */
void _domus_host_perform_checked (DomusHost *self,
                                  GTask     *outer);
void _domus_host_finish_request  (DomusHost *self,
                                  GTask     *outer,
                                  gint64     value,
                                  GError    *error);
/* domus-host-pci.c: a PCI request checked against the devices read now,
 * then performed; and the devices read again once it is done. */
void _domus_host_pci_check_request (DomusHost *self,
                                    GTask     *outer);
void _domus_host_pci_request_done  (DomusHost *self,
                                    GTask     *outer,
                                    gint64     value,
                                    GError    *error);
/* For a backend that performs PCI_ATTACH or _DETACH with @request->keep:
 * the device added to, or taken out of, the xl config @config_path (the
 * domain's, domus_domain_get_config_path(); NULL when unknown: an error
 * saying so) in pci=. Reads and writes only that file: any thread. */
gboolean _domus_host_pci_keep (const char         *config_path,
                               const DomusRequest *request,
                               GError            **error);

/* domus-host-read.c: one read of the backend's (storage, PCI devices,
 * images) into the host. @start hands @read to the backend's reader, or
 * returns FALSE when the backend has none (@read then fails with
 * DOMUS_ERROR_NOT_SUPPORTED and @unsupported's message); the backend
 * completes @read with a sample (g_task_return_pointer()), which @apply
 * takes in and frees; the host's last error of this reader (@last_error)
 * keeps the failure or is cleared; and @task, whose reference is taken,
 * completes with TRUE or the error. */
typedef struct
{
  gboolean     (*start)       (DomusHost *self,
                               GTask     *read,
                               gpointer   data);
  void         (*apply)       (DomusHost *self,
                               gpointer   sample,
                               gpointer   data);
  GError     **(*last_error)  (DomusHost *self);
  char        *(*unsupported) (DomusHost *self);   /* a new string */
} DomusHostReader;

void _domus_host_read (DomusHost             *self,
                       const DomusHostReader *reader,
                       gpointer               data,
                       GDestroyNotify         data_free,
                       GTask                 *task);
/* After a change the backend made (@change, its boolean task's result):
 * reads again as _domus_host_read() does, even after a failure (the
 * backend may have done part), then completes @task (its reference
 * taken) with the change's error, or TRUE. */
void _domus_host_read_after_change (DomusHost             *self,
                                    GAsyncResult          *change,
                                    const DomusHostReader *reader,
                                    gpointer               data,
                                    GDestroyNotify         data_free,
                                    GTask                 *task);

G_END_DECLS
