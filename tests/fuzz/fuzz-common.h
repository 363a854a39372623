/* fuzz-common.h: what every fuzz harness shares
 *
 * Each harness in tests/fuzz/ defines LLVMFuzzerTestOneInput() for one
 * parser of outside input. Built with clang and -Dfuzzing=true it is a
 * libFuzzer target; in every other build fuzz-replay.c gives it a main()
 * that runs it over its seed corpus and its crash regressions.
 *
 * A harness fails (aborts) when the code under test crashes, when a
 * sanitizer reports, when GLib logs a critical or an error (a parser must
 * refuse bad input with a GError, never with a failed precondition), or
 * when a property the harness asserts does not hold.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

G_BEGIN_DECLS

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* Once per process: quiet logging, criticals fatal. */
void        fuzz_init          (void);

/* A path to a regular file that holds @data, @size bytes: the same path
 * every call, rewritten each time. */
const char *fuzz_write_file    (const uint8_t *data,
                                size_t         size);

/* Fails the input (abort) with a message when @condition does not hold;
 * kept in release builds, unlike g_assert(). */
#define fuzz_check(condition) \
  G_STMT_START { \
    if (G_UNLIKELY (!(condition))) \
      fuzz_fail (__FILE__, __LINE__, #condition); \
  } G_STMT_END

G_NORETURN void fuzz_fail      (const char    *file,
                                int            line,
                                const char    *what);

G_END_DECLS
