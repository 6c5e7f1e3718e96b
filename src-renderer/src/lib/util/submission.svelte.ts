/**
 * The busy flag and the inline error of a form that makes one call at a time: `run` sets them around the call, so a
 * dialog only says what the call is. The error goes to <FormError>; a plain sentence can be set directly.
 */
export class Submission {
  busy = $state(false);
  error = $state<unknown>(null);

  /** Runs `task` (the call and what follows it); a failure is kept in `error`. Resolves to whether it succeeded. */
  async run(task: () => Promise<void>): Promise<boolean> {
    this.busy = true;
    this.error = null;
    try {
      await task();
      return true;
    } catch (err) {
      this.error = err;
      return false;
    } finally {
      this.busy = false;
    }
  }
}
