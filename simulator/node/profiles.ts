/**
 * Hardware profiles of simulated nodes: what `createNode` reports and what the zos API answers about disks, GPUs and
 * interfaces. Presets cover the usual shapes; a full profile may be given instead (validated with zod).
 */
import * as z from 'zod';

const GIB = 1024 ** 3;

const diskSchema = z.object({ type: z.enum(['ssd', 'hdd']), size: z.number().int().positive() });
const gpuSchema = z.object({
  id: z.string().min(1), vendor: z.string().min(1), device: z.string().min(1), vram: z.number().int().nonnegative(),
});
const publicConfigSchema = z.object({
  ip4: z.object({ ip: z.string(), gw: z.string() }),
  ip6: z.object({ ip: z.string(), gw: z.string() }).optional(),
  domain: z.string().optional(),
});

export const hardwareProfileSchema = z.object({
  cru: z.number().int().positive(),
  mru: z.number().int().positive(),
  disks: z.array(diskSchema),
  gpus: z.array(gpuSchema).default([]),
  location: z.object({
    city: z.string().min(1), country: z.string().min(1), latitude: z.string().min(1), longitude: z.string().min(1),
  }),
  /** Extra interface IPs; the `zos` interface (MAC from the identity) is always present. */
  interfaceIps: z.array(z.string()).default([]),
  publicConfig: publicConfigSchema.optional(),
  serial: z.string().min(1).max(128).optional(),
  secureBoot: z.boolean().default(false),
  virtualized: z.boolean().default(true),
}).strict();

export type HardwareProfile = z.infer<typeof hardwareProfileSchema>;
export type PresetName = 'small' | 'medium' | 'large' | 'gpu';

const GHENT = { city: 'Ghent', country: 'Belgium', latitude: '51.05', longitude: '3.72' };

export const PRESETS: Readonly<Record<PresetName, HardwareProfile>> = {
  small: {
    cru: 4, mru: 8 * GIB, disks: [{ type: 'ssd', size: 256 * GIB }], gpus: [], location: GHENT,
    interfaceIps: [], secureBoot: false, virtualized: true,
  },
  medium: {
    cru: 8, mru: 32 * GIB, disks: [{ type: 'ssd', size: 1024 * GIB }, { type: 'hdd', size: 4096 * GIB }], gpus: [],
    location: GHENT, interfaceIps: [], secureBoot: false, virtualized: true,
  },
  large: {
    cru: 32, mru: 256 * GIB,
    disks: [{ type: 'ssd', size: 2048 * GIB }, { type: 'ssd', size: 2048 * GIB }, { type: 'hdd', size: 16384 * GIB }],
    gpus: [], location: { city: 'Cairo', country: 'Egypt', latitude: '30.04', longitude: '31.24' },
    interfaceIps: [], secureBoot: true, virtualized: false,
  },
  gpu: {
    cru: 16, mru: 64 * GIB, disks: [{ type: 'ssd', size: 2048 * GIB }],
    gpus: [{ id: '0000:0e:00.0/1002/744c', vendor: 'Advanced Micro Devices, Inc. [AMD/ATI]', device: 'Navi 31 [Radeon RX 7900 XT]', vram: 20 * 1024 }],
    location: { city: 'Vienna', country: 'Austria', latitude: '48.21', longitude: '16.37' },
    interfaceIps: [], secureBoot: false, virtualized: false,
  },
};

export function isPresetName(name: unknown): name is PresetName {
  return typeof name === 'string' && Object.hasOwn(PRESETS, name);
}

/** A preset by name or a full profile; a clear error names what is wrong. */
export function resolveProfile(input: unknown): HardwareProfile {
  if (typeof input === 'string') {
    if (!isPresetName(input)) throw new Error(`unknown profile "${input}" (presets: ${Object.keys(PRESETS).join(', ')})`);
    return structuredClone(PRESETS[input]);
  }
  const parsed = hardwareProfileSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`invalid hardware profile: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

export interface DiskTotals { sru: number; hru: number }

/** SSD bytes are SRU, HDD bytes HRU; without an SSD (the noSsd fault) SRU is 0. */
export function diskTotals(profile: HardwareProfile, noSsd = false): DiskTotals {
  let sru = 0;
  let hru = 0;
  for (const d of profile.disks) {
    if (d.type === 'ssd') sru += d.size;
    else hru += d.size;
  }
  return { sru: noSsd ? 0 : sru, hru };
}
