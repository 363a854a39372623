/* domus-vnc-keys.c
 *
 * The evdev table follows keycodemapdb's linux → qnum map for the keys of
 * PC keyboards: evdev codes 1..88 are set 1 scancodes already.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "domus-error.h"
#include "domus-limits.h"
#include "domus-vnc-keys.h"

static const struct
{
  guint16 evdev;
  guint16 qnum;
} evdev_extra[] = {
  { 89, 0x73 },  /* KEY_RO */
  { 92, 0x79 },  /* KEY_HENKAN */
  { 93, 0x70 },  /* KEY_KATAKANAHIRAGANA */
  { 94, 0x7b },  /* KEY_MUHENKAN */
  { 96, 0x9c },  /* KEY_KPENTER */
  { 97, 0x9d },  /* KEY_RIGHTCTRL */
  { 98, 0xb5 },  /* KEY_KPSLASH */
  { 99, 0x54 },  /* KEY_SYSRQ */
  { 100, 0xb8 }, /* KEY_RIGHTALT (AltGr) */
  { 102, 0xc7 }, /* KEY_HOME */
  { 103, 0xc8 }, /* KEY_UP */
  { 104, 0xc9 }, /* KEY_PAGEUP */
  { 105, 0xcb }, /* KEY_LEFT */
  { 106, 0xcd }, /* KEY_RIGHT */
  { 107, 0xcf }, /* KEY_END */
  { 108, 0xd0 }, /* KEY_DOWN */
  { 109, 0xd1 }, /* KEY_PAGEDOWN */
  { 110, 0xd2 }, /* KEY_INSERT */
  { 111, 0xd3 }, /* KEY_DELETE */
  { 113, 0xa0 }, /* KEY_MUTE */
  { 114, 0xae }, /* KEY_VOLUMEDOWN */
  { 115, 0xb0 }, /* KEY_VOLUMEUP */
  { 116, 0xde }, /* KEY_POWER */
  { 117, 0x59 }, /* KEY_KPEQUAL */
  { 119, 0xc6 }, /* KEY_PAUSE */
  { 121, 0x7e }, /* KEY_KPCOMMA */
  { 122, 0x72 }, /* KEY_HANGEUL */
  { 123, 0x71 }, /* KEY_HANJA */
  { 124, 0x7d }, /* KEY_YEN */
  { 125, 0xdb }, /* KEY_LEFTMETA */
  { 126, 0xdc }, /* KEY_RIGHTMETA */
  { 127, 0xdd }, /* KEY_COMPOSE */
};

guint
domus_vnc_keys_qnum_from_evdev (guint evdev)
{
  if (evdev >= 1 && evdev <= 88 && evdev != 84 /* unused in set 1 */)
    return evdev;
  for (guint i = 0; i < G_N_ELEMENTS (evdev_extra); i++)
    if (evdev_extra[i].evdev == evdev)
      return evdev_extra[i].qnum;
  return 0;
}

guint
domus_vnc_keys_qnum_for_f (guint n)
{
  g_return_val_if_fail (n >= 1 && n <= 12, 0);

  /* F1..F10 are 0x3b..0x44, F11 and F12 0x57 and 0x58. */
  return n <= 10 ? 0x3a + n : 0x4c + n;
}

/* US layout, from 0x20 to 0x7e: unshifted and shifted rows side by side. */
static const char us_plain[]   = "1234567890-=qwertyuiop[]asdfghjkl;'`\\zxcvbnm,./ ";
static const char us_shifted[] = "!@#$%^&*()_+QWERTYUIOP{}ASDFGHJKL:\"~|ZXCVBNM<>? ";
static const guint8 us_qnum[] = {
  0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d,
  0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b,
  0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28, 0x29,
  0x2b, 0x2c, 0x2d, 0x2e, 0x2f, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x39,
};

G_STATIC_ASSERT (sizeof us_plain - 1 == G_N_ELEMENTS (us_qnum));
G_STATIC_ASSERT (sizeof us_shifted - 1 == G_N_ELEMENTS (us_qnum));

void
domus_vnc_keys_from_char (gunichar  c,
                          guint    *keysym,
                          guint    *qnum,
                          gboolean *shift)
{
  *qnum = 0;
  *shift = FALSE;

  switch (c)
    {
    case '\n':
    case '\r':
      *keysym = DOMUS_VNC_KEYSYM_RETURN;
      *qnum = 0x1c;
      return;
    case '\t':
      *keysym = 0xff09;
      *qnum = 0x0f;
      return;
    case '\b':
      *keysym = 0xff08;
      *qnum = 0x0e;
      return;
    case 0x1b:
      *keysym = 0xff1b;
      *qnum = 0x01;
      return;
    default:
      break;
    }

  /* Latin-1 keysyms are the code points; the rest are 0x01000000 + it. */
  *keysym = c < 0x100 ? c : 0x01000000 | c;
  if (c >= 0x20 && c < 0x7f)
    for (guint i = 0; i < G_N_ELEMENTS (us_qnum); i++)
      if (us_plain[i] == (char) c || us_shifted[i] == (char) c)
        {
          *qnum = us_qnum[i];
          *shift = us_plain[i] != (char) c;
          return;
        }
}

char *
domus_vnc_keys_prepare_text (const char  *text,
                             gsize        length,
                             GError     **error)
{
  g_autoptr(GString) out = NULL;
  guint index = 0;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  if (length > DOMUS_MAX_PASTE_SIZE)
    {
      g_autofree char *limit = g_format_size_full (DOMUS_MAX_PASTE_SIZE, G_FORMAT_SIZE_IEC_UNITS);

      /* TRANSLATORS: %s is a size, "64.0 KiB" */
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_TOO_LARGE,
                   _("The text is longer than %s, the most that can be typed at once"), limit);
      return NULL;
    }
  if (!g_utf8_validate_len (text, length, NULL))
    {
      g_set_error_literal (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                           _("The text is not valid UTF-8, so it cannot be typed"));
      return NULL;
    }

  out = g_string_sized_new (length);
  for (const char *p = text; p < text + length; p = g_utf8_next_char (p), index++)
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\r')
        {
          /* CR LF (a Windows line end) is one Return, not two. */
          if (p + 1 < text + length && p[1] == '\n')
            p++;
          c = '\n';
        }
      else if (c != '\n' && c != '\t' && g_unichar_type (c) == G_UNICODE_CONTROL)
        {
          /* TRANSLATORS: %04X is a character's code (U+0007), %u its place in the text, from 1 */
          g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                       _("The text has a control character (U+%04X) at character %u, which cannot be typed"),
                       (guint) c, index + 1);
          return NULL;
        }
      g_string_append_unichar (out, c);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}
