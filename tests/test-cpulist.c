/* test-cpulist.c: xl's pCPU list syntax
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "domus-cpulist.h"
#include "domus-error.h"

static void
test_parse (void)
{
  static const struct { const char *text; guint64 mask; } cases[] = {
    { "all", 0xf }, { "0", 0x1 }, { "2-3", 0xc }, { "0,2-3", 0xd },
    { "all,^1", 0xd }, { " 1 , 3 ", 0xa }, { "3-3", 0x8 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      guint64 mask = 0;

      g_assert_true (domus_cpulist_parse (cases[i].text, 4, &mask, &error));
      g_assert_no_error (error);
      g_assert_cmphex (mask, ==, cases[i].mask);
    }
}

static void
test_parse_errors (void)
{
  static const char * const bad[] = { "4", "x", "3-1", "", "^0-3", "1-", "-1", "0,,1" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      guint64 mask = 0x55;

      g_assert_false (domus_cpulist_parse (bad[i], 4, &mask, &error));
      g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT);
      g_assert_cmphex (mask, ==, 0x55);
      g_test_message ("%s → %s", bad[i], error->message);
    }
}

static void
test_format (void)
{
  g_autofree char *all = domus_cpulist_format (0xf, 4);
  g_autofree char *ranges = domus_cpulist_format (0xd, 4);
  g_autofree char *single = domus_cpulist_format (0x4, 8);
  g_autofree char *big = domus_cpulist_format (G_MAXUINT64 & ~G_GUINT64_CONSTANT (2), 64);

  g_assert_cmpstr (all, ==, "all");
  g_assert_cmpstr (ranges, ==, "0,2-3");
  g_assert_cmpstr (single, ==, "2");
  g_assert_cmpstr (big, ==, "0,2-63");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cpulist/parse", test_parse);
  g_test_add_func ("/cpulist/parse-errors", test_parse_errors);
  g_test_add_func ("/cpulist/format", test_format);

  return g_test_run ();
}
