/**
 * Boots an ISO under qemu with software emulation (TCG: no KVM needed), with SeaBIOS or with OVMF, the ISO
 * as the first boot device and a local disk as the second, and returns what appeared on the serial
 * console. Also builds that local disk: it prints a marker whichever firmware boots it.
 */
import { execFileSync, spawn } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeSync,
  closeSync,
  truncateSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const LOCAL_DISK_MARKER = 'CIAB-LOCAL-DISK booted';
/**
 * What ends a boot: the stand-in powers off after these, the local disk halts after its marker, and OVMF
 * starting its own menu (UiApp) means a boot loader handed control back to the firmware.
 */
export const FIRMWARE_MENU = /BdsDxe: starting Boot[0-9A-F]+ "UiApp"/;
const FINISHED = new RegExp(
  `CIAB-STANDIN (done|error: .*|no-ks)\\r?\\n|${LOCAL_DISK_MARKER}|${FIRMWARE_MENU.source}`,
);

/**
 * A boot under TCG needs about the same CPU time whatever else the machine does, but its wall time grows
 * with the load (a 2-core CI machine shared with other tests): the budget is qemu's CPU time, so that a
 * busy machine slows a boot down without failing it. A guest that hangs in a loop spends CPU and hits the
 * budget; one that hangs idle (halted, waiting for a key) spends none, so the serial console falling silent
 * for STALL_MS also ends the boot.
 */
const DEFAULT_CPU_BUDGET_MS = 120_000;
/** A panicked guest kernel idles for ever: say so at once rather than after STALL_MS of silence. */
const GUEST_PANIC = /Kernel panic - not syncing/;
const STALL_MS = 600_000;
/** USER_HZ: the unit of utime and stime in /proc/PID/stat (sysconf(_SC_CLK_TCK), 100 on Linux). */
const CLOCK_TICKS_PER_SECOND = 100;

/** The CPU time a process has used, user plus system, from /proc/PID/stat (fields 14 and 15). */
function cpuTimeMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

const OVMF_CODE = '/usr/share/OVMF/OVMF_CODE_4M.fd';
const OVMF_VARS = '/usr/share/OVMF/OVMF_VARS_4M.fd';

export interface BootOptions {
  firmware: 'bios' | 'uefi';
  /** a raw disk image attached as the first hard disk (read-only: writes go to a snapshot) */
  localDisk?: string;
  /** qemu's own CPU time (user + system) after which the boot counts as hung; default 120 s */
  cpuBudgetMs?: number;
}

export interface BootResult {
  serial: string;
  durationMs: number;
}

