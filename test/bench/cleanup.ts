/**
 * Everything the run must undo (child servers, the PostgreSQL database, PGlite's directory), undone in reverse
 * order of creation, on success, failure or a signal alike.
 */
export class Cleanup {
  private readonly tasks: { name: string; run: () => Promise<void> }[] = []
  private running: Promise<void> | undefined

  /** True once cleanup has begun: nothing new should be started. */
  get closed(): boolean {
    return this.running !== undefined
  }

  /** Register an undo step; the returned function runs it now (once) and unregisters it. */
  add(name: string, run: () => Promise<void>): () => Promise<void> {
    const task = { name, run }
    this.tasks.push(task)
    return async () => {
      const index = this.tasks.indexOf(task)
      if (index === -1) return
      this.tasks.splice(index, 1)
      await run()
    }
  }

  /** Run every step, newest first; failures are reported and do not stop the others. Idempotent. */
  runAll(): Promise<void> {
    this.running ??= (async () => {
      for (let task = this.tasks.pop(); task; task = this.tasks.pop()) {
        try {
          await task.run()
        } catch (error) {
          process.stderr.write(`bench: cleanup "${task.name}" failed: ${String(error)}\n`)
        }
      }
    })()
    return this.running
  }
}
