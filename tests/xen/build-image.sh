#!/bin/bash
# Builds, from Debian 12 packages only, what booting a real Xen 4.17 host
# under QEMU needs, into a cache directory ($DOMUS_XEN_CACHE, default
# /var/cache/domus-xen):
#   xen.elf               the hypervisor (multiboot ELF)
#   vmlinuz               the dom0 kernel (linux-image-6.1.0-*-amd64, unpacked)
#   base.cpio.gz          the dom0 initramfs: busybox, the Xen tools, their
#                         libraries, the Xen kernel modules and /init
# Everything is rebuilt only when missing (or when tests/xen/build-image.sh or
# tests/xen/init is newer than the base image).
#
# Usage:
#   build-image.sh                         build what is missing, print the cache dir
#   build-image.sh overlay OUT.cpio.gz SRC=DEST...
#                                          write a second cpio.gz holding the
#                                          given files (DEST is an absolute path
#                                          in dom0); cat it after base.cpio.gz
#                                          to add or override files.
#   build-image.sh kernel                  fetch only the kernel, print its path
#                                          (for plain QEMU guests)
#   build-image.sh --rebuild               rebuild the base image
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
cache="${DOMUS_XEN_CACHE:-/var/cache/domus-xen}"
xen_ver=4.17

log() { echo "build-image: $*" >&2; }

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

# --- helpers -----------------------------------------------------------------

# cpio_gz DIR OUT: pack DIR (as /) into a gzip'd newc archive.
cpio_gz() {
  local dir="$1" out="$2"
  (cd "$dir" && find . -mindepth 1 -print0 | LC_ALL=C sort -z |
     cpio --null -o -H newc --owner=0:0 --quiet) | gzip -1 > "$out.tmp"
  mv "$out.tmp" "$out"
}

overlay() {
  local out="$1"; shift
  local tmp
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' RETURN
  local spec src dest
  for spec in "$@"; do
    src="${spec%%=*}"; dest="${spec#*=}"
    [ "$src" != "$spec" ] || { log "overlay: expected SRC=DEST, got $spec"; return 2; }
    case "$src" in
      # +SRC: a program; its libraries go in too, at their own paths.
      +*) src="${src#+}"; copy_with_libs "$tmp" "$(readlink -f "$src")"
          rm -f "$tmp$(readlink -f "$src")" ;;
    esac
    mkdir -p "$tmp$(dirname "$dest")"
    cp -L "$src" "$tmp$dest"
  done
  # /lib and /lib64 are links to /usr in the base: a real directory in the
  # overlay would replace them.
  local d
  for d in lib lib64 sbin; do
    if [ -d "$tmp/$d" ] && [ ! -L "$tmp/$d" ]; then
      mkdir -p "$tmp/usr/$d"
      cp -a "$tmp/$d/." "$tmp/usr/$d/"
      rm -rf "${tmp:?}/$d"
    fi
  done
  command -v cpio >/dev/null || ensure_packages
  cpio_gz "$tmp" "$out"
}

ensure_packages() {
  local pkgs="xen-hypervisor-$xen_ver-amd64 xen-utils-$xen_ver xenstore-utils
              qemu-system-x86 qemu-system-xen seabios busybox-static cpio lvm2"
  local missing="" p
  for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
      missing="$missing $p"
  done
  [ -n "$missing" ] || return 0
  log "installing:$missing"
  $sudo apt-get update -qq
  # shellcheck disable=SC2086 # a list of package names
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    $missing >&2
}

