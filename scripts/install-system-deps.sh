#!/usr/bin/env bash
# Debian packages the tests use: OpenSSH's sshd (the session layer against a real SSH server), samba and
# smbclient (SMB image transfers), Chromium (browser tests), libkrb5-dev (code-server's native build),
# ansible-core (the examples/ansible playbook is run against lab pairs).
set -euo pipefail
need=()
command -v /usr/sbin/sshd >/dev/null || need+=(openssh-server)
command -v smbd >/dev/null || need+=(samba)
command -v smbclient >/dev/null || need+=(smbclient)
command -v /usr/bin/chromium >/dev/null || need+=(chromium)
command -v krb5-config >/dev/null || need+=(libkrb5-dev)
command -v openssl >/dev/null || need+=(openssl)
command -v ssh-keygen >/dev/null || need+=(openssh-client)
command -v ansible-playbook >/dev/null || need+=(ansible-core)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  if [ "$(id -u)" != 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
mkdir -p /run/sshd 2>/dev/null || true
