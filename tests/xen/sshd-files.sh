# Sourced by the host-side scripts that give dom0 OpenSSH's server
# (window.sh, migrate.sh). dom0_sshd_files DIR writes into DIR the
# sshd_config (keys only, root allowed, files under /test/ssh in dom0) and
# the passwd dom0 gets, with the user sshd's privilege separation wants.
dom0_sshd_files() {
  cat > "$1/sshd_config" <<CONFIG
Port 22
HostKey /test/ssh/host_key
AuthorizedKeysFile /test/ssh/authorized_keys
PidFile /run/sshd.pid
UsePAM no
StrictModes no
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
CONFIG
  printf 'root:x:0:0:root:/root:/bin/sh\nsshd:x:100:65534::/run/sshd:/bin/false\n' > "$1/passwd"
}
