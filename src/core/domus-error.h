/* domus-error.h: the error domain of every Domus failure
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DOMUS_ERROR (domus_error_quark ())

typedef enum
{
  DOMUS_ERROR_FAILED,          /* anything without a better code */
  DOMUS_ERROR_INVALID_ARGUMENT,/* a value out of range, a malformed list */
  DOMUS_ERROR_NOT_FOUND,       /* no such domain, vCPU, file */
  DOMUS_ERROR_PARSE,           /* a scene or config file that cannot be read */
  DOMUS_ERROR_NOT_SUPPORTED,   /* the backend or scheduler cannot do it */
  DOMUS_ERROR_NO_XEN,          /* preflight: no usable Xen control domain */
  DOMUS_ERROR_BUSY,            /* another operation is in progress */
  DOMUS_ERROR_HYPERCALL,       /* Xen or libxl refused */
  DOMUS_ERROR_AUTH,            /* a password that is missing or wrong */
  DOMUS_ERROR_CLOSED,          /* the other end hung up */
  DOMUS_ERROR_TOO_LARGE,       /* input past a limit of domus-limits.h: size, nesting */
  DOMUS_ERROR_TIMED_OUT,       /* the other end said nothing for too long */
  DOMUS_ERROR_EXISTS,          /* a domain of that name is there already */
} DomusError;

GQuark domus_error_quark (void);

G_END_DECLS
