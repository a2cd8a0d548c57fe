// The help text: what a user reads first, so it lists every command and flag.

export const USAGE = `asa-upgrade: upgrade a Cisco ASA active/standby failover pair over SSH

Usage:
  asa-upgrade lab [--platform NAME] [--pairs N] [--reload-seconds N] [--copy-rate KBPS] [--terminal-monitor] [--json] [--fault NAME[:UNIT]]...
      Start a simulated failover pair on 127.0.0.1 and print how to reach it. Runs until interrupted.
      --platform: asav (default), asa5516, asa5525, asa5555, asa5585, fpr2100; the units print that model's
      outputs and run, and are offered, images valid for it.
      --pairs N starts N pairs (same user and passwords, serials of their own; faults go to the first);
      with --json and N > 1 it prints one line holding a JSON array, each entry with a name lab1, lab2...
      --terminal-monitor: syslog lines (%ASA-5-111008 ...) reach the sessions after every command, as with
      terminal monitor on a real unit.
  asa-upgrade status  CONNECTION [--json]
      Read the pair: each unit's role, failover state, versions, model, boot images and flash free.
  asa-upgrade plan    CONNECTION --asa IMAGE [--asdm IMAGE] [--asa-sha512 HEX] [--asdm-sha512 HEX] [--push scp]
                      [--download-only] [--skip-compatibility-check] [--json]
      Print every compatibility check with its verdict (PASS, WARN, REFUSE) and the exact steps and commands an
      upgrade would run, touching nothing. A refusal exits 2 with every reason, after only show commands.
  asa-upgrade upgrade CONNECTION --asa IMAGE [--asdm IMAGE] [--asa-sha512 HEX] [--asdm-sha512 HEX] [--push scp]
                      [--serve-address HOST[:PORT]] [--download-only] [--skip-compatibility-check] [--yes]
                      [--journal FILE] [--poll-ms N] [--report DIR] [--events jsonl] [--routes-tolerance-percent N]
                      [--connections-tolerance-percent N]
      Show the plan, ask for confirmation (unless --yes), then run it with a live view. Before the first
      change and after fail-back it reads show failover, show version, show interface ip brief,
      show conn count, show route and a running-config checksum; an interface up before and down after,
      an unhealthy unit, routes beyond 10 % or connections beyond 50 % of before is a regression: the
      pair ends "upgraded with regressions" (exit 3). --report DIR writes report.json, report.md and
      report.html (the change record). --events jsonl prints one JSON event per line on stdout (human
      output moves to stderr). One job per pair: the pair is identified by both units' serial numbers
      (cross-checked: the standby address must reach the active unit's mate), and a second job on it,
      however it is addressed, is refused (exit 2) naming the running one. The job is recorded after every
      step in the journal FILE (default STATE/journals/SERIAL1+SERIAL2.json, STATE being the user's state
      directory: $XDG_STATE_HOME/asa-upgrade or ~/.local/state/asa-upgrade); while that journal holds a job
      that was cut off, upgrade refuses and points to resume. A --journal, --report or --known-hosts path
      that is not a regular file (a device, FIFO, directory or symbolic link), or a --journal file that is
      not a journal, is refused and never written.
  asa-upgrade resume  CONNECTION [--journal FILE] [--asa URL] [--asdm URL] [--serve-address HOST[:PORT]] [--yes] [--poll-ms N]
                      [--accept-changed-host-key SHA256:...]
      Continue an interrupted or stopped upgrade from its journal (same default as upgrade). Both units are
      read again and the job goes on from where the pair really is: a unit already on the new version is
      not reloaded again and an image already on flash is not copied again. The journal never keeps a URL
      password: when a copy is still needed from such a URL, give it again with --asa/--asdm (same image
      file; the server may differ). Exit codes as upgrade.
  asa-upgrade fleet --inventory FILE --known-hosts FILE [--limit PATTERN] [--asa IMAGE] [--asdm IMAGE]
                    [--concurrency K] [--canary N] [--continue-on-failure] [--download-only] [--yes]
                    [--report DIR] [--events jsonl] [--accept-new-host-keys] [--plan] [--resume] [--state FILE]
      Upgrade many pairs listed in an Ansible YAML inventory (each host a pair: asa_active, asa_standby,
      asa_username, asa_image, asdm_image, asa_password_env, asa_enable_password_env). Every pair is read
      and planned first; one that cannot be upgraded holds back all (--plan prints the fleet plan and
      exits). The canary pairs (default 1) go first and alone, then K at a time (default 1). The first
      failure or regression stops new pairs and asks running ones to stop at their next safe point,
      unless --continue-on-failure. Each pair keeps its own journal and lock; --resume continues a
      stopped fleet (same flags). --limit takes Ansible patterns (host or group names, *, !x, &x).
  asa-upgrade demo [--reload-seconds N]
      Start a lab pair and an image server, and upgrade the pair end to end.

CONNECTION:
  --active HOST[:PORT]        the pair's active address (always reaches the active unit), or an OpenSSH
                              Host alias from the SSH configuration (HostName, Port, User, IdentityFile,
                              ProxyJump, UserKnownHostsFile, HostKeyAlias, algorithms... apply)
  --standby HOST[:PORT]       the standby address or alias (optional; without it the standby is reached
                              through 'failover exec mate' from the active unit)
  --username USER             (optional when the SSH configuration names a User for --active)
  --ssh-config FILE           OpenSSH client configuration to read (default ~/.ssh/config when it exists)
  --known-hosts FILE          OpenSSH known_hosts file; host keys (the units' and every jump host's) are always
                              checked. Optional for an alias: its UserKnownHostsFile, else ~/.ssh/known_hosts
  --accept-new-host-keys      trust and record keys of hosts not yet in the file (a changed key is still refused)
  --identity FILE             private key for public-key authentication (passphrase from ASA_KEY_PASSPHRASE)
  --agent                     authenticate with ssh-agent (SSH_AUTH_SOCK)
  --legacy-algorithms         also offer the older SSH algorithms older ASA releases need
  --connect-timeout-seconds N limit for the TCP connection and SSH handshake (no answer at all; default 20)
  --auth-timeout-seconds N    limit for the login once the unit answered (AAA servers can take seconds; default 60)
  --verbose                   print every command sent and every answer (secrets redacted) on stderr
  --poll-ms N                 (upgrade, resume) how often to poll a unit while waiting, in ms (default 2000)
  --copy-timeout-minutes N    (upgrade, resume) limit for one copy or hash check (default 60)
  --copy-no-progress-minutes N (upgrade, resume) stop a copy that makes no progress this long: no new "!"
                              mark and the file on flash not growing (default 5)
  --reload-timeout-minutes N  (upgrade, resume) from a reload to the unit back in Standby Ready (default 30)
  --failover-timeout-minutes N (upgrade, resume) for a switch-over to settle (default 5)
  --accept-changed-host-key SHA256:...
                              (resume) trust the changed host key with exactly this fingerprint, e.g. the new
                              key a unit presents after the upgrade (9.19 CiscoSSH, 9.23 without EdDSA keys)
                              named in the stop message; any other changed key is still refused

IMAGE: disk0:/FILE (already on flash), a URL: ftp://, tftp://, http://, https://, scp://, smb://
       e.g. http://10.0.0.5/images/asa9-20-2-smp-k8.bin, scp://user@10.0.0.5/asdm-7201.bin,
       or a file on this workstation: ./asa9-20-2-smp-k8.bin, /path/FILE, ~/FILE, file:///path/FILE
       (its size and SHA-512 are read before the plan). By default it is served over HTTP from this
       workstation only while the copies run (bound to the address that routes to the units, one-time path).
  --serve-address HOST[:PORT] (plan, upgrade) serve local files from this address of the workstation
  --push scp                  (plan, upgrade) push local files over SCP on the SSH route instead (needs
                              --standby, and 'ssh scopy enable' on the units: checked before any copy)
  --asa-sha512 HEX, --asdm-sha512 HEX
                              Cisco's published SHA-512 of the image; after the copies both units run
                              verify /sha-512 and a mismatch stops before any configuration change. Without
                              it: IMAGE.sha512 beside the image (HTTP server, or a local file's folder) is
                              used when there is one; a local file is held to its own SHA-512.
  --skip-compatibility-check  (plan, upgrade) a RISK: override the refusals that rest on the compatibility
                              data (platform's last release, upgrade path, zero-downtime rule, ASDM minimum),
                              for releases newer than the data. A wrong image family and a downgrade stay refused.

Passwords come from ASA_PASSWORD and ASA_ENABLE_PASSWORD, or are asked for on the terminal; never from
an argument. Exit codes: 0 done, 2 refused (bad input or a precondition; nothing was touched), 1 failed,
3 upgraded with regressions.
`;
