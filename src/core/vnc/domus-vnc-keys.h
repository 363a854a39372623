/* domus-vnc-keys.h: key numbers for VNC
 *
 * QEMU's extended key events carry the key's position as a "qnum": the PC
 * scancode set 1 number, with 0x80 added for the keys that have the 0xE0
 * prefix. Sent along with the keysym, it lets the guest apply its own
 * keyboard layout, as gtk-vnc does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "domus-limits.h"

G_BEGIN_DECLS

#define DOMUS_VNC_KEYSYM_SHIFT_L   0xffe1
#define DOMUS_VNC_KEYSYM_CONTROL_L 0xffe3
#define DOMUS_VNC_KEYSYM_ALT_L     0xffe9
#define DOMUS_VNC_KEYSYM_DELETE    0xffff
#define DOMUS_VNC_KEYSYM_RETURN    0xff0d
#define DOMUS_VNC_KEYSYM_F1        0xffbe

#define DOMUS_VNC_QNUM_SHIFT_L     0x2a
#define DOMUS_VNC_QNUM_CONTROL_L   0x1d
#define DOMUS_VNC_QNUM_ALT_L       0x38
#define DOMUS_VNC_QNUM_DELETE      0xd3

/* The qnum of a Linux evdev key code (a hardware keycode on X11 and Wayland
 * minus 8), or 0 for a key QEMU has no number for. */
guint    domus_vnc_keys_qnum_from_evdev (guint     evdev);
/* The qnum of F1..F12. */
guint    domus_vnc_keys_qnum_for_f      (guint     n);
/* How @c is typed on a US keyboard: its keysym, and its qnum and whether
 * Shift is held (qnum 0 when the US layout has no key for it). */
void     domus_vnc_keys_from_char       (gunichar  c,
                                         guint    *keysym,
                                         guint    *qnum,
                                         gboolean *shift);
/* @length bytes of pasted text as domus_vnc_session_type_text() should
 * type them: line ends (CR LF, CR) made "\n", the one key each stands for.
 * Refuses (NULL and @error) text over DOMUS_MAX_PASTE_SIZE bytes
 * (DOMUS_ERROR_TOO_LARGE), text that is not UTF-8 and text with a control
 * character other than tab and line ends (DOMUS_ERROR_INVALID_ARGUMENT):
 * a guest would read Escape or Backspace in pasted text as keys that edit
 * or cancel, not as the text. */
char    *domus_vnc_keys_prepare_text    (const char  *text,
                                         gsize        length,
                                         GError     **error);

G_END_DECLS
