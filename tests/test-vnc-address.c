/* test-vnc-address.c: domus_vnc_address_parse(), on good and bad addresses
 *
 * The address of a domain's VNC server comes from xenstore, which a guest
 * may be able to write: whatever it holds, the parser gives a host and a
 * port, or an error that quotes it readably; never a crash or a host cut
 * out of a malformed one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "domus-error.h"
#include "vnc/domus-vnc-address.h"

static void
test_good (void)
{
  static const struct
  {
    const char *address;
    const char *host;
    guint       port;
  } cases[] = {
    { "127.0.0.1:5900", "127.0.0.1", 5900 },
    { "localhost:5901", "localhost", 5901 },
    { "vnc-host.example.org:6000", "vnc-host.example.org", 6000 },
    { "host_1:65535", "host_1", 65535 },
    /* Display numbers, as vncviewer takes them. */
    { "127.0.0.1:0", "127.0.0.1", 5900 },
    { "127.0.0.1:1", "127.0.0.1", 5901 },
    { "127.0.0.1:99", "127.0.0.1", 5999 },
    { "127.0.0.1:100", "127.0.0.1", 100 },
    /* IPv6, bracketed or as xl writes a vnclisten. */
    { "[::1]:5900", "::1", 5900 },
    { "[fe80::1%eth0]:5900", "fe80::1%eth0", 5900 },
    { "::1:5900", "::1", 5900 },
    /* Listening everywhere: reached on loopback. */
    { ":5900", "127.0.0.1", 5900 },
    { "0.0.0.0:5900", "127.0.0.1", 5900 },
    { ":::5900", "127.0.0.1", 5900 },
    { "[::]:5900", "127.0.0.1", 5900 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *host = NULL;
      guint port = 0;

      g_test_message ("%s", cases[i].address);
      g_assert_true (domus_vnc_address_parse (cases[i].address, &host, &port, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (host, ==, cases[i].host);
      g_assert_cmpuint (port, ==, cases[i].port);
    }
}

static void
test_bad (void)
{
  static const char *cases[] = {
    "", "nowhere", ":", "host:", "host:port", "host:65536", "host:-1", "host:+5900", "host: 5900",
    "host:5900 ", "[:5900", "[abc:5900", "[abc]:5900", "[]:5900", "[::1:5900", "::1]:5900",
    "[::1]x:5900", "x[::1]:5900", "ho st:5900", "host\n:5900", "host/x:5900", "-host;rm:5900",
    "host%eth0:5900", "\x1b[31mred:5900", "h\xc3\xa9te:5900",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      char *host = NULL;
      guint port = 0;

      g_assert_false (domus_vnc_address_parse (cases[i], &host, &port, &error));
      g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT);
      g_test_message ("%s", error->message);
      g_assert_true (g_str_has_suffix (error->message, " is not a VNC address: give HOST:PORT"));
      g_assert_null (host);
      /* Quoted readably: no control character reaches a terminal. */
      for (const char *p = error->message; *p != '\0'; p++)
        g_assert_false (g_ascii_iscntrl (*p));
    }
}

/* Too long a host; and a long address is quoted cut short. */
static void
test_long (void)
{
  g_autofree char *name = g_strnfill (253, 'a');
  g_autoptr(GString) address = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *host = NULL;
  guint port;

  g_string_append_printf (address, "%s:5900", name);
  g_assert_true (domus_vnc_address_parse (address->str, &host, &port, &error));
  g_assert_cmpuint (strlen (host), ==, 253);
  g_clear_pointer (&host, g_free);
  g_string_insert_c (address, 0, 'a');
  g_assert_false (domus_vnc_address_parse (address->str, &host, &port, &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT);
  g_assert_cmpuint (strlen (error->message), <, 120);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vnc-address/good", test_good);
  g_test_add_func ("/vnc-address/bad", test_bad);
  g_test_add_func ("/vnc-address/long", test_long);

  return g_test_run ();
}