export async function bootIso(iso: string, options: BootOptions): Promise<BootResult> {
  const work = mkdtempSync(path.join(tmpdir(), 'ciab-qemu-'));
  const args = [
    '-accel',
    'tcg',
    '-m',
    '512',
    '-smp',
    '1',
    '-display',
    'none',
    '-monitor',
    'none',
    '-serial',
    'stdio',
    '-no-reboot',
  ];
  if (options.firmware === 'uefi') {
    const vars = path.join(work, 'OVMF_VARS.fd');
    copyFileSync(OVMF_VARS, vars);
    args.push(
      '-drive',
      `if=pflash,format=raw,unit=0,readonly=on,file=${OVMF_CODE}`,
      '-drive',
      `if=pflash,format=raw,unit=1,file=${vars}`,
    );
  }
  // Boot order: the ISO, then the local disk (SeaBIOS and OVMF both honour bootindex).
  args.push(
    '-drive',
    `if=none,id=cd,media=cdrom,readonly=on,file=${iso}`,
    '-device',
    'ide-cd,drive=cd,bootindex=0',
  );
  if (options.localDisk !== undefined) {
    args.push(
      '-drive',
      `if=none,id=hd,format=raw,snapshot=on,file=${options.localDisk}`,
      '-device',
      'ide-hd,drive=hd,bootindex=1',
    );
  }
  const started = performance.now();
  const child = spawn('qemu-system-x86_64', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let serial = '';
  let stderr = '';
  let lastOutput = performance.now();
  child.stdout.on('data', (chunk: Buffer) => {
    serial += chunk.toString('latin1');
    lastOutput = performance.now();
    if (FINISHED.test(serial)) setTimeout(() => child.kill('SIGKILL'), 200).unref();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const cpuBudgetMs = options.cpuBudgetMs ?? DEFAULT_CPU_BUDGET_MS;
  try {
    const hung = await new Promise<string | undefined>((resolve, reject) => {
      const watch = setInterval(() => {
        const used = child.pid === undefined ? 0 : cpuTimeMs(child.pid);
        const silent = performance.now() - lastOutput;
        const reason = GUEST_PANIC.test(serial)
          ? 'stopped: the guest kernel panicked'
          : used > cpuBudgetMs
            ? `used ${Math.round(used / 1000)} s of CPU (budget ${cpuBudgetMs / 1000} s)`
            : silent > STALL_MS
              ? `printed nothing for ${Math.round(silent / 1000)} s`
              : undefined;
        if (reason === undefined) return;
        clearInterval(watch);
        child.kill('SIGKILL');
        resolve(reason);
      }, 1000);
      child.on('error', (error) => {
        clearInterval(watch);
        reject(error);
      });
      child.on('exit', () => {
        clearInterval(watch);
        resolve(undefined);
      });
    });
    const clean = serial.replaceAll('\r\n', '\n');
    if (hung !== undefined)
      throw new Error(
        `qemu (${options.firmware}) did not finish: it ${hung}; serial console:\n${clean.slice(-4000)}\n${stderr}`,
      );
    if (!FINISHED.test(serial))
      throw new Error(
        `qemu (${options.firmware}) stopped early; serial console:\n${clean.slice(-4000)}\n${stderr}`,
      );
    return { serial: clean, durationMs: performance.now() - started };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * A 16 MiB disk that prints LOCAL_DISK_MARKER on the serial console whichever firmware boots it: BIOS runs
 * the boot code in its MBR; UEFI finds \EFI\BOOT\BOOTX64.EFI (a GRUB image with the same message) on its
 * EFI system partition (MBR partition type 0xEF, which UEFI accepts like a GPT one).
 */
export function buildLocalDisk(dir: string): string {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const disk = path.join(dir, 'local-disk.img');
  const esp = path.join(dir, 'esp.img');
  const config = path.join(dir, 'grub.cfg');
  const grub = path.join(dir, 'BOOTX64.EFI');
  const espStart = 2048;
  const espSectors = 12 * 2048;
  execFileSync('bash', [
    '-c',
    `printf '%s\\n' 'echo "${LOCAL_DISK_MARKER}"' 'sleep 1' 'halt' > "$1"`,
    'cfg',
    config,
  ]);
  execFileSync('grub-mkstandalone', [
    '-O',
    'x86_64-efi',
    '-o',
    grub,
    '--install-modules=normal configfile echo halt sleep',
    `boot/grub/grub.cfg=${config}`,
  ]);
  execFileSync('mkfs.vfat', ['-C', esp, String(espSectors / 2)], { stdio: 'ignore' });
  const env = { ...process.env, MTOOLS_SKIP_CHECK: '1' };
  execFileSync('mmd', ['-i', esp, '::/EFI', '::/EFI/BOOT'], { env });
  execFileSync('mcopy', ['-i', esp, grub, '::/EFI/BOOT/BOOTX64.EFI'], { env });

  closeSync(openSync(disk, 'w'));
  truncateSync(disk, 16 * 1024 * 1024);
  execFileSync('dd', [
    `if=${esp}`,
    `of=${disk}`,
    'bs=512',
    `seek=${espStart}`,
    'conv=notrunc',
    'status=none',
  ]);
  const fd = openSync(disk, 'r+');
  try {
    writeSync(fd, masterBootRecord(espStart, espSectors), 0, 512, 0);
  } finally {
    closeSync(fd);
  }
  rmSync(esp);
  return disk;
}

/**
 * Boot code that writes the marker to COM1 and halts, with one partition entry for the ESP. Hand-assembled
 * (real mode, loaded at 0x7c00):
 *   00 fa            cli
 *   01 31 c0         xor ax, ax
 *   03 8e d8         mov ds, ax
 *   05 be 16 7c      mov si, 0x7c16        ; the message, at offset 0x16
 *   08 ba f8 03      mov dx, 0x3f8         ; COM1 data port
 *   0b ac            next: lodsb
 *   0c 84 c0         test al, al
 *   0e 74 03         jz done
 *   10 ee            out dx, al
 *   11 eb f8         jmp next
 *   13 f4            done: hlt
 *   14 eb fd         jmp done
 *   16 "CIAB-LOCAL-DISK booted\r\n\0"
 */
function masterBootRecord(espStart: number, espSectors: number): Buffer {
  const mbr = Buffer.alloc(512);
  Buffer.from([
    0xfa, 0x31, 0xc0, 0x8e, 0xd8, 0xbe, 0x16, 0x7c, 0xba, 0xf8, 0x03, 0xac, 0x84, 0xc0, 0x74, 0x03, 0xee,
    0xeb, 0xf8, 0xf4, 0xeb, 0xfd,
  ]).copy(mbr, 0);
  Buffer.from(`${LOCAL_DISK_MARKER}\r\n\0`, 'latin1').copy(mbr, 0x16);
  const entry = 446;
  mbr[entry] = 0x00;
  Buffer.from([0xfe, 0xff, 0xff]).copy(mbr, entry + 1); // CHS: use the LBA fields
  mbr[entry + 4] = 0xef; // EFI system partition
  Buffer.from([0xfe, 0xff, 0xff]).copy(mbr, entry + 5);
  mbr.writeUInt32LE(espStart, entry + 8);
  mbr.writeUInt32LE(espSectors, entry + 12);
  mbr[510] = 0x55;
  mbr[511] = 0xaa;
  return mbr;
}