# The dom0 kernel: the version linux-image-amd64 points to, downloaded (not
# installed) into $cache/debs; vmlinuz is unpacked from it, the modules only
# while building the base image (the unpacked tree is 400 MB, the .deb 70 MB).
ensure_kernel() {
  if [ -s "$cache/vmlinuz" ] && [ -s "$cache/kernel-version" ] &&
     ls "$cache"/debs/linux-image-*.deb >/dev/null 2>&1; then
    return 0
  fi
  local pkg
  pkg="$(apt-cache depends linux-image-amd64 2>/dev/null |
         sed -n 's/^ *Depends: \(linux-image-6\.1\.0-[0-9]*-amd64\)$/\1/p' | head -n1)"
  [ -n "$pkg" ] || { log "cannot find the linux-image-6.1.0-*-amd64 package"; exit 1; }
  log "downloading $pkg"
  rm -rf "$cache/debs"
  mkdir -p "$cache/debs"
  chmod 777 "$cache/debs"   # apt-get download runs as _apt
  (cd "$cache/debs" && apt-get download -q "$pkg" >&2) || {
    $sudo apt-get update -qq
    (cd "$cache/debs" && apt-get download -q "$pkg" >&2)
  }
  local ver=${pkg#linux-image-} tmp
  tmp="$(mktemp -d "$cache/kernel.XXXXXX")"
  dpkg-deb --fsys-tarfile "$cache"/debs/"$pkg"_*.deb |
    tar -x -C "$tmp" "./boot/vmlinuz-$ver"
  mv "$tmp/boot/vmlinuz-$ver" "$cache/vmlinuz"
  rm -rf "$tmp"
  echo "$ver" > "$cache/kernel-version"
  rm -f "$cache/base.cpio.gz"
}

ensure_xen() {
  [ -s "$cache/xen.elf" ] && return 0
  local gz
  gz="$(ls /boot/xen-$xen_ver-amd64.gz 2>/dev/null || true)"
  [ -n "$gz" ] || gz="$(find /boot -maxdepth 1 -name "xen-$xen_ver*.gz" | head -n1)"
  zcat "$gz" > "$cache/xen.elf.tmp"
  mv "$cache/xen.elf.tmp" "$cache/xen.elf"
}

# copy_with_libs ROOT FILE...: copy each file (same path) and its ldd closure.
copy_with_libs() {
  local root="$1"; shift
  local f lib
  for f in "$@"; do
    copy_file "$root" "$f"
    ldd "$f" 2>/dev/null | awk '/=> \//{print $3} /^\t\/[^ ]*ld-linux/{print $1}' |
      while read -r lib; do copy_file "$root" "$lib"; done
  done
}

