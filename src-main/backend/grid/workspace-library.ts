/**
 * The app's side of workspaces and whole-grid snapshots: the simulator's own functions (simulator/grid/workspaces.ts,
 * workspace-snapshots.ts), the same ones `gridbox workspace|snapshot|reset` use, applied to the workspace the local
 * grid runs on. A running grid is handled as the CLI does: it is never copied, exported, replaced or deleted, and
 * opening another workspace waits until it is stopped; snapshots need it running; reset works either way.
 */
import { join } from 'node:path';
import type { WorkspaceExport, WorkspaceTask, WorkspacesView } from '../../api/contract';
import { ApiError } from '../../api/errors';
import type { ProgressEvent } from '../../../simulator/grid/grid';
import { applyUpChoices, readWorkspaceConfig } from '../../../simulator/grid/workspace-config';
import {
  deleteGridSnapshot, listGridSnapshots, resetGrid, restoreGridSnapshot, saveGridSnapshot, type GridSnapshotInfo,
} from '../../../simulator/grid/workspace-snapshots';
import type { RunState } from '../../../simulator/grid/workspace';
import { WorkspaceError, Workspaces } from '../../../simulator/grid/workspaces';
import type { TopicBus } from '../events';
import { downloadPathFor, exportsDirOf } from './export-downloads';
import type { LocalGrid } from './local-grid';
import { asWorkspaceUserError } from './workspace-errors';

const PROGRESS_KEPT = 12;

export interface CreateChoices { name: string; nodes: number; profile: 'small' | 'medium' | 'large' | 'gpu'; instant: boolean; workshop: boolean; open: boolean }

export class WorkspaceLibrary {
  readonly #library: Workspaces;
  #task: WorkspacesView['task'];

  /** `downloads`: the web fallback, whose server offers the exports folder's archives (export-downloads.ts). */
  constructor(private readonly options: { dataDir: string; bus: TopicBus; grid: LocalGrid; downloads?: boolean }) {
    this.#library = new Workspaces(options.dataDir);
    // A grid that starts or stops (here or from a terminal) changes what the list may do with its workspace.
    let lastState: string | undefined;
    options.bus.on('grid.changed', (view) => {
      if (view.state === lastState) return;
      lastState = view.state;
      this.#publish();
    });
  }

  view(): WorkspacesView {
    const paths = this.options.grid.workspace;
    let config: WorkspacesView['config'] = null;
    try {
      config = readWorkspaceConfig(paths) ?? null;
    } catch {
      // Damaged: its summary in the list carries the error and what to do.
    }
    return {
      current: this.#library.current(),
      workspaces: this.#library.list(),
      config,
      snapshots: listGridSnapshots(paths),
      ...(this.#task ? { task: this.#task } : {}),
    };
  }

  create(choices: CreateChoices): Promise<WorkspacesView> {
    return this.#change(() => {
      if (choices.open) this.#refuseSwitch(choices.name);
      const config = applyUpChoices(undefined, {
        nodes: choices.nodes, profile: choices.profile, blockMode: choices.instant || choices.workshop ? 'instant' : 'interval', workshop: choices.workshop,
      });
      this.#library.create(choices.name, config);
      if (choices.open) this.#library.use(choices.name);
    });
  }

  open(name: string): Promise<WorkspacesView> {
    return this.#change(() => {
      if (!this.#library.exists(name)) throw new WorkspaceError(`no workspace ${name}`, 'not_found');
      this.#refuseSwitch(name);
      this.#library.use(name);
    });
  }

  duplicate(from: string, to: string): Promise<WorkspacesView> {
    return this.#change(() => this.#library.duplicate(from, to));
  }

  async exportTo(name: string, path: string | undefined): Promise<WorkspaceExport> {
    const exportsDir = exportsDirOf(this.options.dataDir);
    const file = path ?? join(exportsDir, `${name}-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')}.tar.gz`);
    const written = await this.#run(() => this.#library.exportTo(name, file));
    const download = this.options.downloads ? downloadPathFor(exportsDir, file) : undefined;
    return { path: file, ...written, ...(download ? { download } : {}) };
  }

  importFrom(path: string, name: string, overwrite: boolean): Promise<WorkspacesView> {
    return this.#change(() => this.#library.importFrom(path, name, { overwrite }));
  }

  delete(name: string): Promise<WorkspacesView> {
    return this.#change(() => this.#library.delete(name));
  }

  async reset(): Promise<WorkspacesView> {
    await this.#long('reset', (state, onProgress) => resetGrid(this.options.grid.workspace, state, onProgress), false);
    return this.view();
  }

  saveSnapshot(name: string, overwrite: boolean): Promise<GridSnapshotInfo> {
    return this.#long('snapshot-save', (state, onProgress) => saveGridSnapshot({ paths: this.options.grid.workspace, state: state!, onProgress }, name, { overwrite }), true);
  }

  restoreSnapshot(name: string): Promise<GridSnapshotInfo> {
    return this.#long('snapshot-restore', (state, onProgress) => restoreGridSnapshot({ paths: this.options.grid.workspace, state: state!, onProgress }, name), true);
  }

  deleteSnapshot(name: string): Promise<WorkspacesView> {
    return this.#change(async () => {
      this.#refuseDuringTask();
      await deleteGridSnapshot(this.options.grid.workspace, this.options.grid.runState(), name);
    });
  }

  /** One long action at a time, its steps published as they happen; `needsGrid`: refused unless the grid runs. */
  async #long<T>(action: WorkspaceTask, work: (state: RunState | undefined, onProgress: (e: ProgressEvent) => void) => Promise<T>, needsGrid: boolean): Promise<T> {
    this.#refuseDuringTask();
    const state = this.options.grid.runState();
    if (needsGrid && !state) throw new ApiError('unavailable', 'snapshots are taken of a running grid: start the grid first');
    this.#task = { action, progress: [] };
    this.#publish();
    try {
      return await this.#run(() => work(state, (e) => {
        this.#task = { action, progress: [...(this.#task?.progress ?? []), e.message].slice(-PROGRESS_KEPT) };
        this.#publish();
      }));
    } finally {
      this.#task = undefined;
      this.#publish();
      void this.options.grid.status();
    }
  }

  async #change(work: () => unknown): Promise<WorkspacesView> {
    await this.#run(work);
    this.#publish();
    // The grid view follows the open workspace (its folder, its nodes).
    await this.options.grid.status();
    return this.view();
  }

  /** Simulator errors as API errors; the CLI's advice ('gridbox down') becomes the app's. */
  async #run<T>(work: () => T | Promise<T>): Promise<T> {
    try {
      return await asWorkspaceUserError(work);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'locked') throw new ApiError('conflict', error.message.replace(/with 'gridbox down'/, 'with Stop grid'));
      throw error;
    }
  }

  #refuseSwitch(name: string): void {
    if (name !== this.#library.current() && this.options.grid.busy()) {
      throw new ApiError('conflict', `the local grid runs in workspace ${this.#library.current()}: stop it first, then open ${name} (a workspace is only switched while its grid is stopped)`);
    }
  }

  #refuseDuringTask(): void {
    if (this.#task) throw new ApiError('conflict', `a ${this.#task.action.replace('-', ' ')} is under way: wait until it is done`);
  }

  #publish(): void {
    this.options.bus.emit('workspaces.changed', this.view());
  }
}
