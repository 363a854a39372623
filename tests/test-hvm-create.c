/* test-hvm-create.c: a new HVM domain, image to start, without a display
 *
 * On the simulated host: the image, the config and the domain, with the
 * steps told in order; a create the host refuses removes the image this
 * call made, never one that was there before.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "domus-error.h"
#include "domus-hvm-create.h"
#include "domus-test-utils.h"
#include "xlcfg/domus-xl-hvm.h"

#define MIB (G_GUINT64_CONSTANT (1) << 20)

typedef struct
{
  GAsyncResult *result;  /* once answered */
  gint64        domid;
  GError       *error;
  GString      *steps;   /* "i" for the image, "d" for each fraction of the domain */
  double        last;
} Answer;

static void
progress_cb (DomusHvmCreateStep step,
             double             fraction,
             gpointer           data)
{
  Answer *answer = data;

  g_string_append_c (answer->steps, step == DOMUS_HVM_CREATE_IMAGE ? 'i' : 'd');
  answer->last = fraction;
}

static gboolean
creating_domain (Answer *answer)
{
  return answer->result != NULL || (answer->steps->len > 0 && answer->steps->str[answer->steps->len - 1] == 'd');
}

static void
create (DomusHost  *host,
        DomusClock *clock,
        const char *config_path,
        const char *name,
        const char *image,
        Answer     *answer)
{
  DomusHvmSpec spec = {
    .name = name, .memory_mib = 512, .vcpus = 1, .disk = image, .disk_is_file = TRUE,
    .iso = "/srv/debian.iso", .vnc = TRUE,
  };
  g_autofree char *text = domus_hvm_spec_to_config (&spec, NULL);

  g_assert_nonnull (text);
  g_clear_error (&answer->error);
  if (answer->steps != NULL)
    g_string_free (answer->steps, TRUE);
  answer->steps = g_string_new (NULL);
  g_clear_object (&answer->result);
  domus_hvm_create_async (host, config_path, text, image, 64 * MIB, progress_cb, answer, NULL,
                          domus_test_result_cb, &answer->result);
  /* The image is made on a worker thread; then the simulated host creates
   * the domain as its clock goes. */
  DOMUS_TEST_WAIT_UNTIL (creating_domain (answer), 30);
  for (guint i = 0; i < 600 && answer->result == NULL; i++)
    {
      domus_clock_advance (clock, G_USEC_PER_SEC / 10);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  g_assert_nonnull (answer->result);
  answer->domid = domus_hvm_create_finish (host, answer->result, &answer->error);
}

static void
test_create (void)
{
  g_autofree char *dir = g_dir_make_tmp ("domus-hvm-create-XXXXXX", NULL);
  g_autofree char *sub = g_build_filename (dir, "xen", NULL);
  g_autofree char *config = g_build_filename (sub, "inst.cfg", NULL);
  g_autofree char *config2 = g_build_filename (sub, "inst2.cfg", NULL);
  g_autofree char *image = g_build_filename (dir, "inst.img", NULL);
  g_autofree char *image2 = g_build_filename (dir, "inst2.img", NULL);
  g_autoptr(DomusClock) clock = NULL;
  g_autoptr(DomusHost) host = domus_test_sim_host_new ("{\"host\": {\"pcpus\": 1}, \"domains\": []}", &clock);
  DomusDomain *domain;
  GStatBuf st;
  Answer answer = { 0 };

  /* The image, the folder and file of the config, then the domain. */
  create (host, clock, config, "inst", image, &answer);
  g_assert_no_error (answer.error);
  domain = domus_host_lookup_domain_by_name (host, "inst");
  g_assert_nonnull (domain);
  g_assert_cmpint (answer.domid, ==, domus_domain_get_id (domain));
  g_assert_cmpstr (domus_domain_get_config_path (domain), ==, config);
  g_assert_cmpint (g_stat (image, &st), ==, 0);
  g_assert_cmpint (st.st_size, ==, 64 * MIB);
  g_assert_true (g_file_test (config, G_FILE_TEST_IS_REGULAR));
  g_test_message ("steps: %s", answer.steps->str);
  g_assert_true (g_str_has_prefix (answer.steps->str, "id"));
  g_assert_cmpfloat (answer.last, ==, 1.0);

  /* The same name again: the host refuses, and the new image goes. */
  create (host, clock, config2, "inst", image2, &answer);
  g_assert_error (answer.error, DOMUS_ERROR, DOMUS_ERROR_EXISTS);
  g_assert_cmpstr (answer.error->message, ==, "A domain named “inst” already exists");
  g_assert_false (g_file_test (image2, G_FILE_TEST_EXISTS));

  /* An image that is there already is never overwritten, nor removed. */
  create (host, clock, config2, "inst2", image, &answer);
  g_assert_error (answer.error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_assert_cmpint (g_stat (image, &st), ==, 0);
  g_assert_null (domus_host_lookup_domain_by_name (host, "inst2"));

  g_clear_error (&answer.error);
  g_clear_object (&answer.result);
  g_string_free (answer.steps, TRUE);
  g_unlink (image);
  g_unlink (config);
  g_unlink (config2);
  g_rmdir (sub);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hvm-create/create", test_create);

  return g_test_run ();
}
