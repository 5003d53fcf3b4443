/** /proc/cpuinfo: processor count, model, and the virtualisation flags FastStart required (vmx or svm). */
import type { CpuInfo } from './types.js';
import { withOptional } from './optional.js';

export function parseCpuinfo(text: string): CpuInfo {
  let processors = 0;
  let vendor: string | undefined;
  let modelName: string | undefined;
  let vmx = false;
  let svm = false;
  let hypervisor = false;
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const key = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (key === 'processor') processors++;
    else if (key === 'vendor_id') vendor ??= value;
    else if (key === 'model name') modelName ??= value;
    else if (key === 'flags') {
      // Any processor with the flag will do, as FastStart's `egrep '^flags.*(vmx|svm)'` did.
      const flags = new Set(value.split(/\s+/));
      vmx ||= flags.has('vmx');
      svm ||= flags.has('svm');
      hypervisor ||= flags.has('hypervisor');
    }
  }
  return withOptional(
    { processors, virtualization: vmx ? 'vmx' : svm ? 'svm' : undefined, hypervisor },
    { vendor, modelName },
  );
}
