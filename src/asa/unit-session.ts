// UnitSession over an AsaShell: sends exactly the strings asaDialect prints and reads the answers with the
// parsers. The mate view sends the same commands wrapped in `failover exec mate` and parses the same output.

import { CommandRejectedError, ParseError, PreconditionError } from '../core/errors';
import type { BootConfig, FailoverStatus, FlashListing, HashAlgorithm, VersionInfo } from '../core/facts';
import type { CommandDialect, CommandOptions, CopyProgress, CopyResult, PairAddress, UnitSession } from '../core/ports';
import { asaDialect } from './commands';
import type { UnitHealthReadings } from '../core/checks/readings';
import { configChecksum, findCommandError, parseBootConfig, parseConnCount, parseCopy, parseDir, parseDirFileSize, parseInterfaceIpBrief, parseRouteCount, parseShowFailover, parseShowVersion, parseSignatureVerdict, parseVerify } from './parsers';
import type { AsaShell, RunOptions } from './shell';

/** The two commands whose outputs, concatenated, parseBootConfig reads. */
export const BOOT_CONFIG_COMMANDS = [asaDialect.showBootSystem(), asaDialect.showAsdmImage()] as const;

/** Errors the device prints for the command line itself, as opposed to what the command failed to do. */
const SYNTAX_REFUSAL = /invalid input|incomplete command|ambiguous command|unrecognized command|authorization failed/i;

export class AsaUnitSession implements UnitSession {
  private mateView: AsaUnitSession | undefined;

  constructor(
    private readonly shell: AsaShell,
    readonly address: PairAddress,
    readonly via: 'self' | 'mate' = 'self',
    private readonly dialect: CommandDialect = asaDialect,
    private readonly onClose: () => Promise<void> = async () => shell.close(),
  ) {}

  get isOpen(): boolean {
    return this.shell.isOpen;
  }

  mate(): UnitSession {
    if (this.via === 'mate') return this;
    this.mateView ??= new AsaUnitSession(this.shell, this.address, 'mate', this.dialect, async () => undefined);
    return this.mateView;
  }

  async close(): Promise<void> {
    await this.onClose();
  }

  async showFailover(options?: CommandOptions): Promise<FailoverStatus> {
    return parseShowFailover(await this.send(this.dialect.showFailover(), options));
  }

  async showVersion(options?: CommandOptions): Promise<VersionInfo> {
    return parseShowVersion(await this.send(this.dialect.showVersion(), options));
  }

  async listFlash(options?: CommandOptions): Promise<FlashListing> {
    return parseDir(await this.send(this.dialect.listFlash(), options));
  }

  async fileSize(file: string, options?: CommandOptions): Promise<number | undefined> {
    // A missing file answers `%Error opening ...`: that is an answer here, so the parser reads it.
    return parseDirFileSize(await this.send(asaDialect.listFile(file), options, { checkErrors: false }), file.replace(/^[A-Za-z0-9]+:\/?/, ''));
  }

  async bootConfig(options?: CommandOptions): Promise<BootConfig> {
    const outputs: string[] = [];
    for (const command of BOOT_CONFIG_COMMANDS) outputs.push(await this.send(command, options));
    return parseBootConfig(outputs.join('\n'));
  }

  async scpServerEnabled(options?: CommandOptions): Promise<boolean> {
    return /^\s*ssh scopy enable\s*$/m.test(await this.send(asaDialect.showSshScopy(), options));
  }

  async readHealth(options?: CommandOptions): Promise<UnitHealthReadings> {
    const interfaces = parseInterfaceIpBrief(await this.send(asaDialect.showInterfaceIpBrief(), options));
    // The rest is kept when the unit answers it; a context or release that refuses one still gets the others.
    const connections = await this.optionalRead(asaDialect.showConnCount(), parseConnCount, options);
    const routes = await this.optionalRead(asaDialect.showRoute(), parseRouteCount, options);
    const configChecksumValue = await this.optionalRead(asaDialect.showRunningConfig(), configChecksum, options);
    return {
      interfaces,
      ...(connections ? { connections } : {}),
      ...(routes !== undefined ? { routes } : {}),
      ...(configChecksumValue ? { configChecksum: configChecksumValue } : {}),
    };
  }

  private async optionalRead<T>(command: string, parse: (text: string) => T, options?: CommandOptions): Promise<T | undefined> {
    try {
      return parse(await this.send(command, options));
    } catch (e) {
      if (e instanceof CommandRejectedError || e instanceof ParseError) return undefined;
      throw e;
    }
  }