# copy_file ROOT PATH: copy PATH into ROOT, keeping symlinks and their target.
copy_file() {
  local root="$1" f="$2"
  [ -e "$root$f" ] && return 0
  mkdir -p "$root$(dirname "$f")"
  if [ -L "$f" ]; then
    local target
    target="$(readlink "$f")"
    ln -s "$target" "$root$f"
    case "$target" in
      /*) copy_file "$root" "$target" ;;
      *)  copy_file "$root" "$(dirname "$f")/$target" ;;
    esac
  else
    cp -a "$f" "$root$f"
  fi
}

# Prints the module files (paths relative to the modules dir) needed for the
# named modules, dependencies first, each once. Reads the "depends=" field of
# each .ko (no depmod/kmod needed; the unpacked kernel has no modules.dep).
module_order() {
  local moddir="$1"; shift
  declare -A seen=()
  resolve() {
    local name="$1" path deps d
    path="$(cd "$moddir" && find kernel \( -name "$name.ko" -o -name "$name.ko.xz" \
              -o -name "${name//-/_}.ko" -o -name "${name//_/-}.ko" \) -print -quit)"
    [ -n "$path" ] || return 0          # built in
    [ -z "${seen[$path]:-}" ] || return 0
    seen[$path]=1
    case "$path" in
      *.xz) deps="$(xz -dc "$moddir/$path" | tr '\0' '\n' | sed -n 's/^depends=//p')" ;;
      *)    deps="$(tr '\0' '\n' < "$moddir/$path" | sed -n 's/^depends=//p')" ;;
    esac
    for d in ${deps//,/ }; do resolve "$d"; done
    echo "$path"
  }
  local m
  for m in "$@"; do resolve "$m"; done
}

# module_file PATH: the name a module file gets in an image (unpacked).
module_file() {
  local name
  name="$(basename "$1")"
  echo "${name%%.ko*}.ko"
}

# copy_module FILE DIR: FILE (maybe compressed) into DIR, unpacked.
copy_module() {
  local dest
  dest="$2/$(module_file "$1")"
  case "$1" in
    *.ko.xz)  xz -dc "$1" > "$dest" ;;
    *.ko.zst) zstd -qdc "$1" > "$dest" ;;
    *)        cp "$1" "$dest" ;;
  esac
}

build_base() {
  local kver root moddir
  kver="$(cat "$cache/kernel-version")"
  root="$(mktemp -d "$cache/root.XXXXXX")"
  log "building base initramfs (kernel $kver)"
  mkdir "$root.kernel"
  dpkg-deb --fsys-tarfile "$cache"/debs/linux-image-"$kver"_*.deb |
    tar -x -C "$root.kernel" --wildcards "./lib/modules/$kver/kernel/drivers/*" \
      "./lib/modules/$kver/kernel/net/*"
  moddir="$root.kernel/lib/modules/$kver"

  # Merged /usr, as on the host, so library paths from ldd land right.
  mkdir -p "$root"/{bin,dev,proc,sys,run,tmp,etc,root,var/lib/xen,var/log/xen}
  mkdir -p "$root"/usr/{sbin,lib/modules,lib64}
  ln -s usr/lib "$root/lib"
  ln -s usr/lib64 "$root/lib64"
  ln -s usr/sbin "$root/sbin"
  ln -s ../run "$root/var/run"
  chmod 1777 "$root/tmp"

  # busybox, statically linked, with one link per applet.
  cp /bin/busybox "$root/bin/busybox"
  local applet
  for applet in $("$root/bin/busybox" --list); do
    [ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
  done

  # The Xen tools: the real binaries (Debian's /usr/sbin/xl is a wrapper).
  local xbin=/usr/lib/xen-$xen_ver/bin tools=() t
  for t in xl xenstored xenconsoled xentop libxl-save-helper xen-init-dom0; do
    if [ -x "$xbin/$t" ]; then tools+=("$xbin/$t")
    elif [ -x "/usr/sbin/$t" ]; then tools+=("/usr/sbin/$t")
    elif [ -x "/usr/lib/xen-$xen_ver/libexec/$t" ]; then tools+=("/usr/lib/xen-$xen_ver/libexec/$t")
    else log "missing Xen tool $t"; exit 1
    fi
  done
  for t in xenstore-read xenstore-write xenstore-ls xenstore-list xenstore-rm; do
    [ -x "/usr/bin/$t" ] && tools+=("/usr/bin/$t")
  done
  # HVM guests' device model, with its firmware and keymaps.
  tools+=(/usr/libexec/xen-qemu-system-i386)
  # LVM's tools (Domus's storage runs them: src/core/domus-lvm.c), one
  # program under each command's name, and dmsetup.
  tools+=(/usr/sbin/lvm /usr/sbin/dmsetup)
  copy_with_libs "$root" "${tools[@]}"
  # xl aborts without it (pthread_cancel dlopens it; ldd does not list it).
  copy_file "$root" "$(readlink -f /lib/x86_64-linux-gnu/libgcc_s.so.1)"
  copy_file "$root" /lib/x86_64-linux-gnu/libgcc_s.so.1
  # Everything the tools may exec or read at their packaged paths.
  local d
  for d in /usr/lib/xen-$xen_ver /etc/xen /usr/share/xen-$xen_ver /usr/share/seabios /usr/share/qemu; do
    [ -d "$d" ] && { mkdir -p "$root$(dirname "$d")"; cp -a "$d" "$root$(dirname "$d")/"; }
  done
  # Make PATH-based lookups find the real tools.
  mkdir -p "$root/usr/sbin"
  for t in "${tools[@]}"; do
    [ -e "$root/usr/sbin/$(basename "$t")" ] || ln -s "$t" "$root/usr/sbin/$(basename "$t")"
  done
  for t in pvcreate pvs vgcreate vgremove vgs vgchange lvcreate lvremove lvs lvchange lvdisplay; do
    ln -s lvm "$root/usr/sbin/$t"
  done
  # dom0 has no udev: LVM makes its device nodes itself and reads devices
  # from /dev, as in an initramfs.
  mkdir -p "$root/etc/lvm"
  cat > "$root/etc/lvm/lvm.conf" <<'LVM'
devices {
  obtain_device_list_from_udev = 0
  external_device_info_source = "none"
}
activation {
  udev_sync = 0
  udev_rules = 0
  verify_udev_operations = 1
  monitoring = 0
}
global {
  locking_dir = "/run/lock/lvm"
}
LVM

  # Kernel modules, in load order.
  local m order=()
  mapfile -t order < <(module_order "$moddir" xen-evtchn xen-privcmd xenfs xen-gntdev \
                         xen-gntalloc xen-blkback xen-netback e1000 bridge loop \
                         virtio_pci virtio_blk dm-snapshot)
  : > "$root/etc/modules.order"
  for m in "${order[@]}"; do
    copy_module "$moddir/$m" "$root/lib/modules"
    echo "/lib/modules/$(module_file "$m")" >> "$root/etc/modules.order"
  done
  # The hotplug scripts libxl runs by default for a vif (onto dom0's xenbr0,
  # made by init) and for a disk on blkback (a file on a loop device), in
  # place of Debian's, which need bash.
  mkdir -p "$root/etc/xen/scripts"
  for t in vif-bridge block; do
    cp "$here/$t" "$root/etc/xen/scripts/$t"
    chmod 755 "$root/etc/xen/scripts/$t"
  done

  # The PV guest: this kernel and a busybox initramfs with guest-init.
  mkdir -p "$root/var/lib/domus-xen" "$root.guest/bin" "$root.guest/dev" "$root.guest/proc" "$root.guest/sys"
  cp /bin/busybox "$root.guest/bin/busybox"
  for applet in $("$root.guest/bin/busybox" --list); do
    [ -e "$root.guest/bin/$applet" ] || ln -s busybox "$root.guest/bin/$applet"
  done
  ln -s bin "$root.guest/sbin"
  # The guest's network and disk (guest-init loads them for domus_io=1).
  mkdir -p "$root.guest/lib/modules"
  mapfile -t order < <(module_order "$moddir" xen-netfront xen-blkfront)
  for m in "${order[@]}"; do
    copy_module "$moddir/$m" "$root.guest/lib/modules"
    echo "/lib/modules/$(module_file "$m")" >> "$root.guest/lib/modules/order"
  done
  cp "$here/guest-init" "$root.guest/init"
  chmod 755 "$root.guest/init"
  cpio_gz "$root.guest" "$root/var/lib/domus-xen/guest.cpio.gz"
  # Uncompressed here and gzipped: libxenguest's XZ decoder fails now and
  # then under TCG ("unable to XZ decompress kernel"); gzip does not.
  local xz_at
  xz_at="$(grep -abo $'\xfd7zXZ\x00' "$cache/vmlinuz" | head -n1 | cut -d: -f1)"
  # (xz stops at the data after its stream and says so: not an error here.)
  { tail -c +"$((xz_at + 1))" "$cache/vmlinuz" | xz -dc 2>/dev/null || true; } |
    gzip -6 > "$root/var/lib/domus-xen/vmlinux.gz"
  [ -s "$root/var/lib/domus-xen/vmlinux.gz" ] || { log "cannot unpack the guest kernel"; exit 1; }
  rm -rf "$root.guest"

  echo "root:x:0:0:root:/root:/bin/sh" > "$root/etc/passwd"
  echo "root:x:0:" > "$root/etc/group"
  cp "$here/init" "$root/init"
  chmod 755 "$root/init"

  cpio_gz "$root" "$cache/base.cpio.gz"
  rm -rf "$root" "$root.kernel"
  log "base initramfs: $(du -h "$cache/base.cpio.gz" | cut -f1)"
}

# --- main --------------------------------------------------------------------

case "${1:-}" in
  overlay) shift; overlay "$@"; exit ;;
  kernel)
    mkdir -p "$cache"
    exec 9> "$cache/.lock"
    flock 9
    ensure_kernel
    echo "$cache/vmlinuz"
    exit ;;
  --rebuild) rm -f "$cache/base.cpio.gz" ;;
  "") ;;
  *) echo "usage: $0 [--rebuild] | kernel | overlay OUT.cpio.gz SRC=DEST..." >&2; exit 2 ;;
esac

mkdir -p "$cache"
exec 9> "$cache/.lock"
flock 9

ensure_packages
ensure_kernel
ensure_xen
if [ ! -s "$cache/base.cpio.gz" ] || [ "$here/init" -nt "$cache/base.cpio.gz" ] ||
   [ "$here/guest-init" -nt "$cache/base.cpio.gz" ] ||
   [ "$here/vif-bridge" -nt "$cache/base.cpio.gz" ] || [ "$here/block" -nt "$cache/base.cpio.gz" ] ||
   [ "$here/build-image.sh" -nt "$cache/base.cpio.gz" ]; then
  build_base
fi
echo "$cache"
