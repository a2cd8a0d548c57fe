// The help text: what a user reads first, so it lists every command and flag.

export const USAGE = `asa-upgrade: upgrade a Cisco ASA active/standby failover pair over SSH

Usage:
  asa-upgrade lab [--reload-seconds N] [--json] [--fault NAME[:UNIT]]...
      Start a simulated failover pair on 127.0.0.1 and print how to reach it. Runs until interrupted.
  asa-upgrade status  CONNECTION [--json]
      Read the pair: each unit's role, failover state, versions, model, boot images and flash free.
  asa-upgrade plan    CONNECTION --asa IMAGE [--asdm IMAGE] [--download-only]
      Print the exact steps and commands an upgrade would run, touching nothing.
  asa-upgrade upgrade CONNECTION --asa IMAGE [--asdm IMAGE] [--download-only] [--yes] [--journal FILE]
      Show the plan, ask for confirmation (unless --yes), then run it with a live view.
  asa-upgrade resume  CONNECTION --journal FILE [--yes]
      Continue an interrupted upgrade from where the pair really is.
  asa-upgrade demo [--reload-seconds N]
      Start a lab pair and an image server, and upgrade the pair end to end.

CONNECTION:
  --active HOST[:PORT]        the pair's active address (always reaches the active unit)
  --standby HOST[:PORT]       the standby address (optional; without it the standby is reached through
                              'failover exec mate' from the active unit)
  --username USER
  --known-hosts FILE          OpenSSH known_hosts file; host keys are always checked
  --accept-new-host-keys      trust and record keys of hosts not yet in the file (a changed key is still refused)
  --identity FILE             private key for public-key authentication (passphrase from ASA_KEY_PASSPHRASE)
  --agent                     authenticate with ssh-agent (SSH_AUTH_SOCK)
  --legacy-algorithms         also offer the older SSH algorithms older ASA releases need
  --verbose                   print every command sent and every answer (secrets redacted) on stderr

IMAGE: disk0:/FILE (already on flash) or a URL: ftp://, tftp://, http://, https://, scp://, smb://
       e.g. http://10.0.0.5/images/asa9-20-2-smp-k8.bin, scp://user@10.0.0.5/asdm-7201.bin

Passwords come from ASA_PASSWORD and ASA_ENABLE_PASSWORD, or are asked for on the terminal; never from
an argument. Exit codes: 0 done, 2 refused (bad input or a precondition; nothing was touched), 1 failed.
`;