  async copy(source: string, destination: string, onProgress?: (p: CopyProgress) => void, options?: CommandOptions): Promise<CopyResult> {
    let seen = '';
    let marks = 0;
    const output = await this.send(this.dialect.copy(source, destination), options, {
      checkErrors: false,
      onData: onProgress
        ? (text) => {
            seen += text;
            // Marks only count after the echoed command line (a URL could hold a `!`).
            const firstBreak = seen.indexOf('\n');
            if (firstBreak < 0) return;
            const count = (seen.slice(firstBreak).match(/!/g) ?? []).length;
            if (count !== marks) {
              marks = count;
              onProgress({ marks });
            }
          }
        : undefined,
    });
    const error = findCommandError(output);
    if (error && SYNTAX_REFUSAL.test(error)) {
      throw new CommandRejectedError(`The ${this.unitName()} refused the copy command: ${error}`, this.dialect.copy(source, destination), output);
    }
    return parseCopy(output);
  }

  async verify(file: string, algorithm: HashAlgorithm, options?: CommandOptions): Promise<string> {
    return parseVerify(await this.send(this.dialect.verify(file, algorithm), options)).hash.toLowerCase();
  }

  async deleteFile(file: string, options?: CommandOptions): Promise<void> {
    await this.send(asaDialect.deleteFile(file), options);
  }

  async verifySignature(file: string, options?: CommandOptions): Promise<'valid' | 'invalid' | 'unsigned'> {
    // The verdict is read here: "%ERROR: Signature not valid" is an answer, not a refused command.
    return parseSignatureVerdict(await this.send(asaDialect.verifySignature(file), options, { checkErrors: false }));
  }

  async setBootImages(bootImages: string[], asdmImage: string | undefined, options?: CommandOptions): Promise<void> {
    const commands = this.dialect.setBootImages(bootImages, asdmImage);
    try {
      for (const command of commands) await this.send(command, options);
    } catch (e) {
      // Leave configuration mode so the session stays usable; the error is what matters.
      if (this.via === 'self' && this.shell.isOpen && this.shell.prompt?.mode === 'config') {
        await this.shell.run('end', { timeoutMs: options?.timeoutMs }).catch(() => undefined);
      }
      throw e;
    }
  }

  async writeMemory(options?: CommandOptions): Promise<void> {
    const output = await this.send(this.dialect.writeMemory(), options);
    if (/\[FAILED\]/i.test(output)) {
      throw new CommandRejectedError(`The ${this.unitName()} could not save its configuration: ${lastLines(output)}`, this.dialect.writeMemory(), output);
    }
  }

  async reloadStandby(options?: CommandOptions): Promise<void> {
    this.refuseOnMate('failover reload-standby');
    await this.send(this.dialect.reloadStandby(), options);
  }

  async reload(options?: CommandOptions): Promise<void> {
    this.refuseOnMate('reload');
    await this.send(this.dialect.reload(), options, { dropMeansDone: true });
    // An ASA that answered with a prompt instead of going down is shutting down gracefully; the session
    // ends shortly. Closing it now keeps the connector from handing out a session to a unit going away.
    this.shell.close();
  }

  async failoverActive(options?: CommandOptions): Promise<void> {
    this.refuseOnMate('failover active');
    await this.send(this.dialect.failoverActive(), options, { dropMeansDone: true });
    // The addresses follow the roles: this session now points at a unit whose address is moving.
    this.shell.close();
  }

  async noFailoverActive(options?: CommandOptions): Promise<void> {
    this.refuseOnMate('no failover active');
    await this.send(this.dialect.noFailoverActive(), options, { dropMeansDone: true });
    this.shell.close();
  }

  private unitName(): string {
    return this.via === 'mate' ? `mate of the ${this.address} unit` : `${this.address} unit`;
  }

  private refuseOnMate(what: string): void {
    if (this.via === 'mate') {
      throw new PreconditionError(`"${what}" is not sent through failover exec mate; connect to the unit itself (nothing was sent).`);
    }
  }

  private async send(command: string, options: CommandOptions | undefined, extra: Omit<RunOptions, 'timeoutMs' | 'signal' | 'via'> = {}): Promise<string> {
    const line = this.via === 'mate' ? this.dialect.onMate(command) : command;
    return this.shell.run(line, { ...extra, timeoutMs: options?.timeoutMs, signal: options?.signal, via: this.via });
  }
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-2).join(' ');
}
